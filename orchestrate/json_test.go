package orchestrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// exclusion is an Exclusion as a host sees it, for comparisons.
type exclusion struct {
	Node   stock.NodeID
	SKU    stock.SKU
	Reason orchestrate.Reason
	Detail string
}

// jsonEqual compares the library's values read back from JSON with the
// values written: LatLng by ==, times by instant (time.Time.Equal), a
// result's exclusions by what Excluded returns, its Work not at all (not
// written).
var jsonEqual = cmp.Options{
	cmp.Comparer(func(a, b geo.LatLng) bool { return a == b }),
	cmpopts.IgnoreUnexported(orchestrate.Result{}),
	cmpopts.IgnoreFields(orchestrate.Result{}, "Work"),
	cmp.Transformer("Excluded", func(r orchestrate.Result) []exclusion {
		var out []exclusion
		for _, x := range r.Excluded() {
			out = append(out, exclusion{x.Node, x.SKU, x.Reason, x.Detail()})
		}
		return out
	}),
}

// roundTrip marshals v, unmarshals the JSON into a new value of its type
// and requires it equal to v; and the second encoding to be the first.
func roundTrip[T any](t *testing.T, v T) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(data, &back), "%s", data)
	if diff := cmp.Diff(v, back, jsonEqual); diff != "" {
		t.Errorf("%T changed by Marshal → Unmarshal of %s (-want +got):\n%s", v, data, diff)
	}
	again, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, string(data), string(again))
	return data
}

var (
	paris   = time.FixedZone("+01:00", 3600)
	placed  = time.Date(2026, 11, 27, 9, 14, 0, 500_000_000, paris)
	pickup  = time.Date(2026, 11, 27, 17, 0, 0, 0, paris)
	arrival = stock.Date{Year: 2026, Month: time.November, Day: 28}
)

func TestOrderJSONRoundTrip(t *testing.T) {
	lines := []orchestrate.Line{{SKU: "TSHIRT-M", Qty: 2}, {SKU: "MUG", Qty: 1}}
	for _, tt := range []struct {
		name  string
		order orchestrate.Order
	}{
		{name: "every field", order: orchestrate.Order{ID: "o1", Channel: "web", Mode: rules.Home, Destination: geo.MustLatLng(45.764, 4.8357),
			Country: "FR", Region: "ARA", OriginNode: "store-lyon", Lines: lines, PromiseDays: 2, PlacedAt: placed,
			Tier: "gold", Tags: []string{"gift"}, Value: 4990, Customer: "c-17", ShipTogether: [][]int{{0, 1}}}},
		{name: "collect without destination", order: orchestrate.Order{ID: "o2", Mode: rules.Collect, PickupNode: "store-lyon", Lines: lines}},
		{name: "home to (0, 0)", order: orchestrate.Order{ID: "o3", Mode: rules.Home, Destination: geo.MustLatLng(0, 0), Lines: lines}},
		{name: "reserve, negative zero and extremes", order: orchestrate.Order{ID: "o5", Mode: rules.Reserve,
			Destination: geo.MustLatLng(-90, 180), Lines: lines, PlacedAt: time.Date(2026, 1, 1, 0, 0, 0, 1, time.UTC)}},
		{name: "no lines", order: orchestrate.Order{ID: "o6", Mode: rules.Home, Destination: geo.MustLatLng(1e-300, -180)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := roundTrip(t, tt.order)
			require.NotContains(t, string(data), "0001-01-01", "a zero time is left out")
		})
	}
}

