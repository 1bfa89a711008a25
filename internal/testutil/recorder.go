package testutil

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// RecordedCall is one request moto's recorder saw.
type RecordedCall struct {
	Method, URL string
	// Service is the signing name from the Authorization header (ec2,
	// cloudformation, …); Action the query protocol's Action, the JSON
	// protocol's X-Amz-Target operation, or METHOD /path for REST.
	Service, Action string
}

// Mutating says whether the call can change state: anything but a
// Describe*, List* or Get* action (or a GET/HEAD of a REST API).
func (c RecordedCall) Mutating() bool {
	for _, p := range []string{"Describe", "List", "Get", "GET ", "HEAD "} {
		if strings.HasPrefix(c.Action, p) {
			return false
		}
	}
	return true
}

// StartRecording empties moto's request log and starts recording.
func (m *Moto) StartRecording() error {
	if err := m.recorder(http.MethodPost, "reset-recording", nil); err != nil {
		return err
	}
	return m.recorder(http.MethodPost, "start-recording", nil)
}

// StopRecording stops recording and returns the calls recorded since
// StartRecording.
func (m *Moto) StopRecording() ([]RecordedCall, error) {
	if err := m.recorder(http.MethodPost, "stop-recording", nil); err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	if err := m.recorder(http.MethodGet, "download-recording", &raw); err != nil {
		return nil, err
	}
	return parseRecording(&raw)
}

// Mutations returns the mutating calls among calls.
func Mutations(calls []RecordedCall) []RecordedCall {
	var out []RecordedCall
	for _, c := range calls {
		if c.Mutating() {
			out = append(out, c)
		}
	}
	return out
}

func (m *Moto) recorder(method, op string, into io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, m.URL+"/moto-api/recorder/"+op, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("moto recorder %s: %w", op, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("moto recorder %s: HTTP %d", op, resp.StatusCode)
	}
	if into != nil {
		_, err = io.Copy(into, resp.Body)
	}
	return err
}

type recordEntry struct {
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	Headers     map[string]string `json:"headers"`
	Body        string            `json:"body"`
	BodyEncoded bool              `json:"body_encoded"`
}

func parseRecording(r io.Reader) ([]RecordedCall, error) {
	var calls []RecordedCall
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var e recordEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("moto recording: %w", err)
		}
		calls = append(calls, e.call())
	}
	return calls, sc.Err()
}

func (e recordEntry) call() RecordedCall {
	c := RecordedCall{Method: e.Method, URL: e.URL, Service: signingService(header(e.Headers, "Authorization"))}
	body := e.Body
	if e.BodyEncoded {
		b, _ := base64.StdEncoding.DecodeString(body)
		body = string(b)
	}
	if t := header(e.Headers, "X-Amz-Target"); t != "" {
		_, c.Action, _ = strings.Cut(t, ".")
		return c
	}
	if form, err := url.ParseQuery(body); err == nil && form.Get("Action") != "" {
		c.Action = form.Get("Action")
		return c
	}
	if u, err := url.Parse(e.URL); err == nil {
		if a := u.Query().Get("Action"); a != "" {
			c.Action = a
			return c
		}
		c.Action = e.Method + " " + u.Path
	}
	return c
}

func header(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// signingService reads the service from "Credential=KEY/DATE/REGION/SERVICE/aws4_request".
func signingService(auth string) string {
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	parts := strings.Split(strings.SplitN(cred, ",", 2)[0], "/")
	if len(parts) < 4 {
		return ""
	}
	return parts[3]
}
