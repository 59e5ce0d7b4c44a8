package rules_test

import (
	"errors"
	"flag"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the random tests (0: a new seed each run)")

func testSeed(t *testing.T) uint64 {
	t.Helper()
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", s, s)
	return s
}

// specOpts compares rule set specs: nil and empty alike, times by instant.
var specOpts = cmp.Options{cmpopts.EquateEmpty()}

func km(n int64) geo.Distance { return geo.Distance(n) * geo.Kilometre }

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func parcelSpec() carrier.Spec {
	return carrier.Spec{
		ID:        carrier.ServiceID{Carrier: "parcel", Service: "standard"},
		MaxParcel: 30000,
		Zones:     []carrier.Zone{{MaxDistance: km(100), Days: 1}, {MaxDistance: km(600), Days: 2}, {MaxDistance: km(2000), Days: 3}},
		Rates: []carrier.RateRow{
			{MaxWeight: 1000, Prices: []sourcing.Money{490, 590, 790}},
			{MaxWeight: 5000, Prices: []sourcing.Money{690, 890, 1190}},
			{MaxWeight: 30000, Prices: []sourcing.Money{1290, 1690, 2190}},
		},
	}
}

// validSpec is a rule set of three profiles: a sales event, a VIP profile
// and a catch-all default.
func validSpec() rules.Spec {
	express := parcelSpec()
	express.ID.Service = "express"
	return rules.Spec{
		Version:  "2026-11-26.1",
		Currency: "EUR",
		Carriers: []carrier.Spec{parcelSpec(), express},
		Profiles: []rules.ProfileSpec{
			{
				Name: "black-friday",
				When: rules.Condition{
					Channels: []string{"web", "app"},
					From:     mustTime("2026-11-27T00:00:00+01:00"),
					To:       mustTime("2026-11-28T00:00:00+01:00"),
				},
				Weights: rules.Weights{Split: 500, PerKm: 250_000, Backorder: 50_000},
				Filters: rules.Filters{Kinds: []stock.NodeKind{stock.Warehouse, stock.Store}, MaxShipments: 2},
			},
			{
				Name: "vip",
				When: rules.Condition{Tiers: []string{"gold"}, MinValue: 10_000, Modes: []rules.Mode{rules.Home, rules.Collect}},
				Weights: rules.Weights{
					Split: 100, PerKm: 500_000, PerUnitKm: 1_250, Priority: 20, LowStock: 30, LowStockBelow: 2,
					Workload: 40, LatePerDay: 1000, CO2PerKg: 12_500_000, Backorder: 100_000,
				},
				Filters: rules.Filters{
					Countries:    []string{"FR", "BE"},
					MaxDistance:  km(800),
					WholeLines:   true,
					ShipComplete: true,
					Keep:         map[stock.NodeKind]sourcing.Qty{stock.Store: 2},
					ForbidTags:   map[stock.NodeKind][]string{stock.Store: {"hazmat", "oversize"}, stock.Supplier: {"fragile"}},
				},
			},
			{
				Name:    "default",
				Weights: rules.Weights{Split: 300, PerKm: 500_000, Backorder: 100_000},
			},
		},
	}
}

func mustNew(t *testing.T, spec rules.Spec) *rules.RuleSet {
	t.Helper()
	rs, err := rules.New(spec)
	require.NoError(t, err)
	return rs
}

func TestNew(t *testing.T) {
	spec := validSpec()
	rs := mustNew(t, spec)
	require.Equal(t, "2026-11-26.1", rs.Version())
	require.Equal(t, sourcing.Currency("EUR"), rs.Currency())

	var ids []carrier.ServiceID
	for _, c := range rs.Carriers() {
		ids = append(ids, c.ID())
	}
	if diff := cmp.Diff([]carrier.ServiceID{{Carrier: "parcel", Service: "express"}, {Carrier: "parcel", Service: "standard"}}, ids); diff != "" {
		t.Fatalf("carriers in ID order (-want +got):\n%s", diff)
	}

	var names []string
	for _, p := range rs.Profiles() {
		names = append(names, p.Name())
	}
	if diff := cmp.Diff([]string{"black-friday", "vip", "default"}, names); diff != "" {
		t.Fatalf("profiles in the given order (-want +got):\n%s", diff)
	}

	p, ok := rs.Profile("vip")
	require.True(t, ok)
	if diff := cmp.Diff(spec.Profiles[1], p.Spec(), specOpts); diff != "" {
		t.Fatalf("Profile(vip).Spec() mismatch (-want +got):\n%s", diff)
	}
	_, ok = rs.Profile("missing")
	require.False(t, ok)
	_, ok = rs.Profile("")
	require.False(t, ok)

	want := spec
	want.Carriers = []carrier.Spec{spec.Carriers[1], spec.Carriers[0]}
	if diff := cmp.Diff(want, rs.Spec(), specOpts); diff != "" {
		t.Fatalf("Spec() mismatch (-want +got):\n%s", diff)
	}
}

func TestNewInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*rules.Spec)
		want   []string
	}{
		{name: "missing version", change: func(s *rules.Spec) { s.Version = "" }, want: []string{"version"}},
		{name: "missing currency", change: func(s *rules.Spec) { s.Currency = "" }, want: []string{"currency"}},
		{name: "bad currency", change: func(s *rules.Spec) { s.Currency = "euro" }, want: []string{"currency"}},
		{name: "bad carrier", change: func(s *rules.Spec) { s.Carriers[1].MaxParcel = 0; s.Carriers[1].Zones[2].Days = -1 }, want: []string{"carriers[1].max_parcel_g", "carriers[1].zones[2].days"}},
		{name: "no carriers is fine", change: func(s *rules.Spec) { s.Carriers = nil }, want: nil},
		{name: "duplicate carrier", change: func(s *rules.Spec) { s.Carriers = append(s.Carriers, parcelSpec()) }, want: []string{"carriers"}},
		{name: "no profiles", change: func(s *rules.Spec) { s.Profiles = nil }, want: []string{"profiles"}},
		{name: "profile without a name", change: func(s *rules.Spec) { s.Profiles[2].Name = "" }, want: []string{"profiles[2].name"}},
		{name: "duplicate profile name", change: func(s *rules.Spec) { s.Profiles[2].Name = "black-friday" }, want: []string{"profiles[2].name"}},
		{
			name: "two nameless profiles are reported once each",
			change: func(s *rules.Spec) {
				s.Profiles[0].Name = ""
				s.Profiles[1].Name = ""
			},
			want: []string{"profiles[0].name", "profiles[1].name"},
		},
		{
			name: "every weight negative",
			change: func(s *rules.Spec) {
				s.Profiles[1].Weights = rules.Weights{Split: -1, PerKm: -1, PerUnitKm: -1, Priority: -1, LowStock: -1, LowStockBelow: -1, Workload: -1, LatePerDay: -1, CO2PerKg: -1, Backorder: -1}
			},
			want: []string{
				"profiles[1].weights.split", "profiles[1].weights.per_km", "profiles[1].weights.per_unit_km",
				"profiles[1].weights.priority", "profiles[1].weights.low_stock", "profiles[1].weights.low_stock_below",
				"profiles[1].weights.workload", "profiles[1].weights.late_per_day", "profiles[1].weights.co2_per_kg",
				"profiles[1].weights.backorder",
			},
		},
		{name: "low stock threshold too large", change: func(s *rules.Spec) { s.Profiles[0].Weights.LowStockBelow = stock.MaxQty + 1 }, want: []string{"profiles[0].weights.low_stock_below"}},
		{name: "invalid kind", change: func(s *rules.Spec) { s.Profiles[0].Filters.Kinds = []stock.NodeKind{stock.Store, 9} }, want: []string{"profiles[0].filters.kinds[1]"}},
		{name: "kind twice", change: func(s *rules.Spec) {
			s.Profiles[0].Filters.Kinds = []stock.NodeKind{stock.Store, stock.Warehouse, stock.Store}
		}, want: []string{"profiles[0].filters.kinds[2]"}},
		{name: "empty country", change: func(s *rules.Spec) { s.Profiles[1].Filters.Countries = []string{"FR", ""} }, want: []string{"profiles[1].filters.countries[1]"}},
		{name: "negative max distance", change: func(s *rules.Spec) { s.Profiles[2].Filters.MaxDistance = -1 }, want: []string{"profiles[2].filters.max_km"}},
		{name: "negative max shipments", change: func(s *rules.Spec) { s.Profiles[2].Filters.MaxShipments = -1 }, want: []string{"profiles[2].filters.max_shipments"}},
		{
			name: "bad keep",
			change: func(s *rules.Spec) {
				s.Profiles[1].Filters.Keep = map[stock.NodeKind]sourcing.Qty{0: 1, stock.Warehouse: -1, stock.Store: stock.MaxQty + 1, stock.Supplier: stock.MaxQty}
			},
			want: []string{"profiles[1].filters.keep", "profiles[1].filters.keep.warehouse", "profiles[1].filters.keep.store"},
		},
		{
			name: "bad forbidden tags",
			change: func(s *rules.Spec) {
				s.Profiles[1].Filters.ForbidTags = map[stock.NodeKind][]string{7: {"x"}, stock.Store: {"hazmat", ""}}
			},
			want: []string{"profiles[1].filters.forbid_tags.store[1]", "profiles[1].filters.forbid_tags"},
		},
		{name: "invalid mode", change: func(s *rules.Spec) { s.Profiles[1].When.Modes = []rules.Mode{rules.Home, 0} }, want: []string{"profiles[1].when.mode[1]"}},
		{name: "negative minimum value", change: func(s *rules.Spec) { s.Profiles[1].When.MinValue = -1 }, want: []string{"profiles[1].when.min_value"}},
		{name: "window ends before it starts", change: func(s *rules.Spec) { s.Profiles[0].When.To = mustTime("2026-11-26T00:00:00Z") }, want: []string{"profiles[0].when.to"}},
		{name: "empty window", change: func(s *rules.Spec) { s.Profiles[0].When.To = s.Profiles[0].When.From }, want: []string{"profiles[0].when.to"}},
		{
			name: "everything at once, in order",
			change: func(s *rules.Spec) {
				s.Version = ""
				s.Currency = "eur"
				s.Carriers[0].ID.Carrier = ""
				s.Carriers = append(s.Carriers, s.Carriers[1])
				s.Profiles[0].Filters.MaxShipments = -2
				s.Profiles[1].Weights.Split = -1
				s.Profiles[1].When.MinValue = -5
				s.Profiles[2].Name = "vip"
			},
			want: []string{
				"version", "currency", "carriers[0].id", "carriers",
				"profiles[0].filters.max_shipments",
				"profiles[1].weights.split", "profiles[1].when.min_value",
				"profiles[2].name",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := validSpec()
			tt.change(&spec)
			rs, err := rules.New(spec)
			if tt.want == nil {
				require.NoError(t, err)
				require.NotNil(t, rs)
				return
			}
			require.Error(t, err)
			require.Nil(t, rs)
			if diff := cmp.Diff(tt.want, testkit.FieldNames(err)); diff != "" {
				t.Fatalf("New() error fields mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			for _, fe := range testkit.FieldErrors(err) {
				if !errors.Is(fe.Err, sourcing.ErrInvalid) {
					t.Errorf("%s wraps %v, want ErrInvalid", fe.Field, fe.Err)
				}
			}
		})
	}
}

