package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/stackctl/stackctl/internal/deploy"
)

// heartbeat is how often a quiet non-terminal transcript says what it is
// still waiting for.
const heartbeat = 10 * time.Second

// progress renders a Deployer's events. The deploy package never prints;
// only this file knows about terminals.
type progress interface{ event(deploy.Event) }

// newProgress picks the live view on a terminal, append-only lines elsewhere.
func newProgress(e *env, color bool) progress {
	if e.stderrTTY {
		return &liveView{w: e.stderr, now: e.now, color: color, width: e.width}
	}
	return &lineView{w: e.stderr, now: e.now}
}

// useColor: only on a terminal, never with NO_COLOR or --no-color.
func useColor(e *env, noColor bool) bool {
	return e.stderrTTY && !noColor && e.getenv("NO_COLOR") == ""
}

// lineView writes append-only lines with RFC3339 UTC timestamps: each
// event once, a heartbeat naming what is in progress every ~10 s, no
// carriage returns and no escape codes. CI logs read top to bottom.
type lineView struct {
	w    io.Writer
	now  func() time.Time
	last time.Time
}

func (v *lineView) event(ev deploy.Event) {
	switch ev.Kind {
	case deploy.KindResource:
		fmt.Fprintf(v.w, "%s  %-30s %s (%s)%s\n", stamp(ev.Time), ev.Status, ev.LogicalID, ev.Type, reasonSuffix(ev.Reason))
	case deploy.KindNotice:
		fmt.Fprintf(v.w, "%s  %s\n", stamp(ev.Time), ev.Message)
	case deploy.KindTick:
		if ev.Time.Sub(v.last) < heartbeat {
			return
		}
		fmt.Fprintf(v.w, "%s  still waiting on %s [%s elapsed]\n", stamp(ev.Time), waitingOn(ev), elapsed(ev.Time.Sub(ev.Started)))
	}
	v.last = ev.Time
	if ev.Kind == deploy.KindResource {
		v.last = v.now()
	}
}

