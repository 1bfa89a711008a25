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

// A row wider than the terminal would wrap and break the in-place redraw:
// rows are cut to the width.
func TestLiveViewFitsTheTerminal(t *testing.T) {
	s := newScripted(t, goldenCases()[1].scenario) // a failed create: long reasons
	s.e.stderrTTY, s.e.width = true, 60
	s.run(t, "deploy", "--yes")
	for _, line := range strings.Split(s.errs.String(), "\n") {
		if !strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "  + ") || strings.HasPrefix(line, "  20") {
			continue // the plan and root-cause lines print once, not redrawn
		}
		require.LessOrEqual(t, len([]rune(stripANSI(line))), 60, "%q", line)
	}
	require.Contains(t, s.errs.String(), "…")
}

func stripANSI(s string) string {
	for _, c := range []string{red, green, yellow, blue, bold, reset, "\x1b[J"} {
		s = strings.ReplaceAll(s, c, "")
	}
	return s
}
