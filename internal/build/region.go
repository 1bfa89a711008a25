package build

// ValidRegion says whether r is shaped like an AWS region name (us-east-1,
// us-gov-west-1, …), the rule validate applies to the config's region: a
// typo fails here rather than as a DNS error after minutes of retries.
func ValidRegion(r string) bool { return regionPattern.MatchString(r) }
