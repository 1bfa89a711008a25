package testutil

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"
)

// Faults are the rates (0..1) at which FaultProxy disturbs requests.
type Faults struct {
	Throttle float64       // answer 400 Throttling
	Unavail  float64       // answer 503
	Reset    float64       // drop the connection without an answer
	Latency  time.Duration // added to every forwarded request
	Seed     uint64        // same seed, same faults
}

// FaultProxy is a reverse proxy in front of an endpoint (moto) that
// injects throttling, 5xx answers, connection resets and latency at fixed
// rates from a seeded generator, and counts what it did.
type FaultProxy struct {
	*httptest.Server
	faults Faults

	mu     sync.Mutex
	rng    *rand.Rand
	counts map[string]int
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
		switch p.pick() {
		case "throttle":
			writeError(w, Throttle)
		case "unavailable":
			writeError(w, &APIError{Status: 503, Code: "ServiceUnavailable", Message: "injected"})
		case "reset":
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					_ = c.Close()
					return
				}
			}
			w.WriteHeader(http.StatusBadGateway)
		default:
			time.Sleep(f.Latency)
			rp.ServeHTTP(w, r)
		}
	}))
	return p, nil
}

// pick decides one request's fate and counts it.
func (p *FaultProxy) pick() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	x := p.rng.Float64()
	fate := "forwarded"
	switch {
	case x < p.faults.Throttle:
		fate = "throttle"
	case x < p.faults.Throttle+p.faults.Unavail:
		fate = "unavailable"
	case x < p.faults.Throttle+p.faults.Unavail+p.faults.Reset:
		fate = "reset"
	}
	p.counts[fate]++
	return fate
}

// Counts returns how many requests met each fate: forwarded, throttle,
// unavailable, reset.
func (p *FaultProxy) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out
}
