// Package fleet verifies the instances behind a deployed stack: every
// instance of the Auto Scaling group in service and healthy, on the
// group's current launch configuration or launch-template version,
// carrying the expected Environment and Role tags, and in service in the
// load balancer. It closes the seed article's lost update signal, where
// servers kept running stale code while the tool reported success.
//
// The group's own instance list is the source of truth: an instance
// outside the group that carries the same tags is never counted. Check
// takes one look, Wait repeats it until the fleet converges or a timeout
// passes (*NotConvergedError), and Refresh replaces stale instances with
// an instance refresh and follows it (*RefreshFailedError).
//
// The package talks to AWS only through the narrow interfaces in
// clients.go and never prints: reports and refresh progress reach the
// caller through Checker.OnReport and Checker.OnRefresh.
package fleet
