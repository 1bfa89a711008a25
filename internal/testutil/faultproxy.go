package testutil

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Faults are the rates (0..1) at which FaultProxy disturbs requests. The
// rates add up: Throttle+Unavail+Internal+Reset must stay at most 1.
type Faults struct {
	Throttle float64       // answer the service's throttling error
	Unavail  float64       // answer 503 (ServiceUnavailable / Unavailable)
	Internal float64       // answer 500 (InternalFailure / InternalError)
	Reset    float64       // drop the connection without an answer (never forwarded)
	Latency  time.Duration // added to every forwarded request
	// Slow is the rate of forwarded requests delayed by SlowBy more.
	Slow   float64
	SlowBy time.Duration
	Seed   uint64 // same seed, same faults
}

// ProxyRequest is one request the proxy received and what it did with it.
type ProxyRequest struct {
	// Service is the signing name (cloudformation, ec2, autoscaling, …).
	Service, Action string
	// Token is the request's ClientRequestToken (or ClientToken).
	Token string
	// Fate: forwarded, throttle, unavailable, internal or reset.
	Fate string
}

// FaultProxy is a reverse proxy in front of an endpoint (moto) that
// injects throttling, 5xx answers, connection resets and latency at fixed
// rates from a seeded generator, and logs what it did. Errors come in each
// protocol's own shape (see faultshape.go), so the SDK parses and retries
// them as it would AWS's.
type FaultProxy struct {
	*httptest.Server
	faults Faults

	mu       sync.Mutex
	rng      *rand.Rand
	counts   map[string]int
	requests []ProxyRequest
}

// NewFaultProxy starts a proxy to target; close it with Close.
func NewFaultProxy(target string, f Faults) (*FaultProxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	p := &FaultProxy{faults: f, rng: rand.New(rand.NewPCG(f.Seed, f.Seed^0x5eed)), counts: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		req := describe(r, body)
		fate, slow := p.pick(req)
		proto := protocolOf(r, body)
		switch fate {
		case "throttle":
			proto.throttle(w)
		case "unavailable":
			proto.unavailable(w)
		case "internal":
			proto.internal(w)
		case "reset":
			reset(w)
		default:
			time.Sleep(f.Latency + slow)
			rp.ServeHTTP(w, r)
		}
	}))
	return p, nil
}

// pick decides one request's fate (and extra delay), logs and counts it.
func (p *FaultProxy) pick(req ProxyRequest) (string, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	x := p.rng.Float64()
	f := p.faults
	fate := "forwarded"
	switch {
	case x < f.Throttle:
		fate = "throttle"
	case x < f.Throttle+f.Unavail:
		fate = "unavailable"
	case x < f.Throttle+f.Unavail+f.Internal:
		fate = "internal"
	case x < f.Throttle+f.Unavail+f.Internal+f.Reset:
		fate = "reset"
	}
	var slow time.Duration
	if fate == "forwarded" && p.rng.Float64() < f.Slow {
		slow = f.SlowBy
	}
	req.Fate = fate
	p.counts[fate]++
	p.requests = append(p.requests, req)
	return fate, slow
}

// Counts returns how many requests met each fate: forwarded, throttle,
// unavailable, internal, reset.
func (p *FaultProxy) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out
}

// Requests returns every request so far, in arrival order.
func (p *FaultProxy) Requests() []ProxyRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.requests)
}

func describe(r *http.Request, body []byte) ProxyRequest {
	req := ProxyRequest{Service: signingService(r.Header.Get("Authorization"))}
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		_, req.Action, _ = strings.Cut(t, ".")
		return req
	}
	form, _ := url.ParseQuery(string(body))
	req.Action = form.Get("Action")
	if req.Action == "" {
		req.Action = r.Method + " " + r.URL.Path
	}
	req.Token = form.Get("ClientRequestToken")
	if req.Token == "" {
		req.Token = form.Get("ClientToken")
	}
	return req
}

// reset drops the connection without an answer.
func reset(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			if tc, ok := c.(interface{ SetLinger(int) error }); ok {
				_ = tc.SetLinger(0) // RST, not FIN
			}
			_ = c.Close()
			return
		}
	}
	w.WriteHeader(http.StatusBadGateway)
}
