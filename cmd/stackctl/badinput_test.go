package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/testutil"
)

// badInput is one row of the bad-input matrix (README "Bad input"): what
// the user gets wrong, and the one line that names the place.
type badInput struct {
	name  string
	files map[string]string // written into the working directory
	// args follow the command; cmds are the stack commands run with them
	// (default deploy, diff and delete). raw args are a whole command line.
	args []string
	cmds []string
	raw  bool
	// vars override the endpoint's environment; "" removes a variable.
	vars    map[string]string
	expired bool // the endpoint answers every request with ExpiredToken
	line    string
}

var longName = strings.Repeat("a", 129)

func badInputs() []badInput {
	return []badInput{
		{name: "unknown config key", files: map[string]string{"c.yaml": "environment: P\nrole: W\nbogus: 1\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml:3: unknown key "bogus"`},
		{name: "wrong type", files: map[string]string{"c.yaml": "environment: P\nrole: W\ncapacity:\n  min: lots\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml:4: string "lots" is not a whole number`},
		{name: "duplicate key", files: map[string]string{"c.yaml": "environment: P\nrole: W\nrole: X\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml:3: mapping key "role" already defined at line 2`},
		{name: "empty file", files: map[string]string{"c.yaml": ""}, args: []string{"-c", "c.yaml"}, line: `c\.yaml: empty config`},
		{name: "binary file", files: map[string]string{"c.yaml": "\x7fELF\x02\x01\x01\x00\x00\xff\xfe"}, args: []string{"-c", "c.yaml"},
			line: `c\.yaml: not a text file`},
		{name: "50 MB file", files: map[string]string{"c.yaml": "environment: P\n" + strings.Repeat("#", 50<<20) + "\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml: larger than 1024 KiB; is this a config file\?`},
		{name: "alias bomb", files: map[string]string{"c.yaml": aliasBomb()}, args: []string{"-c", "c.yaml"},
			line: `c\.yaml:3: cannot unmarshal !!seq into string \(and \d+ more\)`},
		{name: "stack name template with invalid characters", files: map[string]string{"c.yaml": "stack: \"web_{{.Env}}!\"\nenvironment: P\nrole: W\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml:1: stack name "web_P!": want a letter, then letters, digits and hyphens, at most 128`},
		{name: "stack name template over 128 characters", files: map[string]string{"c.yaml": "stack: " + longName + "-{{.Env}}\nenvironment: P\nrole: W\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml:1: stack name "a{129}-P": want a letter, then letters, digits and hyphens, at most 128`},
		{name: "MinSize > MaxSize in the config", files: map[string]string{"c.yaml": "environment: P\nrole: W\ncapacity:\n  min: 5\n  max: 2\n  desired: 3\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml:4: capacity\.min \(5\) is greater than capacity\.max \(2\)`},
		{name: "MinSize > MaxSize by --param", args: []string{"--param", "MinSize=5", "--param", "MaxSize=2"},
			line: `--param: MinSize \(5\) is greater than MaxSize \(2\)`},
		{name: "negative size in the config", files: map[string]string{"c.yaml": "environment: P\nrole: W\ncapacity:\n  min: -1\n  max: 2\n  desired: 1\n"},
			args: []string{"-c", "c.yaml"}, line: `c\.yaml:4: capacity\.min is -1; it cannot be negative`},
		{name: "negative size by --param", args: []string{"--param", "DesiredCapacity=-2"}, line: `--param DesiredCapacity="-2": want a whole number, 0 or more`},
		{name: "unknown environment", args: []string{"--env", "Nope"}, line: `\(embedded default\): unknown environment "Nope" \(the file defines: Production\)`},
		{name: "parameter not in the template", args: []string{"--param", "Nope=1"}, line: `--param: parameter "Nope" is not in the template \(it has: .*\)`},
		{name: "invalid region", args: []string{"--region", "mars-1"}, cmds: []string{"deploy", "diff", "delete", "status", "wait"},
			line: `--region "mars-1": not an AWS region name \(like us-east-1\)`},
		{name: "flag after a positional argument", args: []string{"deploy", "extra", "--yes"}, raw: true,
			line: `deploy: flag --yes after an argument: flags go before arguments`},
		{name: "unknown command", args: []string{"frobnicate", "--yes"}, raw: true, line: `unknown command "frobnicate" \(run 'stackctl --help' for the list\)`},
		{name: "stack name over 128 characters", args: []string{"--stack", longName}, cmds: []string{"deploy", "diff", "delete", "status", "wait"},
			line: `--stack "a{129}": a stack name starts with a letter, has only letters, digits and hyphens, and at most 128 characters`},
		{name: "missing credentials", vars: map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""},
			cmds: []string{"deploy", "diff", "delete", "status", "wait"}, line: `no aws credentials found by the SDK's chain \(.*\): set AWS_PROFILE or --profile, .*`},
		{name: "expired credentials", expired: true, cmds: []string{"deploy", "diff", "delete", "status", "wait"},
			line: `describe stack web-Production: ExpiredToken: The security token included in the request is expired`},
	}
}

// aliasBomb is "billion laughs" under a key the config knows.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("environment: P\nrole: W\nparameters: {a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]")
	for c := 'b'; c <= 'i'; c++ {
		fmt.Fprintf(&b, ", %c: &%c [%s]", c, c, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*%c,", c-1), 9), ","))
	}
	b.WriteString("}\n")
	return b.String()
}

// commandFlags are what each command needs besides the row's arguments.
var commandFlags = map[string][]string{"deploy": {"--yes"}, "delete": {"--yes"}}

// The bad-input matrix: every row, through the real binary against moto
// with its request recorder on, prints exactly one line naming the place,
// exits 2, prints nothing on stdout, and makes no mutating API call. A
// stack is deployed first, so a delete that went through would show.
func TestMotoBadInput(t *testing.T) {
	m := testutil.SharedMoto(t)
	bin := buildStackctl(t)
	dir := t.TempDir()
	code, _, stderr := runBinary(t, bin, dir, motoVars(m.URL), "deploy", "--yes", "--no-verify")
	require.Equal(t, 0, code, stderr)
	expired := newExpiredEndpoint(t)
	runs := 0
	for _, row := range badInputs() {
		t.Run(row.name, func(t *testing.T) {
			for name, body := range row.files {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
			}
			for _, args := range row.commandLines() {
				vars := row.env(m.URL, expired.URL)
				require.NoError(t, m.StartRecording())
				code, stdout, stderr := runBinary(t, bin, dir, vars, args...)
				calls, err := m.StopRecording()
				require.NoError(t, err)
				runs++
				require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
				require.Empty(t, stdout, "%v", args)
				require.Len(t, lines(stderr), 1, "%v: one line: %q", args, stderr)
				require.Regexp(t, regexp.MustCompile(`^stackctl: `+row.line+`\n$`), stderr, "%v", args)
				require.Empty(t, testutil.Mutations(calls), "%v made mutating calls", args)
				require.Empty(t, testutil.Mutations(expired.calls()), "%v made mutating calls", args)
			}
		})
	}
	// The recorder is live (a read-only command is seen), the stack is
	// untouched, and the expired endpoint was really asked.
	require.NoError(t, m.StartRecording())
	code, stdout, stderr := runBinary(t, bin, dir, motoVars(m.URL), "status", "--output", "json")
	calls, err := m.StopRecording()
	require.NoError(t, err)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, `"CREATE_COMPLETE"`, "the stack is untouched")
	require.NotEmpty(t, calls, "the recorder records")
	require.Empty(t, testutil.Mutations(calls))
	require.NotEmpty(t, expired.calls(), "the expired-token rows reached their endpoint")
	t.Logf("%d bad command lines, 0 mutating calls; status alone made %d recorded calls", runs, len(calls))
}

func (row badInput) commandLines() [][]string {
	if row.raw {
		return [][]string{row.args}
	}
	cmds := row.cmds
	if cmds == nil {
		cmds = []string{"deploy", "diff", "delete"}
	}
	var out [][]string
	for _, c := range cmds {
		out = append(out, append(append([]string{c}, commandFlags[c]...), row.args...))
	}
	return out
}

func (row badInput) env(moto, expired string) map[string]string {
	vars := motoVars(moto)
	if row.expired {
		vars["AWS_ENDPOINT_URL"] = expired
	}
	for k, v := range row.vars {
		if v == "" {
			delete(vars, k)
		} else {
			vars[k] = v
		}
	}
	return vars
}

// expiredEndpoint answers every request the way AWS answers an expired
// session token, and remembers the actions it was asked for.
type expiredEndpoint struct {
	*httptest.Server
	mu      sync.Mutex
	actions []testutil.RecordedCall
}

func newExpiredEndpoint(t *testing.T) *expiredEndpoint {
	t.Helper()
	e := &expiredEndpoint{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		e.mu.Lock()
		e.actions = append(e.actions, testutil.RecordedCall{Method: r.Method, URL: r.URL.String(), Action: r.PostForm.Get("Action")})
		e.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`)
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *expiredEndpoint) calls() []testutil.RecordedCall {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]testutil.RecordedCall(nil), e.actions...)
}
