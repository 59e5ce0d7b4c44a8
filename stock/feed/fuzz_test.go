package feed_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/stock/feed"
)

// fuzzSeeds are feeds of three files: good ones, and ones with a problem
// of each kind.
var fuzzSeeds = [][3]string{
	{nodesCSV, itemsCSV, levelsCSV},
	{"id,kind,lat,lng,country,calendar,cutoff\ndc,warehouse,1,1,FR,fr,15:00\n", "sku,weight_g\nA,1\n", "node,sku,on_hand\ndc,A,1\n"},
	{"id,kind,lat,lng,country\ndc,warehouse,1e400,1,FR\n", "sku,weight_g,tags\nA,1,x|\n", "node,sku,on_hand\ndc,A,01\n"},
	{"id,kind,lat,lng,country\n\"dc\",store,-0,-0.0,FR\n", "sku,weight_g\nA,-0\n", "node,sku,on_hand,reserved\ndc,A,2,3\ndc,A,2,\n"},
	{"id,kind,lat,lng,country\ndc,warehouse,1,1,FR\n", "\uFEFFsku,weight_g\r\n\"A\"\"\",1\r\n", "node,sku,on_hand\n\"dc\",\"A\"\"\",1"},
	{"id,kind,lat,lng,country,x\n", "sku\n", "node,sku,on_hand\n\"dc\"x,A,1\n"},
	// Levels read without the JSON decoder, and next to them.
	{"id,kind,lat,lng,country\ndc,warehouse,1,1,FR\n\"d\xffc\",store,1,1,FR\n", "sku,weight_g\nA,1\nB,2\n",
		"safety,sku,node,on_hand,reserved\n0,A,dc,999999999999999999,\n,B,dc,-0,-1\n01,A,\"d\xffc\",1000000000000000000,\n,B,\"d\xffc\",9223372036854775808,\n"},
	{"id,kind,lat,lng,country\ndc,warehouse,1,1,FR\n", "sku,weight_g\nA,1\n", "node,sku,on_hand\ndc,A,01\n"},
	// Spreadsheet habits, one at a time.
	{"id,kind,lat,lng,country,ships\ndc,warehouse,1,1,FR,TRUE\n", "sku,weight_g\nA,1\n", "node,sku,on_hand\ndc,A,2\n"},
	{"id,kind,lat,lng,country\ndc,warehouse,+1,1,FR\n", "sku,weight_g\nA,1\n", "node,sku,on_hand\ndc,A,2\n"},
	{"id,kind,lat,lng,country\ndc,warehouse,1,.5,FR\n", "sku,weight_g\nA,1.\n", "node,sku,on_hand\ndc,A,2\n"},
	{"id,kind,lat,lng,country\ndc,warehouse,1,1,FR\n", "sku,weight_g\nA,1\n", "node,sku,on_hand,safety\ndc,A, 2,1e1\n"},
}

// FuzzLoadCSV checks Load on any three CSV files: it refuses them with
// every problem placed at a line of one of them, or it loads the snapshot
// a scenario file with the same rows gives; and when that scenario file
// parses (and the files are well-formed CSV with the required columns),
// Load loads.
func FuzzLoadCSV(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, nodes, items, levels string) {
		snap, err := feed.Load("EUR", source("n.csv", nodes), source("i.csv", items), source("l.csv", levels), feed.Options{})
		if err != nil {
			loadErrors(t, err, "n.csv", "i.csv", "l.csv")
		}
		var objects [3][]string
		for i, text := range []string{nodes, items, levels} {
			header, objs, ok := csvAsJSON(text)
			if !ok || !utf8.ValidString(text) || !headerOK(i, header) {
				require.Error(t, err, "Load loaded what the test cannot read as JSON")
				return
			}
			objects[i] = objs
		}
		want, jsonErr := parseScenario(objects[0], objects[1], objects[2])
		switch {
		case err != nil && jsonErr != nil:
		case err != nil:
			t.Fatalf("Load refuses what a scenario file accepts: %v", err)
		case jsonErr != nil:
			t.Fatalf("Load loads what a scenario file refuses: %v", jsonErr)
		default:
			if diff := cmp.Diff(contentsOf(want), contentsOf(snap), snapshotOpts); diff != "" {
				t.Fatalf("Load mismatch with the scenario file (-want +got):\n%s", diff)
			}
		}
	})
}

