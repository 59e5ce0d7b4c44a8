package rules_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// validJSON is validSpec as a rule file.
const validJSON = `{
  "version": "2026-11-26.1",
  "currency": "EUR",
  "carriers": [
    {"id": "parcel", "service": "standard", "max_parcel_g": 30000,
     "zones": [{"max_km": 100, "days": 1}, {"max_km": 600, "days": 2}, {"max_km": 2000, "days": 3}],
     "rates": [{"max_g": 1000, "prices": [490, 590, 790]},
               {"max_g": 5000, "prices": [690, 890, 1190]},
               {"max_g": 30000, "prices": [1290, 1690, 2190]}]},
    {"id": "parcel", "service": "express", "max_parcel_g": 30000,
     "zones": [{"max_km": 100, "days": 1}, {"max_km": 600, "days": 2}, {"max_km": 2000, "days": 3}],
     "rates": [{"max_g": 1000, "prices": [490, 590, 790]},
               {"max_g": 5000, "prices": [690, 890, 1190]},
               {"max_g": 30000, "prices": [1290, 1690, 2190]}]}
  ],
  "profiles": [
    {"name": "black-friday",
     "when": {"channel": ["web", "app"], "from": "2026-11-27T00:00:00+01:00", "to": "2026-11-28T00:00:00+01:00"},
     "weights": {"split": 500, "per_km": 0.25, "backorder": 50000},
     "filters": {"kinds": ["warehouse", "store"], "max_shipments": 2}},
    {"name": "vip",
     "when": {"tier": ["gold"], "min_value": 10000, "mode": ["home", "collect"]},
     "weights": {"split": 100, "per_km": 0.5, "per_unit_km": 1.25e-3, "priority": 20, "low_stock": 30,
                 "low_stock_below": 2, "workload": 40, "late_per_day": 1000, "co2_per_kg": 12.5, "backorder": 100000},
     "filters": {"countries": ["FR", "BE"], "max_km": 800, "line_split": false, "ship_complete": true,
                 "keep": {"store": 2}, "forbid_tags": {"store": ["hazmat", "oversize"], "supplier": ["fragile"]}}},
    {"name": "default",
     "weights": {"split": 300, "per_km": 0.5, "backorder": 100000},
     "filters": {"line_split": true}}
  ]
}`

