// Package templates holds the inputs stackctl embeds in its binary: the
// default configuration and the bootstrap scripts rendered into UserData.
package templates

import _ "embed"

// DefaultConfig is the configuration render and deploy use when no
// --config is given: the seed's stack (Environment Production, Role
// Authoring).
//
//go:embed default.yaml
var DefaultConfig []byte

// LinuxBootstrap is the bash bootstrap body (see README.md here).
//
//go:embed bootstrap.sh
var LinuxBootstrap string

// WindowsBootstrap is the PowerShell bootstrap body.
//
//go:embed bootstrap.ps1
var WindowsBootstrap string
