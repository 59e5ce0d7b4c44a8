package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

const feedDir = "../../testdata/feeds/quickstart/"

// feedArgs returns the flags of the quickstart's feed, with files of dir
// in place of its own where dir has them.
func feedArgs(dir string) []string {
	var args []string
	for _, f := range []struct{ flag, file string }{{"-nodes", "nodes.csv"}, {"-items", "items.csv"}, {"-stock", "stock.csv"}, {"-rules", "rules.json"}, {"-orders", "orders.jsonl"}} {
		path := feedDir + f.file
		if dir != "" {
			if _, err := os.Stat(filepath.Join(dir, f.file)); err == nil {
				path = filepath.Join(dir, f.file)
			}
		}
		args = append(args, f.flag, path)
	}
	return args
}

// TestFeed checks that the quickstart's scenario written as a retailer's
// files (CSV stock, a rule file, JSON lines orders) solves as the scenario
// file does, byte for byte.
func TestFeed(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"-k", "3"}, feedArgs("")...), &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	require.Empty(t, stderr.String())
	want, err := os.ReadFile("testdata/quickstart.golden.json")
	require.NoError(t, err)
	if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
		t.Errorf("feed mismatch with the scenario file (-want +got):\n%s", diff)
	}
}

// TestFeedProblems checks that bad files are refused with exit status 2,
// every problem on a line of stderr naming the file, line (and column),
// field and value, and nothing on stdout.
func TestFeedProblems(t *testing.T) {
	stockCSV, err := os.ReadFile(feedDir + "stock.csv")
	require.NoError(t, err)
	tests := []struct {
		name  string
		files map[string]string
		comma string
		want  []string // file names relative to the test's directory
	}{
		{name: "stock values and references",
			files: map[string]string{"stock.csv": string(stockCSV) + "dc-paris,BOTTLE-750,-1,,\nstore-lille,BOTTLE-750,1,,\nstore-nice,BOTTLE-75O,1.5,,\n"},
			want: []string{
				"DIR/stock.csv:29:21: on_hand: -1: must be in [0, 1000000000000]",
				`DIR/stock.csv:30:1: node: "store-lille": no such node`,
				`DIR/stock.csv:31:12: sku: "BOTTLE-75O": no such item`,
				"DIR/stock.csv:31:23: on_hand: 1.5: must be a whole number",
			}},
		{name: "the header of the nodes",
			files: map[string]string{"nodes.csv": "id,type,lat,lng,country\n"},
			want: []string{
				`DIR/nodes.csv:1:4: type: unknown column: a node file's columns are id, kind, lat, lng, country, ships, pickup, reserve, priority, handling_cost, pick_cost, capacity, committed, prep_days, calendar, cutoff`,
				"DIR/nodes.csv:1: kind: missing column: a node file needs id, kind, lat, lng, country",
			}},
		{name: "semicolons without -comma",
			files: map[string]string{"items.csv": "sku;weight_g\nSHOE-TRAIL-42;900\n"},
			want:  []string{`DIR/items.csv:1:1: "sku;weight_g": unknown column: the fields are separated by ';', not ',' (see feed.Options.Comma)`, "DIR/items.csv:1: sku: missing column: an item file needs sku, weight_g", "DIR/items.csv:1: weight_g: missing column: an item file needs sku, weight_g"}},
		{name: "orders",
			files: map[string]string{"orders.jsonl": `{"id": "o1", "mode": "home", "lat": 45, "lng": 5, "country": "FR", "lines": [{"sku": "SHOE-TRAIL-42", "qty": 0}]}` + "\n\n" +
				`{"id": "o1", "mode": "collect", "pickup_node": "store-lille", "lines": [{"sku": "SOCKS", "qty": 1}]}` + "\n" +
				`{"id": "o3", "mode": "home", "lines": [}` + "\n"},
			want: []string{
				"DIR/orders.jsonl:1: lines[0].qty: 0: must be in [1, 1000000000000]",
				`DIR/orders.jsonl:3: lines[0].sku: "SOCKS": no such item`,
				`DIR/orders.jsonl:3: pickup_node: "store-lille": no such node`,
				`DIR/orders.jsonl:3: id: "o1": already the id of the order on line 1`,
				"DIR/orders.jsonl:4:40: malformed JSON: invalid character '}' looking for beginning of value",
			}},
		{name: "the rules' currency is the stock's: a rule set naming a node the stock lacks",
			files: map[string]string{"rules.json": `{"version": "v", "currency": "EUR", "carriers": [{"id": "p", "service": "s", "max_parcel_g": 30000, "zones": [{"max_km": 1000, "days": 2}], "rates": [{"max_g": 30000, "prices": [700]}]}], "profiles": [{"name": "d", "filters": {"exclude_nodes": ["store-lille"]}}]}`},
			want:  []string{`DIR/rules.json: profiles[0].filters.exclude_nodes[0]: "store-lille": no such node in the stock`}},
		{name: "a file that is neither CSV nor JSON lines",
			files: map[string]string{"items.json": "[]"},
			want:  []string{"DIR/items.json: a .csv or .jsonl file is needed (CSV or JSON lines, by the extension)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tt.files {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
			}
			args := feedArgs(dir)
			if _, ok := tt.files["items.json"]; ok {
				args[3] = filepath.Join(dir, "items.json")
			}
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			require.Equal(t, 2, code, "stderr: %s", stderr.String())
			require.Empty(t, stdout.String())
			var want []string
			for _, w := range tt.want {
				want = append(want, "solve: "+strings.ReplaceAll(w, "DIR", dir))
			}
			if diff := cmp.Diff(want, strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")); diff != "" {
				t.Errorf("stderr mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFeedFlags checks the flags of the feed's files: all five together,
// without a scenario file, and -comma one character.
func TestFeedFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one missing", feedArgs("")[:8], "solve: -nodes, -items, -stock, -rules and -orders go together, in place of a scenario file: missing -orders\n"},
		{"with a scenario file", append(feedArgs(""), "x.json"), "solve: -nodes, -items, -stock, -rules and -orders go together, in place of a scenario file\n"},
		{"only the stock", []string{"-stock", "s.csv"}, "solve: -nodes, -items, -stock, -rules and -orders go together, in place of a scenario file: missing -nodes, -items, -rules, -orders\n"},
		{"a long comma", append([]string{"-comma", ";;"}, feedArgs("")...), "solve: -comma \";;\": must be one character\n"},
		{"a file missing", append(feedArgs(""), "-stock", "nope.csv"), "solve: open nope.csv: no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, 2, run(tt.args, &stdout, &stderr))
			require.Empty(t, stdout.String())
			require.Equal(t, tt.want, stderr.String())
		})
	}
}

// TestSemicolons reads CSV files written with semicolons with -comma ';'.
func TestSemicolons(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"nodes.csv", "items.csv", "stock.csv"} {
		data, err := os.ReadFile(feedDir + name)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), bytes.ReplaceAll(data, []byte(","), []byte(";")), 0o644))
	}
	var want, got, stderr bytes.Buffer
	require.Equal(t, 0, run(feedArgs(""), &want, &stderr), stderr.String())
	require.Equal(t, 0, run(append([]string{"-comma", ";"}, feedArgs(dir)...), &got, &stderr), stderr.String())
	require.Equal(t, want.String(), got.String())
}

