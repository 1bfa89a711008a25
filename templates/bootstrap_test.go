package templates_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/templates"
)

const (
	testInstance = "i-0123456789abcdef0"
	testRegion   = "eu-west-1"
	testStack    = "web-prod"
	testResource = "WebServerGroup"
	testToken    = "imds-session-token"
	// testAPIKey is a fake: the fake SSM returns it and the tests check it
	// never reaches the log.
	testAPIKey = "API-FAKEFAKEFAKEFAKEFAKEFAKE00"
)

// fakeIMDS is an IMDSv2 stand-in: a token is required, tags can lag.
type fakeIMDS struct {
	tagMisses int32 // tag requests answered 404 before tags "arrive"
	noTags    bool
	tagHits   atomic.Int32
}

func (f *fakeIMDS) start(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/latest/api/token" {
			if r.Method != http.MethodPut || r.Header.Get("X-aws-ec2-metadata-token-ttl-seconds") == "" {
				http.Error(w, "bad token request", http.StatusBadRequest)
				return
			}
			_, _ = w.Write([]byte(testToken))
			return
		}
		if r.Method != http.MethodGet || r.Header.Get("X-aws-ec2-metadata-token") != testToken {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var body string
		switch r.URL.Path {
		case "/latest/meta-data/instance-id":
			body = testInstance
		case "/latest/meta-data/placement/region":
			body = testRegion
		case "/latest/meta-data/tags/instance/Environment", "/latest/meta-data/tags/instance/Role":
			if n := f.tagHits.Add(1); f.noTags || n <= f.tagMisses {
				http.NotFound(w, r)
				return
			}
			body = map[bool]string{true: "Production", false: "Authoring"}[strings.HasSuffix(r.URL.Path, "Environment")]
		default:
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// closedURL is an http URL on 127.0.0.1 where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

type run struct {
	dir  string // work dir: bin/, fake call records, the log
	bin  string
	env  map[string]string
	code int
	out  string
}

// newRun prepares a bootstrap run with a recording cfn-signal on PATH.
func newRun(t *testing.T, imdsURL string) *run {
	t.Helper()
	needTool(t, "bash")
	needTool(t, "curl")
	dir := t.TempDir()
	r := &run{dir: dir, bin: filepath.Join(dir, "bin")}
	require.NoError(t, os.Mkdir(r.bin, 0o755))
	r.fake(t, "cfn-signal", `printf '%s\n' "$@" > "$REC/cfn-signal.args"`)
	// Exactly what the renderer's preamble exports for agent "none" (the
	// script runs under set -u), plus the knobs that make it fast.
	r.env = map[string]string{
		"PATH":                   r.bin + ":/usr/bin:/bin",
		"HOME":                   dir,
		"REC":                    dir,
		"STACKCTL_IMDS_URL":      imdsURL,
		"STACKCTL_IMDS_ATTEMPTS": "2",
		"STACKCTL_IMDS_INTERVAL": "0",
		"STACKCTL_TAG_ATTEMPTS":  "3",
		"STACKCTL_TAG_INTERVAL":  "0",
		"STACKCTL_LOG":           filepath.Join(dir, "bootstrap.log"),
		"STACKCTL_STACK":         testStack,
		"STACKCTL_REGION":        "us-east-1", // differs from IMDS: shows which one is used
		"STACKCTL_RESOURCE":      testResource,
		"STACKCTL_TAG_SOURCE":    "imds",
		"STACKCTL_AGENT":         "none",
		"STACKCTL_RELEASE":       "false",
		"STACKCTL_APP_PORT":      "80",
	}
	return r
}

// fake writes an executable bash script named name into the run's bin dir.
func (r *run) fake(t *testing.T, name, body string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(r.bin, name), []byte("#!/bin/bash\n"+body+"\n"), 0o755))
}

func (r *run) exec(t *testing.T) *run {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", templates.LinuxBootstrap)
	cmd.Dir = r.dir
	for k, v := range r.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	r.out = string(out)
	r.code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	t.Logf("bootstrap exit %d, output:\n%s", r.code, r.out)
	return r
}

// lines reads a record file written by a fake, one argument per line.
func (r *run) lines(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, name))
	require.NoError(t, err, "%s was not called", name)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func success(region string) []string {
	return []string{"--success", "true", "--stack", testStack, "--resource", testResource, "--region", region}
}

func failure(reason, code, region string) []string {
	return []string{"--success", "false", "--reason", reason, "-e", code,
		"--stack", testStack, "--resource", testResource, "--region", region}
}

