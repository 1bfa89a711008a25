package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// On a terminal the live view redraws in place and colours statuses;
// NO_COLOR keeps the redraw but drops the colours.
func TestLiveViewOnTerminal(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		s := newScripted(t, goldenCases()[0].scenario)
		s.e.stderrTTY = true
		if noColor {
			s.e.getenv = func(k string) string {
				if k == "NO_COLOR" {
					return "1"
				}
				return ""
			}
		}
		code := s.run(t, "deploy", "--yes")
		require.Equal(t, 0, code, s.transcript(code))
		out := s.errs.String()
		require.Contains(t, out, "\x1b[J", "redraws in place")
		require.Equal(t, !noColor, containsColor(out), out)
		require.Contains(t, out, "WebServerGroup")
	}
}

func containsColor(s string) bool {
	for _, c := range []string{red, green, blue} {
		if len(s) > 0 && contains(s, c) {
			return true
		}
	}
	return false
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
