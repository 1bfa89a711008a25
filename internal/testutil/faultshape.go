package testutil

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// protocol writes error answers in one AWS wire protocol's shape. The SDK
// of each service parses only its own: EC2's cannot read the awsquery
// <ErrorResponse>, so a throttle in the wrong shape is an UnknownError
// that is never retried.
type protocol struct {
	name   string
	status map[string]int // fate → HTTP status
	code   map[string]string
	write  func(w http.ResponseWriter, status int, code, msg string)
}

func (p protocol) throttle(w http.ResponseWriter)    { p.answer(w, "throttle", "Rate exceeded") }
func (p protocol) unavailable(w http.ResponseWriter) { p.answer(w, "unavailable", "injected") }
func (p protocol) internal(w http.ResponseWriter)    { p.answer(w, "internal", "injected") }

func (p protocol) answer(w http.ResponseWriter, fate, msg string) {
	p.write(w, p.status[fate], p.code[fate], msg)
}

// ec2Version is the EC2 API version the SDK sends; EC2 is the one query
// service with its own error shape.
const ec2Version = "2016-11-15"

// protocolOf tells the request's protocol: EC2 query (Version 2016-11-15),
// JSON (X-Amz-Target), S3 REST (no Action), else awsquery (CloudFormation,
// Auto Scaling, ELB, IAM, STS: <ErrorResponse>).
func protocolOf(r *http.Request, body []byte) protocol {
	form, _ := url.ParseQuery(string(body))
	switch {
	case form.Get("Version") == ec2Version || r.URL.Query().Get("Version") == ec2Version:
		return ec2Protocol
	case r.Header.Get("X-Amz-Target") != "":
		return jsonProtocol
	case form.Get("Action") == "" && r.URL.Query().Get("Action") == "":
		return s3Protocol
	}
	return queryProtocol
}

var (
	queryProtocol = protocol{name: "awsquery",
		status: map[string]int{"throttle": 400, "unavailable": 503, "internal": 500},
		code:   map[string]string{"throttle": "Throttling", "unavailable": "ServiceUnavailable", "internal": "InternalFailure"},
		write: func(w http.ResponseWriter, status int, code, msg string) {
			xmlAnswer(w, status, fmt.Sprintf(`<ErrorResponse><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>`,
				errType(status), code, msg))
		}}
	ec2Protocol = protocol{name: "ec2",
		status: map[string]int{"throttle": 503, "unavailable": 503, "internal": 500},
		code:   map[string]string{"throttle": "RequestLimitExceeded", "unavailable": "Unavailable", "internal": "InternalError"},
		write: func(w http.ResponseWriter, status int, code, msg string) {
			xmlAnswer(w, status, fmt.Sprintf(`<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>fault-1</RequestID></Response>`, code, msg))
		}}
	jsonProtocol = protocol{name: "json",
		status: map[string]int{"throttle": 400, "unavailable": 503, "internal": 500},
		code:   map[string]string{"throttle": "ThrottlingException", "unavailable": "ServiceUnavailable", "internal": "InternalServerError"},
		write: func(w http.ResponseWriter, status int, code, msg string) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
		}}
	s3Protocol = protocol{name: "s3",
		status: map[string]int{"throttle": 503, "unavailable": 503, "internal": 500},
		code:   map[string]string{"throttle": "SlowDown", "unavailable": "ServiceUnavailable", "internal": "InternalError"},
		write: func(w http.ResponseWriter, status int, code, msg string) {
			xmlAnswer(w, status, fmt.Sprintf(`<Error><Code>%s</Code><Message>%s</Message><RequestId>fault-1</RequestId></Error>`, code, msg))
		}}
)

func errType(status int) string {
	if status >= 500 {
		return "Receiver"
	}
	return "Sender"
}

func xmlAnswer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = strings.NewReader(body).WriteTo(w)
}
