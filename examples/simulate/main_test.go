package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/orchestrate"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const (
	season = "../../testdata/seasons/fr-week.json"
	tiny   = "testdata/tiny.json"
)

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

func runOK(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	require.Empty(t, stderr.String(), "nothing on stderr without -progress")
	return stdout.Bytes()
}

// summary is the documented part of the -json document (README, Simulation).
type summary struct {
	Strategies []struct {
		Name             string  `json:"name"`
		Orders           int     `json:"orders"`
		Cost             int64   `json:"cost"`
		Shipments        int     `json:"shipments"`
		Parcels          int64   `json:"parcels"`
		SplitOrders      int     `json:"split_orders"`
		UnitsBackordered int64   `json:"units_backordered"`
		Km               float64 `json:"km"`
		LateShipments    int     `json:"late_shipments"`
		Rejections       int     `json:"rejections"`
		Resourced        int     `json:"resourced"`
		CO2Kg            float64 `json:"co2_kg"`
	} `json:"strategies"`
}

// seasonJSON runs the committed season once with -json and -html: the
// JSON document, and the report's path.
var seasonRun = struct {
	sync.Once
	json   []byte
	report string
}{}

func seasonJSON(t *testing.T) []byte {
	t.Helper()
	seasonRun.Do(func() {
		dir, err := os.MkdirTemp("", "simulate-report")
		require.NoError(t, err)
		seasonRun.report = filepath.Join(dir, "report.html")
		seasonRun.json = runOK(t, "-json", "-html", seasonRun.report, season)
	})
	require.NotEmpty(t, seasonRun.json, "the season's run failed")
	return seasonRun.json
}

func TestMain(m *testing.M) {
	code := m.Run()
	if seasonRun.report != "" {
		os.RemoveAll(filepath.Dir(seasonRun.report))
	}
	os.Exit(code)
}

// TestSeason runs the committed season with the default strategies: the
// table and the JSON document, each against its golden file; the JSON has
// the documented KPIs for every strategy.
func TestSeason(t *testing.T) {
	golden(t, "testdata/fr-week.golden.txt", runOK(t, season))
	out := seasonJSON(t)
	golden(t, "testdata/fr-week.golden.json", out)
	var fields struct {
		Strategies []map[string]json.RawMessage `json:"strategies"`
	}
	require.NoError(t, json.Unmarshal(out, &fields))
	require.Len(t, fields.Strategies, 4)
	for _, s := range fields.Strategies {
		for _, f := range []string{"name", "orders", "cost", "shipments", "parcels", "split_orders", "units_backordered", "km",
			"late_shipments", "rejections", "resourced", "co2_kg"} {
			require.Contains(t, s, f)
		}
	}
	var sum summary
	require.NoError(t, json.Unmarshal(out, &sum))
	var names []string
	for _, s := range sum.Strategies {
		names = append(names, s.Name)
		require.Equal(t, 3000, s.Orders)
	}
	require.Equal(t, strings.Split(defaultStrategies, ","), names)
	dec := json.NewDecoder(bytes.NewReader(out))
	var doc any
	require.NoError(t, dec.Decode(&doc))
	require.False(t, dec.More(), "exactly one JSON document")
}

// TestDecisions writes the tiny season's decisions under three strategies,
// a rule file among them: one JSON line per order and strategy, each plan
// in the form of examples/solve's plans (read back strictly), against a
// golden file.
func TestDecisions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "decisions.jsonl")
	out := runOK(t, "-strategies", "engine,priority,testdata/store-first.json", "-decisions", path, tiny)
	golden(t, "testdata/tiny.golden.txt", out)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	golden(t, "testdata/tiny.decisions.golden.jsonl", data)
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var d struct {
			Strategy string           `json:"strategy"`
			Orders   []string         `json:"orders"`
			At       string           `json:"at"`
			Plan     orchestrate.Plan `json:"plan"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &d), "%s", sc.Bytes())
		require.Len(t, d.Orders, 1)
		require.NotEmpty(t, d.At)
		require.Equal(t, d.Plan.Breakdown.Total(), d.Plan.Cost)
		seen[d.Strategy]++
	}
	require.Equal(t, map[string]int{"engine": 5, "priority": 5, "testdata/store-first.json": 5}, seen)
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-h"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "usage: simulate")
	require.Contains(t, stderr.String(), "-strategies")
	require.Empty(t, stdout.String())
}

func TestProgress(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-progress", "-strategies", "engine,distance", tiny}, &stdout, &stderr))
	require.ElementsMatch(t, []string{"simulate: engine: 5/5 orders", "simulate: distance: 5/5 orders"},
		strings.Split(strings.TrimSpace(stderr.String()), "\n"))
}

// TestMalformed checks that a malformed file, a file that cannot be
// replayed, an unknown strategy or a bad flag is refused with exit status
// 2 and one line on stderr naming the problem, and nothing on stdout.
func TestMalformed(t *testing.T) {
	base, err := os.ReadFile(tiny)
	require.NoError(t, err)
	edit := func(old, new string) string {
		require.Contains(t, string(base), old)
		return strings.Replace(string(base), old, new, 1)
	}
	tests := []struct {
		name string
		file string // the file's content; "" for the tiny season
		args []string
		want string
	}{
		{name: "bad JSON", file: `{"name": "x", `, want: "truncated"},
		{name: "an unknown field of the settings", file: edit(`"no_show": 0.5`, `"no_shows": 0.5`), want: "simulation.no_shows: unknown field"},
		{name: "a restock of an unknown node", file: edit(`"restock": {"node": "st-near"`, `"restock": {"node": "ghost"`), want: `events[0].restock.node: "ghost": no such node`},
		{name: "a probability above 1", file: edit(`"nodes": {"st-near": 0.5}`, `"nodes": {"st-near": 5}`), want: "simulation.reject.nodes.st-near: 5: must be a probability in [0, 1]"},
		{name: "an order without placed_at", file: edit(`"placed_at": "2026-11-23T10:00:00Z", `, ``), want: "orders[2].placed_at: missing"},
		{name: "an unknown strategy", args: []string{"-strategies", "engine,cheapset"}, want: "-strategies: cheapset: not one of engine, priority, distance, fewest-locations, cheapest, batch, nor a rule file"},
		{name: "a strategy twice", args: []string{"-strategies", "engine,engine"}, want: "-strategies: engine given twice"},
		{name: "a rule file in error", args: []string{"-strategies", "testdata/tiny.json"}, want: "testdata/tiny.json: name: unknown field"},
		{name: "no file", args: []string{}, want: "usage: simulate"},
		{name: "an unknown flag", args: []string{"-jsn"}, want: "flag provided but not defined: -jsn"},
		{name: "a missing file", args: []string{"nowhere.json"}, want: "nowhere.json: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tiny
			if tt.file != "" {
				path = filepath.Join(t.TempDir(), "bad.json")
				require.NoError(t, os.WriteFile(path, []byte(tt.file), 0o644))
			}
			args := tt.args
			if tt.args == nil || len(tt.args) > 0 && tt.args[0] == "-strategies" {
				args = append(append([]string{}, tt.args...), path)
			}
			var stdout, stderr bytes.Buffer
			require.Equal(t, 2, run(args, &stdout, &stderr), "stderr: %s", stderr.String())
			require.Empty(t, stdout.String())
			msg := stderr.String()
			require.Contains(t, msg, tt.want)
			if !strings.HasPrefix(msg, "usage") && !strings.HasPrefix(msg, "flag provided") {
				require.Equal(t, 1, strings.Count(msg, "\n"), "one line: %q", msg)
			}
			require.NotContains(t, msg, "goroutine")
		})
	}
}