// needTool skips a test whose tool is missing, or fails it under CI=true.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found on PATH (CI=true): apt-get install %s", name, name)
		}
		t.Skipf("%s not found on PATH; apt-get install %s (fails under CI=true)", name, name)
	}
	return path
}

func TestShellcheck(t *testing.T) {
	sc := needTool(t, "shellcheck")
	out, err := exec.Command(sc, "-s", "bash", "bootstrap.sh").CombinedOutput()
	require.NoError(t, err, "shellcheck:\n%s", out)
}

func TestBootstrapSuccess(t *testing.T) {
	f := &fakeIMDS{}
	r := newRun(t, f.start(t)).exec(t)
	require.Equal(t, 0, r.code)
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"))
	log, err := os.ReadFile(r.env["STACKCTL_LOG"])
	require.NoError(t, err)
	require.Contains(t, string(log), "Environment=Production Role=Authoring")
}

func TestBootstrapTagsArriveLate(t *testing.T) {
	f := &fakeIMDS{tagMisses: 4}
	r := newRun(t, f.start(t))
	r.env["STACKCTL_TAG_ATTEMPTS"] = "10"
	r.env["STACKCTL_TAG_INTERVAL"] = "0.01"
	r.exec(t)
	require.Equal(t, 0, r.code)
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"))
	require.Greater(t, f.tagHits.Load(), int32(4))
}

func TestBootstrapTagsNeverArrive(t *testing.T) {
	f := &fakeIMDS{noTags: true}
	r := newRun(t, f.start(t)).exec(t)
	require.Equal(t, 1, r.code)
	require.Equal(t, failure("tags: Environment/Role tags not found via imds after 3 attempts", "1", testRegion),
		r.lines(t, "cfn-signal.args"))
	require.Equal(t, int32(6), f.tagHits.Load(), "3 bounded attempts, Environment and Role each")
}

func TestBootstrapAgentScript(t *testing.T) {
	f := &fakeIMDS{}
	r := newRun(t, f.start(t))
	r.env["STACKCTL_AGENT"] = "script"
	r.env["STACKCTL_AGENT_SCRIPT"] = filepath.Join(r.dir, "agent.sh")
	require.NoError(t, os.WriteFile(r.env["STACKCTL_AGENT_SCRIPT"],
		[]byte("echo \"$ENVIRONMENT $ROLE $INSTANCE_ID $REGION $APP_PORT\" > \"$REC/agent.out\"\n"), 0o644))
	r.exec(t)
	require.Equal(t, 0, r.code)
	require.Equal(t, []string{"Production Authoring " + testInstance + " " + testRegion + " 80"}, r.lines(t, "agent.out"))
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"))
}

func TestBootstrapAgentScriptFails(t *testing.T) {
	f := &fakeIMDS{}
	r := newRun(t, f.start(t))
	r.env["STACKCTL_AGENT"] = "script"
	r.env["STACKCTL_AGENT_SCRIPT"] = filepath.Join(r.dir, "agent.sh")
	script := r.env["STACKCTL_AGENT_SCRIPT"]
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/bash\necho agent broke\nexit 3\n"), 0o755))
	r.fake(t, "aws", `printf '%s\n' "$@" > "$REC/aws.args"`)
	r.exec(t)
	require.Equal(t, 3, r.code)
	reason := "agent: agent script " + script + " exited 3"
	require.Equal(t, failure(reason, "3", testRegion), r.lines(t, "cfn-signal.args"))
	// SignalResource carries no reason: the bootstrap leaves it in SSM,
	// where stackctl reads it when the stack rolls back.
	require.Equal(t, []string{"ssm", "put-parameter", "--region", testRegion, "--type", "String", "--overwrite",
		"--name", "/stackctl/" + testStack + "/bootstrap/" + testInstance, "--value", reason}, r.lines(t, "aws.args"))
}

func TestBootstrapUnknownAgent(t *testing.T) {
	f := &fakeIMDS{}
	r := newRun(t, f.start(t))
	r.env["STACKCTL_AGENT"] = "chef"
	r.exec(t)
	require.Equal(t, 1, r.code)
	require.Equal(t, failure("agent: unknown agent 'chef'", "1", testRegion), r.lines(t, "cfn-signal.args"))
}

func TestBootstrapMetadataUnreachable(t *testing.T) {
	url := closedURL(t)
	r := newRun(t, url).exec(t)
	require.Equal(t, 1, r.code)
	// No region from IMDS: the preamble's STACKCTL_REGION is used.
	require.Equal(t, failure("metadata: no IMDSv2 token from "+url, "1", "us-east-1"), r.lines(t, "cfn-signal.args"))
}