// TestOrderJSONNames: the names of the scenario file's orders, which
// encoding/json's defaults used to drop silently on Unmarshal.
func TestOrderJSONNames(t *testing.T) {
	const doc = `{"id": "o1", "channel": "web", "mode": "collect", "lat": 45.764, "lng": 4.8357, "country": "FR",
		"region": "ARA", "promise_days": 2, "lines": [{"sku": "TSHIRT-M", "qty": 2}], "tier": "gold", "tags": ["gift"],
		"value": 4990, "placed_at": "2026-11-27T09:14:00.5+01:00", "pickup_node": "store-lyon", "origin_node": "store-dijon",
		"ship_together": [[0]], "customer": "c-17"}`
	var got orchestrate.Order
	require.NoError(t, json.Unmarshal([]byte(doc), &got))
	want := orchestrate.Order{ID: "o1", Channel: "web", Mode: rules.Collect, Destination: geo.MustLatLng(45.764, 4.8357), Country: "FR",
		Region: "ARA", PromiseDays: 2, Lines: []orchestrate.Line{{SKU: "TSHIRT-M", Qty: 2}}, Tier: "gold", Tags: []string{"gift"},
		Value: 4990, PlacedAt: placed, PickupNode: "store-lyon", OriginNode: "store-dijon", ShipTogether: [][]int{{0}}, Customer: "c-17"}
	if diff := cmp.Diff(want, got, jsonEqual); diff != "" {
		t.Errorf("Unmarshal mismatch (-want +got):\n%s", diff)
	}
	data, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, doc, string(data))
}

