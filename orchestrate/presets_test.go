package orchestrate_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// presetWorld is one network where the platforms' documented algorithms
// disagree. A customer in Lyon orders 4 × A and 1 × B:
//   - st-lyon (5 km, priority 2) has 3 A;
//   - wh-dijon (≈170 km, priority 1) has plenty of both;
//   - wh-paris (≈390 km, priority 0, the most preferred) has 2 A and 5 B.
func presetWorld(t *testing.T) (*stock.Snapshot, []carrier.Spec, orchestrate.Order) {
	t.Helper()
	nodes := []stock.Node{
		{ID: "st-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.75, 4.85), Country: "FR", Ships: true, Priority: 2, HandlingCost: 300, PickCost: 30},
		{ID: "wh-dijon", Kind: stock.Warehouse, Location: geo.MustLatLng(47.32, 5.04), Country: "FR", Ships: true, Priority: 1, HandlingCost: 150, PickCost: 10},
		{ID: "wh-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.86, 2.35), Country: "FR", Ships: true, Priority: 0, HandlingCost: 150, PickCost: 10},
	}
	items := []stock.Item{{SKU: "A", Weight: 500}, {SKU: "B", Weight: 800}}
	levels := []stock.Record{
		{Node: "st-lyon", SKU: "A", Level: stock.Level{OnHand: 3}},
		{Node: "wh-dijon", SKU: "A", Level: stock.Level{OnHand: 10}},
		{Node: "wh-dijon", SKU: "B", Level: stock.Level{OnHand: 10}},
		{Node: "wh-paris", SKU: "A", Level: stock.Level{OnHand: 2}},
		{Node: "wh-paris", SKU: "B", Level: stock.Level{OnHand: 5}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	carriers := []carrier.Spec{{
		ID: carrier.ServiceID{Carrier: "colis", Service: "home"}, MaxParcel: 30000,
		Zones: []carrier.Zone{{MaxDistance: 150 * geo.Kilometre, Days: 1}, {MaxDistance: 1000 * geo.Kilometre, Days: 2}},
		Rates: []carrier.RateRow{{MaxWeight: 2000, Prices: []sourcing.Money{700, 900}}, {MaxWeight: 30000, Prices: []sourcing.Money{1500, 1900}}},
	}}
	order := orchestrate.Order{ID: "o1", Channel: "web", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(45.76, 4.84),
		Lines: []orchestrate.Line{{SKU: "A", Qty: 4}, {SKU: "B", Qty: 1}}}
	return snap, carriers, order
}

// TestPresets checks that each preset reproduces its platform's documented
// behaviour, from weights and filters alone.
func TestPresets(t *testing.T) {
	snap, carriers, order := presetWorld(t)
	type alloc map[stock.NodeID][]orchestrate.Line
	tests := []struct {
		preset string
		why    string
		want   alloc
	}{
		{"priority", "Magento MSI source priority: units from the most preferred source first (Paris, then Dijon)",
			alloc{"wh-paris": {{SKU: "A", Qty: 2}, {SKU: "B", Qty: 1}}, "wh-dijon": {{SKU: "A", Qty: 2}}}},
		{"distance", "Magento MSI distance-based: units from the nearest source first (Lyon's 3 A, then Dijon)",
			alloc{"st-lyon": {{SKU: "A", Qty: 3}}, "wh-dijon": {{SKU: "A", Qty: 1}, {SKU: "B", Qty: 1}}}},
		{"fewest-locations", "Shopify: the fewest locations (Dijon alone holds everything)",
			alloc{"wh-dijon": {{SKU: "A", Qty: 4}, {SKU: "B", Qty: 1}}}},
		{"cheapest", "full cost: one parcel from Dijon beats every split",
			alloc{"wh-dijon": {{SKU: "A", Qty: 4}, {SKU: "B", Qty: 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.preset, func(t *testing.T) {
			spec, err := rules.LoadPreset(tt.preset)
			require.NoError(t, err)
			spec.Currency, spec.Carriers = "EUR", carriers
			rs, err := rules.New(spec)
			require.NoError(t, err)
			res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{})
			require.NoError(t, err)
			require.True(t, res.Optimal)
			got := alloc{}
			for _, s := range res.Plans[0].Shipments {
				got[s.Node] = s.Lines
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("%s: plan 1 mismatch (-want +got):\n%s", tt.why, diff)
			}
		})
	}
}

// TestPresetsDistanceFollowsTheCustomer checks the distance preset from the
// other side: a customer near Paris gets Paris's stock first.
func TestPresetsDistanceFollowsTheCustomer(t *testing.T) {
	snap, carriers, order := presetWorld(t)
	order.Destination = geo.MustLatLng(48.85, 2.30)
	spec, err := rules.LoadPreset("distance")
	require.NoError(t, err)
	spec.Currency, spec.Carriers = "EUR", carriers
	rs, err := rules.New(spec)
	require.NoError(t, err)
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{})
	require.NoError(t, err)
	want := []stock.NodeID{"wh-dijon", "wh-paris"}
	require.Equal(t, want, res.Plans[0].Nodes())
	if diff := cmp.Diff([]orchestrate.Line{{SKU: "A", Qty: 2}, {SKU: "B", Qty: 1}}, res.Plans[0].Shipments[1].Lines); diff != "" {
		t.Fatalf("res.Plans[0].Shipments[1].Lines mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadPresetRefusesUnknown(t *testing.T) {
	_, err := rules.LoadPreset("../secret")
	require.ErrorIs(t, err, sourcing.ErrInvalid)
	for _, name := range rules.Presets() {
		_, err := rules.LoadPreset(name)
		require.NoError(t, err, name)
	}
}