func TestBootstrapCannotBeSignaled(t *testing.T) {
	f := &fakeIMDS{}
	r := newRun(t, f.start(t))
	r.fake(t, "cfn-signal", `printf '%s\n' "$@" > "$REC/cfn-signal.args"
echo "ValidationError: Stack arn:aws:cloudformation:eu-west-1:1:stack/web-prod/x is in UPDATE_COMPLETE state and cannot be signaled" >&2
exit 1`)
	r.exec(t)
	require.Equal(t, 0, r.code)
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"))
}

func TestBootstrapSignalErrorFails(t *testing.T) {
	f := &fakeIMDS{}
	r := newRun(t, f.start(t))
	r.fake(t, "cfn-signal", `printf '%s\n' "$@" >> "$REC/cfn-signal.args"; echo "AccessDenied" >&2; exit 1`)
	r.exec(t)
	require.Equal(t, 1, r.code)
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"), "one signal, no retry as failure")
}

func TestBootstrapInstallsCfnSignal(t *testing.T) {
	f := &fakeIMDS{}
	r := newRun(t, f.start(t))
	require.NoError(t, os.Remove(filepath.Join(r.bin, "cfn-signal")))
	// The fake dnf "installs" the recording cfn-signal.
	r.fake(t, "dnf", `printf '%s\n' "$@" > "$REC/dnf.args"
printf '#!/bin/bash\nprintf "%%s\\n" "$@" > "$REC/cfn-signal.args"\n' > "$(dirname "$0")/cfn-signal"
chmod +x "$(dirname "$0")/cfn-signal"`)
	r.exec(t)
	require.Equal(t, 0, r.code)
	require.Equal(t, []string{"install", "-y", "aws-cfn-bootstrap"}, r.lines(t, "dnf.args"))
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"))
}

func TestBootstrapTagsFromAPI(t *testing.T) {
	f := &fakeIMDS{noTags: true} // IMDS tags disabled, as with launch configurations
	r := newRun(t, f.start(t))
	r.env["STACKCTL_TAG_SOURCE"] = "api"
	r.fake(t, "aws", `printf '%s\n' "$@" >> "$REC/aws.args"
case "$*" in
*Values=Environment*) echo Production ;;
*Values=Role*) echo Authoring ;;
*) exit 1 ;;
esac`)
	r.exec(t)
	require.Equal(t, 0, r.code)
	call := func(key string) []string {
		return []string{"ec2", "describe-tags", "--region", testRegion, "--filters",
			"Name=resource-id,Values=" + testInstance, "Name=key,Values=" + key,
			"--query", "Tags[0].Value", "--output", "text"}
	}
	require.Equal(t, append(call("Environment"), call("Role")...), r.lines(t, "aws.args"))
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"))
}

// fakeOctopus is a minimal Octopus REST API: lookups, one deployment, its task.
type fakeOctopus struct {
	mu         sync.Mutex
	taskResult bool
	deployment map[string]any
	badKey     bool
}

