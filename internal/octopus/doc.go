// Package octopus prunes Octopus Deploy machine registrations whose EC2
// instance is gone: a small REST client for the few endpoints it needs, a
// pure planner that decides keep or delete per machine, and Prune, which
// ties them together for `stackctl octopus prune` and for deploy's
// pruneBeforeDeploy.
//
// Octopus does not notice terminated instances by itself (the seed
// article's "Octopus Limitations"): a deployment to an environment with a
// dead Tentacle waits on it. The machine policy the bootstrap registers
// under can delete unavailable machines eventually; Prune does it now,
// before a release, and only for this stack's instances.
package octopus