func TestNewErrorText(t *testing.T) {
	spec := validSpec()
	spec.Profiles[2].Name = "black-friday"
	spec.Profiles[1].Filters.MaxDistance = -km(5)
	_, err := rules.New(spec)
	require.EqualError(t, err, "profiles[1].filters.max_km: -5: must be ≥ 0\n"+
		`profiles[2].name: "black-friday": already the name of profiles[0]`)
}

func TestMatch(t *testing.T) {
	rs := mustNew(t, validSpec())
	inFriday := mustTime("2026-11-27T10:00:00+01:00")
	tests := []struct {
		name  string
		facts rules.Facts
		want  string
	}{
		{name: "web order on Black Friday", facts: rules.Facts{Channel: "web", PlacedAt: inFriday, Tier: "gold", Value: 50_000, Mode: rules.Home}, want: "black-friday"},
		{name: "store order on Black Friday, gold", facts: rules.Facts{Channel: "store", PlacedAt: inFriday, Tier: "gold", Value: 50_000, Mode: rules.Home}, want: "vip"},
		{name: "gold, but reserving", facts: rules.Facts{Channel: "store", Tier: "gold", Value: 50_000, Mode: rules.Reserve}, want: "default"},
		{name: "gold, small order", facts: rules.Facts{Tier: "gold", Value: 9_999, Mode: rules.Home}, want: "default"},
		{name: "web order without a date", facts: rules.Facts{Channel: "web"}, want: "default"},
		{name: "nothing known", facts: rules.Facts{}, want: "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := rs.Match(tt.facts)
			require.NoError(t, err)
			require.Equal(t, tt.want, p.Name())
			require.True(t, p.Matches(tt.facts))
			same, _ := rs.Profile(tt.want)
			require.Same(t, same, p)
		})
	}
}

