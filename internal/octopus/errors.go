package octopus

import "fmt"

// AuthError is Octopus refusing the API key (HTTP 401 or 403).
type AuthError struct{ Status int }

func (e *AuthError) Error() string {
	return fmt.Sprintf("octopus rejected the API key (%d)", e.Status)
}

// NotFoundError is a space or environment the config names that the
// server does not have.
type NotFoundError struct{ Kind, Name string }

func (e *NotFoundError) Error() string {
	if e.Name == "" {
		return "octopus has no " + e.Kind
	}
	return fmt.Sprintf("octopus %s %q not found", e.Kind, e.Name)
}

// APIError is any other unsuccessful answer; Message is the server's
// ErrorMessage when it sent one.
type APIError struct {
	Method, Path string
	Status       int
	Message      string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("octopus %s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}
