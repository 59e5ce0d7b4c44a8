package simulate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// fzScenario is a small scenario using most of the format: a calendar with
// a fixed offset, nodes of each kind (one with a calendar and a cut-off),
// items with and without tags, stock, a carrier, a policy with two
// profiles, and orders of each mode.
const fzScenario = `{
  "name": "fuzz \u00e9 seed",
  "currency": "EUR",
  "calendars": [{"id": "fr", "tz": "+01:00", "workdays": ["mon", "tue", "wed", "thu", "fri", "sat"], "holidays": ["2026-12-25"]},
                {"id": "unused", "tz": "UTC"}],
  "nodes": [
    {"id": "wh", "kind": "warehouse", "lat": 48.85, "lng": 2.35, "country": "FR", "priority": 0, "handling_cost": 100,
     "pick_cost": 10, "capacity": 100, "committed": 5, "prep_days": 1, "calendar": "fr", "cutoff": "15:00"},
    {"id": "st", "kind": "store", "lat": 45.76, "lng": 4.84, "country": "FR", "ships": false, "pickup": true, "reserve": true,
     "priority": 1, "handling_cost": 300, "pick_cost": 50, "capacity": 0, "committed": 0, "prep_days": 0},
    {"id": "su", "kind": "supplier", "lat": -0.0, "lng": 1e-7, "country": "BE", "priority": 3, "handling_cost": 0,
     "pick_cost": 0, "capacity": 0, "committed": 0, "prep_days": 5}
  ],
  "items": [{"sku": "A", "name": "a", "weight_g": 500, "volume_cm3": 1000, "tags": ["hazmat"]},
            {"sku": "B", "weight_g": 0, "volume_cm3": 0, "tags": null}],
  "stock": [{"node": "wh", "sku": "A", "on_hand": 10, "reserved": 1, "safety": 1},
            {"node": "st", "sku": "A", "on_hand": 3, "reserved": 0, "safety": 0},
            {"node": "su", "sku": "B", "on_hand": 1000000000000, "reserved": 0, "safety": 0}],
  "carriers": [{"id": "p", "service": "s", "max_parcel_g": 30000, "zones": [{"max_km": 1000, "days": 2}],
                "rates": [{"max_g": 30000, "prices": [700]}], "fuel_pct": 12.5}],
  "policy": {"version": "v1", "currency": "EUR", "profiles": [
    {"name": "collect", "when": {"mode": ["collect"]}, "weights": {"split": 100, "per_km": 0.5}, "filters": {"max_km": 300}},
    {"name": "default", "weights": {"backorder": 10000}, "filters": {"ship_together": [["A", "B"]]}, "fallback": {"widen_days": [2]}}]},
  "orders": [
    {"id": "o1", "channel": "web", "mode": "home", "lat": 48.8, "lng": 2.3, "country": "FR", "promise_days": 3,
     "lines": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}], "ship_together": [[0, 1]], "placed_at": "2026-11-26T10:00:00+01:00",
     "tags": [], "value": 1500, "tier": "gold", "region": "IDF", "customer": "c-17"},
    {"id": "o2", "channel": "store", "mode": "collect", "country": "FR", "promise_days": 0, "lines": [{"sku": "A", "qty": 1}],
     "pickup_node": "st", "origin_node": "st"},
    {"id": "o3", "channel": "web", "mode": "reserve", "lat": 45.7, "lng": 4.8, "country": "FR", "promise_days": 0,
     "lines": [{"sku": "A", "qty": 1}]}
  ],
  "events": [{"at": "2026-11-26T06:00:00+01:00", "restock": {"node": "wh", "sku": "A", "qty": 40}}],
  "simulation": {"seed": 7, "reject": {"default": 0.02, "nodes": {"wh": 0.3}}, "late": [{"carrier": "p", "service": "s", "p": 0.12, "days": 1}],
                 "release_every_minutes": 120, "group_minutes": 60, "reserve_hold_hours": 24, "no_show": 0.2}
}`

// fzTopFields are the top-level fields of a scenario file: every error
// names a path starting with one of them, or names an unknown field.
var fzTopFields = []string{"(document)", "name", "currency", "calendars", "nodes", "items", "stock", "carriers", "policy", "orders", "events", "simulation"}

