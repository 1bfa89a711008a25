package testutil

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"sync"
)

// Reply is one scripted answer to an action.
type Reply struct {
	// Err answers with an error instead (Throttle, NotExist, …).
	Err *APIError
	// Stack answers DescribeStacks.
	Stack *Stack
	// Events are appended to the stack's event log before a
	// DescribeStackEvents call is answered from it (newest first).
	Events []Event
	// ChangeSet answers DescribeChangeSet.
	ChangeSet *ChangeSet
	// Resources answer ListStackResources.
	Resources []StackResource
	// ID is the StackId of CreateStack or the Id of CreateChangeSet.
	ID string
}

// APIError is an error answer.
type APIError struct {
	Status        int
	Code, Message string
}

// Throttle is the answer of an endpoint over its rate limit.
var Throttle = &APIError{Status: 400, Code: "Throttling", Message: "Rate exceeded"}

// NotExist is CloudFormation's answer for a missing stack.
func NotExist(stack string) *APIError {
	return &APIError{Status: 400, Code: "ValidationError", Message: fmt.Sprintf("Stack with id %s does not exist", stack)}
}

// Scenario scripts an endpoint: each action's replies in call order, the
// last one repeating. An action without replies gets an empty result.
type Scenario map[string][]Reply

// Call is one request the endpoint received.
type Call struct {
	Action string
	Form   url.Values
}

// Scripted is an httptest CloudFormation endpoint speaking the query
// protocol (form POSTs, XML answers), driven by a Scenario.
type Scripted struct {
	*httptest.Server
	// EventPage is DescribeStackEvents' page size (default 100).
	EventPage int

	mu     sync.Mutex
	script Scenario
	next   map[string]int
	calls  []Call
	events []Event // newest first
	token  string
}

// NewScripted starts an endpoint; close it with Close.
func NewScripted(s Scenario) *Scripted {
	e := &Scripted{script: s, next: map[string]int{}, EventPage: 100}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	return e
}

// Calls returns the requests so far.
func (e *Scripted) Calls() []Call {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.calls)
}

// Count returns how many times action was called.
func (e *Scripted) Count(action string) int {
	n := 0
	for _, c := range e.Calls() {
		if c.Action == action {
			n++
		}
	}
	return n
}

func (e *Scripted) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action := r.PostForm.Get("Action")
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, Call{Action: action, Form: r.PostForm})
	if t := r.PostForm.Get("ClientRequestToken"); t != "" {
		e.token = t
	}
	reply, again := e.reply(action)
	if again {
		reply.Events = nil // a repeated reply adds no new events
	}
	if reply.Err != nil {
		writeError(w, reply.Err)
		return
	}
	respond(w, action, e.result(action, reply, r.PostForm))
}

// reply returns the action's next reply and whether it is a repeat of
// the last one.
func (e *Scripted) reply(action string) (Reply, bool) {
	rs := e.script[action]
	if len(rs) == 0 {
		return Reply{}, false
	}
	i := min(e.next[action], len(rs)-1)
	e.next[action]++
	return rs[i], e.next[action] > len(rs)
}

func (e *Scripted) result(action string, r Reply, form url.Values) []byte {
	var b bytes.Buffer
	switch action {
	case "DescribeStacks":
		if r.Stack != nil {
			b.Write(members("Stacks", []Stack{*r.Stack}))
		}
	case "DescribeStackEvents":
		e.appendEvents(r.Events)
		b.Write(e.eventPage(form.Get("NextToken")))
	case "DescribeChangeSet":
		if r.ChangeSet != nil {
			b.Write(fields(r.ChangeSet))
		}
	case "ListStackResources":
		b.Write(members("StackResourceSummaries", r.Resources))
	case "CreateStack", "UpdateTerminationProtection":
		b.Write(text("StackId", r.ID))
	case "CreateChangeSet":
		b.Write(text("Id", r.ID))
	}
	return b.Bytes()
}

func (e *Scripted) appendEvents(evs []Event) {
	for _, ev := range evs {
		if ev.ClientRequestToken == "$TOKEN" {
			ev.ClientRequestToken = e.token
		}
		if ev.EventId == "" {
			ev.EventId = fmt.Sprintf("ev-%d", len(e.events)+1)
		}
		e.events = append([]Event{ev}, e.events...)
	}
}

func (e *Scripted) eventPage(token string) []byte {
	start, _ := strconv.Atoi(token)
	end := min(start+e.EventPage, len(e.events))
	var b bytes.Buffer
	b.Write(members("StackEvents", e.events[min(start, end):end]))
	if end < len(e.events) {
		b.Write(text("NextToken", strconv.Itoa(end)))
	}
	return b.Bytes()
}

func respond(w http.ResponseWriter, action string, inner []byte) {
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></%sResponse>`,
		action, cfnNS, action, inner, action, action)
}

func writeError(w http.ResponseWriter, e *APIError) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.Status)
	b := element("ErrorResponse", errorEnvelope{NS: cfnNS, Type: "Sender", Code: e.Code, Message: e.Message, RequestID: "req-1"})
	_, _ = w.Write(b)
}

// Script replaces action's replies from now on (its next call gets the
// first of them): a test changes what the endpoint says mid-run, e.g. an
// operation that finishes after the process following it was killed.
func (e *Scripted) Script(action string, replies ...Reply) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.script[action] = replies
	e.next[action] = 0
}
