package main

import (
	"bufio"
	"bytes"
	"encoding/json"

	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSolveDefaultK: ?k=0 means the default, as in orchestrate.Options.
func TestSolveDefaultK(t *testing.T) {
	ts, _ := newTestServer(t)
	order := orderJSON(t)
	_, none := do(t, "POST", ts.URL+"/solve", order)
	for _, k := range []string{"0", "3"} {
		code, body := do(t, "POST", ts.URL+"/solve?k="+k, order)
		require.Equal(t, http.StatusOK, code, string(body))
		require.JSONEq(t, string(none), string(body), "k=%s", k)
	}
	var res struct{ Plans []json.RawMessage }
	require.NoError(t, json.Unmarshal(none, &res))
	require.Len(t, res.Plans, 3)
}

// TestPutSameRules: swapping in the rules in force again is a no-op whose
// changes are an empty list, not null.
func TestPutSameRules(t *testing.T) {
	ts, _ := newTestServer(t)
	_, current := do(t, "GET", ts.URL+"/rules", nil)
	code, body := do(t, "PUT", ts.URL+"/rules", current)
	require.Equal(t, http.StatusOK, code, string(body))
	require.JSONEq(t, `{"version": "2026-11-02.3", "changes": []}`, string(body))
}

// TestPanic: a handler that panics is answered a JSON 500 and logged with
// its stack; the server goes on.
func TestPanic(t *testing.T) {
	var logs syncBuffer
	ts, srv, _ := newTestServerWith(t, defaultConfig(), &logs)
	srv.mux.HandleFunc("GET /panic", func(http.ResponseWriter, *http.Request) { panic("index out of range") })
	resp, body := doWith(t, "GET", ts.URL+"/panic", nil, nil)
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var e errorBody
	require.NoError(t, json.Unmarshal(body, &e), string(body))
	require.Contains(t, e.Error, "internal error")
	require.NotContains(t, string(body), "goroutine", "the stack is logged, not answered")
	panicLog := logLine(t, logs.String(), "panic")
	require.Equal(t, "index out of range", panicLog["panic"])
	require.Contains(t, panicLog["stack"], "goroutine")
	require.Equal(t, float64(500), logLine(t, logs.String(), "request")["status"])
	code, _ := do(t, "GET", ts.URL+"/healthz", nil)
	require.Equal(t, http.StatusOK, code)
}

// TestBusy: with -max-solves solves running, a solve is refused at once
// with 503 and Retry-After, and counted.
func TestBusy(t *testing.T) {
	cfg := defaultConfig()
	cfg.maxSolves = 2
	ts, srv, _ := newTestServerWith(t, cfg, &bytes.Buffer{})
	for range cfg.maxSolves {
		srv.slots <- struct{}{} // solves running
	}
	resp, body := doWith(t, "POST", ts.URL+"/solve", orderJSON(t), nil)
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, string(body))
	require.Equal(t, "1", resp.Header.Get("Retry-After"))
	require.Contains(t, errorText(t, body), "busy: 2 solves running")
	metrics := getMetrics(t, ts.URL)
	require.Equal(t, "1", metrics["sourcing_solves_refused_total"])
	require.Equal(t, "2", metrics["sourcing_solves_in_flight"])
	<-srv.slots
	code, body := do(t, "POST", ts.URL+"/solve", orderJSON(t))
	require.Equal(t, http.StatusOK, code, string(body))
}

