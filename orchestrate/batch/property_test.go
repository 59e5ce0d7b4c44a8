package batch_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/batch"
	"github.com/sourcing-go/sourcing/stock"
)

// grouped returns orders as the batch solves and prices a group: the
// first, with the lines of all.
func grouped(orders []orchestrate.Order) orchestrate.Order {
	o := orders[0]
	o.Lines = nil
	for _, m := range orders {
		o.Lines = append(o.Lines, m.Lines...)
	}
	o.ShipTogether = nil
	return o
}

// keptBy reports whether an order's promise is kept by a plan of its
// assignment, as the test sees it: every unit shipped, by shipments all
// within the promise (the test worlds have no calendars).
func keptBy(t *testing.T, o orchestrate.Order, a batch.Assignment) bool {
	t.Helper()
	if o.PromiseDays == 0 {
		return false
	}
	var want, got sourcing.Qty
	for _, l := range o.Lines {
		want += l.Qty
	}
	for i, r := range batch.Requests(a) {
		for _, ol := range r.Orders {
			if ol.Order != o.ID {
				continue
			}
			got += ol.Qty
			if a.Plan.Shipments[i].ETADays > o.PromiseDays {
				return false
			}
		}
	}
	return got == want
}

// checkInvariants checks what Optimize guarantees, independently of it.
func checkInvariants(t *testing.T, c *randomCase, open []batch.Assignment, res *batch.Result) {
	t.Helper()
	// Every order once; the groups to one customer and destination.
	var ids, want []string
	for _, a := range open {
		want = append(want, a.IDs()...)
	}
	for _, a := range res.Assignments {
		ids = append(ids, a.IDs()...)
		for _, o := range a.Orders[1:] {
			require.Equal(t, a.Orders[0].Customer, o.Customer, "a group of two customers")
			require.Equal(t, a.Orders[0].Destination, o.Destination, "a group of two destinations")
		}
	}
	slices.Sort(ids)
	slices.Sort(want)
	require.Equal(t, want, ids, "every order exactly once")

	// The costs, priced by the test on the free stock.
	var before, after sourcing.Money
	keptBefore := map[string]bool{}
	for _, a := range open {
		p, err := orchestrate.Price(grouped(a.Orders), a.Plan.Shipments, c.free, c.rs, orchestrate.Options{})
		require.NoError(t, err)
		before += p.Cost
		for _, o := range a.Orders {
			keptBefore[o.ID] = keptBy(t, o, a)
		}
	}
	for _, a := range res.Assignments {
		p, err := orchestrate.Price(grouped(a.Orders), a.Plan.Shipments, c.free, c.rs, orchestrate.Options{})
		require.NoError(t, err)
		require.Equal(t, p.Cost, a.Plan.Cost, "the plan of %v as priced", a.IDs())
		after += p.Cost
		// Every unit conserved: shipped or backordered, per SKU.
		ordered := map[stock.SKU]sourcing.Qty{}
		for _, o := range a.Orders {
			for _, l := range o.Lines {
				ordered[l.SKU] += l.Qty
			}
		}
		for _, s := range a.Plan.Shipments {
			for _, l := range s.Lines {
				ordered[l.SKU] -= l.Qty
			}
		}
		for _, l := range a.Plan.Backordered {
			ordered[l.SKU] -= l.Qty
		}
		for sku, q := range ordered {
			require.Zero(t, q, "units of %s in %v not conserved", sku, a.IDs())
		}
		// Promises kept.
		for _, o := range a.Orders {
			if keptBefore[o.ID] {
				require.True(t, keptBy(t, o, a), "the promise of %s broken", o.ID)
			}
		}
	}
	require.Equal(t, before, res.Before, "Before")
	require.Equal(t, after, res.After, "After")
	require.LessOrEqual(t, res.After, res.Before, "costs more than the plans given")
	// Never oversold: available less the display stock, capacity.
	var plans []keptPlan
	for _, a := range res.Assignments {
		plans = append(plans, keptPlan{a.Orders[0], a.Plan})
	}
	require.True(t, c.fits(plans), "oversold")
	require.NotNil(t, res.Stock)
}

// keptPlan is a plan with the order whose rules it answers to.
type keptPlan struct {
	order orchestrate.Order
	plan  orchestrate.Plan
}

