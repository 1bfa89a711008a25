package fleet

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/build"
	"github.com/stackctl/stackctl/internal/testutil"
)

func TestMain(m *testing.M) { os.Exit(testutil.RunWithMoto(m)) }

// motoStack creates the rendered stack in a fresh moto with CreateStack
// and returns a checker for its fleet, the SDK config and the config.
func motoStack(t *testing.T, configPath, env string, params ...cfntypes.Parameter) (*Checker, aws.Config, *build.Config) {
	t.Helper()
	m := testutil.SharedMoto(t)
	testutil.SetEnv(t, m.URL)
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{MaxAttempts: 2, MaxBackoff: time.Second})
	require.NoError(t, err)
	return motoStackIn(t, cfg, configPath, env, params...)
}

func motoStackIn(t *testing.T, cfg aws.Config, configPath, env string, params ...cfntypes.Parameter) (*Checker, aws.Config, *build.Config) {
	t.Helper()
	conf, err := build.Load(configPath, env)
	require.NoError(t, err)
	body, err := build.Render(conf, build.YAML)
	require.NoError(t, err)
	cfn := cloudformation.NewFromConfig(cfg)
	_, err = cfn.CreateStack(t.Context(), &cloudformation.CreateStackInput{
		StackName: aws.String("fleet-test"), TemplateBody: aws.String(string(body)), Parameters: params,
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityNamedIam},
	})
	require.NoError(t, err)
	waitCreated(t, cfn)
	res, err := cfn.DescribeStackResources(t.Context(), &cloudformation.DescribeStackResourcesInput{StackName: aws.String("fleet-test")})
	require.NoError(t, err)
	physical := map[string]string{}
	for _, r := range res.StackResources {
		physical[aws.ToString(r.LogicalResourceId)] = aws.ToString(r.PhysicalResourceId)
	}
	target, err := TargetFrom(physical, conf.Env, conf.Role)
	require.NoError(t, err)
	return &Checker{Clients: NewClients(cfg), Target: target}, cfg, conf
}