func TestParse(t *testing.T) {
	rs, err := rules.Parse([]byte(validJSON))
	require.NoError(t, err)
	want := mustNew(t, validSpec()).Spec()
	if diff := cmp.Diff(want, rs.Spec(), specOpts); diff != "" {
		t.Errorf("Parse() mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeSpec(t *testing.T) {
	got, err := rules.DecodeSpec([]byte(validJSON), "policy")
	require.NoError(t, err)
	if diff := cmp.Diff(validSpec(), got, specOpts); diff != "" {
		t.Errorf("DecodeSpec() mismatch (-want +got):\n%s", diff)
	}
	// Not validated beyond syntax.
	got, err = rules.DecodeSpec([]byte(`{"version": "", "profiles": [{"name": "", "weights": {"split": -1}}]}`), "")
	require.NoError(t, err)
	want := rules.Spec{Profiles: []rules.ProfileSpec{{Weights: rules.Weights{Split: -1}}}}
	if diff := cmp.Diff(want, got, specOpts); diff != "" {
		t.Errorf("DecodeSpec() of an invalid spec mismatch (-want +got):\n%s", diff)
	}
}

func decodeProfile(t *testing.T, profile string) rules.ProfileSpec {
	t.Helper()
	s, err := rules.DecodeSpec([]byte(`{"version": "v", "currency": "EUR", "profiles": [`+profile+`]}`), "")
	require.NoError(t, err)
	require.Len(t, s.Profiles, 1)
	return s.Profiles[0]
}

func TestDecodeDefaults(t *testing.T) {
	tests := []struct {
		name    string
		profile string
		want    rules.ProfileSpec
	}{
		{name: "only a name", profile: `{"name": "d"}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "empty weights and filters", profile: `{"name": "d", "weights": {}, "filters": {}}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "empty when", profile: `{"name": "d", "when": {}}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "null when", profile: `{"name": "d", "when": null}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "line_split true", profile: `{"name": "d", "filters": {"line_split": true}}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "line_split false", profile: `{"name": "d", "filters": {"line_split": false}}`, want: rules.ProfileSpec{Name: "d", Filters: rules.Filters{WholeLines: true}}},
		{name: "zero rates", profile: `{"name": "d", "weights": {"per_km": 0, "per_unit_km": 0.0, "co2_per_kg": 0e5}}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "null rate", profile: `{"name": "d", "weights": {"per_km": null}}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "zero max_km", profile: `{"name": "d", "filters": {"max_km": 0}}`, want: rules.ProfileSpec{Name: "d"}},
		{name: "fractional max_km", profile: `{"name": "d", "filters": {"max_km": 0.5}}`, want: rules.ProfileSpec{Name: "d", Filters: rules.Filters{MaxDistance: 500 * geo.Metre}}},
		{name: "rates rounded to millionths", profile: `{"name": "d", "weights": {"per_km": 0.0000005}}`, want: rules.ProfileSpec{Name: "d", Weights: rules.Weights{PerKm: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeProfile(t, tt.profile)
			if diff := cmp.Diff(tt.want, got, specOpts); diff != "" {
				t.Errorf("decoded profile mismatch (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("a profile without when matches every order", func(t *testing.T) {
		rs, err := rules.Parse([]byte(`{"version": "v", "currency": "EUR", "profiles": [{"name": "d"}]}`))
		require.NoError(t, err)
		for _, f := range []rules.Facts{{}, {Channel: "web", Mode: rules.Reserve, Tier: "x", Value: 1, PlacedAt: time.Unix(0, 0)}} {
			p, err := rs.Match(f)
			require.NoError(t, err)
			require.Equal(t, "d", p.Name())
		}
		p := rs.Profiles()[0]
		require.False(t, p.WholeLines(), "line_split defaults to true")
		require.False(t, p.ShipComplete())
		for _, k := range stock.Kinds {
			require.True(t, p.AllowsKind(k), "every kind allowed by default")
		}
		require.True(t, p.AllowsCountry("JP"))
		require.Equal(t, geo.Distance(0), p.MaxDistance())
		require.Equal(t, 0, p.MaxShipments())
		require.Equal(t, rules.Weights{}, p.Weights())
	})
}

func TestDecodeErrors(t *testing.T) {
	profile := func(body string) string {
		return `{"version": "v", "currency": "EUR", "profiles": [{"name": "a"}, ` + body + `]}`
	}
	tests := []struct {
		name      string
		json      string
		path      string
		wantField string
		wantText  string
	}{
		{name: "unknown top-level field", json: `{"version": "v", "profile": []}`, wantField: "profile", wantText: "unknown field"},
		{name: "unknown profile field", json: profile(`{"name": "b", "weight": {}}`), wantField: "profiles[1].weight", wantText: "unknown field"},
		{name: "unknown weight", json: profile(`{"name": "b", "weights": {"per_mile": 1}}`), wantField: "profiles[1].weights.per_mile", wantText: "unknown field"},
		{name: "unknown filter", json: profile(`{"name": "b", "filters": {"linesplit": false}}`), wantField: "profiles[1].filters.linesplit", wantText: "unknown field"},
		{name: "unknown condition", json: profile(`{"name": "b", "when": {"channels": ["web"]}}`), wantField: "profiles[1].when.channels", wantText: "unknown field"},
		{name: "unknown field under a path", json: profile(`{"name": "b", "when": {"tiers": []}}`), path: "policy", wantField: "policy.profiles[1].when.tiers", wantText: "unknown field"},
		{name: "unknown carrier field", json: `{"version": "v", "carriers": [{"id": "x", "zones": [{"max_km": 1, "days": 1, "eta": 2}]}]}`, wantField: "carriers[0].zones[0].eta", wantText: "unknown field"},
		{name: "string for split", json: profile(`{"name": "b", "weights": {"split": "300"}}`), wantField: "profiles[1].weights.split", wantText: "integer"},
		{name: "fraction for split", json: profile(`{"name": "b", "weights": {"split": 2.5}}`), wantField: "profiles[1].weights.split", wantText: "whole number"},
		{name: "huge per_unit_km", json: profile(`{"name": "b", "weights": {"per_unit_km": 1e13}}`), wantField: "profiles[1].weights.per_unit_km", wantText: "per_unit_km: 1e13: too large: must be at most 8999999999999.999999"},
		{name: "string for co2_per_kg", json: profile(`{"name": "b", "weights": {"co2_per_kg": "x"}}`), wantField: "profiles[1].weights.co2_per_kg", wantText: "number"},
		{name: "unknown kind", json: profile(`{"name": "b", "filters": {"kinds": ["store", "shop"]}}`), wantField: "profiles[1].filters.kinds[1]", wantText: `"shop"`},
		{name: "max_km too far", json: profile(`{"name": "b", "filters": {"max_km": 1e10}}`), wantField: "profiles[1].filters.max_km", wantText: "kilometres"},
		{name: "string for line_split", json: profile(`{"name": "b", "filters": {"line_split": "no"}}`), wantField: "profiles[1].filters.line_split", wantText: "true or false"},
		{name: "unknown keep kind", json: profile(`{"name": "b", "filters": {"keep": {"shop": 1}}}`), wantField: "profiles[1].filters.keep.shop", wantText: "keys"},
		{name: "string for keep", json: profile(`{"name": "b", "filters": {"keep": {"store": "two"}}}`), wantField: "profiles[1].filters.keep.store", wantText: "integer"},
		{name: "unknown forbid_tags kind", json: profile(`{"name": "b", "filters": {"forbid_tags": {"depot": ["x"]}}}`), wantField: "profiles[1].filters.forbid_tags.depot", wantText: "keys"},
		{name: "unknown mode", json: profile(`{"name": "b", "when": {"mode": ["home", "ship"]}}`), wantField: "profiles[1].when.mode[1]", wantText: `"ship"`},
		{name: "bad from", json: profile(`{"name": "b", "when": {"from": "2026-11-27"}}`), wantField: "profiles[1].when.from", wantText: "RFC 3339"},
		{name: "bad to", json: profile(`{"name": "b", "when": {"to": "tomorrow"}}`), wantField: "profiles[1].when.to", wantText: `"tomorrow"`},
		{name: "string for a channel list", json: profile(`{"name": "b", "when": {"channel": "web"}}`), wantField: "profiles[1].when.channel", wantText: "array"},
		{name: "profiles not an array", json: `{"version": "v", "profiles": {}}`, wantField: "profiles", wantText: "array"},
		{name: "malformed", json: `{"version": "v",}`, wantField: "(document)", wantText: "malformed JSON at line 1"},
		{name: "malformed under a path", json: `{"version": "v",}`, path: "policy", wantField: "policy", wantText: "malformed JSON"},
		{name: "truncated", json: `{"version": "v", "profiles": [`, wantField: "(document)", wantText: "truncated"},
		{name: "trailing data", json: `{"version": "v"} {}`, wantField: "(document)", wantText: "after the JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.DecodeSpec([]byte(tt.json), tt.path)
			require.Error(t, err)
			require.ErrorIs(t, err, sourcing.ErrInvalid)
			var fe *sourcing.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.wantField, fe.Field, "error: %v", err)
			require.Contains(t, err.Error(), tt.wantText)
			if tt.path == "" {
				_, perr := rules.Parse([]byte(tt.json))
				require.Error(t, perr)
				require.True(t, strings.HasPrefix(perr.Error(), err.Error()), "Parse reports what DecodeSpec does, then what New does: %v", perr)
			}
		})
	}
}

// TestParseReportsEverything: negative numbers decode and are reported by
// validation, all at once, with the other problems of the file.
func TestParseReportsEverything(t *testing.T) {
	in := `{"version": "", "currency": "EUR",
	  "carriers": [{"id": "x", "service": "s", "max_parcel_g": 1000, "zones": [{"max_km": 1, "days": 1}, {"max_km": -1, "days": 1}], "rates": [{"max_g": 1000, "prices": [1, 2]}]}],
	  "profiles": [{"name": "a", "weights": {"per_km": -0.5, "co2_per_kg": -1e-3}, "filters": {"max_km": -5}},
	               {"name": "a"}]}`
	_, err := rules.Parse([]byte(in))
	require.Error(t, err)
	want := []string{"version", "carriers[0].zones[1].max_km", "carriers[0].zones[1].max_km", "profiles[0].weights.per_km", "profiles[0].weights.co2_per_kg",
		"profiles[0].filters.max_km", "profiles[1].name"}
	if diff := cmp.Diff(want, testkit.FieldNames(err)); diff != "" {
		t.Errorf("Parse() error fields mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
	require.Contains(t, err.Error(), "profiles[0].filters.max_km: -5: must be ≥ 0")
}

func TestParseValidates(t *testing.T) {
	in := strings.NewReplacer(
		`"version": "2026-11-26.1"`, `"version": ""`,
		`"currency": "EUR"`, `"currency": "eur"`,
		`"max_shipments": 2`, `"max_shipments": -2`,
		`"name": "default"`, `"name": "vip"`,
		`"low_stock": 30`, `"low_stock": -30`,
	).Replace(validJSON)
	rs, err := rules.Parse([]byte(in))
	require.Nil(t, rs)
	want := []string{"version", "currency", "profiles[0].filters.max_shipments", "profiles[1].weights.low_stock", "profiles[2].name"}
	if diff := cmp.Diff(want, testkit.FieldNames(err)); diff != "" {
		t.Errorf("Parse() error fields mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
	require.ErrorIs(t, err, sourcing.ErrInvalid)
}

func TestMarshalJSON(t *testing.T) {
	rs := mustNew(t, rules.Spec{
		Version: "v1", Currency: "EUR",
		Profiles: []rules.ProfileSpec{
			{Name: "default", Weights: rules.Weights{Split: 300, PerKm: 500_000}},
			{
				Name: "event",
				When: rules.Condition{Modes: []rules.Mode{rules.Collect}, From: mustTime("2026-11-27T00:00:00.25+01:00")},
				Filters: rules.Filters{
					Kinds: []stock.NodeKind{stock.Store}, WholeLines: true,
					Keep:       map[stock.NodeKind]sourcing.Qty{stock.Supplier: 1, stock.Store: 2},
					ForbidTags: map[stock.NodeKind][]string{stock.Supplier: {"b"}, stock.Store: {"a"}},
				},
			},
		},
	})
	want := `{"version":"v1","currency":"EUR","profiles":[` +
		`{"name":"default","weights":{"split":300,"per_km":0.5,"per_unit_km":0,"priority":0,"low_stock":0,"low_stock_below":0,"workload":0,"late_per_day":0,"co2_per_kg":0,"backorder":0},` +
		`"filters":{"max_km":0,"max_shipments":0,"line_split":true,"ship_complete":false}},` +
		`{"name":"event","when":{"mode":["collect"],"from":"2026-11-27T00:00:00.25+01:00"},` +
		`"weights":{"split":0,"per_km":0,"per_unit_km":0,"priority":0,"low_stock":0,"low_stock_below":0,"workload":0,"late_per_day":0,"co2_per_kg":0,"backorder":0},` +
		`"filters":{"kinds":["store"],"max_km":0,"max_shipments":0,"line_split":false,"ship_complete":false,"keep":{"store":2,"supplier":1},"forbid_tags":{"store":["a"],"supplier":["b"]}}}]}`
	for range 5 { // map order must not reach the output
		got, err := json.Marshal(rs)
		require.NoError(t, err)
		if string(got) != want {
			t.Fatalf("MarshalJSON() =\n%s\nwant\n%s", got, want)
		}
	}
}

// TestRoundTrip checks that Parse reads back exactly what MarshalJSON
// writes: for the fixture, for edge cases, and for random rule sets.
func TestRoundTrip(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	edge := validSpec()
	edge.Profiles[0].When.From = mustTime("2026-11-27T00:00:00.123456789+01:00") // sub-second
	edge.Profiles[0].When.To = time.Date(2026, 11, 28, 0, 0, 0, 1, time.UTC)
	edge.Profiles[1].Filters.MaxDistance = 1                        // a millimetre
	edge.Profiles[1].Weights.PerKm = 1                              // a millionth
	edge.Profiles[1].Filters.ForbidTags[stock.Warehouse] = nil      // a kind without tags
	edge.Profiles[1].Filters.Keep[stock.Warehouse] = 0              // keeping nothing, said
	edge.Profiles[2].When = rules.Condition{To: time.Unix(0, 0)}    // open start
	edge.Profiles[2].Filters.Countries = []string{"É", `"q"`, "\n"} // unusual strings
	specs := []rules.Spec{validSpec(), edge}
	for range 60 {
		specs = append(specs, randomSpec(rng))
	}
	for i, spec := range specs {
		rs, err := rules.New(spec)
		require.NoError(t, err, "spec %d (seed %d)", i, seed)
		b, err := rs.MarshalJSON()
		require.NoError(t, err)
		back, err := rules.Parse(b)
		require.NoError(t, err, "spec %d (seed %d): %s", i, seed, b)
		if diff := cmp.Diff(rs.Spec(), back.Spec(), specOpts); diff != "" {
			t.Fatalf("round trip of spec %d (seed %d) mismatch (-want +got):\n%s\njson: %s", i, seed, diff, b)
		}
		// Spec's own MarshalJSON and DecodeSpec agree too, carriers in
		// the order given.
		b, err = json.Marshal(spec)
		require.NoError(t, err)
		decoded, err := rules.DecodeSpec(b, "")
		require.NoError(t, err)
		if diff := cmp.Diff(spec, decoded, specOpts); diff != "" {
			t.Fatalf("Spec round trip %d (seed %d) mismatch (-want +got):\n%s", i, seed, diff)
		}
	}
}

func randomSpec(rng *rand.Rand) rules.Spec {
	pick := func(from ...string) []string {
		var out []string
		for _, s := range from {
			if rng.IntN(2) == 0 {
				out = append(out, s)
			}
		}
		return out
	}
	randTime := func() time.Time {
		if rng.IntN(2) == 0 {
			return time.Time{}
		}
		zone := time.FixedZone("", (rng.IntN(27)-12)*3600+rng.IntN(2)*1800)
		return time.Unix(1_700_000_000+rng.Int64N(200_000_000), rng.Int64N(3)*rng.Int64N(1_000_000_000)).In(zone)
	}
	s := rules.Spec{Version: fmt.Sprintf("v%d", rng.IntN(1000)), Currency: "EUR"}
	if rng.IntN(2) == 0 {
		c := parcelSpec()
		c.CO2PerTonneKm = sourcing.Rate(rng.Int64N(1e9))
		s.Carriers = append(s.Carriers, c)
	}
	n := 1 + rng.IntN(4)
	for i := range n {
		p := rules.ProfileSpec{Name: fmt.Sprintf("p%d", i)}
		p.When.Regions = pick("IDF", "ARA", "PACA")
		for _, id := range pick("st-1", "st-2", "wh-1") {
			p.Filters.ExcludeNodes = append(p.Filters.ExcludeNodes, stock.NodeID(id))
		}
		if rng.IntN(3) == 0 {
			p.Filters.ShipTogether = [][]stock.SKU{{"KIT-1", "KIT-2"}, {"LAMP", "SHADE", "BULB"}}
		}
		p.Filters.OnTime = rng.IntN(2) == 0
		p.Filters.OriginStock = []string{"", rules.OriginExclude, rules.OriginPrefer}[rng.IntN(3)]
		p.Filters.ToleranceDays = sourcing.Days(rng.IntN(3))
		if rng.IntN(2) == 0 {
			p.Fallback.WidenDays = []sourcing.Days{2, 5}
		}
		if i+1 < n && rng.IntN(2) == 0 {
			p.Fallback.Profile = fmt.Sprintf("p%d", i+1+rng.IntN(n-i-1))
		}
		p.When.Channels = pick("web", "app", "store")
		p.When.Countries = pick("FR", "BE")
		p.When.Tiers = pick("gold", "silver")
		p.When.TagsAny = pick("gift", "b2b")
		for _, m := range rules.Modes {
			if rng.IntN(2) == 0 {
				p.When.Modes = append(p.When.Modes, m)
			}
		}
		p.When.MinValue = sourcing.Money(rng.Int64N(3) * rng.Int64N(100_000))
		p.When.From = randTime()
		if to := randTime(); !to.IsZero() && (p.When.From.IsZero() || to.After(p.When.From)) {
			p.When.To = to
		}
		r := func() sourcing.Rate { return sourcing.Rate(rng.Int64N(3) * rng.Int64N(10_000_000)) }
		m := func() sourcing.Money { return sourcing.Money(rng.Int64N(100_000)) }
		p.Weights = rules.Weights{
			Split: m(), PerKm: r(), PerUnitKm: r(), Priority: m(), LowStock: m(), LowStockBelow: sourcing.Qty(rng.IntN(10)),
			Workload: m(), LatePerDay: m(), CO2PerKg: r(), Backorder: m(),
		}
		for _, k := range stock.Kinds {
			if rng.IntN(2) == 0 {
				p.Filters.Kinds = append(p.Filters.Kinds, k)
			}
			if rng.IntN(3) == 0 {
				if p.Filters.Keep == nil {
					p.Filters.Keep = map[stock.NodeKind]sourcing.Qty{}
				}
				p.Filters.Keep[k] = sourcing.Qty(rng.IntN(5))
			}
			if rng.IntN(3) == 0 {
				if p.Filters.ForbidTags == nil {
					p.Filters.ForbidTags = map[stock.NodeKind][]string{}
				}
				p.Filters.ForbidTags[k] = pick("hazmat", "oversize", "fragile")
			}
		}
		p.Filters.Countries = pick("FR", "BE", "DE")
		p.Filters.MaxDistance = geo.Distance(rng.Int64N(2) * rng.Int64N(int64(5000*geo.Kilometre)))
		p.Filters.MaxShipments = rng.IntN(4)
		p.Filters.WholeLines = rng.IntN(2) == 0
		p.Filters.ShipComplete = rng.IntN(2) == 0
		s.Profiles = append(s.Profiles, p)
	}
	return s
}

// TestRuleSetConcurrentUse matches orders, reads specs and marshals one rule
// set from many goroutines. It proves nothing unless run with -race.
func TestRuleSetConcurrentUse(t *testing.T) {
	rs := mustNew(t, validSpec())
	want, err := rs.MarshalJSON()
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				p, err := rs.Match(rules.Facts{Tier: "gold", Value: 20_000, Mode: rules.Home})
				if err != nil || p.Name() != "vip" {
					errs <- fmt.Errorf("goroutine %d: Match = %v, %v", g, p, err)
					return
				}
				if _, ok := p.ForbiddenTag(stock.Store, []string{"hazmat"}); !ok || !p.AllowsCountry("FR") || p.Keep(stock.Store) != 2 {
					errs <- fmt.Errorf("goroutine %d: profile answers changed", g)
					return
				}
				s := rs.Spec()
				s.Profiles[1].Filters.Keep[stock.Store] = sourcing.Qty(g) // a copy: harmless
				b, err := rs.MarshalJSON()
				if err != nil || string(b) != string(want) {
					errs <- fmt.Errorf("goroutine %d: MarshalJSON changed: %v", g, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
