package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// expected is the form of the shared worked examples' expected costs.
type expected struct {
	Orders []struct {
		Order     string  `json:"order"`
		Mode      string  `json:"mode"`
		Profile   string  `json:"profile"`
		PlanCosts []int64 `json:"plan_costs"`
		Error     bool    `json:"error"`
	} `json:"orders"`
}

type output struct {
	Results []struct {
		Order   string `json:"order"`
		Profile string `json:"profile"`
		Optimal bool   `json:"optimal"`
		Plans   []struct {
			Cost int64 `json:"cost"`
		} `json:"plans"`
		Error string `json:"error"`
	} `json:"results"`
}

// TestWorkedExamples runs every scenario of testdata/scenarios that has an
// .expected.json (costs computed by an independent exhaustive solver) and
// compares plan costs, profiles and errors; and compares the whole output
// with a golden file (-update rewrites them).
func TestWorkedExamples(t *testing.T) {
	files, err := filepath.Glob("../../testdata/scenarios/*.expected.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, exp := range files {
		scenario := strings.TrimSuffix(exp, ".expected.json") + ".json"
		name := filepath.Base(scenario)
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"-k", "3", scenario}, &stdout, &stderr)
			require.Equal(t, 0, code, "stderr: %s", stderr.String())
			var want expected
			data, err := os.ReadFile(exp)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(data, &want))
			var got output
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
			require.Len(t, got.Results, len(want.Orders))
			for i, w := range want.Orders {
				g := got.Results[i]
				if g.Order != w.Order {
					t.Fatalf("result %d is order %s, want %s", i, g.Order, w.Order)
				}
				if w.Error != (g.Error != "") {
					t.Errorf("order %s: error %q, want an error: %v", w.Order, g.Error, w.Error)
					continue
				}
				if w.Error {
					continue
				}
				costs := []int64{}
				for _, p := range g.Plans {
					costs = append(costs, p.Cost)
				}
				if diff := cmp.Diff(w.PlanCosts, costs); diff != "" {
					t.Errorf("order %s plan costs mismatch (-want +got):\n%s", w.Order, diff)
				}
				if g.Profile != w.Profile {
					t.Errorf("order %s: profile %q, want %q", w.Order, g.Profile, w.Profile)
				}
				if !g.Optimal {
					t.Errorf("order %s: not proven optimal", w.Order)
				}
			}
			golden(t, filepath.Join("testdata", strings.TrimSuffix(name, ".json")+".golden.json"), stdout.Bytes())
		})
	}
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// TestMalformed checks that every malformed file is refused with exit status
// 2 and one line on stderr naming the field, and nothing on stdout.
func TestMalformed(t *testing.T) {
	base, err := os.ReadFile("../../testdata/scenarios/example-004.json")
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(base, &doc))
	tests := []struct {
		name  string
		edit  func(d map[string]any)
		raw   string
		field string
	}{
		{name: "bad json", raw: `{"name": "x", `, field: "truncated"},
		{name: "not json", raw: `hello`, field: "malformed JSON"},
		{name: "unknown top field", edit: func(d map[string]any) { d["nodez"] = 1 }, field: "nodez: unknown field"},
		{name: "unknown node field", edit: func(d map[string]any) { node(d, 0)["lattitude"] = 1.0 }, field: "nodes[0].lattitude: unknown field"},
		{name: "lat out of range", edit: func(d map[string]any) { node(d, 1)["lat"] = 91.0 }, field: "nodes[1].lat"},
		{name: "negative quantity", edit: func(d map[string]any) { line(d, 0, 0)["qty"] = -2 }, field: "orders[0].lines[0].qty: -2"},
		{name: "fractional quantity", edit: func(d map[string]any) { line(d, 0, 0)["qty"] = 1.5 }, field: "orders[0].lines[0].qty"},
		{name: "unknown sku in order", edit: func(d map[string]any) { line(d, 0, 0)["sku"] = "NOPE" }, field: `orders[0].lines[0].sku: "NOPE": no such item`},
		{name: "unknown node in stock", edit: func(d map[string]any) { d["stock"].([]any)[0].(map[string]any)["node"] = "ghost" }, field: `stock[0].node: "ghost"`},
		{name: "unknown sku in stock", edit: func(d map[string]any) { d["stock"].([]any)[0].(map[string]any)["sku"] = "ghost" }, field: `stock[0].sku: "ghost"`},
		{name: "duplicate node", edit: func(d map[string]any) { d["nodes"] = append(d["nodes"].([]any), d["nodes"].([]any)[0]) }, field: "appears twice"},
		{name: "empty rate grid", edit: func(d map[string]any) { d["carriers"].([]any)[0].(map[string]any)["rates"] = []any{} }, field: "carriers[0].rates"},
		{name: "bad kind", edit: func(d map[string]any) { node(d, 0)["kind"] = "shop" }, field: `nodes[0].kind: "shop"`},
		{name: "negative max_km", edit: func(d map[string]any) { filters(d)["max_km"] = -5 }, field: "policy.profiles[0].filters.max_km"},
		{name: "unknown filter", edit: func(d map[string]any) { filters(d)["max_kms"] = 5 }, field: "policy.profiles[0].filters.max_kms: unknown field"},
		{name: "missing version", edit: func(d map[string]any) { delete(d["policy"].(map[string]any), "version") }, field: "policy.version"},
		{name: "bad mode", edit: func(d map[string]any) { d["orders"].([]any)[0].(map[string]any)["mode"] = "drone" }, field: `orders[0].mode: "drone"`},
		{name: "order without lines", edit: func(d map[string]any) { d["orders"].([]any)[0].(map[string]any)["lines"] = []any{} }, field: "orders[0].lines"},
		{name: "quantity beyond the limit", edit: func(d map[string]any) { line(d, 0, 0)["qty"] = 1e13 }, field: "orders[0].lines[0].qty: 10000000000000"},
		{name: "quantity beyond int64", edit: func(d map[string]any) { line(d, 0, 0)["qty"] = 1e20 }, field: "orders[0].lines[0].qty"},
		{name: "infinite latitude", raw: strings.Replace(string(base), `"lat": `, `"lat": 1e999, "x": `, 1), field: "nodes[0].lat"},
		{name: "empty file", raw: " ", field: "empty"},
		{name: "a rule file", raw: `{"version": "v", "currency": "EUR", "profiles": [{"name": "d"}]}`, field: "a rule set, not a scenario: check it with examples/validate"},
		{name: "a rule file with a byte order mark", raw: "\uFEFF{\"version\": \"v\", \"profiles\": []}", field: "a rule set, not a scenario"},
		{name: "a scenario with a stray profiles field", raw: `{"name": "x", "nodes": [], "profiles": []}`, field: "profiles: unknown field"},
		{name: "a quantity given twice", raw: strings.Replace(string(base), `"qty": `, `"qty": 1, "qty": `, 1), field: "orders[0].lines[0].qty: given twice in the object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.raw)
			if tt.edit != nil {
				var d map[string]any
				require.NoError(t, json.Unmarshal(base, &d))
				tt.edit(d)
				var err error
				data, err = json.Marshal(d)
				require.NoError(t, err)
			}
			path := filepath.Join(t.TempDir(), "bad.json")
			require.NoError(t, os.WriteFile(path, data, 0o644))
			var stdout, stderr bytes.Buffer
			code := run([]string{path}, &stdout, &stderr)
			if code != 2 {
				t.Fatalf("exit status %d, want 2; stderr %q", code, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			msg := stderr.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
				t.Errorf("stderr %q, want exactly one line", msg)
			}
			if !strings.Contains(msg, tt.field) {
				t.Errorf("stderr %q does not name %q", msg, tt.field)
			}
			if strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") {
				t.Errorf("stderr %q looks like a crash", msg)
			}
		})
	}
}

