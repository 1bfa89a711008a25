// Package octopustest is an httptest Octopus Deploy server implementing
// exactly the endpoints stackctl uses — spaces, environments, the machines
// listing with skip/take paging, machine delete — with the payload shapes
// of the Octopus REST API (https://octopus.com/docs/octopus-rest-api).
package octopustest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Machine is a registered deployment target.
type Machine struct {
	ID, Name, Space string
	Environments    []string // environment ids
	Roles           []string
}

// Server is the fake. Configure it with AddSpace, AddEnvironment and
// AddMachine before use; read Deleted and Requests after.
type Server struct {
	*httptest.Server
	// Key is the API key the server accepts; anything else gets 401.
	Key string
	// MaxTake caps take, as Octopus caps it (0: no cap).
	MaxTake int
	// FailDelete lists machine ids whose delete answers 500.
	FailDelete []string

	mu       sync.Mutex
	spaces   []map[string]any
	envs     map[string][]map[string]any
	machines []Machine
	deleted  []string
	requests []string
}

// New starts a server on loopback that accepts key; it stops with t.
func New(t testing.TB, key string) *Server {
	s := &Server{Key: key, envs: map[string][]map[string]any{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// AddSpace adds a space.
func (s *Server) AddSpace(id, name string, isDefault bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.spaces = append(s.spaces, map[string]any{
		"Id": id, "Name": name, "Slug": strings.ToLower(name), "Description": "", "IsDefault": isDefault,
		"IsPrivate": false, "TaskQueueStopped": false, "SpaceManagersTeams": []string{"teams-administrators"},
		"SpaceManagersTeamMembers": []string{}, "LastModifiedBy": "admin",
		"Links": map[string]string{"Self": "/api/spaces/" + id, "SpaceHome": "/api/" + id},
	})
}

// AddEnvironment adds an environment to a space.
func (s *Server) AddEnvironment(space, id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.envs[space] = append(s.envs[space], map[string]any{
		"Id": id, "Name": name, "Slug": strings.ToLower(name), "Description": "", "SortOrder": len(s.envs[space]),
		"UseGuidedFailure": false, "AllowDynamicInfrastructure": true, "SpaceId": space, "ExtensionSettings": []any{},
		"Links": map[string]string{"Self": "/api/" + space + "/environments/" + id, "Machines": "/api/" + space + "/environments/" + id + "/machines{?skip,take,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags,shellNames}"},
	})
}

// AddMachine registers a machine.
func (s *Server) AddMachine(m Machine) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.machines = append(s.machines, m)
}

// Deleted returns the ids of the machines deleted so far, in order.
func (s *Server) Deleted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deleted)
}

// Remaining returns the names of the machines still registered.
func (s *Server) Remaining() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for _, m := range s.machines {
		names = append(names, m.Name)
	}
	return names
}

// Requests returns "METHOD /path?query" for every request, in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	if r.Header.Get("X-Octopus-ApiKey") != s.Key {
		writeJSON(w, http.StatusUnauthorized, map[string]any{
			"ErrorMessage": "You must be logged in to perform this action. Please provide a valid API key or log in again.",
			"Errors":       []string{}, "ParsedHelpLinks": []string{},
		})
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/"), "/")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/api/spaces/all":
		writeJSON(w, http.StatusOK, s.spaces)
	case r.Method == http.MethodGet && len(parts) == 3 && parts[1] == "environments" && parts[2] == "all":
		writeJSON(w, http.StatusOK, nonNil(s.envs[parts[0]]))
	case r.Method == http.MethodGet && len(parts) == 2 && parts[1] == "machines":
		s.listMachines(w, r, parts[0])
	case r.Method == http.MethodDelete && len(parts) == 3 && parts[1] == "machines":
		s.deleteMachine(w, parts[0], parts[2])
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"ErrorMessage": "The resource you requested was not found.", "Errors": []string{}})
	}
}

