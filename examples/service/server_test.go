package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
)

const scenarioFile = "../../testdata/quickstart.json"

func newTestServer(t *testing.T) (*httptest.Server, *simulate.Scenario) {
	t.Helper()
	data, err := os.ReadFile(scenarioFile)
	require.NoError(t, err)
	sc, err := simulate.Parse(data)
	require.NoError(t, err)
	ts := httptest.NewServer(newServer(sc.Snapshot, rules.NewRegistry(sc.Rules)))
	t.Cleanup(ts.Close)
	return ts, sc
}

// orderJSON returns the scenario's first order as JSON.
func orderJSON(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(scenarioFile)
	require.NoError(t, err)
	var doc struct {
		Orders []json.RawMessage `json:"orders"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc.Orders[0]
}

// ruleFile returns the scenario's policy as a rule file with a new version
// and split penalty.
func ruleFile(t *testing.T, version string, split int) []byte {
	t.Helper()
	data, err := os.ReadFile(scenarioFile)
	require.NoError(t, err)
	var doc struct {
		Policy map[string]any `json:"policy"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	doc.Policy["version"] = version
	for _, p := range doc.Policy["profiles"].([]any) {
		p.(map[string]any)["weights"].(map[string]any)["split"] = split
	}
	out, err := json.Marshal(doc.Policy)
	require.NoError(t, err)
	return out
}

func do(t *testing.T, method, url string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, out
}

func TestSolve(t *testing.T) {
	ts, sc := newTestServer(t)
	code, body := do(t, "POST", ts.URL+"/solve?k=2", orderJSON(t))
	require.Equal(t, http.StatusOK, code, string(body))
	var res struct {
		Order         string `json:"order"`
		PolicyVersion string `json:"policy_version"`
		Optimal       bool   `json:"optimal"`
		Plans         []struct {
			Rank      int   `json:"rank"`
			Cost      int64 `json:"cost"`
			Shipments []struct {
				Node string `json:"node"`
			} `json:"shipments"`
		} `json:"plans"`
	}
	require.NoError(t, json.Unmarshal(body, &res))
	require.Equal(t, sc.Orders[0].ID, res.Order)
	require.Equal(t, sc.Rules.Version(), res.PolicyVersion)
	require.True(t, res.Optimal)
	require.Len(t, res.Plans, 2)
	require.LessOrEqual(t, res.Plans[0].Cost, res.Plans[1].Cost)
}

func TestHealthAndRules(t *testing.T) {
	ts, sc := newTestServer(t)
	code, body := do(t, "GET", ts.URL+"/healthz", nil)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "ok\n", string(body))
	code, body = do(t, "GET", ts.URL+"/rules", nil)
	require.Equal(t, http.StatusOK, code)
	rs, err := rules.Parse(body)
	require.NoError(t, err, "GET /rules must answer a rule file that parses")
	require.Equal(t, sc.Rules.Version(), rs.Version())

	code, body = do(t, "PUT", ts.URL+"/rules", ruleFile(t, "v-next", 1234))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), `"version":"v-next"`)
	require.Contains(t, string(body), "split")
	require.Contains(t, string(body), "1234")
	code, body = do(t, "GET", ts.URL+"/rules", nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `"version":"v-next"`)
	// The carriers were kept from the rules in force.
	rs, err = rules.Parse(body)
	require.NoError(t, err)
	require.NotEmpty(t, rs.Carriers())
}

func TestBadRequests(t *testing.T) {
	ts, _ := newTestServer(t)
	order := orderJSON(t)
	tests := []struct {
		name, method, path string
		body               []byte
		code               int
		mention            string
	}{
		{"malformed order", "POST", "/solve", []byte(`{"id":`), 400, "truncated"},
		{"unknown order field", "POST", "/solve", []byte(strings.Replace(string(order), `"id"`, `"idd"`, 1)), 400, "order.idd: unknown field"},
		{"unknown sku", "POST", "/solve", []byte(strings.Replace(string(order), `"SHOE-TRAIL-42"`, `"NOPE"`, 1)), 400, `no such item`},
		{"negative qty", "POST", "/solve", []byte(strings.Replace(string(order), `"qty": 1`, `"qty": -1`, 1)), 400, "qty"},
		{"bad k", "POST", "/solve?k=0", order, 400, "k"},
		{"wrong method", "GET", "/solve", nil, 405, ""},
		{"unknown path", "GET", "/nope", nil, 404, ""},
		{"invalid rules", "PUT", "/rules", []byte(`{"version":"x","profiles":[{"name":"a","filters":{"max_km":-5}}]}`), 400, "profiles[0].filters.max_km"},
		{"rules unknown field", "PUT", "/rules", []byte(`{"version":"x","profiles":[],"colour":1}`), 400, "colour: unknown field"},
		{"reused version", "PUT", "/rules", ruleFile(t, "2026-11-02.3", 1), 409, "version already used"},
		{"body too large", "POST", "/solve", bytes.Repeat([]byte(" "), maxBody+10), 413, "1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := do(t, tt.method, ts.URL+tt.path, tt.body)
			require.Equal(t, tt.code, code, string(body))
			require.Contains(t, string(body), tt.mention)
			require.NotContains(t, string(body), "goroutine")
		})
	}
}

// TestSolveWhileSwappingRules solves concurrently while rules are swapped:
// every answer is whole and names a version that was in force.
func TestSolveWhileSwappingRules(t *testing.T) {
	ts, sc := newTestServer(t)
	order := orderJSON(t)
	versions := map[string]bool{sc.Rules.Version(): true}
	var mu sync.Mutex
	var wg sync.WaitGroup
	const swaps = 20
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range swaps {
			v := fmt.Sprintf("swap-%d", i)
			mu.Lock()
			versions[v] = true
			mu.Unlock()
			code, body := do(t, "PUT", ts.URL+"/rules", ruleFile(t, v, 100*i))
			if code != http.StatusOK {
				t.Errorf("PUT /rules %s: %d %s", v, code, body)
			}
		}
	}()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				code, body := do(t, "POST", ts.URL+"/solve", order)
				if code != http.StatusOK {
					t.Errorf("POST /solve: %d %s", code, body)
					return
				}
				var res struct {
					PolicyVersion string            `json:"policy_version"`
					Plans         []json.RawMessage `json:"plans"`
				}
				if err := json.Unmarshal(body, &res); err != nil || len(res.Plans) == 0 {
					t.Errorf("bad answer %s: %v", body, err)
					return
				}
				mu.Lock()
				known := versions[res.PolicyVersion]
				mu.Unlock()
				if !known {
					t.Errorf("answer names version %q, never in force", res.PolicyVersion)
				}
			}
		}()
	}
	wg.Wait()
}