func node(d map[string]any, i int) map[string]any { return d["nodes"].([]any)[i].(map[string]any) }
func line(d map[string]any, o, l int) map[string]any {
	return d["orders"].([]any)[o].(map[string]any)["lines"].([]any)[l].(map[string]any)
}
func filters(d map[string]any) map[string]any {
	return d["policy"].(map[string]any)["profiles"].([]any)[0].(map[string]any)["filters"].(map[string]any)
}

// TestInfeasibleOrderDoesNotStopOthers checks the per-order error of the
// output: an order that cannot be served gets "plans": [] and an error,
// and the other orders are still solved.
func TestInfeasibleOrderDoesNotStopOthers(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"../../testdata/scenarios/example-008.json"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var got output
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	require.Len(t, got.Results, 3)
	require.NotEmpty(t, got.Results[0].Plans)
	require.Empty(t, got.Results[1].Plans)
	require.Contains(t, got.Results[1].Error, "no feasible plan")
	require.Contains(t, stdout.String(), `"plans": []`)
}

// TestTimeout solves, with a deadline per order, an order of sixteen
// one-unit lines of sixteen SKUs held by two stores (2^16 parts), which
// the exact search takes about a second over: it
// is cut short at its deadline and still prints its best plan, with
// "optimal": false and a lower bound; the easy order of the same file, with
// the same deadline, is solved to optimality.
func TestTimeout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-timeout", "200ms", "testdata/sixteen-skus.json"}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	var got struct {
		Results []struct {
			Order      string            `json:"order"`
			Optimal    bool              `json:"optimal"`
			LowerBound int64             `json:"lower_bound"`
			Plans      []json.RawMessage `json:"plans"`
			Error      string            `json:"error"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	require.Len(t, got.Results, 2)
	easy, hard := got.Results[0], got.Results[1]
	require.Equal(t, "one-line", easy.Order)
	require.True(t, easy.Optimal, "the easy order is solved within its deadline")
	require.Equal(t, "sixteen-lines", hard.Order)
	require.Empty(t, hard.Error)
	require.False(t, hard.Optimal, "the hard order is cut short by its deadline")
	require.NotEmpty(t, hard.Plans, "an order cut short prints its best plans")
	require.Positive(t, hard.LowerBound)
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-k", "0", "x.json"}, {"-nope", "x.json"}, {"missing-file.json"}, {"-timeout", "-1s", "x.json"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
		if stdout.Len() != 0 {
			t.Errorf("run(%q) wrote %q to stdout", args, stdout.String())
		}
	}
}

// TestScenarioGoldens runs the other scenario files of testdata (the
// quickstart's and the omnichannel network's) and compares the whole output
// with golden files; -update rewrites them.
func TestScenarioGoldens(t *testing.T) {
	for _, name := range []string{"quickstart", "omnichannel"} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"-k", "3", "../../testdata/" + name + ".json"}, &stdout, &stderr)
			require.Equal(t, 0, code, "stderr: %s", stderr.String())
			golden(t, filepath.Join("testdata", name+".golden.json"), stdout.Bytes())
		})
	}
}

// TestHelp checks that -h prints the usage and exits 0 without running the
// command, and that a bad flag exits 2 with the usage.
func TestHelp(t *testing.T) { testkit.CheckHelp(t, "solve", run) }