func waitingOn(ev deploy.Event) string {
	if len(ev.InProgress) == 0 {
		status := ev.Status
		if status == "" {
			status = "in progress"
		}
		return fmt.Sprintf("stack %s (%s)", ev.Stack, status)
	}
	return strings.Join(ev.InProgress, ", ")
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + oneLine(r)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// elapsed formats a duration as 4m10s or 1h02m03s.
func elapsed(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	}
	if m > 0 {
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

// Colours by status suffix: failures and rollbacks red, in progress blue,
// complete green.
const (
	red, green, yellow, blue, bold, reset = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[1m", "\x1b[0m"
)

func paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return code + s + reset
}

func statusColor(status string) string {
	switch {
	case strings.HasSuffix(status, "_FAILED") || strings.Contains(status, "ROLLBACK"):
		return red
	case strings.HasSuffix(status, "_IN_PROGRESS"):
		return blue
	case strings.HasSuffix(status, "_COMPLETE"):
		return green
	}
	return ""
}

// printPlan writes a plan: one line per change, replacements highlighted,
// then the summary line. It never prints parameter values, so NoEcho
// values cannot leak through it.
func printPlan(w io.Writer, stack string, p deploy.Plan, color bool) {
	how := "create by CreateStack: every resource is new"
	if p.Operation == "update" {
		how = "update by change set " + changeSetName(p.ChangeSet)
	}
	fmt.Fprintf(w, "Plan for stack %s (%s):\n", stack, how)
	if len(p.Changes) == 0 {
		fmt.Fprintln(w, "  (the change set lists no resource changes)")
	}
	width := 0
	for _, c := range p.Changes {
		width = max(width, len(c.LogicalID))
	}
	for _, c := range p.Changes {
		sym, label := changeLabel(c)
		line := fmt.Sprintf("  %s %-8s %-*s %s", sym, label, width, c.LogicalID, c.Type)
		switch c.Replacement {
		case "True":
			line = paint(color, red+bold, line+"  REPLACEMENT")
		case "Conditional":
			line = paint(color, yellow+bold, line+"  MAY REPLACE")
		}
		if len(c.Properties) > 0 {
			line += "  [" + strings.Join(c.Properties, ", ") + "]"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "Plan: %s.\n", p.Summary())
}

// changeSetName shortens a change set ARN (…:changeSet/NAME/uuid) to NAME.
func changeSetName(id string) string {
	if _, rest, ok := strings.Cut(id, ":changeSet/"); ok {
		name, _, _ := strings.Cut(rest, "/")
		return name
	}
	return id
}

func changeLabel(c deploy.Change) (string, string) {
	switch {
	case c.Action == "Add":
		return "+", "add"
	case c.Action == "Remove":
		return "-", "remove"
	case c.Replacement == "True":
		return "!", "replace"
	case c.Action == "Modify":
		return "~", "modify"
	}
	return "?", strings.ToLower(c.Action)
}

// printFailure puts the root causes first: the earliest failed resources
// with their reasons, not the "cancelled" noise that follows them.
func printFailure(w io.Writer, f *deploy.StackFailedError, color bool) {
	fmt.Fprintf(w, "%s\n", paint(color, red+bold, fmt.Sprintf("stack %s failed: %s", f.Stack, f.Status)))
	if len(f.Reasons) == 0 {
		fmt.Fprintln(w, "  (CloudFormation gave no reason; see 'stackctl events')")
		return
	}
	fmt.Fprintln(w, "Root cause (earliest failures first):")
	for _, r := range f.Reasons {
		when := ""
		if !r.Time.IsZero() {
			when = stamp(r.Time) + "  "
		}
		fmt.Fprintf(w, "  %s%s (%s) %s: %s\n", when, r.LogicalID, r.Type, r.Status, oneLine(r.Reason))
	}
}

// printOutputs writes outputs as aligned "Key  Value" lines.
func printOutputs(w io.Writer, outs []deploy.Output) { printOutputsPrefixed(w, "", outs) }

func printOutputsPrefixed(w io.Writer, prefix string, outs []deploy.Output) {
	width := 0
	for _, o := range outs {
		width = max(width, len(o.Key))
	}
	for _, o := range outs {
		fmt.Fprintf(w, "%s%-*s  %s\n", prefix, width, o.Key, o.Value)
	}
}

// liveView redraws a per-resource table in place on a terminal: status
// (coloured), logical id, type and time in the current status.
type liveView struct {
	w     io.Writer
	now   func() time.Time
	color bool
	// width is the terminal's: a row that wraps would break the redraw,
	// which moves the cursor up one line per row.
	width  int
	rows   []*liveRow
	byID   map[string]*liveRow
	drawn  int
	header string
}

type liveRow struct {
	id, typ, status, reason string
	since                   time.Time
}

func (v *liveView) event(ev deploy.Event) {
	if v.byID == nil {
		v.byID = map[string]*liveRow{}
	}
	switch ev.Kind {
	case deploy.KindNotice:
		v.clear()
		fmt.Fprintf(v.w, "%s\n", ev.Message)
		v.drawn = 0
	case deploy.KindResource:
		r := v.byID[ev.LogicalID]
		if r == nil {
			r = &liveRow{id: ev.LogicalID, typ: ev.Type}
			v.byID[ev.LogicalID] = r
			v.rows = append(v.rows, r)
		}
		r.status, r.reason, r.since = ev.Status, ev.Reason, ev.Time
	}
	if ev.Kind != deploy.KindNotice {
		v.header = fmt.Sprintf("%s  %s", ev.Stack, elapsed(v.now().Sub(ev.Started)))
		v.draw()
	}
}

// clear moves the cursor back over the last drawing and erases it.
func (v *liveView) clear() {
	if v.drawn > 0 {
		fmt.Fprintf(v.w, "\x1b[%dA\x1b[J", v.drawn)
	}
}

func (v *liveView) draw() {
	v.clear()
	fmt.Fprintln(v.w, paint(v.color, bold, v.header))
	width := 0
	for _, r := range v.rows {
		width = max(width, len(r.id))
	}
	for _, r := range v.rows {
		status := fmt.Sprintf("%-28s", r.status)
		age := ""
		if deploy.InProgress(r.status) {
			age = " " + elapsed(v.now().Sub(r.since))
		}
		rest := fit(fmt.Sprintf(" %-*s %s%s%s", width, r.id, r.typ, age, reasonSuffix(r.reason)), v.width-2-len(status))
		fmt.Fprintf(v.w, "  %s%s\n", paint(v.color, statusColor(r.status), status), rest)
	}
	v.drawn = len(v.rows) + 1
}

// fit cuts s to n characters, marking the cut with "…" (n <= 0: no limit).
func fit(s string, n int) string {
	r := []rune(s)
	if n <= 0 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
