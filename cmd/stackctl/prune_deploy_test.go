package main

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/octopus"
	"github.com/stackctl/stackctl/internal/testutil"
)

// With bootstrap.octopus.pruneBeforeDeploy, deploy deletes orphaned
// registrations first; a failed prune stops it before any change set.
func TestDeployPrunesFirst(t *testing.T) {
	for _, tc := range []struct {
		name, key string
		exit      int
		deleted   []string
	}{
		{"prune then deploy", octoKey, 0, []string{"Machines-1"}},
		{"rejected key stops the deploy", "API-WRONG", exitUsage, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := octopusServer(t, []string{"i-0aaaaaaaaaaaaaaa1"})
			cfg := octopusConfig(t, o.URL)
			f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, err)
			_, err = f.WriteString("    pruneBeforeDeploy: true\n")
			require.NoError(t, err)
			require.NoError(t, f.Close())

			s := newScripted(t, testutil.Scenario{
				"DescribeStacks":    {testutil.StackIs(stk, "UPDATE_COMPLETE", at(-100))},
				"CreateChangeSet":   {csID},
				"DescribeChangeSet": {testutil.ChangeSetIs(stk, "FAILED", "No updates are to be performed.")},
			})
			s.e.getenv = func(k string) string {
				if k == apiKeyEnv {
					return tc.key
				}
				return ""
			}
			s.e.ec2 = func(context.Context, string, string) (octopus.EC2, error) { return staticEC2{}, nil }
			code := s.run(t, "deploy", "--yes", "-c", cfg, "--stack", stk)
			require.Equal(t, tc.exit, code, s.transcript(code))
			require.Equal(t, tc.deleted, o.Deleted())
			if tc.exit != 0 {
				require.Zero(t, s.srv.Count("CreateChangeSet"), "nothing changes in AWS")
				require.Contains(t, s.errs.String(), "stackctl: octopus prune before deploy (nothing was deployed): octopus rejected the API key (401)")
			} else {
				require.Contains(t, s.errs.String(), "deleted 1 of 1 machines")
			}
		})
	}
}
