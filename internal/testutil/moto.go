package testutil

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Moto is a moto_server process on a loopback port. Its request recorder
// is enabled but stopped: StartRecording and StopRecording bracket what a
// test wants to count.
type Moto struct {
	URL string
	cmd *exec.Cmd
}

var (
	motoOnce   sync.Once
	motoShared *Moto
	motoErr    error
)

// SharedMoto returns the test binary's moto server, starting it on first
// use, reset to an empty state. Without moto_server the test is skipped,
// except under CI=true, where it fails: CI must never pass by skipping.
// Call StopMoto from TestMain (see RunWithMoto).
func SharedMoto(t testing.TB) *Moto {
	t.Helper()
	motoOnce.Do(func() { motoShared, motoErr = StartMoto(os.TempDir()) })
	if motoErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("moto: %v (CI=true: install it with scripts/tools.sh)", motoErr)
		}
		t.Skipf("moto: %v", motoErr)
	}
	if err := motoShared.Reset(); err != nil {
		t.Fatalf("moto reset: %v", err)
	}
	return motoShared
}

// RunWithMoto runs the tests and stops the shared moto server afterwards;
// call it as os.Exit(testutil.RunWithMoto(m)) from TestMain.
func RunWithMoto(m *testing.M) int {
	code := m.Run()
	if motoShared != nil {
		motoShared.Stop()
	}
	return code
}

// StartMoto starts moto_server on a free loopback port, with its working
// directory in dir, and waits until it answers. Recording is enabled
// (MOTO_ENABLE_RECORDING; the log goes to a file of its own in dir) but
// stopped until StartRecording: moto records from the start otherwise.
func StartMoto(dir string) (*Moto, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, errors.New("moto_server not on PATH")
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MOTO_ALLOW_NONEXISTENT_REGION=false", "MOTO_ENABLE_RECORDING=True",
		"MOTO_RECORDER_FILEPATH="+filepath.Join(dir, fmt.Sprintf("moto_recording-%d", port)))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start moto_server: %w", err)
	}
	m := &Moto{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	if err := m.waitReady(30 * time.Second); err != nil {
		m.Stop()
		return nil, err
	}
	if err := m.recorder(http.MethodPost, "stop-recording", nil); err != nil {
		m.Stop()
		return nil, err
	}
	return m, nil
}

func (m *Moto) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := http.Get(m.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("moto_server did not answer on %s within %s", m.URL, limit)
}

// Reset drops all of moto's state.
func (m *Moto) Reset() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, m.URL+"/moto-api/reset", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// Stop kills the server and waits for it.
func (m *Moto) Stop() {
	if m.cmd.Process != nil {
		_ = m.cmd.Process.Kill()
		_ = m.cmd.Wait()
	}
}

// SetEnv points the AWS SDK of this test at url (moto, or a proxy in front
// of it) with dummy credentials in us-east-1, the only region where moto
// answers Fn::GetAZs.
func SetEnv(t testing.TB, url string) {
	t.Helper()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
		"AWS_SESSION_TOKEN": "testing", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull, "AWS_PROFILE": "",
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	_, port, _ := strings.Cut(l.Addr().String(), ":")
	var p int
	_, err = fmt.Sscan(port, &p)
	return p, err
}