// headerOK reports whether header (of nodes, items or levels: i) names
// the required columns, and only known columns (or unnamed ones), once.
func headerOK(i int, header []string) bool {
	need := [3][]string{{"id", "kind", "lat", "lng", "country"}, {"sku", "weight_g"}, {"node", "sku", "on_hand"}}[i]
	known := [3][]string{
		{"id", "kind", "lat", "lng", "country", "ships", "pickup", "reserve", "priority", "handling_cost", "pick_cost", "capacity", "committed", "prep_days", "calendar", "cutoff"},
		{"sku", "weight_g", "name", "volume_cm3", "tags"},
		{"node", "sku", "on_hand", "reserved", "safety"},
	}[i]
	for _, c := range need {
		if !slices.Contains(header, c) {
			return false
		}
	}
	for j, c := range header {
		if c != "" && (!slices.Contains(known, c) || slices.Contains(header[:j], c)) {
			return false
		}
	}
	return true
}

// FuzzLoadJSONLines checks Load on any three JSON lines files: it refuses
// them with every problem placed, or loads the snapshot of the scenario
// file whose arrays hold the same lines; and when each line is a JSON
// object and that scenario file parses, Load loads.
func FuzzLoadJSONLines(f *testing.F) {
	f.Add(nodesJSONL, itemsJSONL, levelsJSONL)
	f.Add(`{"id": "dc", "kind": "warehouse", "lat": 1, "lng": 1, "country": "FR"}`, `{"sku": "A", "weight_g": 1, "tags": null}`, "\uFEFF"+`{"node": "dc", "sku": "A", "on_hand": 1}`+"\n\n")
	f.Add(`{"id": "dc", "kind": "warehouse", "lat": 1, "lng": 1, "country": "FR"}`, "{\"sku\": \"A\xff\"}\nnull\n[]", `{"node": "dc", "sku": "A", "on_hand": 1, "on_hand": 2}`)
	f.Fuzz(func(t *testing.T, nodes, items, levels string) {
		snap, err := feed.Load("EUR", source("n.jsonl", nodes), source("i.jsonl", items), source("l.jsonl", levels), feed.Options{})
		if err != nil {
			loadErrors(t, err, "n.jsonl", "i.jsonl", "l.jsonl")
		}
		var objects [3][]string
		objectsOnly := true
		for i, text := range []string{nodes, items, levels} {
			text = strings.TrimPrefix(text, "\uFEFF")
			for _, line := range strings.Split(text, "\n") {
				line = strings.TrimSuffix(line, "\r")
				if strings.Trim(line, " \t\r") == "" {
					continue
				}
				if body := strings.TrimPrefix(line, "\uFEFF"); len(line) > 1<<20 || !json.Valid([]byte(body)) || !strings.HasPrefix(strings.TrimLeft(body, " \t\r"), "{") {
					objectsOnly = false
				}
				objects[i] = append(objects[i], strings.TrimPrefix(line, "\uFEFF"))
			}
		}
		want, jsonErr := parseScenario(objects[0], objects[1], objects[2])
		switch {
		case err != nil && jsonErr != nil:
		case err != nil:
			if objectsOnly {
				t.Fatalf("Load refuses what a scenario file accepts: %v", err)
			}
		case jsonErr != nil:
			t.Fatalf("Load loads what a scenario file refuses: %v", jsonErr)
		default:
			if diff := cmp.Diff(contentsOf(want), contentsOf(snap), snapshotOpts); diff != "" {
				t.Fatalf("Load mismatch with the scenario file (-want +got):\n%s", diff)
			}
		}
	})
}
