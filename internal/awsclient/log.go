package awsclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Log says where the clients Load builds report their requests. It rides
// on the context, so every command's clients (CloudFormation, the fleet's,
// EC2 for octopus prune) pick it up without another parameter.
type Log struct {
	// Debug receives one line per HTTP attempt (--debug): method, service,
	// operation, redacted URL, status, duration and attempt number. Never
	// headers or bodies: they carry the signature, the session token and
	// parameter values.
	Debug io.Writer
	// Retry is told about each retried attempt with the reason of the
	// attempt before it (throttling, HTTP 503, a reset connection).
	Retry func(service, operation, reason string)
}

type logKey struct{}

// WithLog returns ctx carrying l for Load.
func WithLog(ctx context.Context, l Log) context.Context {
	return context.WithValue(ctx, logKey{}, l)
}

func logFrom(ctx context.Context) (Log, bool) {
	l, ok := ctx.Value(logKey{}).(Log)
	return l, ok && (l.Debug != nil || l.Retry != nil)
}

// addLog installs the attempt logger right after the SDK's retry
// middleware, so it runs once per attempt, before signing.
func addLog(l Log) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		if err := s.Initialize.Add(middleware.InitializeMiddlewareFunc("stackctl.AttemptCounter",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				return next.HandleInitialize(middleware.WithStackValue(ctx, attemptKey{}, &attemptState{}), in)
			}), middleware.Before); err != nil {
			return err
		}
		return s.Finalize.Insert(&attemptLog{log: l}, "Retry", middleware.After)
	}
}

// attemptLog logs each attempt of an operation call. The Finalize step runs
// once per attempt inside the retry loop; the per-call counter is put into
// the context by the Initialize step, which runs once per call.
type attemptLog struct {
	log Log
	mu  sync.Mutex
}

type attemptKey struct{}

type attemptState struct {
	n    int
	last string // why the previous attempt failed
}

func (*attemptLog) ID() string { return "stackctl.AttemptLog" }

func (a *attemptLog) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	st, _ := middleware.GetStackValue(ctx, attemptKey{}).(*attemptState)
	if st == nil {
		st = &attemptState{}
	}
	a.mu.Lock()
	st.n++
	n, last := st.n, st.last
	a.mu.Unlock()
	service, op := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	if n > 1 && a.log.Retry != nil {
		a.log.Retry(service, op, last)
	}
	start := time.Now()
	out, md, err := next.HandleFinalize(ctx, in)
	status := statusOf(md, err)
	a.mu.Lock()
	st.last = reason(status, err)
	a.mu.Unlock()
	if a.log.Debug != nil {
		method, u := "", ""
		if r, ok := in.Request.(*smithyhttp.Request); ok {
			method, u = r.Method, RedactURL(r.URL)
		}
		fmt.Fprintf(a.log.Debug, "%s debug: aws %s.%s %s %s -> %s in %s (attempt %d)\n", start.UTC().Format("15:04:05.000"),
			strings.ReplaceAll(service, " ", ""), op, method, u, status, time.Since(start).Round(time.Millisecond), n)
	}
	return out, md, err
}

// statusOf is the HTTP status of an attempt, or why there was none.
func statusOf(md middleware.Metadata, err error) string {
	code := ""
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code = " " + ae.ErrorCode()
	}
	if r, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && r != nil && r.Response != nil && r.StatusCode != 0 {
		return fmt.Sprintf("%d%s", r.StatusCode, code)
	}
	if err != nil {
		return "no response (" + errKind(err) + ")"
	}
	return "no response"
}

func errKind(err error) string {
	msg := err.Error()
	for _, k := range []string{"connection reset", "EOF", "timeout", "connection refused", "canceled"} {
		if strings.Contains(msg, k) {
			return k
		}
	}
	return "transport error"
}

// reason names why an attempt failed, in the words of the retry notice.
func reason(status string, err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && strings.Contains(strings.ToLower(ae.ErrorCode()), "throttl") ||
		strings.Contains(status, "RequestLimitExceeded") || strings.Contains(status, "TooManyRequests") {
		return "throttling"
	}
	if strings.HasPrefix(status, "5") {
		return "HTTP " + strings.Fields(status)[0]
	}
	return status
}

// sensitiveQuery are the query parameters of a presigned request that
// would let anyone replay it.
var sensitiveQuery = []string{"X-Amz-Credential", "X-Amz-Signature", "X-Amz-Security-Token", "AWSAccessKeyId", "Signature"}

// RedactURL prints u without credentials, signatures or tokens.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	q := c.Query()
	for k := range q {
		for _, s := range sensitiveQuery {
			if strings.EqualFold(k, s) {
				q.Set(k, "REDACTED")
			}
		}
	}
	c.RawQuery = q.Encode()
	return c.String()
}

// sensitiveHeaders carry credentials, signatures or API keys.
var sensitiveHeaders = []string{"Authorization", "X-Amz-Security-Token", "X-Octopus-ApiKey", "X-Amz-Content-Sha256", "Cookie"}

// RedactHeader returns a copy of h with every credential-bearing header's
// value replaced, for anything that must print headers.
func RedactHeader(h http.Header) http.Header {
	out := h.Clone()
	for k := range out {
		for _, s := range sensitiveHeaders {
			if strings.EqualFold(k, s) {
				out[k] = []string{"REDACTED"}
			}
		}
	}
	return out
}