func TestMatchNoProfile(t *testing.T) {
	spec := validSpec()
	spec.Profiles = spec.Profiles[:2] // no catch-all
	rs := mustNew(t, spec)
	p, err := rs.Match(rules.Facts{Channel: "store", Tier: "silver"})
	require.ErrorIs(t, err, rules.ErrNoProfile)
	require.Nil(t, p)
	require.Contains(t, err.Error(), "2026-11-26.1")
}

func TestProfileAccessors(t *testing.T) {
	rs := mustNew(t, validSpec())
	bf, _ := rs.Profile("black-friday")
	vip, _ := rs.Profile("vip")
	def, _ := rs.Profile("default")

	t.Run("AllowsKind", func(t *testing.T) {
		for _, tt := range []struct {
			p    *rules.Profile
			k    stock.NodeKind
			want bool
		}{
			{bf, stock.Warehouse, true}, {bf, stock.Store, true}, {bf, stock.Supplier, false}, {bf, 0, false}, {bf, 4, false},
			{def, stock.Warehouse, true}, {def, stock.Store, true}, {def, stock.Supplier, true}, {def, 0, false}, {def, 200, false},
		} {
			require.Equal(t, tt.want, tt.p.AllowsKind(tt.k), "%s.AllowsKind(%v)", tt.p.Name(), tt.k)
		}
	})
	t.Run("AllowsCountry", func(t *testing.T) {
		for _, tt := range []struct {
			p       *rules.Profile
			country string
			want    bool
		}{
			{vip, "FR", true}, {vip, "BE", true}, {vip, "DE", false}, {vip, "fr", false}, {vip, "", false},
			{def, "FR", true}, {def, "DE", true}, {def, "", true},
		} {
			require.Equal(t, tt.want, tt.p.AllowsCountry(tt.country), "%s.AllowsCountry(%q)", tt.p.Name(), tt.country)
		}
	})
	t.Run("Keep", func(t *testing.T) {
		require.Equal(t, sourcing.Qty(2), vip.Keep(stock.Store))
		require.Equal(t, sourcing.Qty(0), vip.Keep(stock.Warehouse))
		require.Equal(t, sourcing.Qty(0), vip.Keep(0))
		require.Equal(t, sourcing.Qty(0), vip.Keep(9))
		require.Equal(t, sourcing.Qty(0), def.Keep(stock.Store))
	})
	t.Run("ForbiddenTag", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			p      *rules.Profile
			k      stock.NodeKind
			tags   []string
			want   string
			wantOK bool
		}{
			{"first forbidden tag in the item's order", vip, stock.Store, []string{"fragile", "oversize", "hazmat"}, "oversize", true},
			{"one forbidden tag", vip, stock.Store, []string{"hazmat"}, "hazmat", true},
			{"nothing forbidden", vip, stock.Store, []string{"fragile"}, "", false},
			{"no tags", vip, stock.Store, nil, "", false},
			{"other kind", vip, stock.Supplier, []string{"hazmat", "fragile"}, "fragile", true},
			{"kind without rules", vip, stock.Warehouse, []string{"hazmat", "fragile"}, "", false},
			{"invalid kind", vip, 0, []string{"hazmat"}, "", false},
			{"profile without rules", def, stock.Store, []string{"hazmat"}, "", false},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, ok := tt.p.ForbiddenTag(tt.k, tt.tags)
				require.Equal(t, tt.wantOK, ok)
				require.Equal(t, tt.want, got)
			})
		}
	})
	t.Run("the rest", func(t *testing.T) {
		require.Equal(t, km(800), vip.MaxDistance())
		require.Equal(t, geo.Distance(0), def.MaxDistance())
		require.Equal(t, 2, bf.MaxShipments())
		require.Equal(t, 0, vip.MaxShipments())
		require.True(t, vip.WholeLines())
		require.False(t, def.WholeLines())
		require.True(t, vip.ShipComplete())
		require.False(t, bf.ShipComplete())
		require.Equal(t, validSpec().Profiles[1].Weights, vip.Weights())
		require.Equal(t, "vip", vip.Name())
	})
}