// fits reports whether plans together fit the free stock: per node and
// SKU, in some order each within what is left less its own display stock
// (tried in every order of the plans: the test's own check), and per node
// within its capacity left.
func (c *randomCase) fits(plans []keptPlan) bool {
	units := map[stock.NodeID]sourcing.Qty{}
	type use struct {
		keep, qty sourcing.Qty
	}
	pairs := map[[2]string][]use{}
	for _, p := range plans {
		for _, s := range p.plan.Shipments {
			node, _ := c.free.Node(s.Node)
			for _, l := range s.Lines {
				units[s.Node] += l.Qty
				k := [2]string{string(s.Node), string(l.SKU)}
				pairs[k] = append(pairs[k], use{c.keepOf(p.order, node.Kind), l.Qty})
			}
		}
	}
	for id, q := range units {
		node, _ := c.free.Node(id)
		if left, limited := node.Remaining(); limited && q > left {
			return false
		}
	}
	for k, uses := range pairs {
		avail := c.free.Level(stock.NodeID(k[0]), stock.SKU(k[1])).Available()
		// Some order of the uses in which each fits: try them all.
		ok := false
		var perm func(i int, left sourcing.Qty, done []bool)
		perm = func(i int, left sourcing.Qty, done []bool) {
			if ok {
				return
			}
			if i == len(uses) {
				ok = true
				return
			}
			for j, u := range uses {
				if !done[j] && u.qty <= left-u.keep {
					done[j] = true
					perm(i+1, left-u.qty, done)
					done[j] = false
				}
			}
		}
		perm(0, avail, make([]bool, len(uses)))
		if !ok {
			return false
		}
	}
	return true
}

// enumerate returns the least total cost of one plan per assignment
// among plans[i] (each assignment's candidates) that fit the free stock
// together: an exhaustive enumerator.
func enumerate(t *testing.T, c *randomCase, orders []orchestrate.Order, plans [][]orchestrate.Plan) sourcing.Money {
	t.Helper()
	best := sourcing.Money(-1)
	chosen := make([]keptPlan, len(plans))
	var rec func(i int, cost sourcing.Money)
	rec = func(i int, cost sourcing.Money) {
		if i == len(plans) {
			if (best < 0 || cost < best) && c.fits(chosen) {
				best = cost
			}
			return
		}
		for _, p := range plans[i] {
			chosen[i] = keptPlan{orders[i], p}
			rec(i+1, cost+p.Cost)
		}
	}
	rec(0, 0)
	return best
}

// admissible keeps the plans that keep the promise the given plan keeps.
func admissible(t *testing.T, a batch.Assignment, plans []orchestrate.Plan) []orchestrate.Plan {
	var out []orchestrate.Plan
	for _, p := range plans {
		ok := true
		for _, o := range a.Orders {
			if keptBy(t, o, a) && !keptBy(t, o, batch.Assignment{Orders: a.Orders, Plan: p}) {
				ok = false
			}
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

func TestNeverWorseNeverOversoldUnitsConserved(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 3))
	runs := 300
	if testing.Short() {
		runs = 60
	}
	for i := range runs {
		c, err := randomBatch(r, i%3 == 0)
		require.NoError(t, err)
		opts := batch.Options{}
		if i%2 == 0 {
			opts.Group = time.Hour
		}
		res, err := batch.Optimize(context.Background(), c.open, c.snap, c.rs, opts)
		require.NoError(t, err, "case %d", i)
		checkInvariants(t, c, c.open, res)
	}
}

// TestExactOnSmallBatches compares the batch, where it says it is
// optimal, with an exhaustive enumeration: over every plan of each order
// for one-unit orders (whose plans are all on distinct node sets, so
// that the pools hold them all), and over the given plan and the K
// cheapest alone for others (the batch's pools hold at least those).
func TestExactOnSmallBatches(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 4))
	optimal := 0
	for i := range 200 {
		singles := i%2 == 0
		c, err := randomBatch(r, singles)
		require.NoError(t, err)
		k := batch.DefaultK
		if singles {
			k = orchestrate.MaxK
		}
		res, err := batch.Optimize(context.Background(), c.open, c.snap, c.rs, batch.Options{K: k})
		require.NoError(t, err)
		checkInvariants(t, c, c.open, res)
		var plans [][]orchestrate.Plan
		var orders []orchestrate.Order
		for _, a := range c.open {
			orders = append(orders, a.Orders[0])
			given, err := orchestrate.Price(a.Orders[0], a.Plan.Shipments, c.free, c.rs, orchestrate.Options{})
			require.NoError(t, err)
			alone, err := orchestrate.Solve(context.Background(), a.Orders[0], c.free, c.rs, orchestrate.Options{K: k})
			require.NoError(t, err)
			plans = append(plans, admissible(t, a, append([]orchestrate.Plan{given}, alone.Plans...)))
		}
		best := enumerate(t, c, orders, plans)
		require.GreaterOrEqual(t, best, sourcing.Money(0), "case %d: the plans given do not fit", i)
		if !res.Optimal {
			continue
		}
		optimal++
		if singles {
			require.Equal(t, best, res.After, "case %d: not the optimum of every plan", i)
		} else {
			require.LessOrEqual(t, res.After, best, "case %d: worse than the optimum of the candidates", i)
		}
	}
	t.Logf("%d of 200 batches optimal", optimal)
	require.Greater(t, optimal, 150)
}
