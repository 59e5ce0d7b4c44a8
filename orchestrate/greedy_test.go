package orchestrate_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// TestGreedyNearOptimum measures the search for orders beyond the exact
// search (greedy, then local search) against the exact optimum on orders
// small enough for both: it never beats the optimum (which would be a bug
// of one of them) and stays within a few percent of it on average.
func TestGreedyNearOptimum(t *testing.T) {
	f := networkOf(t, 500)
	n := 40
	if raceEnabled {
		n = 8
	}
	for _, tc := range []struct {
		lines   int
		maxMean float64 // percent
	}{{5, 3}, {8, 3.5}, {12, 5}} {
		var sum float64
		solved := 0
		for _, o := range f.net.Orders(77, n, tc.lines, tc.lines) {
			exact, err := orchestrate.Solve(context.Background(), o, f.snap, f.rs, orchestrate.Options{K: 1})
			require.NoError(t, err)
			require.True(t, exact.Optimal)
			plan, err := orchestrate.SolveGreedyForTest(o, f.snap, f.rs)
			require.NoError(t, err)
			require.GreaterOrEqual(t, plan.Cost, exact.Plans[0].Cost, "order %s: greedy below the proven optimum", o.ID)
			sum += float64(plan.Cost-exact.Plans[0].Cost) / float64(exact.Plans[0].Cost)
			solved++
		}
		mean := 100 * sum / float64(solved)
		t.Logf("%d lines: greedy and local search %.2f%% above the optimum on average over %d orders", tc.lines, mean, solved)
		require.Less(t, mean, tc.maxMean)
	}
}

// A reservation is held whole by one store, so ranking the stores is exact
// even for an order too large for the exact search (here 301 × 301 lattice
// vectors).
func TestLargeReservation(t *testing.T) {
	nodes := []stock.Node{
		{ID: "st-a", Kind: stock.Store, Location: geo.MustLatLng(45.75, 4.85), Country: "FR", Reserve: true, HandlingCost: 300, PickCost: 30},
		{ID: "st-b", Kind: stock.Store, Location: geo.MustLatLng(45.70, 4.80), Country: "FR", Reserve: true, HandlingCost: 100, PickCost: 30},
		{ID: "st-c", Kind: stock.Store, Location: geo.MustLatLng(45.72, 4.90), Country: "FR", Reserve: true, HandlingCost: 100, PickCost: 10},
	}
	items := []stock.Item{{SKU: "A", Weight: 500}, {SKU: "B", Weight: 800}}
	levels := []stock.Record{
		{Node: "st-a", SKU: "A", Level: stock.Level{OnHand: 400}}, {Node: "st-a", SKU: "B", Level: stock.Level{OnHand: 400}},
		{Node: "st-b", SKU: "A", Level: stock.Level{OnHand: 400}}, {Node: "st-b", SKU: "B", Level: stock.Level{OnHand: 400}},
		{Node: "st-c", SKU: "A", Level: stock.Level{OnHand: 299}}, {Node: "st-c", SKU: "B", Level: stock.Level{OnHand: 400}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	rs, err := rules.New(rules.Spec{Version: "v", Currency: "EUR", Profiles: []rules.ProfileSpec{{Name: "p", Weights: rules.Weights{PerKm: 500_000, Backorder: 10_000}}}})
	require.NoError(t, err)
	o := orchestrate.Order{ID: "r", Channel: "store", Mode: rules.Reserve, Country: "FR", Destination: geo.MustLatLng(45.76, 4.84),
		Lines: []orchestrate.Line{{SKU: "A", Qty: 300}, {SKU: "B", Qty: 300}}}
	res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: 3})
	require.NoError(t, err)
	require.True(t, res.Optimal)
	checkFeasible(t, snap, o, res)
	var ranked []stock.NodeID
	for _, p := range res.Plans {
		require.Len(t, p.Shipments, 1)
		require.Empty(t, p.Backordered)
		ranked = append(ranked, p.Shipments[0].Node)
	}
	if diff := cmp.Diff([]stock.NodeID{"st-b", "st-a"}, ranked); diff != "" {
		t.Fatalf("st-c lacks one A; st-b handles for less (-want +got):\n%s", diff)
	}
	var excluded []string
	for _, x := range res.Excluded() {
		excluded = append(excluded, fmt.Sprintf("%s: %s (%s)", x.Node, x.Reason, x.Detail()))
	}
	if diff := cmp.Diff([]string{"st-c: cannot hold the whole basket (299 of 300 × A available)"}, excluded); diff != "" {
		t.Fatalf("excluded mismatch (-want +got):\n%s", diff)
	}
}
