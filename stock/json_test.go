package stock_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
)

// nodeEqual compares nodes read back from JSON: locations by ==,
// calendars by pointer.
var nodeEqual = gocmp.Options{
	gocmp.Comparer(func(a, b geo.LatLng) bool { return a == b }),
	gocmp.Comparer(func(a, b *stock.Calendar) bool { return a == b }),
}

func TestNodeJSONRoundTrip(t *testing.T) {
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr"})
	require.NoError(t, err)
	calendars := map[string]*stock.Calendar{"fr": cal}
	for _, tt := range []struct {
		name string
		node stock.Node
		want string // the JSON, "" = not checked
	}{
		{name: "every field", node: stock.Node{ID: "store-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.764, 4.8357), Country: "FR",
			Ships: true, Pickup: true, Reserve: true, Priority: 1, HandlingCost: 100, PickCost: 5, Capacity: 10, Committed: 4, PrepDays: 1,
			Calendar: cal, Cutoff: 15*time.Hour + 30*time.Minute},
			want: `{"id":"store-lyon","kind":"store","lat":45.764,"lng":4.8357,"country":"FR","ships":true,"pickup":true,"reserve":true,
			"priority":1,"handling_cost":100,"pick_cost":5,"capacity":10,"committed":4,"prep_days":1,"calendar":"fr","cutoff":"15:30"}`},
		{name: "no calendar, does not ship", node: stock.Node{ID: "sup", Kind: stock.Supplier, Location: geo.MustLatLng(0, 0), Country: "DE"},
			want: `{"id":"sup","kind":"supplier","lat":0,"lng":0,"country":"DE","ships":false,"pickup":false,"reserve":false,
			"priority":0,"handling_cost":0,"pick_cost":0,"capacity":0,"committed":0,"prep_days":0}`},
		{name: "cut-off at midnight", node: stock.Node{ID: "dc", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR",
			Calendar: cal, Cutoff: 24 * time.Hour}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.node)
			require.NoError(t, err)
			if tt.want != "" {
				require.JSONEq(t, tt.want, string(data))
			}
			back, err := stock.DecodeNode(data, "nodes[0]", calendars)
			require.NoError(t, err)
			if diff := gocmp.Diff(tt.node, back, nodeEqual); diff != "" {
				t.Errorf("DecodeNode(MarshalJSON) mismatch (-want +got):\n%s", diff)
			}
			if tt.node.Calendar != nil {
				return
			}
			var un stock.Node
			require.NoError(t, json.Unmarshal(data, &un))
			if diff := gocmp.Diff(tt.node, un, nodeEqual); diff != "" {
				t.Errorf("Unmarshal(MarshalJSON) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNodeJSONRefusals(t *testing.T) {
	const doc = `{"id": "dc", "kind": "warehouse", "lat": 48.8566, "lng": 2.3522, "country": "FR", "calendar": "fr", "cutoff": "15:00"}`
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr"})
	require.NoError(t, err)
	calendars := map[string]*stock.Calendar{"fr": cal}
	for _, tt := range []struct {
		name      string
		old, new  string
		calendars map[string]*stock.Calendar
		field     string // "" = no error
	}{
		{name: "valid", calendars: calendars},
		{name: "unknown field", old: `"country"`, new: `"contry"`, calendars: calendars, field: "nodes[2].contry"},
		{name: "kind", old: `"warehouse"`, new: `"shop"`, calendars: calendars, field: "nodes[2].kind"},
		{name: "lat without lng", old: `"lng": 2.3522,`, calendars: calendars, field: "nodes[2].lng"},
		{name: "lng out of range", old: `"lng": 2.3522`, new: `"lng": 181`, calendars: calendars, field: "nodes[2].lng"},
		{name: "no location", old: `"lat": 48.8566, "lng": 2.3522,`, calendars: calendars, field: "nodes[2].lat"},
		{name: "cut-off", old: `"15:00"`, new: `"3pm"`, calendars: calendars, field: "nodes[2].cutoff"},
		{name: "cut-off beyond the day", old: `"15:00"`, new: `"24:01"`, calendars: calendars, field: "nodes[2].cutoff"},
		{name: "unknown calendar", old: `"fr"`, new: `"de"`, calendars: calendars, field: "nodes[2].calendar"},
		{name: "calendar without calendars", field: "nodes[2].calendar"},
		{name: "ships as a string", old: `"country": "FR"`, new: `"country": "FR", "ships": "yes"`, calendars: calendars, field: "nodes[2].ships"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := doc
			if tt.old != "" {
				require.Contains(t, d, tt.old)
				d = strings.Replace(d, tt.old, tt.new, 1)
			}
			n, err := stock.DecodeNode([]byte(d), "nodes[2]", tt.calendars)
			if tt.field == "" {
				require.NoError(t, err)
				require.True(t, n.Ships, "ships absent means true")
				return
			}
			var fe *sourcing.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			require.Equal(t, tt.field, fe.Field, "%v", err)
			require.ErrorIs(t, err, sourcing.ErrInvalid)
		})
	}
	// json.Unmarshal has no calendars to resolve one with.
	var n stock.Node
	err = json.Unmarshal([]byte(doc), &n)
	require.ErrorContains(t, err, "calendar")
}

func TestNodeJSONMarshalRefusals(t *testing.T) {
	for name, n := range map[string]stock.Node{
		"no kind":              {ID: "n"},
		"cut-off with seconds": {ID: "n", Kind: stock.Store, Cutoff: 15*time.Hour + time.Second},
		"cut-off beyond a day": {ID: "n", Kind: stock.Store, Cutoff: 25 * time.Hour},
		"negative cut-off":     {ID: "n", Kind: stock.Store, Cutoff: -time.Minute},
	} {
		_, err := json.Marshal(n)
		require.Error(t, err, name)
	}
}