// waitCreated polls a bounded number of times: moto creates instantly.
func waitCreated(t *testing.T, cfn *cloudformation.Client) {
	t.Helper()
	for range 50 {
		out, err := cfn.DescribeStacks(t.Context(), &cloudformation.DescribeStacksInput{StackName: aws.String("fleet-test")})
		require.NoError(t, err)
		if s := out.Stacks[0].StackStatus; s == cfntypes.StackStatusCreateComplete {
			return
		} else if s != cfntypes.StackStatusCreateInProgress {
			t.Fatalf("stack is %s", s)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("stack not CREATE_COMPLETE within 5s")
}

func ids(r *Report) []string {
	var out []string
	for _, i := range r.Instances {
		out = append(out, i.InstanceID)
	}
	return out
}

func TestMotoCheckAfterCreate(t *testing.T) {
	c, _, conf := motoStack(t, "", "")
	require.Equal(t, LBClassic, c.Target.LoadBalancer.Kind)
	r, err := c.Check(t.Context())
	require.NoError(t, err)
	require.True(t, r.Converged(), "%v", r.Failing())
	require.Equal(t, conf.Capacity.Desired, r.Desired)
	require.Len(t, r.Instances, conf.Capacity.Desired)
	require.Equal(t, conf.Capacity.Desired, r.InService)
	require.Equal(t, conf.Capacity.Desired, r.Ready)
	for _, i := range r.Instances {
		require.Equal(t, "InService", i.LoadBalancer)
		require.Equal(t, r.Config, i.Config)
		require.True(t, i.TagsOK)
	}
}

func TestMotoUnhealthyInstance(t *testing.T) {
	c, cfg, _ := motoStack(t, "", "")
	r, err := c.Check(t.Context())
	require.NoError(t, err)
	sick := r.Instances[0].InstanceID
	_, err = autoscaling.NewFromConfig(cfg).SetInstanceHealth(t.Context(), &autoscaling.SetInstanceHealthInput{
		InstanceId: aws.String(sick), HealthStatus: aws.String("Unhealthy"),
	})
	require.NoError(t, err)
	_, err = c.Wait(t.Context(), 300*time.Millisecond, 100*time.Millisecond)
	var nc *NotConvergedError
	require.ErrorAs(t, err, &nc)
	require.Contains(t, nc.Report.Failing(), sick+": Unhealthy in the group")
	require.Contains(t, err.Error(), sick+": Unhealthy in the group")
}

func TestMotoTerminatedInstanceIsReplaced(t *testing.T) {
	c, cfg, conf := motoStack(t, "", "")
	r, err := c.Check(t.Context())
	require.NoError(t, err)
	gone := r.Instances[0].InstanceID
	_, err = ec2.NewFromConfig(cfg).TerminateInstances(t.Context(), &ec2.TerminateInstancesInput{InstanceIds: []string{gone}})
	require.NoError(t, err)
	var seen int
	c.OnReport = func(*Report) { seen++ }
	r, err = c.Wait(t.Context(), 10*time.Second, 200*time.Millisecond)
	require.NoError(t, err)
	require.GreaterOrEqual(t, seen, 1)
	require.Len(t, r.Instances, conf.Capacity.Desired)
	require.NotContains(t, ids(r), gone)
}

func TestMotoInstanceOutsideTheGroupIsNotCounted(t *testing.T) {
	c, cfg, conf := motoStack(t, "", "")
	r, err := c.Check(t.Context())
	require.NoError(t, err)
	api := ec2.NewFromConfig(cfg)
	desc, err := api.DescribeInstances(t.Context(), &ec2.DescribeInstancesInput{InstanceIds: []string{r.Instances[0].InstanceID}})
	require.NoError(t, err)
	image := desc.Reservations[0].Instances[0].ImageId
	stray := testutil.LaunchTagged(t, api, aws.ToString(image), map[string]string{
		"Environment": conf.Env, "Role": conf.Role, "Name": "fleet-test",
	})
	_, err = elb.NewFromConfig(cfg).RegisterInstancesWithLoadBalancer(t.Context(), &elb.RegisterInstancesWithLoadBalancerInput{
		LoadBalancerName: aws.String(c.Target.LoadBalancer.Name), Instances: []elbtypes.Instance{{InstanceId: aws.String(stray)}},
	})
	require.NoError(t, err)
	r, err = c.Check(t.Context())
	require.NoError(t, err)
	require.True(t, r.Converged(), "%v", r.Failing())
	require.Len(t, r.Instances, conf.Capacity.Desired)
	require.NotContains(t, ids(r), stray)
}

// The application load balancer and launch-template variant, in a VPC
// made in moto for it.
func TestMotoApplicationLoadBalancerAndLaunchTemplate(t *testing.T) {
	m := testutil.SharedMoto(t)
	testutil.SetEnv(t, m.URL)
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{MaxAttempts: 2, MaxBackoff: time.Second})
	require.NoError(t, err)
	vpc, subnets := motoVPC(t.Context(), t, ec2.NewFromConfig(cfg))
	c, _, conf := motoStackIn(t, cfg, "../../examples/alb-vpc.yaml", "production",
		cfntypes.Parameter{ParameterKey: aws.String("VpcId"), ParameterValue: aws.String(vpc)},
		cfntypes.Parameter{ParameterKey: aws.String("Subnets"), ParameterValue: aws.String(subnets)})
	require.Equal(t, LBApplication, c.Target.LoadBalancer.Kind)
	require.NotNil(t, c.Target.LaunchTemplate)
	r, err := c.Check(t.Context())
	require.NoError(t, err)
	require.True(t, r.Converged(), "%v", r.Failing())
	require.Len(t, r.Instances, conf.Capacity.Desired)
	require.Equal(t, c.Target.LaunchTemplate.ID+":1", r.Config)
	for _, i := range r.Instances {
		require.Equal(t, "healthy", i.LoadBalancer)
	}
}

func motoVPC(ctx context.Context, t *testing.T, api *ec2.Client) (vpc, subnets string) {
	t.Helper()
	v, err := api.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	require.NoError(t, err)
	vpc = aws.ToString(v.Vpc.VpcId)
	var ids []string
	for i, zone := range []string{"us-east-1a", "us-east-1b"} {
		s, err := api.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc),
			CidrBlock: aws.String([]string{"10.0.1.0/24", "10.0.2.0/24"}[i]), AvailabilityZone: aws.String(zone)})
		require.NoError(t, err)
		ids = append(ids, aws.ToString(s.Subnet.SubnetId))
	}
	slices.Sort(ids)
	return vpc, ids[0] + "," + ids[1]
}