// TestRuleSetIsImmutable changes the spec given to New and every value the
// rule set hands out, and checks that neither its Spec nor its answers move.
func TestRuleSetIsImmutable(t *testing.T) {
	spec := validSpec()
	rs := mustNew(t, spec)
	want := rs.Spec()
	vipFacts := rules.Facts{Tier: "gold", Value: 10_000, Mode: rules.Collect}

	// The input.
	spec.Version = "changed"
	spec.Carriers[0].Zones[0].Days = 9
	spec.Carriers[0].Rates[0].Prices[0] = 1
	p1 := &spec.Profiles[1]
	p1.Name = "renamed"
	p1.When.Tiers[0] = "bronze"
	p1.When.Modes[0] = rules.Reserve
	p1.Filters.Countries[0] = "DE"
	p1.Filters.Keep[stock.Store] = 99
	p1.Filters.ForbidTags[stock.Store][0] = "nothing"
	spec.Profiles[0].Filters.Kinds[1] = stock.Supplier
	spec.Profiles[0].When.Channels[0] = "fax"
	spec.Profiles = spec.Profiles[:1]

	// What the rule set hands out.
	got := rs.Spec()
	got.Profiles[1].When.Tiers[0] = "bronze"
	got.Profiles[1].Filters.Keep[stock.Store] = 99
	got.Profiles[1].Filters.ForbidTags[stock.Store][0] = "nothing"
	got.Carriers[0].Rates[0].Prices[0] = 1
	vip, _ := rs.Profile("vip")
	ps := vip.Spec()
	ps.Filters.Countries[0] = "DE"
	ps.Filters.Keep[stock.Store] = 98
	ps.Filters.ForbidTags[stock.Supplier][0] = "nothing"
	ps.When.Modes[1] = rules.Reserve
	profiles := rs.Profiles()
	profiles[0] = nil
	carriers := rs.Carriers()
	carriers[0] = nil

	if diff := cmp.Diff(want, rs.Spec(), specOpts); diff != "" {
		t.Fatalf("rule set changed (-want +got):\n%s", diff)
	}
	if p, err := rs.Match(vipFacts); err != nil || p.Name() != "vip" {
		t.Errorf("Match(vip facts) = %v, %v", p, err)
	}
	require.True(t, vip.AllowsCountry("FR"))
	require.False(t, vip.AllowsCountry("DE"))
	require.Equal(t, sourcing.Qty(2), vip.Keep(stock.Store))
	tag, ok := vip.ForbiddenTag(stock.Store, []string{"hazmat"})
	require.True(t, ok)
	require.Equal(t, "hazmat", tag)
	bf, _ := rs.Profile("black-friday")
	require.False(t, bf.AllowsKind(stock.Supplier))
	require.NotNil(t, rs.Profiles()[0])
	require.NotNil(t, rs.Carriers()[0])
}

