package fleet

import "github.com/stackctl/stackctl/internal/fleet/fleettest"

// fakeAWS is the shared fake; this package's tests use it under its old name.
type fakeAWS = fleettest.Fake

var (
	_ AutoScaling  = (*fakeAWS)(nil)
	_ ClassicELB   = (*fakeAWS)(nil)
	_ TargetGroups = (*fakeAWS)(nil)
	_ EC2          = (*fakeAWS)(nil)
)

func clientsOf(f *fakeAWS) Clients {
	return Clients{AutoScaling: f, ELB: f, TargetGroups: f, EC2: f}
}

var (
	wantTags  = map[string]string{"Environment": "Production", "Role": "Web"}
	inst      = fleettest.Inst
	ltInst    = fleettest.LTInst
	lcGroup   = fleettest.LCGroup
	ltGroup   = fleettest.LTGroup
	inService = fleettest.InService
)

func tagged(ids ...string) map[string]map[string]string { return fleettest.Tagged(wantTags, ids...) }
