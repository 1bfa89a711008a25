package octopus

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Scope selects the machines to consider: a space ("" for the server's
// default space) and an environment, both by name.
type Scope struct{ Space, Environment string }

// Machine is a deployment target as the machines endpoint returns it
// (only the fields Prune uses).
type Machine struct {
	ID             string   `json:"Id"`
	Name           string   `json:"Name"`
	SpaceID        string   `json:"SpaceId"`
	EnvironmentIDs []string `json:"EnvironmentIds"`
	Roles          []string `json:"Roles"`
	HealthStatus   string   `json:"HealthStatus"`
	IsDisabled     bool     `json:"IsDisabled"`
}

// named is an item of /api/spaces/all or /api/{space}/environments/all.
type named struct {
	ID        string `json:"Id"`
	Name      string `json:"Name"`
	IsDefault bool   `json:"IsDefault"`
}

// page is Octopus's paged collection.
type page struct {
	ItemType     string            `json:"ItemType"`
	TotalResults int               `json:"TotalResults"`
	ItemsPerPage int               `json:"ItemsPerPage"`
	Items        []Machine         `json:"Items"`
	Links        map[string]string `json:"Links"`
}

// maxPages bounds the paging loop against a server that never ends.
const maxPages = 10000

// ListMachines returns every machine registered in the scope's
// environment, following the pages to the end.
//
// It advances skip by the items received and stops at TotalResults (or
// an empty page) instead of following Links["Page.Next"]: the arithmetic
// does not depend on how the server spells its links behind a proxy or a
// virtual directory, and a server that caps take below PageSize is
// still read to the end.
func (c *Client) ListMachines(ctx context.Context, s Scope) ([]Machine, error) {
	spaceID, err := c.spaceID(ctx, s.Space)
	if err != nil {
		return nil, err
	}
	envID, err := c.environmentID(ctx, spaceID, s.Environment)
	if err != nil {
		return nil, err
	}
	var all []Machine
	for skip, n := 0, 0; ; n++ {
		if n == maxPages {
			return nil, fmt.Errorf("octopus machines: more than %d pages", maxPages)
		}
		q := url.Values{"environmentIds": {envID}, "skip": {strconv.Itoa(skip)}, "take": {strconv.Itoa(c.take())}}
		var p page
		if err := c.get(ctx, url.PathEscape(spaceID)+"/machines", q, &p); err != nil {
			return nil, err
		}
		all = append(all, inEnvironment(p.Items, spaceID, envID)...)
		skip += len(p.Items)
		if len(p.Items) == 0 || skip >= p.TotalResults {
			return all, nil
		}
	}
}

// DeleteMachine deletes one registration; one already gone is no error.
func (c *Client) DeleteMachine(ctx context.Context, m Machine) error {
	return c.del(ctx, url.PathEscape(m.SpaceID)+"/machines/"+url.PathEscape(m.ID))
}

func (c *Client) take() int {
	if c.PageSize <= 0 {
		return 100
	}
	return c.PageSize
}

// inEnvironment keeps the machines really in envID and sets their space:
// a server that ignored the environmentIds filter must not widen the
// prune to other environments.
func inEnvironment(ms []Machine, spaceID, envID string) []Machine {
	var out []Machine
	for _, m := range ms {
		if slices.Contains(m.EnvironmentIDs, envID) {
			m.SpaceID = spaceID
			out = append(out, m)
		}
	}
	return out
}

// spaceID resolves a space name ("" for the default space).
func (c *Client) spaceID(ctx context.Context, name string) (string, error) {
	var spaces []named
	if err := c.get(ctx, "spaces/all", nil, &spaces); err != nil {
		return "", err
	}
	for _, s := range spaces {
		if (name == "" && s.IsDefault) || (name != "" && strings.EqualFold(s.Name, name)) {
			return s.ID, nil
		}
	}
	if name == "" {
		return "", &NotFoundError{Kind: "default space"}
	}
	return "", &NotFoundError{Kind: "space", Name: name}
}

// environmentID resolves an environment name in a space.
func (c *Client) environmentID(ctx context.Context, spaceID, name string) (string, error) {
	var envs []named
	if err := c.get(ctx, url.PathEscape(spaceID)+"/environments/all", nil, &envs); err != nil {
		return "", err
	}
	for _, e := range envs {
		if strings.EqualFold(e.Name, name) {
			return e.ID, nil
		}
	}
	return "", &NotFoundError{Kind: "environment", Name: name}
}