func TestMode(t *testing.T) {
	for _, m := range rules.Modes {
		t.Run(m.String(), func(t *testing.T) {
			require.True(t, m.Valid())
			got, err := rules.ParseMode(m.String())
			require.NoError(t, err)
			require.Equal(t, m, got)
			b, err := m.MarshalText()
			require.NoError(t, err)
			var back rules.Mode
			require.NoError(t, back.UnmarshalText(b))
			require.Equal(t, m, back)
		})
	}
	require.Equal(t, [...]rules.Mode{rules.Home, rules.Collect, rules.Reserve}, rules.Modes)
	require.Equal(t, "home collect reserve", rules.Home.String()+" "+rules.Collect.String()+" "+rules.Reserve.String())
	for _, m := range []rules.Mode{0, 4} {
		require.False(t, m.Valid())
		_, err := m.MarshalText()
		require.ErrorIs(t, err, sourcing.ErrInvalid)
	}
	require.Equal(t, "Mode(0)", rules.Mode(0).String())
	for _, s := range []string{"", "Home", "ship", "collect "} {
		_, err := rules.ParseMode(s)
		require.ErrorIs(t, err, sourcing.ErrInvalid, "ParseMode(%q)", s)
		m := rules.Collect
		require.ErrorIs(t, m.UnmarshalText([]byte(s)), sourcing.ErrInvalid)
		require.Equal(t, rules.Collect, m, "a refused UnmarshalText leaves the mode alone")
	}
}