// FuzzParse checks Parse on any input, and on hostile variants of it
// (testkit.Hostile: a byte order mark changes nothing; a field given twice,
// a null element or a string that is not UTF-8 is refused): it either fails
// with a non-empty
// error every part of which is a FieldError naming a JSON path under a
// field of the format (or the unknown field itself) with a message that
// starts with that path, or it succeeds, and then MarshalJSON writes valid
// JSON that Parse reads back into a scenario of the same size whose own
// encoding is byte for byte the same.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/*.json")
	more, _ := filepath.Glob("../../testdata/scenarios/example-0??.json")
	files = append(files, more...)
	if len(files) < 10 {
		f.Fatalf("found only %d scenario files", len(files))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		if bytes.Contains(data, []byte(`"Europe/Paris"`)) {
			// Parse knows fixed offsets only: the same world at +01:00.
			f.Add(bytes.ReplaceAll(data, []byte(`"Europe/Paris"`), []byte(`"+01:00"`)))
		}
	}
	f.Add([]byte(fzScenario))
	for _, edit := range [][2]string{
		{`"priority": 1,`, `"priority": 1, "prioriti": 2,`},
		{`"qty": 2`, `"qty": 2.5`},
		{`"qty": 2`, `"qty": 1000000000001`},
		{`"qty": 2`, `"qty": 99999999999999999999`},
		{`"lat": 48.85`, `"lat": 91`},
		{`"cutoff": "15:00"`, `"cutoff": "24:01"`},
		{`"tz": "+01:00"`, `"tz": "Europe/Paris"`},
		{`"tz": "+01:00"`, `"tz": "+25:00"`},
		{`"holidays": ["2026-12-25"]`, `"holidays": ["2026-02-30"]`},
		{`"version": "v1", "currency": "EUR"`, `"version": "v1", "currency": "USD"`},
		{`"profiles": [`, `"carriers": [{"id": "q"}], "profiles": [`},
		{`"pickup_node": "st"`, `"pickup_node": "wh"`},
		{`"id": "o2"`, `"id": "o1"`},
		{`{"node": "su", "sku": "B"`, `{"node": "sv", "sku": "B"`},
		{`"ship_together": [[0, 1]]`, `"ship_together": [[0, 2]]`},
		{`"mode": ["collect"]`, `"mode": ["drive"]`},
		{`"max_km": 1000`, `"max_km": 999999999.9999999`},
		{`"orders": [`, `"orders": {}, "x": [`},
		{`"qty": 2`, `"qty": 1, "qty": 5`},
		{`"currency": "EUR",`, `"currency": "EUR", "currency": "USD",`},
		{`"prices": [700]`, `"prices": [null]`},
		{`"nodes": [`, `"nodes": [null, `},
		{`"id": "st"`, "\"id\": \"s\xff\""},
		{`"id": "su"`, `"id": "\udc00"`},
		{`"lng": 2.35`, `"lng": 181`},
		{`"handling_cost": 100`, `"handling_cost": -120`},
		{`"split": 100`, `"split": 9223372036854775807`},
		{`"per_km": 0.5`, `"per_km": 1e15`},
		{`"qty": 40`, `"qty": 0`},
		{`"restock": {"node": "wh"`, `"restock": {"node": "xx"`},
		{`"at": "2026-11-26T06:00:00+01:00"`, `"at": "tomorrow"`},
		{`"at": "2026-11-26T06:00:00+01:00", `, ``},
		{`, "restock": {"node": "wh", "sku": "A", "qty": 40}`, ``},
		{`"default": 0.02`, `"default": 1.5`},
		{`"nodes": {"wh": 0.3}`, `"nodes": {"ghost": 0.3}`},
		{`"service": "s", "p": 0.12`, `"service": "x", "p": 0.12`},
		{`"days": 1}]`, `"days": 0}]`},
		{`"release_every_minutes": 120`, `"release_every_minutes": 1441`},
		{`"release_every_minutes": 120`, `"release_every_minutes": -5`},
		{`"group_minutes": 60`, `"group_minutes": 99999999999999999`},
		{`"no_show": 0.2`, `"no_show": -0.2`},
		{`"seed": 7`, `"seed": -7`},
		{`"seed": 7`, `"seeds": 7`},
		{`"events": [`, `"events": [null, `},
		{`"customer": "c-17"`, `"customer": 17`},
	} {
		if !strings.Contains(fzScenario, edit[0]) {
			f.Fatalf("seed edit %q: not in the scenario", edit[0])
		}
		f.Add([]byte(strings.Replace(fzScenario, edit[0], edit[1], 1)))
	}
	f.Add([]byte(`{"name": "empty", "currency": "EUR", "nodes": [], "items": [], "stock": [], "carriers": [],
	  "policy": {"version": "v", "profiles": [{"name": "p"}]}, "orders": []}`))
	f.Add([]byte(`{"name": "x"} {}`))
	f.Add([]byte(`{"name": "x",`))
	f.Add([]byte(`null`))
	f.Add([]byte("\uFEFF" + fzScenario))

	f.Fuzz(func(t *testing.T, data []byte) {
		// The hostile variants of a valid document: a byte order mark
		// changes nothing; a field given twice, a null element or a string
		// that is not UTF-8 is refused, naming a field.
		parse := func(b []byte) (string, error) {
			sc, err := simulate.Parse(b)
			if err != nil {
				return "", err
			}
			enc, err := sc.MarshalJSON()
			return string(enc), err
		}
		testkit.CheckHostile(t, data, len(data), parse, func(err error) { fzCheckParseError(t, err) })

		sc, err := simulate.Parse(data)
		if err != nil {
			fzCheckParseError(t, err)
			return
		}
		enc, err := sc.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a parsed scenario: %v", err)
		}
		if !json.Valid(enc) {
			t.Fatalf("MarshalJSON wrote invalid JSON:\n%s", enc)
		}
		back, err := simulate.Parse(enc)
		if err != nil {
			t.Fatalf("Parse of MarshalJSON's output: %v\n%s", err, enc)
		}
		if back.Name != sc.Name || back.Snapshot.NumNodes() != sc.Snapshot.NumNodes() || back.Snapshot.NumItems() != sc.Snapshot.NumItems() ||
			back.Snapshot.NumLevels() != sc.Snapshot.NumLevels() || len(back.Orders) != len(sc.Orders) || back.Rules.Version() != sc.Rules.Version() {
			t.Fatalf("re-read scenario differs in size: %q %d nodes %d items %d levels %d orders, was %q %d %d %d %d",
				back.Name, back.Snapshot.NumNodes(), back.Snapshot.NumItems(), back.Snapshot.NumLevels(), len(back.Orders),
				sc.Name, sc.Snapshot.NumNodes(), sc.Snapshot.NumItems(), sc.Snapshot.NumLevels(), len(sc.Orders))
		}
		enc2, err := back.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("second encoding differs:\n%s\n---\n%s", enc, enc2)
		}
	})
}

// fzCheckParseError checks that a Parse error is not empty and that each of
// its parts is a FieldError naming a path under a field of the format (or
// an unknown field), with a problem, its message starting with the path.
func fzCheckParseError(t *testing.T, err error) {
	t.Helper()
	if err.Error() == "" {
		t.Fatal("Parse failed with an empty error")
	}
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("Parse error %q (%T) is not a FieldError", e, e)
		}
		if fe.Field == "" || fe.Problem == "" || !strings.HasPrefix(e.Error(), fe.Field+": ") {
			t.Fatalf("Parse error %q names no path or no problem (field %q)", e, fe.Field)
		}
		if fe.Problem == "unknown field" || strings.HasPrefix(fe.Problem, "the field name is not valid UTF-8") {
			continue // names a field that is not in the format
		}
		known := false
		for _, top := range fzTopFields {
			rest, ok := strings.CutPrefix(fe.Field, top)
			known = known || ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
		}
		if !known {
			t.Fatalf("Parse error %q: field %q is not a path in the scenario", e, fe.Field)
		}
	}
}
