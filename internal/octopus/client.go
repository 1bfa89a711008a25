package octopus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client speaks the Octopus REST API: JSON over HTTP with the API key in
// the X-Octopus-ApiKey header. It knows only the endpoints Prune uses.
type Client struct {
	base *url.URL
	key  string
	http *http.Client
	// PageSize is the take of each machines request (default 100).
	PageSize int
}

// RequestTimeout bounds each request; the caller's context bounds the whole.
const RequestTimeout = 30 * time.Second

// NewClient returns a client for the server at serverURL (the address of
// the web portal, e.g. https://octopus.example.com) with apiKey.
func NewClient(serverURL, apiKey string) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(serverURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("octopus server %q: want an http(s) URL", serverURL)
	}
	if apiKey == "" {
		return nil, errors.New("octopus API key is empty")
	}
	host := u.Host
	hc := &http.Client{
		Timeout: RequestTimeout,
		// Go forwards custom headers (the API key) on redirects, also to
		// another host: refuse those.
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Host != host {
				return fmt.Errorf("octopus redirected to another host (%s): not sending the API key there", req.URL.Host)
			}
			if len(via) >= 5 {
				return errors.New("octopus redirected too often")
			}
			return nil
		},
	}
	return &Client{base: u, key: apiKey, http: hc, PageSize: 100}, nil
}

// get decodes the JSON answer to GET /api/<path>?<query> into v.
func (c *Client) get(ctx context.Context, path string, query url.Values, v any) error {
	resp, err := c.do(ctx, http.MethodGet, path, query)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(v); err != nil {
		return fmt.Errorf("octopus GET %s: decode answer: %w", c.display(path), err)
	}
	return nil
}

// del sends DELETE /api/<path>; a 404 means it is already gone.
func (c *Client) del(ctx context.Context, path string) error {
	resp, err := c.do(ctx, http.MethodDelete, path, nil)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.Body.Close()
}

// do sends one request and turns any non-2xx answer into an error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values) (*http.Response, error) {
	u := *c.base
	u.Path = c.base.Path + "/api/" + path
	u.RawQuery = query.Encode()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Octopus-ApiKey", c.key)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("octopus %s %s: %w", method, c.display(path), unwrapURL(err))
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return nil, &AuthError{Status: resp.StatusCode}
	}
	return nil, &APIError{Method: method, Path: c.display(path), Status: resp.StatusCode, Message: errorMessage(resp.Body)}
}

// display is the path shown in errors: no host, no query.
func (c *Client) display(path string) string { return "/api/" + path }

// errorMessage reads Octopus's {"ErrorMessage": "..."} body, if any.
func errorMessage(r io.Reader) string {
	var body struct{ ErrorMessage string }
	if json.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&body) != nil {
		return ""
	}
	return strings.Join(strings.Fields(body.ErrorMessage), " ")
}

// unwrapURL drops *url.Error's "Get \"https://…\":" prefix: the caller
// already names the method and path.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
