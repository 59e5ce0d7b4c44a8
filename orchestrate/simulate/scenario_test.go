package simulate_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/stock"
)

func invalid(field string, value any, problem string) sourcing.FieldError {
	return sourcing.FieldError{Field: field, Value: value, Problem: problem, Err: sourcing.ErrInvalid}
}

// TestParseHostile checks scenario files that encoding/json would decode
// silently wrong or report under the wrong name, each edited from the fuzz
// seed, and that Parse reports every problem of a file at once.
func TestParseHostile(t *testing.T) {
	tests := []struct {
		name  string
		edits [][2]string
		want  []sourcing.FieldError // nil: the scenario parses
		text  string                // if not "", the error's text, as a person reads it
	}{
		{name: "a line's qty given twice", edits: [][2]string{{`"qty": 2`, `"qty": 1, "qty": 5`}},
			want: []sourcing.FieldError{invalid("orders[0].lines[0].qty", nil, "given twice in the object")}},
		{name: "the currency given twice", edits: [][2]string{{`"currency": "EUR",`, `"currency": "EUR", "currency": "USD",`}},
			want: []sourcing.FieldError{invalid("currency", nil, "given twice in the object")}},
		{name: "a null carrier price is not free", edits: [][2]string{{`"prices": [700]`, `"prices": [null]`}},
			want: []sourcing.FieldError{invalid("carriers[0].rates[0].prices[0]", nil, "must not be null")}},
		{name: "a null node", edits: [][2]string{{`"nodes": [`, `"nodes": [null, `}},
			want: []sourcing.FieldError{invalid("nodes[0]", nil, "must not be null")}},
		{name: "null stock and order", edits: [][2]string{{`"stock": [`, `"stock": [null, `}, {`"orders": [`, `"orders": [null, `}},
			want: []sourcing.FieldError{invalid("stock[0]", nil, "must not be null"), invalid("orders[0]", nil, "must not be null")}},
		{name: "a null field is left out", edits: [][2]string{{`"tags": ["hazmat"]`, `"tags": null`}, {`"region": "IDF"`, `"region": null`}}},
		{name: "distinct invalid IDs do not collide", edits: [][2]string{
			{`"id": "st"`, "\"id\": \"s\xff\""}, {`"id": "su"`, "\"id\": \"s\xfe\""},
			{`{"node": "st"`, "{\"node\": \"s\xff\""}, {`{"node": "su"`, "{\"node\": \"s\xfe\""},
		}, want: []sourcing.FieldError{
			invalid("nodes[1].id", "s\xff", "is not valid UTF-8"), invalid("nodes[2].id", "s\xfe", "is not valid UTF-8"),
			invalid("stock[1].node", "s\xff", "is not valid UTF-8"), invalid("stock[2].node", "s\xfe", "is not valid UTF-8"),
			{Field: "orders[1].pickup_node", Value: "st", Problem: "no such node", Err: stock.ErrUnknownNode},
			{Field: "orders[1].origin_node", Value: "st", Problem: "no such node", Err: stock.ErrUnknownNode},
		}},
		{name: "a byte order mark", edits: [][2]string{{`{`, "\uFEFF{"}}},
		{name: "lng reported under lng", edits: [][2]string{{`"lng": 2.35`, `"lng": 181`}},
			want: []sourcing.FieldError{invalid("nodes[0].lng", 181.0, "must be in [-180, 180]")}, text: "nodes[0].lng: 181: must be in [-180, 180]"},
		{name: "an order's lat and lng both wrong", edits: [][2]string{{`"lat": 48.8, "lng": 2.3`, `"lat": -91, "lng": -181`}},
			want: []sourcing.FieldError{invalid("orders[0].lat", -91.0, "must be in [-90, 90]"), invalid("orders[0].lng", -181.0, "must be in [-180, 180]")}},
		{name: "lng without lat", edits: [][2]string{{`"lat": 45.7, "lng": 4.8`, `"lng": 4.8`}},
			want: []sourcing.FieldError{invalid("orders[2].lat", nil, "missing: lat and lng go together")}},
		{name: "the cut-off quoted as written", edits: [][2]string{{`"calendar": "fr", "cutoff": "15:00"`, `"cutoff": "15:00"`}},
			want: []sourcing.FieldError{invalid("nodes[0].cutoff", "15:00", "needs a calendar")}, text: `nodes[0].cutoff: "15:00": needs a calendar`},
		{name: "money in the unit written", edits: [][2]string{{`"handling_cost": 100`, `"handling_cost": -120`}},
			want: []sourcing.FieldError{invalid("nodes[0].handling_cost", sourcing.Money(-120), "must be ≥ 0")}, text: "nodes[0].handling_cost: -120: must be ≥ 0"},
		{name: "every problem of the file at once", edits: [][2]string{
			{`"kind": "warehouse"`, `"kind": "depot"`}, {`"priority": 1,`, `"priority": "1",`}, {`"weight_g": 500`, `"weight_g": -5`},
			{`"tz": "UTC"`, `"tz": "Mars/Olympus"`}, {`"split": 100`, `"split": -1`}, {`"max_km": 300`, `"max_km": -3`},
			{`"mode": "reserve"`, `"mode": "drone"`}, {`"sku": "B", "qty": 1`, `"sku": "Z", "qty": 1`},
		}, want: []sourcing.FieldError{
			invalid("calendars[1].tz", "Mars/Olympus", "a zone name needs a location loader (simulate.ParseWith); use UTC or a fixed offset such as +01:00"),
			invalid("nodes[0].kind", "depot", "must be warehouse, store or supplier"),
			invalid("nodes[1].priority", "1", "must be an integer"),
			invalid("orders[2].mode", "drone", "must be home, collect or reserve"),
			invalid("items[0].weight_g", sourcing.Grams(-5), "must be in [0, 1e9]"),
			invalid("policy.profiles[0].weights.split", sourcing.Money(-1), "must be ≥ 0"),
			invalid("policy.profiles[0].filters.max_km", -3.0, "must be ≥ 0"),
			// The orders' references are checked against a snapshot that
			// was built: not here, with items[0] refused.
		}},
		{name: "an order's references checked with its values", edits: [][2]string{
			{`"mode": "reserve"`, `"mode": "drone"`}, {`"sku": "B", "qty": 1`, `"sku": "Z", "qty": 0`},
		}, want: []sourcing.FieldError{
			invalid("orders[2].mode", "drone", "must be home, collect or reserve"),
			invalid("orders[0].lines[1].qty", sourcing.Qty(0), "must be in [1, 1000000000000]"),
			{Field: "orders[0].lines[1].sku", Value: "Z", Problem: "no such item", Err: stock.ErrUnknownSKU},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fzScenario
			for _, e := range tt.edits {
				require.Contains(t, in, e[0])
				in = strings.Replace(in, e[0], e[1], 1)
			}
			_, err := simulate.Parse([]byte(in))
			if diff := cmp.Diff(tt.want, testkit.FieldErrors(err), cmpopts.EquateErrors()); diff != "" {
				t.Errorf("Parse errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tt.text != "" {
				require.EqualError(t, err, tt.text)
			}
		})
	}
}

// TestParseCarriersInPolicy checks that the problems of carriers given
// under policy are reported there.
func TestParseCarriersInPolicy(t *testing.T) {
	in := strings.Replace(fzScenario, `"carriers": [{"id": "p", "service": "s", "max_parcel_g": 30000,`, `"carriers": [], "x": [{"id": "p", "service": "s", "max_parcel_g": 30000,`, 1)
	in = strings.Replace(in, `"profiles": [`, `"carriers": [{"id": "q", "service": "s", "max_parcel_g": 0, "zones": [{"max_km": 1, "days": 1}], "rates": [{"max_g": 1, "prices": [1]}]}], "profiles": [`, 1)
	_, err := simulate.Parse([]byte(in))
	require.Equal(t, []string{"x", "policy.carriers[0].max_parcel_g"}, testkit.FieldNames(err), "%v", err)
}

// TestParseSimulation checks the fields a simulation reads: customers,
// events and the settings, each problem at its path, all at once.
func TestParseSimulation(t *testing.T) {
	tests := []struct {
		name  string
		edits [][2]string
		want  []sourcing.FieldError
	}{
		{name: "valid"},
		{name: "every problem of the events and settings at once", edits: [][2]string{
			{`"qty": 40`, `"qty": 0`}, {`"restock": {"node": "wh"`, `"restock": {"node": "xx"`},
			{`"default": 0.02`, `"default": 1.5`}, {`"nodes": {"wh": 0.3}`, `"nodes": {"ghost": 0.3}`},
			{`"service": "s", "p": 0.12`, `"service": "x", "p": 0.12`}, {`"days": 1}]`, `"days": 0}]`},
			{`"release_every_minutes": 120`, `"release_every_minutes": 1441`}, {`"no_show": 0.2`, `"no_show": -0.2`},
		}, want: []sourcing.FieldError{
			{Field: "events[0].restock.node", Value: "xx", Problem: "no such node", Err: stock.ErrUnknownNode},
			invalid("events[0].restock.qty", sourcing.Qty(0), "must be in [1, 1000000000000]"),
			invalid("simulation.reject.default", 1.5, "must be a probability in [0, 1]"),
			{Field: "simulation.reject.nodes.ghost", Value: "ghost", Problem: "no such node", Err: stock.ErrUnknownNode},
			invalid("simulation.late[0].days", sourcing.Days(0), "must be in [1, 365]"),
			invalid("simulation.late[0].service", "x", "no carrier service p/x in the scenario"),
			invalid("simulation.release_every_minutes", int64(1441), "must be whole minutes in [0, 1440]"),
			invalid("simulation.no_show", -0.2, "must be a probability in [0, 1]"),
		}},
		{name: "the JSON's problems", edits: [][2]string{
			{`"at": "2026-11-26T06:00:00+01:00"`, `"at": "tomorrow"`}, {`"seed": 7`, `"seeds": 7`},
			{`"customer": "c-17"`, `"customer": 17`}, {`"group_minutes": 60`, `"group_minutes": -1`},
		}, want: []sourcing.FieldError{
			invalid("orders[0].customer", json.Number("17"), "must be a string"),
			invalid("events[0].at", "tomorrow", "must be an RFC 3339 time such as 2026-11-28T06:00:00+01:00"),
			invalid("simulation.seeds", nil, "unknown field"),
			invalid("simulation.group_minutes", int64(-1), "must be whole minutes in [0, 10080]"),
		}},
		{name: "an event without a time or a kind", edits: [][2]string{
			{`{"at": "2026-11-26T06:00:00+01:00", "restock": {"node": "wh", "sku": "A", "qty": 40}}`, `{}`},
		}, want: []sourcing.FieldError{
			invalid("events[0].at", nil, "missing: an event happens at a time (RFC 3339)"),
			invalid("events[0].restock", nil, "missing: an event needs a kind (restock)"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fzScenario
			for _, e := range tt.edits {
				require.Contains(t, in, e[0])
				in = strings.Replace(in, e[0], e[1], 1)
			}
			sc, err := simulate.Parse([]byte(in))
			if diff := cmp.Diff(tt.want, testkit.FieldErrors(err), cmpopts.EquateErrors()); diff != "" {
				t.Errorf("Parse errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tt.want != nil {
				return
			}
			require.Equal(t, "c-17", sc.Orders[0].Customer)
			at := time.Date(2026, 11, 26, 6, 0, 0, 0, time.FixedZone("", 3600))
			require.Equal(t, []simulate.Event{{At: at, Restock: &simulate.Restock{Node: "wh", SKU: "A", Qty: 40}}}, sc.Events)
			want := simulate.Settings{Seed: 7, Reject: simulate.Reject{Default: 0.02, Nodes: map[stock.NodeID]float64{"wh": 0.3}},
				Late:         []simulate.Late{{Service: carrier.ServiceID{Carrier: "p", Service: "s"}, P: 0.12, Days: 1}},
				ReleaseEvery: 2 * time.Hour, Group: time.Hour, ReserveHold: 24 * time.Hour, NoShow: 0.2}
			require.Equal(t, want, sc.Simulation)
		})
	}
}
