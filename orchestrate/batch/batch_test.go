package batch_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/batch"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// flashSale is the wave of ExampleOptimize_wave: three orders for a tent,
// one at the Lyon store, two at the Paris warehouse.
func flashSale(t *testing.T) ([]batch.Assignment, *stock.Snapshot, *rules.RuleSet) {
	t.Helper()
	snap, rs := smallWorld(map[[2]string]sourcing.Qty{{"dc-paris", "TENT"}: 2, {"store-lyon", "TENT"}: 1})
	orders := []orchestrate.Order{
		home("o1", "c-1", dijon, monday, 0, line("TENT", 1)),
		home("o2", "c-2", lyon, monday.Add(time.Minute), 0, line("TENT", 1)),
		home("o3", "c-3", paris, monday.Add(2*time.Minute), 0, line("TENT", 1)),
	}
	open, held, err := firstComeFirstServed(orders, snap, rs)
	require.NoError(t, err)
	return open, held, rs
}

func TestOptimizeExplainsTheWave(t *testing.T) {
	open, held, rs := flashSale(t)
	res, err := batch.Optimize(context.Background(), open, held, rs, batch.Options{})
	require.NoError(t, err)
	type got struct {
		Orders  []string
		Moves   []batch.Move
		Reasons []batch.Reason
		Delta   sourcing.Money
	}
	var changes []got
	for _, ch := range res.Changes {
		require.Equal(t, ch.AfterCost-ch.BeforeCost, ch.Delta.Total(), "the delta is the difference, term by term")
		changes = append(changes, got{ch.Orders, ch.Moves, ch.Reasons, ch.Delta.Total()})
	}
	want := []got{
		{[]string{"o1"}, []batch.Move{{Order: "o1", SKU: "TENT", Qty: 1, From: "store-lyon", To: "dc-paris", For: []string{"o2"}}},
			[]batch.Reason{{Step: batch.StepWave, SKU: "TENT", With: []string{"o2"}}}, 178},
		{[]string{"o2"}, []batch.Move{{Order: "o2", SKU: "TENT", Qty: 1, From: "dc-paris", To: "store-lyon", For: []string{"o1"}}},
			[]batch.Reason{{Step: batch.StepWave, SKU: "TENT", With: []string{"o1"}}}, -731},
	}
	if diff := cmp.Diff(want, changes); diff != "" {
		t.Errorf("Optimize() changes mismatch (-want +got):\n%s", diff)
	}
	require.True(t, res.Optimal)
	require.Equal(t, res.Before+res.AfterBreakdown.Total()-res.BeforeBreakdown.Total(), res.After)
}

func TestOptimizeKeepsPromises(t *testing.T) {
	// o1 (Dijon, promised 2 days) holds the Lyon store's only tent, on
	// time; o2 (Lyon, promised 1 day) misses its promise from Paris.
	// Swapping would cost less (o2 saves more than o1 loses, lateness
	// included), but breaks the promise o1's plan keeps: the batch does
	// not.
	snap, rs := smallWorld(map[[2]string]sourcing.Qty{{"store-lyon", "TENT"}: 1, {"dc-paris", "TENT"}: 5})
	orders := []orchestrate.Order{
		home("o1", "c-1", dijon, monday, 2, line("TENT", 1)),
		home("o2", "c-2", lyon, monday.Add(time.Minute), 1, line("TENT", 1)),
	}
	open, held, err := firstComeFirstServed(orders, snap, rs)
	require.NoError(t, err)
	require.Equal(t, []stock.NodeID{"store-lyon"}, open[0].Plan.Nodes())
	require.Equal(t, sourcing.Days(2), open[0].Plan.Shipments[0].ETADays)
	swapped := []orchestrate.Plan{open[1].Plan, open[0].Plan}
	var now, then sourcing.Money
	for i, a := range open {
		p, err := orchestrate.Price(a.Orders[0], swapped[i].Shipments, snap, rs, orchestrate.Options{})
		require.NoError(t, err)
		then += p.Cost
		now += a.Plan.Cost
	}
	require.Less(t, then, now, "the swap costs less")
	res, err := batch.Optimize(context.Background(), open, held, rs, batch.Options{})
	require.NoError(t, err)
	require.Equal(t, []stock.NodeID{"store-lyon"}, res.Assignments[0].Plan.Nodes())
	require.Empty(t, res.Changes)
}

func TestOptimizeErrors(t *testing.T) {
	open, held, rs := flashSale(t)
	ctx := context.Background()
	other := open[0]
	other.Orders = []orchestrate.Order{open[0].Orders[0], open[1].Orders[0]}
	tests := []struct {
		name   string
		open   []batch.Assignment
		snap   *stock.Snapshot
		rs     *rules.RuleSet
		opts   batch.Options
		want   error
		fields []string
	}{
		{name: "no snapshot", open: open, rs: rs, want: sourcing.ErrInvalid},
		{name: "negative budget", open: open, snap: held, rs: rs, opts: batch.Options{Budget: -1}, want: sourcing.ErrInvalid, fields: []string{"options.budget"}},
		{name: "K too large", open: open, snap: held, rs: rs, opts: batch.Options{K: orchestrate.MaxK + 1}, want: sourcing.ErrInvalid, fields: []string{"options.k"}},
		{name: "negative window", open: open, snap: held, rs: rs, opts: batch.Options{Group: -time.Minute}, want: sourcing.ErrInvalid, fields: []string{"options.group"}},
		{name: "an assignment without orders", open: append(open[:2:2], batch.Assignment{}), snap: held, rs: rs, want: sourcing.ErrInvalid, fields: []string{"open[2].orders"}},
		{name: "an order twice, a group to two places", open: append(open[:1:1], other), snap: held, rs: rs, want: sourcing.ErrInvalid,
			fields: []string{"open[1].orders[0].id", "open[1].orders[1]"}},
		{name: "an unknown SKU", open: []batch.Assignment{{Orders: []orchestrate.Order{home("x", "c", paris, monday, 0, line("NOPE", 1))}}}, snap: held, rs: rs,
			want: stock.ErrUnknownSKU, fields: []string{"open[0].orders[0].lines[0].sku"}},
		{name: "plans not applied to the snapshot", open: open, snap: func() *stock.Snapshot { s, _ := smallWorld(nil); return s }(), rs: rs, want: stock.ErrConflict},
		{name: "a plan not of its order", open: []batch.Assignment{{Orders: open[0].Orders, Plan: orchestrate.Plan{Shipments: []orchestrate.Shipment{{Node: "dc-paris", Lines: []orchestrate.Line{line("MUG", 1)}}}}}},
			snap: held, rs: rs, want: sourcing.ErrInvalid, fields: []string{"open[0].plan.shipments[0].lines[0].sku"}},
		{name: "an order the rules do not cover", open: open, snap: held, rs: func() *rules.RuleSet {
			spec := rs.Spec()
			spec.Profiles[0].When.Channels = []string{"store"}
			r, err := rules.New(spec)
			require.NoError(t, err)
			return r
		}(), want: rules.ErrNoProfile},
		{name: "a rule set of another currency", open: open, snap: held, rs: func() *rules.RuleSet {
			spec := rs.Spec()
			spec.Currency = "USD"
			r, err := rules.New(spec)
			require.NoError(t, err)
			return r
		}(), want: orchestrate.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := batch.Optimize(ctx, tt.open, tt.snap, tt.rs, tt.opts)
			require.ErrorIs(t, err, tt.want)
			require.Nil(t, res)
			if tt.fields != nil {
				require.Equal(t, tt.fields, testkit.FieldNames(err))
			}
		})
	}
	t.Run("ctx done before", func(t *testing.T) {
		done, cancel := context.WithCancel(ctx)
		cancel()
		_, err := batch.Optimize(done, open, held, rs, batch.Options{})
		require.ErrorIs(t, err, orchestrate.ErrBudget)
		require.ErrorIs(t, err, context.Canceled)
	})
}

// TestOptimizeBudget: cut short at any budget, the result is still
// valid, never worse than the plans given, and says it is not optimal.
func TestOptimizeBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for i := range 60 {
		c, err := randomBatch(r, false)
		require.NoError(t, err)
		for _, budget := range []int64{1, 10_000, 100_000} {
			res, err := batch.Optimize(context.Background(), c.open, c.snap, c.rs, batch.Options{Budget: budget, Group: time.Hour})
			require.NoError(t, err, "case %d, budget %d", i, budget)
			checkInvariants(t, c, c.open, res)
			if budget == 1 {
				require.False(t, res.Optimal)
				require.Empty(t, res.Changes)
			}
			require.LessOrEqual(t, res.Work, budget+orchestrate.DefaultBudget, "work beyond the budget and a solve")
		}
	}
}

