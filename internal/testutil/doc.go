// Package testutil holds test helpers shared by stackctl's packages: a moto
// server per test binary (moto.go), a scripted CloudFormation endpoint
// speaking the query protocol (scripted.go, cfnxml.go), a fault-injecting
// reverse proxy (faultproxy.go) and a fake clock (clock.go). It is imported
// only from _test.go files.
package testutil