func (s *Server) listMachines(w http.ResponseWriter, r *http.Request, space string) {
	q := r.URL.Query()
	skip, _ := strconv.Atoi(q.Get("skip"))
	take, err := strconv.Atoi(q.Get("take"))
	if err != nil {
		take = 30 // Octopus's default page size
	}
	if s.MaxTake > 0 && take > s.MaxTake {
		take = s.MaxTake
	}
	envIDs := strings.Split(q.Get("environmentIds"), ",")
	var match []Machine
	for _, m := range s.machines {
		if m.Space == space && (q.Get("environmentIds") == "" || slices.ContainsFunc(envIDs, func(e string) bool { return slices.Contains(m.Environments, e) })) {
			match = append(match, m)
		}
	}
	items := []any{}
	for i := skip; i < len(match) && i < skip+take; i++ {
		items = append(items, machineJSON(match[i]))
	}
	writeJSON(w, http.StatusOK, page(space, q.Get("environmentIds"), skip, take, len(match), items))
}

func page(space, envs string, skip, take, total int, items []any) map[string]any {
	base := fmt.Sprintf("/api/%s/machines?environmentIds=%s&", space, envs)
	links := map[string]string{
		"Self":         fmt.Sprintf("%sskip=%d&take=%d", base, skip, take),
		"Template":     "/api/" + space + "/machines{?skip,take,name,ids,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags,environmentIds,thumbprint,deploymentId,shellNames,deploymentTargetTypes}",
		"Page.All":     base + "skip=0&take=2147483647",
		"Page.Current": fmt.Sprintf("%sskip=%d&take=%d", base, skip, take),
	}
	if skip+take < total {
		links["Page.Next"] = fmt.Sprintf("%sskip=%d&take=%d", base, skip+take, take)
	}
	pages := (total + take - 1) / take
	return map[string]any{
		"ItemType": "DeploymentTarget", "TotalResults": total, "ItemsPerPage": take,
		"NumberOfPages": pages, "LastPageNumber": max(pages-1, 0), "Items": items, "Links": links,
	}
}

func machineJSON(m Machine) map[string]any {
	return map[string]any{
		"Id": m.ID, "Name": m.Name, "SpaceId": m.Space, "EnvironmentIds": m.Environments, "Roles": m.Roles,
		"TenantIds": []string{}, "TenantTags": []string{}, "TenantedDeploymentParticipation": "Untenanted",
		"IsDisabled": false, "MachinePolicyId": "MachinePolicies-2", "HealthStatus": "Unavailable",
		"HasLatestCalamari": true, "StatusSummary": "The machine is unavailable.", "IsInProcess": false,
		"OperatingSystem": "Microsoft Windows Server 2022", "ShellName": "PowerShell", "ShellVersion": "5.1",
		"Architecture": "x64", "Status": "Offline", "Thumbprint": "8D9C1A7C2C4E1F2A3B4C5D6E7F8091A2B3C4D5E6",
		"Uri": "poll://" + strings.ToLower(m.ID) + "/",
		"Endpoint": map[string]any{
			"CommunicationStyle": "TentacleActive", "Uri": "poll://" + strings.ToLower(m.ID) + "/",
			"Thumbprint": "8D9C1A7C2C4E1F2A3B4C5D6E7F8091A2B3C4D5E6", "Id": nil, "LastModifiedBy": nil, "Links": map[string]string{},
		},
		"Links": map[string]string{
			"Self":            "/api/" + m.Space + "/machines/" + m.ID,
			"Connection":      "/api/" + m.Space + "/machines/" + m.ID + "/connection",
			"TasksForMachine": "/api/" + m.Space + "/machines/" + m.ID + "/tasks{?skip,take,type}",
		},
	}
}

func (s *Server) deleteMachine(w http.ResponseWriter, space, id string) {
	if slices.Contains(s.FailDelete, id) {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"ErrorMessage": "There was a problem with your request.", "Errors": []string{"injected"}})
		return
	}
	for i, m := range s.machines {
		if m.Space == space && m.ID == id {
			s.machines = slices.Delete(s.machines, i, i+1)
			s.deleted = append(s.deleted, id)
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]any{"ErrorMessage": "The resource you requested was not found.", "Errors": []string{}})
}

func nonNil(v []map[string]any) []map[string]any {
	if v == nil {
		return []map[string]any{}
	}
	return v
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