// TestOptimizeChangesNothingPassedIn and is safe for concurrent use.
func TestOptimizeConcurrentAndPure(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	c, err := randomBatch(r, false)
	require.NoError(t, err)
	before := cloneOpen(c.open)
	first, err := batch.Optimize(context.Background(), c.open, c.snap, c.rs, batch.Options{Group: time.Hour})
	require.NoError(t, err)
	var wg sync.WaitGroup
	results := make([]*batch.Result, 4)
	errs := make([]error, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = batch.Optimize(context.Background(), c.open, c.snap, c.rs, batch.Options{Group: time.Hour})
		}()
	}
	wg.Wait()
	for i := range results {
		require.NoError(t, errs[i])
		results[i].Stock = nil
		want := *first
		want.Stock = nil
		require.True(t, reflect.DeepEqual(&want, results[i]), "a concurrent call differs")
	}
	require.True(t, reflect.DeepEqual(before, c.open), "the open assignments were changed")
}

func cloneOpen(open []batch.Assignment) []batch.Assignment {
	out := make([]batch.Assignment, len(open))
	for i, a := range open {
		out[i].Plan = a.Plan
		out[i].Plan.Shipments = append([]orchestrate.Shipment(nil), a.Plan.Shipments...)
		for _, o := range a.Orders {
			o.Lines = append([]orchestrate.Line(nil), o.Lines...)
			out[i].Orders = append(out[i].Orders, o)
		}
	}
	return out
}

// TestOptimizeGroups: groups given stay groups, with their orders'
// ship-together lines; click & collect orders to one store are grouped
// like home orders to one address.
func TestOptimizeGroups(t *testing.T) {
	snap, rs := smallWorld(map[[2]string]sourcing.Qty{{"dc-paris", "TENT"}: 3, {"dc-paris", "MUG"}: 3, {"store-paris", "MUG"}: 3,
		{"store-lille", "TENT"}: 2, {"store-lille", "LAMP"}: 2, {"dc-lyon", "LAMP"}: 2})
	collect := func(id string, at time.Time, lines ...orchestrate.Line) orchestrate.Order {
		return orchestrate.Order{ID: id, Customer: "c-9", Channel: "web", Mode: rules.Collect, Country: "FR", PickupNode: "store-paris",
			PlacedAt: at, PromiseDays: 5, Lines: lines}
	}
	together := home("g1", "c-5", lille, monday, 0, line("TENT", 1), line("LAMP", 1))
	together.ShipTogether = [][]int{{0, 1}}
	orders := []orchestrate.Order{
		collect("c1", monday, line("MUG", 1)),
		collect("c2", monday.Add(20*time.Minute), line("TENT", 1)),
	}
	open, held, err := firstComeFirstServed(orders, snap, rs)
	require.NoError(t, err)
	// A group given: g1 (tent and lamp together) and g2, from Lille.
	g := []orchestrate.Order{together, home("g2", "c-5", lille, monday.Add(5*time.Minute), 0, line("MUG", 1))}
	both := g[0]
	both.Lines = append(append([]orchestrate.Line(nil), g[0].Lines...), g[1].Lines...)
	res0, err := orchestrate.Solve(context.Background(), both, held, rs, orchestrate.Options{K: 1})
	require.NoError(t, err)
	held, err = held.Apply(res0.Plans[0].Allocations())
	require.NoError(t, err)
	open = append(open, batch.Assignment{Orders: g, Plan: res0.Plans[0]})

	res, err := batch.Optimize(context.Background(), open, held, rs, batch.Options{Group: time.Hour})
	require.NoError(t, err)
	var ids [][]string
	for _, a := range res.Assignments {
		ids = append(ids, a.IDs())
		if a.Orders[0].ID == "g1" {
			var tent, lamp stock.NodeID
			for _, s := range a.Plan.Shipments {
				for _, l := range s.Lines {
					switch l.SKU {
					case "TENT":
						tent = s.Node
					case "LAMP":
						lamp = s.Node
					}
				}
			}
			require.Equal(t, tent, lamp, "g1's tent and lamp ship together")
			require.NotEmpty(t, tent)
		}
	}
	require.Equal(t, [][]string{{"c1", "c2"}, {"g1", "g2"}}, ids)
}
