package orchestrate_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// TestExhaustiveRegressionReserveRequire is a disagreement the exhaustive
// property test found on commit 75f5db4 (seeds 107285, 128937 and 153251,
// and 17 more in 1000001…1400000), reduced by hand. Options.Require
// "restricts the plans to those shipping from every node listed". A
// reservation is a single-store plan, so requiring two stores leaves no
// plan: Solve must fail with ErrInfeasible. Solve returned each required
// store's reservation instead, neither of which holds at the other required
// store.
func TestExhaustiveRegressionReserveRequire(t *testing.T) {
	nodes := []stock.Node{
		{ID: "st-a", Kind: stock.Store, Location: geo.MustLatLng(48.85, 2.35), Country: "FR", Reserve: true},
		{ID: "st-b", Kind: stock.Store, Location: geo.MustLatLng(45.76, 4.84), Country: "FR", Reserve: true},
	}
	items := []stock.Item{{SKU: "A", Weight: 500}}
	levels := []stock.Record{
		{Node: "st-a", SKU: "A", Level: stock.Level{OnHand: 3}},
		{Node: "st-b", SKU: "A", Level: stock.Level{OnHand: 3}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	rs, err := rules.New(rules.Spec{Version: "v", Currency: "EUR",
		Carriers: []carrier.Spec{{ID: carrier.ServiceID{Carrier: "c", Service: "s"}, MaxParcel: 30_000,
			Zones: []carrier.Zone{{MaxDistance: 1000 * geo.Kilometre, Days: 1}}, Rates: []carrier.RateRow{{MaxWeight: 30_000, Prices: []sourcing.Money{500}}}}},
		Profiles: []rules.ProfileSpec{{Name: "default", Weights: rules.Weights{PerKm: 1_000_000, Backorder: 10_000}}}})
	require.NoError(t, err)
	o := orchestrate.Order{ID: "r", Channel: "web", Mode: rules.Reserve, Country: "FR", Destination: geo.MustLatLng(47, 3),
		Lines: []orchestrate.Line{{SKU: "A", Qty: 1}}}
	res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{Require: []stock.NodeID{"st-a", "st-b"}})
	if res != nil {
		for _, p := range res.Plans {
			t.Logf("Solve returned %s", describeSolvePlan(p))
		}
	}
	require.ErrorIs(t, err, orchestrate.ErrInfeasible, "no reservation holds at both required stores")
}
