package feed_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/stock"
	"github.com/sourcing-go/sourcing/stock/feed"
)

// source returns a Source of text, its format from its name's extension.
func source(name, text string) feed.Source {
	f, ok := feed.FormatOf(name)
	if !ok {
		panic("no format for " + name)
	}
	return feed.Source{Name: name, Format: f, R: strings.NewReader(text)}
}

// contents is what a snapshot holds, to compare two.
type contents struct {
	Currency string
	Nodes    []stock.Node
	Items    []stock.Item
	Levels   []string // "node/sku: on_hand reserved safety"
}

func contentsOf(s *stock.Snapshot) contents {
	c := contents{Currency: string(s.Currency())}
	for n := range s.Nodes() {
		c.Nodes = append(c.Nodes, n)
	}
	for it := range s.Items() {
		c.Items = append(c.Items, it)
		for node, l := range s.Holders(it.SKU) {
			c.Levels = append(c.Levels, fmt.Sprintf("%s/%s: %d %d %d", node, it.SKU, l.OnHand, l.Reserved, l.Safety))
		}
	}
	return c
}

// snapshotOpts compares snapshots' contents: locations as values,
// calendars by ID, no tags the same as empty tags.
var snapshotOpts = cmp.Options{
	cmp.Comparer(func(a, b geo.LatLng) bool { return a == b }),
	cmp.Comparer(func(a, b *stock.Calendar) bool {
		return a == nil && b == nil || a != nil && b != nil && a.ID() == b.ID()
	}),
	cmp.Transformer("tags", func(tags []string) []string {
		if len(tags) == 0 {
			return nil
		}
		return tags
	}),
}

// scenarioOf returns a scenario file holding nodes, items and stock (JSON
// arrays), with a minimal carrier and policy, so that simulate.Parse
// builds the snapshot a scenario file gives for those rows.
func scenarioOf(nodes, items, levels []string) []byte {
	return []byte(`{"currency": "EUR",
"nodes": [` + strings.Join(nodes, ",\n") + `],
"items": [` + strings.Join(items, ",\n") + `],
"stock": [` + strings.Join(levels, ",\n") + `],
"carriers": [{"id": "p", "service": "s", "max_parcel_g": 30000, "zones": [{"max_km": 1000, "days": 2}], "rates": [{"max_g": 30000, "prices": [700]}]}],
"policy": {"version": "v1", "profiles": [{"name": "default"}]},
"orders": []}`)
}

// parseScenario returns the snapshot of the scenario file of the rows.
func parseScenario(nodes, items, levels []string) (*stock.Snapshot, error) {
	sc, err := simulate.Parse(scenarioOf(nodes, items, levels))
	if err != nil {
		return nil, err
	}
	return sc.Snapshot, nil
}

// The test's own reading of a CSV file as the JSON objects of a scenario
// file, written apart from the package's so that each checks the other.
var (
	jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	numbers    = []string{"lat", "lng", "priority", "handling_cost", "pick_cost", "capacity", "committed", "prep_days", "weight_g", "volume_cm3", "on_hand", "reserved", "safety"}
	booleans   = []string{"ships", "pickup", "reserve"}
	required   = []string{"id", "kind", "lat", "lng", "country", "sku", "weight_g", "node", "on_hand"}
)

// csvAsJSON returns the rows of a CSV file as JSON objects; ok is false if
// the CSV is malformed or has no header.
func csvAsJSON(text string) (header []string, objects []string, ok bool) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\uFEFF")))
	recs, err := r.ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, nil, false
	}
	header = recs[0]
	for _, rec := range recs[1:] {
		var fields []string
		for i, cell := range rec {
			name := header[i]
			if cell == "" && !slices.Contains(required, name) {
				continue
			}
			var v string
			switch {
			case slices.Contains(numbers, name) && jsonNumber.MatchString(cell),
				slices.Contains(booleans, name) && (cell == "true" || cell == "false"):
				v = cell
			case name == "tags":
				var tags []string
				for _, t := range strings.Split(cell, "|") {
					tags = append(tags, quote(t))
				}
				v = "[" + strings.Join(tags, ",") + "]"
			default:
				v = quote(cell)
			}
			fields = append(fields, quote(name)+":"+v)
		}
		objects = append(objects, "{"+strings.Join(fields, ",")+"}")
	}
	return header, objects, true
}

// quote writes s as a JSON string; its bytes that are not UTF-8 become
// U+FFFD (callers skip such input where it matters).
func quote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// loadErrors checks that err lists only *feed.Error values, each placed in
// one of files at a line, and returns their texts.
func loadErrors(t *testing.T, err error, files ...string) []string {
	t.Helper()
	var out []string
	for _, e := range sourcing.Errors(err) {
		fe, ok := e.(*feed.Error)
		if !ok {
			t.Fatalf("problem %q (%T) is not a *feed.Error", e, e)
		}
		if !slices.Contains(files, fe.File) || fe.Line < 1 || fe.Column < 0 {
			t.Fatalf("problem %q: file %q, line %d, column %d: want one of %q, line ≥ 1, column ≥ 0", fe, fe.File, fe.Line, fe.Column, files)
		}
		out = append(out, fe.Error())
	}
	return out
}
