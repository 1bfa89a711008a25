package build

import (
	"fmt"
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	elb "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancing"
	alb "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
)

// vpcID is the VpcId of the security groups: the given VPC, or nil for the
// default VPC.
func vpcID(c *Config) *string {
	if len(c.Network.Subnets) == 0 {
		return nil
	}
	return ptr(Ref("VpcId"))
}

// addSecurityGroups adds the load balancer's group (its listener port from
// anywhere) and the instances' group (the application port from the load
// balancer's group only).
func addSecurityGroups(t *Template, c *Config) {
	lbPort, appPort := c.LoadBalancer.Port, c.Instances.Port
	t.Resources[LoadBalancerSGID] = &ec2.SecurityGroup{
		GroupDescription: Sub("${AWS::StackName} load balancer: HTTP from anywhere"),
		VpcId:            vpcID(c),
		SecurityGroupIngress: []ec2.SecurityGroup_Ingress{{
			IpProtocol: "tcp", FromPort: &lbPort, ToPort: &lbPort, CidrIp: ptr("0.0.0.0/0"),
			Description: ptr("HTTP listener"),
		}},
	}
	t.Resources[InstanceSGID] = &ec2.SecurityGroup{
		GroupDescription: Sub("${AWS::StackName} instances: application port from the load balancer only"),
		VpcId:            vpcID(c),
		SecurityGroupIngress: []ec2.SecurityGroup_Ingress{{
			IpProtocol: "tcp", FromPort: &appPort, ToPort: &appPort,
			SourceSecurityGroupId: ptr(GetAtt(LoadBalancerSGID, "GroupId")),
			Description:           ptr("application port from the load balancer"),
		}},
	}
}

// addClassicLB adds the seed's classic ELB: an HTTP listener, a health
// check on a path, cross-zone balancing (off by API default) and
// connection draining.
func addClassicLB(t *Template, c *Config) {
	lb := &elb.LoadBalancer{
		CrossZone: ptr(true),
		Listeners: []elb.LoadBalancer_Listeners{{
			LoadBalancerPort: strconv.Itoa(c.LoadBalancer.Port),
			InstancePort:     strconv.Itoa(c.Instances.Port),
			Protocol:         "HTTP",
			InstanceProtocol: ptr("HTTP"),
		}},
		HealthCheck: &elb.LoadBalancer_HealthCheck{
			Target:             fmt.Sprintf("HTTP:%d%s", c.Instances.Port, c.LoadBalancer.HealthCheckPath),
			HealthyThreshold:   "3",
			UnhealthyThreshold: "5",
			Interval:           "15",
			Timeout:            "5",
		},
		ConnectionDrainingPolicy: &elb.LoadBalancer_ConnectionDrainingPolicy{
			Enabled: true,
			Timeout: ptr(c.LoadBalancer.Draining.Seconds()),
		},
		SecurityGroups: []string{GetAtt(LoadBalancerSGID, "GroupId")},
	}
	if len(c.Network.Subnets) > 0 {
		lb.Subnets = List(Ref("Subnets"))
	} else {
		lb.AvailabilityZones = List(GetAZs(""))
	}
	t.Resources[ClassicLBID] = lb
	addOutputs(t, c, ClassicLBID+".DNSName", Ref(ClassicLBID))
}

// addApplicationLB adds an ALB with a target group and an HTTP listener.
// An ALB lives in subnets, so this variant needs network.subnets.
func addApplicationLB(t *Template, c *Config) {
	lbPort, appPort := c.LoadBalancer.Port, c.Instances.Port
	t.Resources[ApplicationLBID] = &alb.LoadBalancer{
		Type:           ptr("application"),
		Scheme:         ptr("internet-facing"),
		Subnets:        List(Ref("Subnets")),
		SecurityGroups: []string{GetAtt(LoadBalancerSGID, "GroupId")},
		LoadBalancerAttributes: []alb.LoadBalancer_LoadBalancerAttribute{
			{Key: ptr("routing.http.drop_invalid_header_fields.enabled"), Value: ptr("true")},
		},
	}
	t.Resources[TargetGroupID] = &alb.TargetGroup{
		VpcId:                      ptr(Ref("VpcId")),
		Port:                       &appPort,
		Protocol:                   ptr("HTTP"),
		TargetType:                 ptr("instance"),
		HealthCheckPath:            ptr(c.LoadBalancer.HealthCheckPath),
		HealthCheckIntervalSeconds: ptr(15),
		HealthyThresholdCount:      ptr(3),
		UnhealthyThresholdCount:    ptr(5),
		TargetGroupAttributes: []alb.TargetGroup_TargetGroupAttribute{{
			Key:   ptr("deregistration_delay.timeout_seconds"),
			Value: ptr(strconv.Itoa(c.LoadBalancer.Draining.Seconds())),
		}},
	}
	t.Resources[ListenerID] = &alb.Listener{
		LoadBalancerArn: Ref(ApplicationLBID),
		Port:            &lbPort,
		Protocol:        ptr("HTTP"),
		DefaultActions:  []alb.Listener_Action{{Type: "forward", TargetGroupArn: ptr(Ref(TargetGroupID))}},
	}
	addOutputs(t, c, ApplicationLBID+".DNSName", Ref(ApplicationLBID))
	t.Outputs["TargetGroup"] = Exported("Target group of the instances", Ref(TargetGroupID), "TargetGroup")
}
