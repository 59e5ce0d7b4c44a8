package orchestrate_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// TestPriceOfSolvedPlans checks, on the exhaustive test's random
// instances (every weight, filter, calendar, carrier restriction and mode
// of the documentation), that Price of every plan Solve returns is that plan,
// shipment for shipment and term for term.
func TestPriceOfSolvedPlans(t *testing.T) {
	n := exhInstances() / 4
	checked := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		in := exhGenerate(seed)
		snap, rs, err := in.build()
		require.NoError(t, err)
		opts := in.opts
		opts.K = 5
		res, err := orchestrate.Solve(t.Context(), in.order, snap, rs, opts)
		if err != nil || len(res.Attempts) > 1 {
			continue // no plan, or a fallback's: Price reads the first profile
		}
		for _, plan := range res.Plans {
			got, err := orchestrate.Price(in.order, plan.Shipments, snap, rs, orchestrate.Options{Services: opts.Services, ExistingShipments: opts.ExistingShipments})
			require.NoError(t, err, "seed %d plan %d:\n%s", seed, plan.Rank, in.describe())
			got.Rank = plan.Rank
			if diff := cmp.Diff(plan, got); diff != "" {
				t.Fatalf("seed %d: Price of plan %d mismatch (-solved +priced):\n%s\n%s", seed, plan.Rank, diff, in.describe())
			}
			checked++
		}
	}
	require.Greater(t, checked, n, "too few plans priced")
}

// grenoble is the order of ExampleSolve.
func grenoble() orchestrate.Order {
	return orchestrate.Order{
		ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72),
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}},
	}
}

// withFilters returns rs with its one profile's filters replaced.
func withFilters(t *testing.T, rs *rules.RuleSet, f rules.Filters) *rules.RuleSet {
	t.Helper()
	spec := rs.Spec()
	spec.Profiles[0].Filters = f
	out, err := rules.New(spec)
	require.NoError(t, err)
	return out
}

// TestPriceAnyPlan checks Price on plans Solve would not make: shipments
// the rules' filters forbid (priced as if allowed), units left
// backordered, shipments after existing ones.
func TestPriceAnyPlan(t *testing.T) {
	snap, rs := network()
	order := grenoble()
	w := rs.Profiles()[0].Weights()
	dijon := []orchestrate.Shipment{{Node: "store-dijon", Lines: []orchestrate.Line{{SKU: "JACKET-M", Qty: 1}}}}
	both := []orchestrate.Shipment{
		{Node: "store-dijon", Lines: []orchestrate.Line{{SKU: "JACKET-M", Qty: 1}}},
		{Node: "store-lyon", Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}},
	}
	free, err := orchestrate.Price(order, both, snap, rs, orchestrate.Options{})
	require.NoError(t, err)
	tests := []struct {
		name      string
		rs        *rules.RuleSet
		shipments []orchestrate.Shipment
		opts      orchestrate.Options
		check     func(t *testing.T, p orchestrate.Plan)
	}{
		{name: "nothing shipped", rs: rs, check: func(t *testing.T, p orchestrate.Plan) {
			require.Equal(t, orchestrate.Breakdown{Backorder: 2 * w.Backorder}, p.Breakdown)
			require.Equal(t, []orchestrate.Line{{SKU: "JACKET-M", Qty: 1}, {SKU: "SHOE-42", Qty: 1}}, p.Backordered)
		}},
		{name: "part backordered", rs: rs, shipments: dijon, check: func(t *testing.T, p orchestrate.Plan) {
			require.Equal(t, w.Backorder, p.Breakdown.Backorder)
			require.Zero(t, p.Breakdown.Split)
			require.Equal(t, []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}, p.Backordered)
		}},
		{name: "two shipments pay one split", rs: rs, shipments: both, check: func(t *testing.T, p orchestrate.Plan) {
			require.Equal(t, w.Split, p.Breakdown.Split)
			require.Equal(t, []stock.NodeID{"store-dijon", "store-lyon"}, p.Nodes())
		}},
		{name: "after existing shipments every shipment pays the split", rs: rs, shipments: both, opts: orchestrate.Options{ExistingShipments: 1},
			check: func(t *testing.T, p orchestrate.Plan) { require.Equal(t, 2*w.Split, p.Breakdown.Split) }},
		{name: "beyond max_km, of an excluded kind: priced all the same", shipments: both,
			rs: withFilters(t, rs, rules.Filters{MaxDistance: 100 * geo.Kilometre, Kinds: []stock.NodeKind{stock.Warehouse}}),
			check: func(t *testing.T, p orchestrate.Plan) {
				if diff := cmp.Diff(free, p); diff != "" {
					t.Errorf("priced under filters mismatch (-without +with):\n%s", diff)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := orchestrate.Price(order, tt.shipments, snap, tt.rs, tt.opts)
			require.NoError(t, err)
			require.Equal(t, got.Breakdown.Total(), got.Cost)
			var sum sourcing.Money
			for _, s := range got.Shipments {
				require.Equal(t, s.Breakdown.Total(), s.Cost)
				sum += s.Cost
			}
			require.Equal(t, got.Cost, sum+got.Breakdown.Split+got.Breakdown.Backorder)
			tt.check(t, got)
		})
	}
}

func TestPriceInvalid(t *testing.T) {
	snap, rs := network()
	order := grenoble()
	sku, node := order.Lines[0].SKU, stock.NodeID("store-lyon")
	tests := []struct {
		name      string
		shipments []orchestrate.Shipment
		want      []sourcing.FieldError
	}{
		{name: "unknown node", shipments: []orchestrate.Shipment{{Node: "ghost", Lines: []orchestrate.Line{{SKU: sku, Qty: 1}}}},
			want: []sourcing.FieldError{{Field: "shipments[0].node", Value: "ghost", Problem: "no such node", Err: stock.ErrUnknownNode}}},
		{name: "a node twice, a line without units, a SKU not ordered, too many units", shipments: []orchestrate.Shipment{
			{Node: node, Lines: []orchestrate.Line{{SKU: sku, Qty: 1}}},
			{Node: node, Lines: []orchestrate.Line{{SKU: sku, Qty: 0}, {SKU: "NOPE", Qty: 1}, {SKU: sku, Qty: order.Lines[0].Qty}}},
			{Node: node},
		}, want: []sourcing.FieldError{
			{Field: "shipments[1].node", Value: string(node), Problem: "already the node of shipments[0]: a plan has one shipment per node", Err: sourcing.ErrInvalid},
			{Field: "shipments[1].lines[0].qty", Value: sourcing.Qty(0), Problem: "must be in [1, 1000000000000]", Err: sourcing.ErrInvalid},
			{Field: "shipments[1].lines[1].sku", Value: "NOPE", Problem: "not a SKU of the order", Err: sourcing.ErrInvalid},
			{Field: "shipments[1].lines[2]", Value: fmt.Sprintf("%d × %s", order.Lines[0].Qty, sku), Problem: fmt.Sprintf("the shipments would have more than the order's %d", order.Lines[0].Qty), Err: sourcing.ErrInvalid},
			{Field: "shipments[2].node", Value: string(node), Problem: "already the node of shipments[0]: a plan has one shipment per node", Err: sourcing.ErrInvalid},
			{Field: "shipments[2].lines", Problem: "a shipment has at least one line", Err: sourcing.ErrInvalid},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := orchestrate.Price(order, tt.shipments, snap, rs, orchestrate.Options{})
			if diff := cmp.Diff(tt.want, testkit.FieldErrors(err), cmpopts.EquateErrors()); diff != "" {
				t.Errorf("Price errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}