// TestApply walks the stock the service holds through solves and applies:
// a plan applied on the version it was solved on takes its units; the same
// version again is stale (412); If-Match * applies on the current stock
// until the units are gone (409); malformed requests are 400 or 428.
func TestApply(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, body := doWith(t, "POST", ts.URL+"/solve?k=1", orderJSON(t), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Equal(t, "1", resp.Header.Get("Stock-Version"))
	allocs := allocationsOf(t, body)
	apply := func(ifMatch string, body string) (*http.Response, []byte) {
		return doWith(t, "POST", ts.URL+"/apply", []byte(body), map[string]string{"If-Match": ifMatch})
	}
	resp, body = apply(`"1"`, allocs)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.JSONEq(t, `{"stock_version": 2, "allocations": 2}`, string(body))
	require.Equal(t, `"2"`, resp.Header.Get("ETag"))

	resp, body = apply(`"1"`, allocs)
	require.Equal(t, http.StatusPreconditionFailed, resp.StatusCode, string(body))
	require.Equal(t, `"2"`, resp.Header.Get("ETag"))
	require.Contains(t, errorText(t, body), "version 2 now")

	// The plan's store had 4 shoes and 3 jackets: * applies until they are gone.
	var codes []int
	for range 4 {
		resp, _ := apply("*", allocs)
		codes = append(codes, resp.StatusCode)
	}
	require.Equal(t, []int{200, 200, 409, 409}, codes)
	resp, body = doWith(t, "GET", ts.URL+"/stock?sku=JACKET-RAIN-M", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Equal(t, `"4"`, resp.Header.Get("ETag"))
	require.Contains(t, string(body), `{"node":"store-grenoble","on_hand":3,"reserved":3,"safety":0,"available":0}`)

	for _, tt := range []struct {
		name, ifMatch, body string
		code                int
		mention             string
	}{
		{"no If-Match", "", allocs, 428, "If-Match missing"},
		{"weak tag", `W/"4"`, allocs, 412, "version 4 now"},
		{"unknown node", "*", `{"allocations": [{"node": "store-lyom", "sku": "BOTTLE-750", "qty": 1}]}`, 400, `allocations[0].node: "store-lyom": no such node`},
		{"unknown field", "*", `{"allocation": []}`, 400, `allocation: unknown field`},
		{"qty not a number", "*", `{"allocations": [{"node": "store-lyon", "sku": "BOTTLE-750", "qty": "1"}]}`, 400, `allocations.qty: "string": must be a JSON number`},
		{"no allocations", "*", `{"order": "x", "allocations": []}`, 400, "allocations: missing"},
		{"zero qty", "*", `{"allocations": [{"node": "store-lyon", "sku": "HEADLAMP-400", "qty": 0}]}`, 400, "allocations[0].qty: 0"},
		{"trailing data", "*", `{"allocations": []} {}`, 400, "data after the JSON object"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := apply(tt.ifMatch, tt.body)
			require.Equal(t, tt.code, resp.StatusCode, string(body))
			require.Contains(t, errorText(t, body), tt.mention)
		})
	}
	metrics := getMetrics(t, ts.URL)
	require.Equal(t, "4", metrics["sourcing_stock_version"])
	require.Equal(t, "3", metrics[`sourcing_stock_applies_total{outcome="applied"}`])
	require.Equal(t, "2", metrics[`sourcing_stock_applies_total{outcome="stale"}`])
	require.Equal(t, "2", metrics[`sourcing_stock_applies_total{outcome="conflict"}`])
}

// errorText returns the message and problems of a JSON error answer.
func errorText(t *testing.T, body []byte) string {
	t.Helper()
	var e errorBody
	require.NoError(t, json.Unmarshal(body, &e), "not a JSON error: %s", body)
	require.NotEmpty(t, e.Error)
	return strings.Join(append([]string{e.Error}, e.Problems...), "\n")
}

// allocationsOf returns the /apply body of plan 1 of a /solve answer.
func allocationsOf(t *testing.T, solveAnswer []byte) string {
	t.Helper()
	var res struct {
		Order string `json:"order"`
		Plans []struct {
			Shipments []struct {
				Node  string `json:"node"`
				Lines []struct {
					SKU string `json:"sku"`
					Qty int64  `json:"qty"`
				} `json:"lines"`
			} `json:"shipments"`
		} `json:"plans"`
	}
	require.NoError(t, json.Unmarshal(solveAnswer, &res))
	require.NotEmpty(t, res.Plans)
	type alloc struct {
		Node string `json:"node"`
		SKU  string `json:"sku"`
		Qty  int64  `json:"qty"`
	}
	req := struct {
		Order       string  `json:"order"`
		Allocations []alloc `json:"allocations"`
	}{Order: res.Order}
	for _, s := range res.Plans[0].Shipments {
		for _, l := range s.Lines {
			req.Allocations = append(req.Allocations, alloc{s.Node, l.SKU, l.Qty})
		}
	}
	out, err := json.Marshal(req)
	require.NoError(t, err)
	return string(out)
}

// sampleLine is a sample of the Prometheus text format: a metric name,
// labels, and a value.
var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$`)

// getMetrics reads /metrics, checks every line is in the Prometheus text
// format (each sample after the HELP and TYPE of its family), and returns
// the samples by name with labels.
func getMetrics(t *testing.T, url string) map[string]string {
	t.Helper()
	resp, body := doWith(t, "GET", url+"/metrics", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "text/plain; version=0.0.4; charset=utf-8", resp.Header.Get("Content-Type"))
	samples := map[string]string{}
	typed := map[string]string{} // family → type
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if f, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, kind, _ := strings.Cut(f, " ")
			require.Contains(t, []string{"counter", "gauge", "histogram"}, kind, line)
			typed[name] = kind
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		require.NotNil(t, m, "not a sample: %q", line)
		family := m[1]
		if typed[family] == "" {
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				if f, ok := strings.CutSuffix(family, suffix); ok && typed[f] == "histogram" {
					family = f
				}
			}
		}
		require.NotEmpty(t, typed[family], "sample before its TYPE: %q", line)
		samples[m[1]+m[2]] = m[3]
	}
	return samples
}

// TestMetrics: /metrics counts requests by route and status, solves, work,
// errors by sentinel, and the solve durations.
func TestMetrics(t *testing.T) {
	ts, _ := newTestServer(t)
	order := orderJSON(t)
	for range 3 {
		code, _ := do(t, "POST", ts.URL+"/solve", order)
		require.Equal(t, http.StatusOK, code)
	}
	do(t, "POST", ts.URL+"/solve", []byte(strings.Replace(string(order), `"SHOE-TRAIL-42"`, `"NOPE"`, 1)))
	do(t, "POST", ts.URL+"/solve", []byte(`{"id":`))
	do(t, "GET", ts.URL+"/nope", nil)
	m := getMetrics(t, ts.URL)
	for name, want := range map[string]string{
		`sourcing_http_requests_total{route="POST /solve",code="200"}`: "3",
		`sourcing_http_requests_total{route="POST /solve",code="400"}`: "2",
		`sourcing_http_requests_total{route="unmatched",code="404"}`:   "1",
		`sourcing_solves_total{optimal="true"}`:                        "3",
		`sourcing_solve_errors_total{error="unknown_sku"}`:             "1",
		`sourcing_solve_errors_total{error="invalid"}`:                 "1",
		`sourcing_solve_duration_seconds_count`:                        "4",
		`sourcing_solve_duration_seconds_bucket{le="+Inf"}`:            "4",
		`sourcing_solve_cuts_total{by="deadline"}`:                     "0",
	} {
		require.Equal(t, want, m[name], name)
	}
	require.NotEqual(t, "0", m["sourcing_solve_work_units_total"])
}

// TestRequestLog: one JSON line per request, with the solve's order, work
// and outcome.
func TestRequestLog(t *testing.T) {
	var logs syncBuffer
	ts, _, sc := newTestServerWith(t, defaultConfig(), &logs)
	code, _ := do(t, "POST", ts.URL+"/solve?k=1", orderJSON(t))
	require.Equal(t, http.StatusOK, code)
	line := logLine(t, logs.String(), "request")
	for k, want := range map[string]any{"method": "POST", "path": "/solve", "status": float64(200), "order": sc.Orders[0].ID,
		"optimal": true, "rules_version": "2026-11-02.3", "stock_version": float64(1)} {
		require.Equal(t, want, line[k], k)
	}
	require.Contains(t, line, "duration_ms")
	require.Positive(t, line["work"])
}

// logLine returns the last JSON log line with msg, and with the given
// key, value pairs if any.
func logLine(t *testing.T, logs, msg string, keyValues ...string) map[string]any {
	t.Helper()
	var found map[string]any
	for l := range strings.Lines(logs) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), "log line not JSON: %q", l)
		ok := m["msg"] == msg
		for i := 0; i+1 < len(keyValues); i += 2 {
			ok = ok && m[keyValues[i]] == keyValues[i+1]
		}
		if ok {
			found = m
		}
	}
	require.NotNil(t, found, "no log line %q in:\n%s", msg, logs)
	return found
}

// syncBuffer is a bytes.Buffer safe for a server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