// TestProgress checks that -progress prints the stages of a run on stderr
// and changes nothing on stdout, for a scenario file and for a feed; and
// that stderr stays quiet without it when it is not a terminal.
func TestProgress(t *testing.T) {
	defer func(every time.Duration, now func() time.Time) { progressEvery, clock = every, now }(progressEvery, clock)
	progressEvery, clock = 0, func() time.Time { return time.Time{} } // a line at every step
	scenario := "../../testdata/quickstart.json"
	tests := []struct {
		name  string
		args  []string
		first []string // the first lines of stderr
	}{
		{"a scenario file", []string{scenario}, []string{
			"solve: reading " + scenario + ": 0.0 of " + strconvMB(fileSize(t, scenario)) + " MB (0s)",
			"solve: reading " + scenario + ": " + strconvMB(fileSize(t, scenario)) + " of " + strconvMB(fileSize(t, scenario)) + " MB (0s)",
		}},
		{"a feed", feedArgs(""), []string{
			"solve: reading " + feedDir + "rules.json (0s)",
			"solve: reading " + feedDir + "nodes.csv: 0.0 of " + strconvMB(fileSize(t, feedDir+"nodes.csv")) + " MB (0s)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var quiet, quietErr bytes.Buffer
			require.Equal(t, 0, run(tt.args, &quiet, &quietErr))
			require.Empty(t, quietErr.String(), "not a terminal, no -progress: nothing on stderr")

			var out, errOut bytes.Buffer
			require.Equal(t, 0, run(append([]string{"-progress"}, tt.args...), &out, &errOut), errOut.String())
			require.Equal(t, quiet.String(), out.String(), "progress changes nothing on stdout")
			lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
			require.GreaterOrEqual(t, len(lines), len(tt.first)+3, errOut.String())
			if diff := cmp.Diff(tt.first, lines[:len(tt.first)]); diff != "" {
				t.Errorf("first lines mismatch (-want +got):\n%s", diff)
			}
			require.Contains(t, lines, "solve: solving: 0 of 1 orders (0s)")
			require.Equal(t, "solve: writing the results (0s)", lines[len(lines)-2])
			require.Equal(t, "solve: done (0s)", lines[len(lines)-1])
		})
	}
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Size()
}

func strconvMB(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }
