package orchestrate_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/stock"
)

// checkFeasible asserts the invariants every returned plan keeps, optimal or
// not: stock, capacity, shipped + backordered = ordered, breakdown sums.
func checkFeasible(t *testing.T, snap *stock.Snapshot, o orchestrate.Order, res *orchestrate.Result) {
	t.Helper()
	ordered := map[stock.SKU]sourcing.Qty{}
	for _, l := range o.Lines {
		ordered[l.SKU] += l.Qty
	}
	for _, p := range res.Plans {
		got := map[stock.SKU]sourcing.Qty{}
		var sum sourcing.Money
		for _, s := range p.Shipments {
			node, ok := snap.Node(s.Node)
			require.True(t, ok)
			var units sourcing.Qty
			for _, l := range s.Lines {
				require.LessOrEqual(t, l.Qty, snap.Level(s.Node, l.SKU).Available(), "plan %d takes too much %s at %s", p.Rank, l.SKU, s.Node)
				got[l.SKU] += l.Qty
				units += l.Qty
			}
			if left, limited := node.Remaining(); limited {
				require.LessOrEqual(t, units, left, "plan %d over capacity at %s", p.Rank, s.Node)
			}
			require.Equal(t, s.Breakdown.Total(), s.Cost)
			sum += s.Cost
		}
		for _, l := range p.Backordered {
			got[l.SKU] += l.Qty
		}
		if diff := cmp.Diff(ordered, got); diff != "" {
			t.Errorf("plan %d: shipped + backordered differs from ordered (-want +got):\n%s", p.Rank, diff)
		}
		require.Equal(t, p.Breakdown.Total(), p.Cost)
		require.Equal(t, p.Cost, sum+p.Breakdown.Split+p.Breakdown.Backorder)
	}
	for i := 1; i < len(res.Plans); i++ {
		require.LessOrEqual(t, res.Plans[i-1].Cost, res.Plans[i].Cost)
	}
	if len(res.Plans) > 0 {
		require.LessOrEqual(t, res.LowerBound, res.Plans[0].Cost)
	}
}

// TestBudget cuts the search short at several budgets: the result is then
// feasible, marked not optimal, and its lower bound is below the optimum.
func TestBudget(t *testing.T) {
	f := networkOf(t, 500)
	orders := f.net.Orders(11, 20, 5, 8)
	ctx := context.Background()
	cut := 0
	for _, o := range orders {
		full, err := orchestrate.Solve(ctx, o, f.snap, f.rs, orchestrate.Options{})
		require.NoError(t, err)
		require.True(t, full.Optimal)
		for _, budget := range []int64{1, 50, 500, 5000} {
			res, err := orchestrate.Solve(ctx, o, f.snap, f.rs, orchestrate.Options{Budget: budget})
			if errors.Is(err, orchestrate.ErrBudget) {
				cut++
				continue
			}
			require.NoError(t, err)
			checkFeasible(t, f.snap, o, res)
			if !res.Optimal {
				cut++
				require.LessOrEqual(t, res.LowerBound, full.Plans[0].Cost, "order %s budget %d", o.ID, budget)
				require.GreaterOrEqual(t, res.Plans[0].Cost, full.Plans[0].Cost)
			} else {
				require.Equal(t, full.Plans[0].Cost, res.Plans[0].Cost)
			}
		}
	}
	require.Positive(t, cut, "no budget was small enough to cut the search")
}

func TestCancelledContext(t *testing.T) {
	f := networkOf(t, 500)
	o := f.net.Orders(12, 1, 8, 8)[0]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := orchestrate.Solve(ctx, o, f.snap, f.rs, orchestrate.Options{})
	if err != nil {
		require.ErrorIs(t, err, orchestrate.ErrBudget)
		require.ErrorIs(t, err, context.Canceled)
		return
	}
	require.False(t, res.Optimal)
	checkFeasible(t, f.snap, o, res)
}

// TestLargeOrders: orders beyond the exact search's lattice are served by
// the greedy search, feasibly, marked not optimal, with a lower bound.
func TestLargeOrders(t *testing.T) {
	f := networkOf(t, 500)
	ctx := context.Background()
	for _, o := range f.net.Orders(13, 5, 20, 20) {
		res, err := orchestrate.Solve(ctx, o, f.snap, f.rs, orchestrate.Options{})
		require.NoError(t, err)
		require.False(t, res.Optimal, "20 lines exceed the exact lattice")
		checkFeasible(t, f.snap, o, res)
	}
	// One line of 100,000 units that may be split.
	o := f.net.Orders(14, 1, 1, 1)[0]
	o.Lines[0].Qty = 100_000
	res, err := orchestrate.Solve(ctx, o, f.snap, f.rs, orchestrate.Options{})
	require.NoError(t, err)
	require.False(t, res.Optimal)
	checkFeasible(t, f.snap, o, res)
}

// TestSolveDoesNotMutate checks that nothing passed in is modified.
func TestSolveDoesNotMutate(t *testing.T) {
	f := networkOf(t, 50)
	o := f.net.Orders(15, 1, 3, 3)[0]
	o.Tags = []string{"gift"}
	o.ShipTogether = [][]int{{0, 1}}
	before := o
	before.Lines = append([]orchestrate.Line(nil), o.Lines...)
	before.Tags = append([]string(nil), o.Tags...)
	before.ShipTogether = [][]int{{0, 1}}
	specBefore := f.rs.Spec()
	res, err := orchestrate.Solve(context.Background(), o, f.snap, f.rs, orchestrate.Options{})
	require.NoError(t, err)
	if diff := cmp.Diff(before, o, cmp.Comparer(func(a, b orchestrate.Order) bool {
		return cmp.Equal(a.Lines, b.Lines) && cmp.Equal(a.Tags, b.Tags) && cmp.Equal(a.ShipTogether, b.ShipTogether) && a.ID == b.ID
	})); diff != "" {
		t.Errorf("Solve changed the order (-before +after):\n%s", diff)
	}
	require.True(t, cmp.Equal(specBefore, f.rs.Spec()))
	// Changing the result does not reach back into the inputs.
	res.Plans[0].Shipments[0].Lines[0].Qty = 999
	again, err := orchestrate.Solve(context.Background(), o, f.snap, f.rs, orchestrate.Options{})
	require.NoError(t, err)
	require.NotEqual(t, sourcing.Qty(999), again.Plans[0].Shipments[0].Lines[0].Qty)
}