// TestJSONRefusals: Unmarshal is as strict as the scenario decoder: an
// unknown field or a bad value is a FieldError naming its path.
func TestJSONRefusals(t *testing.T) {
	const (
		order    = `{"id": "o", "channel": "web", "mode": "home", "lat": 45, "lng": 4, "country": "FR", "promise_days": 0, "lines": [{"sku": "A", "qty": 1}]}`
		shipment = `{"node": "n", "lines": [{"sku": "A", "qty": 1}], "carrier": "c", "service": "s", "parcels": 1, "km": 1.5, "eta_days": 1, "cost": 10, "breakdown": {"carrier": 10}}`
		plan     = `{"rank": 1, "cost": 110, "breakdown": {"carrier": 10, "backorder": 100}, "shipments": [` + shipment + `], "backordered": [{"sku": "B", "qty": 1}]}`
		result   = `{"order": "o", "mode": "home", "profile": "p", "policy_version": "v", "optimal": true, "lower_bound": 110, "plans": [` + plan + `], "excluded": [{"node": "x", "reason": "kind not allowed"}]}`
		request  = `{"order": "o", "mode": "collect", "node": "n", "lines": [{"sku": "A", "qty": 1}], "hold": false, "parcels": 1, "carrier": "c", "service": "s", "pickup_node": "p", "eta_days": 2}`
	)
	type decoder func([]byte) error
	into := func(v any) decoder { return func(b []byte) error { return json.Unmarshal(b, v) } }
	decodeOrder := func(b []byte) error { _, err := orchestrate.DecodeOrder(b, ""); return err }
	for _, tt := range []struct {
		name   string
		decode decoder
		doc    string
		edit   [2]string // old, new in doc; empty = doc as it is
		field  string    // "" = no error
	}{
		{name: "order", decode: into(new(orchestrate.Order)), doc: order},
		{name: "order: unknown field", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"channel"`, `"chanel"`}, field: "chanel"},
		{name: "order: upper case name", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"channel"`, `"Channel"`}, field: "Channel"},
		{name: "order: mode", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"home"`, `"delivery"`}, field: "mode"},
		{name: "order: lat without lng", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"lng": 4,`, ``}, field: "lng"},
		{name: "order: home without destination", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"lat": 45, "lng": 4,`, ``}, field: "lat"},
		{name: "order: latitude", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"lat": 45`, `"lat": 91`}, field: "lat"},
		{name: "order: qty type", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"qty": 1`, `"qty": "1"`}, field: "lines[0].qty"},
		{name: "order: placed_at", decode: into(new(orchestrate.Order)), doc: order, edit: [2]string{`"promise_days": 0`, `"placed_at": "yesterday"`}, field: "placed_at"},
		{name: "order: trailing data", decode: decodeOrder, doc: order + `{}`, field: "(document)"},
		{name: "shipment", decode: into(new(orchestrate.Shipment)), doc: shipment},
		{name: "shipment: km", decode: into(new(orchestrate.Shipment)), doc: shipment, edit: [2]string{`"km": 1.5`, `"km": -1`}, field: "km"},
		{name: "shipment: service alone", decode: into(new(orchestrate.Shipment)), doc: shipment, edit: [2]string{`"carrier": "c"`, `"carrier": ""`}, field: "carrier"},
		{name: "shipment: cost", decode: into(new(orchestrate.Shipment)), doc: shipment, edit: [2]string{`"cost": 10`, `"cost": 11`}, field: "cost"},
		{name: "shipment: pickup_by", decode: into(new(orchestrate.Shipment)), doc: shipment, edit: [2]string{`"eta_days": 1`, `"eta_days": 1, "pickup_by": "17:00"`}, field: "pickup_by"},
		{name: "shipment: arrival", decode: into(new(orchestrate.Shipment)), doc: shipment, edit: [2]string{`"eta_days": 1`, `"eta_days": 1, "arrival": "2026-02-30"`}, field: "arrival"},
		{name: "shipment: zero qty", decode: into(new(orchestrate.Shipment)), doc: shipment, edit: [2]string{`"qty": 1`, `"qty": 0`}, field: "lines[0].qty"},
		{name: "plan", decode: into(new(orchestrate.Plan)), doc: plan},
		{name: "plan: nested", decode: into(new(orchestrate.Plan)), doc: plan, edit: [2]string{`"parcels": 1`, `"parcels": -1`}, field: "shipments[0].parcels"},
		{name: "plan: unknown nested field", decode: into(new(orchestrate.Plan)), doc: plan, edit: [2]string{`"carrier": 10}`, `"carier": 10}`}, field: "shipments[0].breakdown.carier"},
		{name: "plan: cost", decode: into(new(orchestrate.Plan)), doc: plan, edit: [2]string{`"cost": 110`, `"cost": 10`}, field: "cost"},
		{name: "result", decode: into(new(orchestrate.Result)), doc: result},
		{name: "result: mode", decode: into(new(orchestrate.Result)), doc: result, edit: [2]string{`"home"`, `""`}, field: "mode"},
		{name: "result: deep", decode: into(new(orchestrate.Result)), doc: result, edit: [2]string{`"km": 1.5`, `"km": "far"`}, field: "plans[0].shipments[0].km"},
		{name: "result: exclusion", decode: into(new(orchestrate.Result)), doc: result, edit: [2]string{`"reason": "kind not allowed"`, `"reason": ""`}, field: "excluded[0].reason"},
		{name: "request", decode: into(new(orchestrate.FulfilmentRequest)), doc: request},
		{name: "request: node", decode: into(new(orchestrate.FulfilmentRequest)), doc: request, edit: [2]string{`"node": "n"`, `"node": ""`}, field: "node"},
		{name: "request: PascalCase", decode: into(new(orchestrate.FulfilmentRequest)), doc: request, edit: [2]string{`"hold"`, `"Hold"`}, field: "Hold"},
		{name: "request: promised", decode: into(new(orchestrate.FulfilmentRequest)), doc: request, edit: [2]string{`"eta_days": 2`, `"eta_days": 2, "promised": "soon"`}, field: "promised"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.doc
			if tt.edit[0] != "" {
				require.Contains(t, doc, tt.edit[0])
				doc = strings.Replace(doc, tt.edit[0], tt.edit[1], 1)
			}
			err := tt.decode([]byte(doc))
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			var fe *sourcing.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			require.Equal(t, tt.field, fe.Field, "%v", err)
			require.ErrorIs(t, err, sourcing.ErrInvalid)
		})
	}
}

// TestSolveJSONRoundTrip: every result, plan, shipment and fulfilment
// request of the omnichannel scenario (calendars, pick-up times, arrival
// dates, collect and reservations) survives Marshal → Unmarshal, with
// distances to the metre as written; and Result's JSON is what the solve
// command prints.
func TestSolveJSONRoundTrip(t *testing.T) {
	data, err := os.ReadFile("../testdata/omnichannel.json")
	require.NoError(t, err)
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	require.NoError(t, err)
	var pickups, requests int
	for _, o := range sc.Orders {
		res, err := orchestrate.Solve(context.Background(), o, sc.Snapshot, sc.Rules, orchestrate.Options{})
		if errors.Is(err, orchestrate.ErrInfeasible) {
			continue
		}
		require.NoError(t, err)
		// km is written to the metre: compare with distances so rounded.
		for i := range res.Plans {
			for j := range res.Plans[i].Shipments {
				s := &res.Plans[i].Shipments[j]
				s.Distance = geo.Distance(s.Distance.Metres()) * geo.Metre
				if !s.CarrierPickup.IsZero() {
					pickups++
				}
			}
		}
		roundTrip(t, *res)
		roundTrip(t, res) // the pointer too
		for _, p := range res.Plans {
			roundTrip(t, p)
			for _, s := range p.Shipments {
				roundTrip(t, s)
			}
			for _, r := range orchestrate.FulfilmentRequests(o, p) {
				data := roundTrip(t, r)
				require.NotContains(t, string(data), "0001-01-01")
				requests++
			}
		}
	}
	require.Positive(t, pickups, "the scenario has pick-up times")
	require.Positive(t, requests)
}

func TestFulfilmentRequestJSON(t *testing.T) {
	r := orchestrate.FulfilmentRequest{Order: "o1", Mode: rules.Collect, Node: "dc-lyon", Lines: []orchestrate.Line{{SKU: "TENT-2P", Qty: 1}},
		Parcels: 1, Carrier: carrier.ServiceID{Carrier: "colis", Service: "standard"}, PickupNode: "store-lille",
		CarrierPickup: pickup, ETADays: 2, Promised: arrival}
	data := roundTrip(t, r)
	require.JSONEq(t, `{"order": "o1", "mode": "collect", "node": "dc-lyon", "lines": [{"sku": "TENT-2P", "qty": 1}],
		"hold": false, "parcels": 1, "carrier": "colis", "service": "standard", "pickup_node": "store-lille",
		"pickup_by": "2026-11-27T17:00:00+01:00", "eta_days": 2, "promised": "2026-11-28"}`, string(data))
	data = roundTrip(t, orchestrate.FulfilmentRequest{Order: "o2", Mode: rules.Reserve, Node: "store-lille", Hold: true})
	require.JSONEq(t, `{"order": "o2", "mode": "reserve", "node": "store-lille", "lines": [], "hold": true, "parcels": 0,
		"carrier": "", "service": "", "eta_days": 0}`, string(data))
}

func TestShipmentJSON(t *testing.T) {
	s := orchestrate.Shipment{Node: "dc-paris", Lines: []orchestrate.Line{{SKU: "TSHIRT-M", Qty: 2}},
		Carrier: carrier.ServiceID{Carrier: "parcel", Service: "standard"}, Parcels: 1, Distance: 391_512 * geo.Metre, ETADays: 2,
		CarrierPickup: pickup, Arrival: arrival, Cost: 956, Breakdown: orchestrate.Breakdown{Carrier: 590, Handling: 150, Picking: 20, Distance: 196}}
	data := roundTrip(t, s)
	require.JSONEq(t, `{"node": "dc-paris", "lines": [{"sku": "TSHIRT-M", "qty": 2}], "carrier": "parcel", "service": "standard",
		"parcels": 1, "km": 391.512, "eta_days": 2, "pickup_by": "2026-11-27T17:00:00+01:00", "arrival": "2026-11-28", "cost": 956,
		"breakdown": {"carrier": 590, "handling": 150, "picking": 20, "distance": 196, "priority": 0, "low_stock": 0,
		"workload": 0, "lateness": 0, "carbon": 0, "split": 0, "backorder": 0}}`, string(data))
}

// Values the library refuses to write: a mode that is not one, a time
// RFC 3339 cannot hold.
func TestJSONMarshalRefusals(t *testing.T) {
	for name, v := range map[string]any{
		"order without mode":     orchestrate.Order{ID: "o"},
		"order in year 10000":    orchestrate.Order{ID: "o", Mode: rules.Home, PlacedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"result without mode":    orchestrate.Result{Order: "o"},
		"request without mode":   orchestrate.FulfilmentRequest{Order: "o"},
		"shipment in year -1":    orchestrate.Shipment{Node: "n", CarrierPickup: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
		"plan with such a shipm": orchestrate.Plan{Shipments: []orchestrate.Shipment{{Node: "n", CarrierPickup: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}},
	} {
		_, err := json.Marshal(v)
		require.Error(t, err, name)
	}
}

// FuzzOrderJSON decodes any bytes as an order. DecodeOrder either refuses
// them, every part of its error a FieldError under the path it was given,
// or decodes an order that json.Unmarshal decodes alike; that order
// validates or not (every problem a FieldError under "order."), and its
// JSON decodes to an equal order whose own JSON is byte for byte the same.
func FuzzOrderJSON(f *testing.F) {
	files, err := filepath.Glob("../testdata/scenarios/example-0??.json")
	require.NoError(f, err)
	files = append(files, "../testdata/omnichannel.json", "../testdata/quickstart.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		var sc struct {
			Orders []json.RawMessage `json:"orders"`
		}
		require.NoError(f, json.Unmarshal(data, &sc), name)
		for _, o := range sc.Orders {
			f.Add([]byte(o))
		}
	}
	for _, s := range []string{
		`{"id": "o", "mode": "home", "lines": [{"sku": "A", "qty": 1}]}`,
		`{"id": "o", "mode": "reserve", "lat": -0, "lng": 1e-400, "lines": [null], "tags": [], "ship_together": [[], null]}`,
		`{"id": "o", "mode": "collect", "pickup_node": "store", "placed_at": "0001-01-01T00:00:00Z", "lines": []}`,
		`{"id": "o", "mode": "home", "lat": 45, "lng": 4, "placed_at": "2026-11-27T09:14:00.123456789+14:00", "value": -1, "promise_days": 4000}`,
		`{"id": "o", "mode": "home", "lat": 45, "lines": [{"sku": "A", "qty": 1.5}]}`,
		`{"id": "\u00e9\ud800", "mode": "home", "ID": "x"}`,
		`null`, `[]`, `{"id": "o", "mode": "home"} {}`,
	} {
		f.Add([]byte(s))
	}
	snap, err := stock.NewSnapshot("EUR",
		[]stock.Node{{ID: "store", Kind: stock.Store, Location: geo.MustLatLng(45.7, 4.8), Country: "FR", Ships: true, Pickup: true, Reserve: true}},
		[]stock.Item{{SKU: "A", Weight: 100}, {SKU: "TSHIRT-M", Weight: 300}}, nil)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "orders[7]"
		o, err := orchestrate.DecodeOrder(data, path)
		if err != nil {
			checkFieldErrors(t, err, path)
			return
		}
		var un orchestrate.Order
		require.NoError(t, json.Unmarshal(data, &un), "json.Unmarshal refuses what DecodeOrder accepts")
		if diff := cmp.Diff(o, un, jsonEqual); diff != "" {
			t.Fatalf("DecodeOrder and json.Unmarshal differ (-decode +unmarshal):\n%s", diff)
		}
		if err := o.Validate(snap); err != nil {
			checkFieldErrors(t, err, "order")
		}
		enc, err := json.Marshal(o)
		require.NoError(t, err, "Marshal of a decoded order")
		back, err := orchestrate.DecodeOrder(enc, path)
		require.NoError(t, err, "DecodeOrder of Marshal's output %s", enc)
		if diff := cmp.Diff(o, back, jsonEqual); diff != "" {
			t.Fatalf("order changed by Marshal → DecodeOrder of %s (-first +second):\n%s", enc, diff)
		}
		enc2, err := json.Marshal(back)
		require.NoError(t, err)
		if string(enc) != string(enc2) {
			t.Fatalf("second encoding differs:\n%s\n%s", enc, enc2)
		}
	})
}

// checkFieldErrors requires err to be made of FieldErrors whose fields
// start with prefix, each with a problem.
func checkFieldErrors(t *testing.T, err error, prefix string) {
	t.Helper()
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("not a FieldError: %v", e)
		}
		if !strings.HasPrefix(fe.Field, prefix) || fe.Problem == "" {
			t.Fatalf("field %q (problem %q) is not under %q: %v", fe.Field, fe.Problem, prefix, e)
		}
	}
}
