package octopus_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/octopus"
	"github.com/stackctl/stackctl/internal/octopus/octopustest"
)

const key = "API-TESTKEY0000000000000000000"

// fakeOctopus has a Default space with Production and Staging, n machines
// in Production (Machines-1…n named i-…01…), one in Staging, and one in
// another space.
func fakeOctopus(t *testing.T, n int) *octopustest.Server {
	t.Helper()
	s := octopustest.New(t, key)
	s.AddSpace("Spaces-1", "Default", true)
	s.AddSpace("Spaces-2", "Other", false)
	s.AddEnvironment("Spaces-1", "Environments-1", "Production")
	s.AddEnvironment("Spaces-1", "Environments-2", "Staging")
	s.AddEnvironment("Spaces-2", "Environments-3", "Production")
	for i := 1; i <= n; i++ {
		s.AddMachine(octopustest.Machine{ID: fmt.Sprintf("Machines-%d", i), Name: fmt.Sprintf("i-00000000000000%03d", i),
			Space: "Spaces-1", Environments: []string{"Environments-1"}, Roles: []string{"Authoring"}})
	}
	s.AddMachine(octopustest.Machine{ID: "Machines-100", Name: "i-0000000000000f100", Space: "Spaces-1", Environments: []string{"Environments-2"}, Roles: []string{"Authoring"}})
	s.AddMachine(octopustest.Machine{ID: "Machines-200", Name: "i-0000000000000f200", Space: "Spaces-2", Environments: []string{"Environments-3"}, Roles: []string{"Authoring"}})
	return s
}

func newClient(t *testing.T, url, apiKey string, pageSize int) *octopus.Client {
	t.Helper()
	c, err := octopus.NewClient(url, apiKey)
	require.NoError(t, err)
	c.PageSize = pageSize
	return c
}

func names(ms []octopus.Machine) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func TestOctopusListMachinesFollowsPages(t *testing.T) {
	s := fakeOctopus(t, 7)
	ms, err := newClient(t, s.URL, key, 2).ListMachines(t.Context(), octopus.Scope{Space: "Default", Environment: "Production"})
	require.NoError(t, err)
	require.Len(t, ms, 7)
	require.Equal(t, "i-00000000000000001", ms[0].Name)
	require.Equal(t, "i-00000000000000007", ms[6].Name)
	require.Equal(t, "Spaces-1", ms[0].SpaceID)
	require.Equal(t, []string{
		"GET /api/spaces/all",
		"GET /api/Spaces-1/environments/all",
		"GET /api/Spaces-1/machines?environmentIds=Environments-1&skip=0&take=2",
		"GET /api/Spaces-1/machines?environmentIds=Environments-1&skip=2&take=2",
		"GET /api/Spaces-1/machines?environmentIds=Environments-1&skip=4&take=2",
		"GET /api/Spaces-1/machines?environmentIds=Environments-1&skip=6&take=2",
	}, s.Requests())
}

// A server that caps take below the page size is still read to the end.
func TestOctopusListMachinesServerCapsTake(t *testing.T) {
	s := fakeOctopus(t, 5)
	s.MaxTake = 2
	ms, err := newClient(t, s.URL, key, 100).ListMachines(t.Context(), octopus.Scope{Environment: "production"})
	require.NoError(t, err, "empty space is the default one; names match case-insensitively")
	require.Len(t, ms, 5)
	require.Len(t, s.Requests(), 2+3)
}

func TestOctopusListMachinesOtherSpace(t *testing.T) {
	s := fakeOctopus(t, 3)
	ms, err := newClient(t, s.URL, key, 2).ListMachines(t.Context(), octopus.Scope{Space: "Other", Environment: "Production"})
	require.NoError(t, err)
	require.Equal(t, []string{"i-0000000000000f200"}, names(ms))
}

func TestOctopusNotFound(t *testing.T) {
	s := fakeOctopus(t, 1)
	c := newClient(t, s.URL, key, 2)
	_, err := c.ListMachines(t.Context(), octopus.Scope{Space: "Nope", Environment: "Production"})
	var nf *octopus.NotFoundError
	require.ErrorAs(t, err, &nf)
	require.EqualError(t, err, `octopus space "Nope" not found`)
	_, err = c.ListMachines(t.Context(), octopus.Scope{Space: "Default", Environment: "QA"})
	require.EqualError(t, err, `octopus environment "QA" not found`)
}

func TestOctopusRejectedKey(t *testing.T) {
	s := fakeOctopus(t, 1)
	_, err := newClient(t, s.URL, "API-WRONG", 2).ListMachines(t.Context(), octopus.Scope{Environment: "Production"})
	var ae *octopus.AuthError
	require.ErrorAs(t, err, &ae)
	require.EqualError(t, err, "octopus rejected the API key (401)")
	require.NotContains(t, err.Error(), "API-WRONG")
}

func TestOctopusDeleteMachine(t *testing.T) {
	s := fakeOctopus(t, 2)
	c := newClient(t, s.URL, key, 2)
	m := octopus.Machine{ID: "Machines-2", SpaceID: "Spaces-1"}
	require.NoError(t, c.DeleteMachine(t.Context(), m))
	require.NoError(t, c.DeleteMachine(t.Context(), m), "already gone (404) is not an error")
	require.Equal(t, []string{"Machines-2"}, s.Deleted())
	require.Contains(t, s.Requests(), "DELETE /api/Spaces-1/machines/Machines-2")
}

func TestOctopusServerError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"ErrorMessage":"There was a problem\nwith your request.","Errors":["x"]}`))
	}))
	defer srv.Close()
	_, err := newClient(t, srv.URL, key, 2).ListMachines(t.Context(), octopus.Scope{Environment: "Production"})
	var ae *octopus.APIError
	require.ErrorAs(t, err, &ae)
	require.EqualError(t, err, "octopus GET /api/spaces/all: HTTP 500: There was a problem with your request.")
}

// The API key must not follow a redirect to another host.
func TestOctopusRedirectToOtherHostRefused(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("X-Octopus-ApiKey") != ""
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+other.URL[len("http://127.0.0.1:"):]+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	_, err := newClient(t, srv.URL, key, 2).ListMachines(t.Context(), octopus.Scope{Environment: "Production"})
	require.ErrorContains(t, err, "redirected to another host")
	require.False(t, leaked)
}

func TestOctopusNewClientRejects(t *testing.T) {
	for _, u := range []string{"", "octopus.example.com", "ftp://x", "https://"} {
		_, err := octopus.NewClient(u, key)
		require.Error(t, err, u)
	}
	_, err := octopus.NewClient("https://octopus.example.com", "")
	require.EqualError(t, err, "octopus API key is empty")
}