func (o *fakeOctopus) start(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Octopus-ApiKey") != testAPIKey {
			o.mu.Lock()
			o.badKey = true
			o.mu.Unlock()
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		named := func(id, name string) map[string]string { return map[string]string{"Id": id, "Name": name} }
		var v any
		switch r.URL.Path {
		case "/api/spaces/all":
			v = []any{named("Spaces-2", "Other"), named("Spaces-1", "Default")}
		case "/api/Spaces-1/projects/all":
			v = []any{named("Projects-7", "Web")}
		case "/api/Spaces-1/environments/all":
			v = []any{named("Environments-3", "Production")}
		case "/api/Spaces-1/machines":
			v = map[string]any{"Items": []any{named("Machines-9", testInstance)}}
		case "/api/Spaces-1/dashboard/dynamic":
			if r.URL.Query().Get("projects") != "Projects-7" || r.URL.Query().Get("environments") != "Environments-3" {
				http.Error(w, "bad dashboard query", http.StatusBadRequest)
				return
			}
			v = map[string]any{"Items": []any{
				map[string]any{"ReleaseId": "Releases-1", "IsCurrent": false},
				map[string]any{"ReleaseId": "Releases-2", "IsCurrent": true},
			}}
		case "/api/Spaces-1/deployments":
			var body map[string]any
			if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&body) != nil {
				http.Error(w, "bad deployment", http.StatusBadRequest)
				return
			}
			o.mu.Lock()
			o.deployment = body
			o.mu.Unlock()
			v = map[string]any{"Id": "Deployments-1", "TaskId": "ServerTasks-5"}
		case "/api/tasks/ServerTasks-5":
			state := map[bool]string{true: "Success", false: "Failed"}[o.taskResult]
			v = map[string]any{"IsCompleted": true, "FinishedSuccessfully": o.taskResult, "State": state}
		default:
			http.NotFound(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(v)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func octopusRun(t *testing.T, o *fakeOctopus) *run {
	t.Helper()
	needTool(t, "jq")
	f := &fakeIMDS{}
	r := newRun(t, f.start(t))
	r.env["STACKCTL_AGENT"] = "octopus"
	r.env["STACKCTL_RELEASE"] = "true"
	r.env["STACKCTL_OCTOPUS_SERVER"] = o.start(t) + "/"
	r.env["STACKCTL_OCTOPUS_SPACE"] = "Default"
	r.env["STACKCTL_OCTOPUS_POLICY"] = "Delete unavailable"
	r.env["STACKCTL_OCTOPUS_PROJECT"] = "Web"
	r.env["STACKCTL_OCTOPUS_API_KEY_PARAMETER"] = "/stackctl/octopus-api-key"
	r.env["STACKCTL_TENTACLE"] = filepath.Join(r.bin, "Tentacle")
	r.fake(t, "Tentacle", `printf '%s\n' "$@" "--" >> "$REC/tentacle.args"`)
	r.fake(t, "aws", `printf '%s\n' "$@" > "$REC/aws.args"; echo `+testAPIKey)
	return r
}

func TestBootstrapOctopus(t *testing.T) {
	o := &fakeOctopus{taskResult: true}
	r := octopusRun(t, o).exec(t)
	require.Equal(t, 0, r.code)
	require.Equal(t, []string{"ssm", "get-parameter", "--name", "/stackctl/octopus-api-key", "--with-decryption",
		"--query", "Parameter.Value", "--output", "text", "--region", testRegion}, r.lines(t, "aws.args"))
	require.Equal(t, []string{
		"create-instance", "--config", "/etc/octopus/default/tentacle-default.config", "--",
		"new-certificate", "--if-blank", "--",
		"configure", "--noListen", "True", "--reset-trust", "--app", "/home/Octopus/Applications", "--",
		"register-with", "--server", r.env["STACKCTL_OCTOPUS_SERVER"], "--apiKey", testAPIKey,
		"--space", "Default", "--name", testInstance, "--environment", "Production", "--role", "Authoring",
		"--policy", "Delete unavailable", "--comms-style", "TentacleActive", "--server-comms-port", "10943", "--",
		"service", "--install", "--start", "--",
	}, r.lines(t, "tentacle.args"))
	require.False(t, o.badKey)
	require.Equal(t, map[string]any{"ReleaseId": "Releases-2", "EnvironmentId": "Environments-3",
		"SpecificMachineIds": []any{"Machines-9"}}, o.deployment)
	require.Equal(t, success(testRegion), r.lines(t, "cfn-signal.args"))
	log, err := os.ReadFile(r.env["STACKCTL_LOG"])
	require.NoError(t, err)
	require.NotContains(t, string(log), testAPIKey)
	require.NotContains(t, r.out, testAPIKey)
}

func TestBootstrapOctopusReleaseFails(t *testing.T) {
	o := &fakeOctopus{taskResult: false}
	r := octopusRun(t, o).exec(t)
	require.Equal(t, 1, r.code)
	require.Equal(t, failure("release: deployment ServerTasks-5 Failed", "1", testRegion), r.lines(t, "cfn-signal.args"))
	require.NotContains(t, r.out, testAPIKey)
}

func TestBootstrapOctopusRegisterFails(t *testing.T) {
	o := &fakeOctopus{taskResult: true}
	r := octopusRun(t, o)
	r.fake(t, "Tentacle", `[ "$1" = register-with ] && exit 4; exit 0`)
	r.exec(t)
	require.Equal(t, 1, r.code)
	require.Equal(t, failure("octopus-register: Tentacle register-with failed", "1", testRegion),
		r.lines(t, "cfn-signal.args"))
}

func readScript(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

func TestBootstrapEmbedded(t *testing.T) {
	require.Equal(t, readScript(t, "bootstrap.sh"), templates.LinuxBootstrap)
	require.Equal(t, readScript(t, "bootstrap.ps1"), templates.WindowsBootstrap)
	for name, s := range map[string]string{"bootstrap.sh": templates.LinuxBootstrap, "bootstrap.ps1": templates.WindowsBootstrap} {
		// The renderer turns each "${" into "${!"; a literal "${!" would be ambiguous.
		require.NotContains(t, s, "${!", name)
		// Fn::Sub ends a "${!...}" at the first "}": no "${" inside another.
		require.NotRegexp(t, `\$\{[^}]*\$\{`, s, name)
		escaped := strings.ReplaceAll(s, "${", "${!")
		require.Less(t, len(escaped), 12*1024, "%s leaves too little of EC2's 16 KB user data", name)
	}
}

func TestPowerShellSteps(t *testing.T) {
	ps := readScript(t, "bootstrap.ps1")
	for _, want := range []string{
		`-Method Put -Uri "$Imds/latest/api/token"`,
		`'X-aws-ec2-metadata-token-ttl-seconds' = '21600'`,
		`'X-aws-ec2-metadata-token' = $script:Token`,
		`meta-data/instance-id`,
		`meta-data/placement/region`,
		`"meta-data/tags/instance/$Key"`,
		`Get-EC2Tag`,
		`aws ec2 describe-tags`,
		`STACKCTL_TAG_ATTEMPTS`,
		`STACKCTL_TAG_INTERVAL`,
		`C:\Program Files\Octopus Deploy\Tentacle\Tentacle.exe`,
		`Get-SSMParameter -Name $name -WithDecryption $true`,
		`aws ssm get-parameter --name $name --with-decryption`,
		`'create-instance'`,
		`'new-certificate'`,
		`'register-with'`,
		`'--comms-style' 'TentacleActive' '--server-comms-port' '10943'`,
		`'--name' $InstanceId`,
		`'--role' $Role`,
		`'--environment' $Environment`,
		`'--policy' $env:STACKCTL_OCTOPUS_POLICY`,
		`'--space' $env:STACKCTL_OCTOPUS_SPACE`,
		`Invoke-Tentacle 'service' '--install' '--start'`,
		`'--apiKey' $script:ApiKey`,
		`@('--instance', 'Tentacle', '--console')`,
		`SpecificMachineIds`,
		`C:\Program Files\Amazon\cfn-bootstrap\cfn-signal.exe`,
		`'--region', $region`,
		`@('--success', 'true')`,
		`@('--success', 'false', '--reason', $Reason, '-e', "$Code")`,
		`-match 'cannot be signaled'`,
		`Send-Report $region $Reason`,
		`"/stackctl/$($env:STACKCTL_STACK)/bootstrap/$id"`,
		`Write-SSMParameter -Name $name -Type String -Value $Reason -Overwrite $true`,
		`Send-Signal $false "$($script:Step): $why" $code`,
		`} catch {`,
	} {
		require.True(t, strings.Contains(ps, want), "bootstrap.ps1 lacks %s", want)
	}
	for _, step := range []string{"metadata", "tags", "agent", "octopus-install", "octopus-key", "octopus-register", "release", "signal"} {
		require.True(t, strings.Contains(ps, "$script:Step = '"+step+"'"), "bootstrap.ps1 lacks step %s", step)
	}
}

func TestNoSecretsInScripts(t *testing.T) {
	secret := regexp.MustCompile(`(?i)API-[A-Z0-9]{16,}|AKIA[0-9A-Z]{16}|-----BEGIN|aws_secret_access_key|password\s*=`)
	say := regexp.MustCompile(`(?i)\b(echo|log|write-log|write-host|write-output|tee|set -x)\b`)
	for name, keyVar := range map[string]string{"bootstrap.sh": "API_KEY", "bootstrap.ps1": "$script:ApiKey"} {
		s := readScript(t, name)
		require.Nil(t, secret.FindStringIndex(s), "%s holds secret-looking material", name)
		for i, line := range strings.Split(s, "\n") {
			if !strings.Contains(line, keyVar) || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			require.Nil(t, say.FindStringIndex(line), "%s:%d prints the API key: %s", name, i+1, line)
			if strings.Contains(line, "printf") {
				// Only as curl's config on stdin, keeping it out of argv.
				require.Regexp(t, `X-Octopus-ApiKey: %s"\\n' "\$API_KEY" \|$`, line, "%s:%d", name, i+1)
			}
		}
	}
	sh := readScript(t, "bootstrap.sh")
	require.NotContains(t, sh, "set -x")
	require.Less(t, strings.Index(sh, "set +x"), strings.Index(sh, "aws ssm get-parameter"))
}
