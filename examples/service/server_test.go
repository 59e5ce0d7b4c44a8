package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
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
	ts, _, sc := newTestServerWith(t, defaultConfig(), io.Discard)
	return ts, sc
}

// newTestServerWith serves the quickstart scenario in process with cfg,
// logging to logOut.
func newTestServerWith(t *testing.T, cfg config, logOut io.Writer) (*httptest.Server, *server, *simulate.Scenario) {
	t.Helper()
	data, err := os.ReadFile(scenarioFile)
	require.NoError(t, err)
	sc, err := simulate.Parse(data)
	require.NoError(t, err)
	srv := newServer(sc.Snapshot, rules.NewRegistry(sc.Rules), cfg, slog.New(slog.NewJSONHandler(logOut, nil)))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, srv, sc
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

// do sends a request, its body (if any) as application/json, and returns
// the status and body of the answer.
func do(t *testing.T, method, url string, body []byte) (int, []byte) {
	t.Helper()
	resp, out := doWith(t, method, url, body, nil)
	return resp.StatusCode, out
}

// doWith is do with headers (set to "" to remove one), returning the whole
// answer.
func doWith(t *testing.T, method, url string, body []byte, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	if header["Transfer-Encoding"] == "chunked" { // a body of unknown length
		r = io.MultiReader(r)
		delete(header, "Transfer-Encoding")
	}
	req, err := http.NewRequest(method, url, r)
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, out
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
	usdRules := strings.Replace(string(ruleFile(t, "v-usd", 1)), `"version":`, `"currency":"USD","version":`, 1)
	unknownNode := strings.Replace(string(ruleFile(t, "v-lyom", 1)), `"filters":{`, `"filters":{"exclude_nodes":["store-lyom"],`, 1)
	tests := []struct {
		name, method, path string
		body               []byte
		header             map[string]string
		code               int
		mention            []string
	}{
		{"malformed order", "POST", "/solve", []byte(`{"id":`), nil, 400, []string{"truncated"}},
		{"unknown order field", "POST", "/solve", []byte(strings.Replace(string(order), `"id"`, `"idd"`, 1)), nil, 400, []string{"order.idd: unknown field"}},
		{"unknown sku", "POST", "/solve", []byte(strings.Replace(string(order), `"SHOE-TRAIL-42"`, `"NOPE"`, 1)), nil, 400, []string{`no such item`}},
		{"negative qty", "POST", "/solve", []byte(strings.Replace(string(order), `"qty": 1`, `"qty": -1`, 1)), nil, 400, []string{"qty"}},
		{"negative k", "POST", "/solve?k=-1", order, nil, 400, []string{"k", "[0, 100]"}},
		{"k too large", "POST", "/solve?k=101", order, nil, 400, []string{"k", "[0, 100]"}},
		{"k not a number", "POST", "/solve?k=two", order, nil, 400, []string{`k: "two"`}},
		{"not JSON", "POST", "/solve", order, map[string]string{"Content-Type": "text/plain"}, 415, []string{`Content-Type "text/plain"`, "application/json"}},
		{"no content type", "POST", "/solve", order, map[string]string{"Content-Type": ""}, 415, []string{"application/json"}},
		{"form", "PUT", "/rules", order, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, []string{"application/json"}},
		{"other charset", "POST", "/solve", order, map[string]string{"Content-Type": "application/json; charset=latin1"}, 415, []string{"latin1"}},
		{"wrong method", "GET", "/solve", nil, nil, 405, []string{"method GET not allowed on /solve (allowed: POST)"}},
		{"unknown path", "GET", "/nope", nil, nil, 404, []string{"no such path: /nope"}},
		{"invalid rules", "PUT", "/rules", []byte(`{"version":"x","profiles":[{"name":"a","filters":{"max_km":-5}}]}`), nil, 400, []string{"profiles[0].filters.max_km"}},
		{"rules unknown field", "PUT", "/rules", []byte(`{"version":"x","profiles":[],"colour":1}`), nil, 400, []string{"colour: unknown field"}},
		{"reused version", "PUT", "/rules", ruleFile(t, "2026-11-02.3", 1), nil, 409, []string{"version already used"}},
		{"rules in another currency", "PUT", "/rules", []byte(usdRules), nil, 400, []string{`currency: "USD": the stock is in EUR`}},
		{"rules naming an unknown node", "PUT", "/rules", []byte(unknownNode), nil, 400, []string{`exclude_nodes[0]: "store-lyom": no such node in the stock`}},
		{"body too large", "POST", "/solve", bytes.Repeat([]byte(" "), 1<<20+10), nil, 413, []string{"1 MiB", "-max-body 1048576"}},
		{"body too large, length unknown", "POST", "/solve", bytes.Repeat([]byte(" "), 1<<20+10), map[string]string{"Transfer-Encoding": "chunked"}, 413, []string{"1 MiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := doWith(t, tt.method, ts.URL+tt.path, tt.body, tt.header)
			require.Equal(t, tt.code, resp.StatusCode, string(body))
			require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			text := errorText(t, body)
			for _, m := range tt.mention {
				require.Contains(t, text, m)
			}
			require.NotContains(t, string(body), "goroutine")
		})
	}
	// The rules refused left the rules in force.
	code, body := do(t, "GET", ts.URL+"/rules", nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `"version":"2026-11-02.3"`)
}

// TestSolveWhileSwappingRules solves concurrently while rules are swapped:
// every answer is whole and names a version that was in force.
func TestSolveWhileSwappingRules(t *testing.T) {
	cfg := defaultConfig()
	cfg.maxSolves = 16 // every solve of the test at once
	ts, _, sc := newTestServerWith(t, cfg, io.Discard)
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
