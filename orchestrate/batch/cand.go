package batch

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// cand is a candidate plan of a slot, priced on the free stock.
type cand struct {
	plan orchestrate.Plan
	uses []pairUnits // sorted by pair
	sig  string      // the units per (node, SKU): equal plans have equal signatures
}

type pairUnits struct {
	key pairKey
	qty sourcing.Qty
}

func (c *cand) cost() sourcing.Money { return c.plan.Cost }

func (c *cand) allocations() []stock.Allocation { return c.plan.Allocations() }

// priceWork is what a Price call is counted, in units of work: about
// the time it takes on an order of a few lines.
const priceWork = 4_000

// solveFloor is what a Solve that fails is counted.
const solveFloor = 2_000

// newCand makes a candidate of a plan priced on the free stock.
func (b *batcher) newCand(plan orchestrate.Plan) *cand {
	c := &cand{plan: plan}
	var sig strings.Builder
	for _, s := range plan.Shipments {
		ni, _ := b.free.NodeIndex(s.Node)
		for _, l := range s.Lines {
			c.uses = append(c.uses, pairUnits{pairKey{int32(ni), b.skuID(l.SKU)}, l.Qty})
		}
	}
	slices.SortFunc(c.uses, func(a, b pairUnits) int {
		return cmp.Or(cmp.Compare(a.key.node, b.key.node), cmp.Compare(a.key.sku, b.key.sku))
	})
	// Lines of one SKU in one shipment are one use.
	merged := c.uses[:0]
	for _, u := range c.uses {
		if n := len(merged); n > 0 && merged[n-1].key == u.key {
			merged[n-1].qty += u.qty
			continue
		}
		merged = append(merged, u)
	}
	c.uses = merged
	for _, u := range c.uses {
		fmt.Fprintf(&sig, "%d:%d:%d;", u.key.node, u.key.sku, u.qty)
	}
	c.sig = sig.String()
	return c
}

// price prices shipments for slot s on the free stock.
func (b *batcher) price(s *slot, shipments []orchestrate.Shipment) (*cand, error) {
	b.tick(priceWork)
	plan, err := orchestrate.Price(s.order, shipments, b.free, b.rs, orchestrate.Options{})
	if err != nil {
		return nil, err
	}
	return b.newCand(plan), nil
}

// errCut says the budget is spent or ctx is done.
var errCut = errors.New("batch: search cut short")

// solve solves slot s's order on snap for k plans, and returns them as
// candidates priced on the free stock, those that keep the slot's
// promises. A solve the rules refuse (no plan) gives none; a solve cut
// short gives what it found.
func (b *batcher) solve(s *slot, snap *stock.Snapshot, k int) ([]*cand, *orchestrate.Result, error) {
	left := b.left()
	if left <= 0 || b.cut {
		return nil, nil, errCut
	}
	res, err := orchestrate.Solve(b.ctx, s.order, snap, b.rs, orchestrate.Options{K: k, Budget: min(left, orchestrate.DefaultBudget)})
	if err != nil {
		b.tick(solveFloor)
		switch {
		case errors.Is(err, orchestrate.ErrBudget):
			// Cut short before any plan: by ctx, or by the budget left,
			// which it spent.
			b.tick(left)
			b.cut = true
			return nil, nil, nil
		case errors.Is(err, orchestrate.ErrInfeasible), errors.Is(err, rules.ErrNoProfile):
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("order %s: %w", s.order.ID, err)
	}
	b.tick(res.Work)
	var out []*cand
	for _, p := range res.Plans {
		var c *cand
		if snap == b.free && len(res.Attempts) <= 1 {
			c = b.newCand(p)
		} else {
			if c, err = b.price(s, p.Shipments); err != nil {
				return nil, nil, fmt.Errorf("order %s: %w", s.order.ID, err)
			}
		}
		if b.admissible(s, c) {
			out = append(out, c)
		}
	}
	return out, res, nil
}

// addToPool adds candidates to the slot's pool, each plan once, cheapest
// first.
func (s *slot) addToPool(cs ...*cand) {
	for _, c := range cs {
		if c == nil || slices.ContainsFunc(s.pool, func(p *cand) bool { return p.sig == c.sig }) {
			continue
		}
		s.pool = append(s.pool, c)
	}
	slices.SortStableFunc(s.pool, func(a, b *cand) int {
		return cmp.Or(cmp.Compare(a.cost(), b.cost()), cmp.Compare(len(a.plan.Shipments), len(b.plan.Shipments)), strings.Compare(a.sig, b.sig))
	})
}

// share is units of one line of one order of a slot that a plan serves
// from one of its shipments (ship −1: backordered).
type share struct {
	order, line int
	sku         stock.SKU
	ship        int
	qty         sourcing.Qty
}

// attribute says which order each unit of a plan belongs to: per SKU,
// the shipments' units in the plan's order (by node ID) go to the orders
// in turn, each order's lines in turn; what is left of an order is
// backordered.
func attribute(orders []orchestrate.Order, shipments []orchestrate.Shipment) []share {
	type left struct {
		ship int
		qty  sourcing.Qty
	}
	queues := map[stock.SKU][]left{}
	for i, s := range shipments {
		for _, l := range s.Lines {
			queues[l.SKU] = append(queues[l.SKU], left{i, l.Qty})
		}
	}
	var out []share
	for oi, o := range orders {
		for li, l := range o.Lines {
			need := l.Qty
			q := queues[l.SKU]
			for need > 0 && len(q) > 0 {
				take := min(need, q[0].qty)
				out = append(out, share{oi, li, l.SKU, q[0].ship, take})
				need -= take
				if q[0].qty -= take; q[0].qty == 0 {
					q = q[1:]
				}
			}
			queues[l.SKU] = q
			if need > 0 {
				out = append(out, share{oi, li, l.SKU, -1, need})
			}
		}
	}
	return out
}

// promises says, per order of the slot, whether plan c keeps its promise:
// an order with promise_days (home or collect) served whole, every
// shipment carrying its units arriving within the promise, counted from
// the order's own date.
func (b *batcher) promises(s *slot, c *cand) []bool {
	kept := make([]bool, len(s.orders))
	for i, o := range s.orders {
		kept[i] = o.PromiseDays > 0 && o.Mode != rules.Reserve
	}
	for _, sh := range attribute(s.orders, c.plan.Shipments) {
		if !kept[sh.order] {
			continue
		}
		if sh.ship < 0 || b.eta(&s.orders[0], &s.orders[sh.order], &c.plan.Shipments[sh.ship]) > s.orders[sh.order].PromiseDays {
			kept[sh.order] = false
		}
	}
	return kept
}

// eta returns the days from order o's date to the shipment's arrival,
// the shipment being of a plan made for first (whose date its ETA counts
// from). Without a calendar the ETA does not depend on the date.
func (b *batcher) eta(first, o *orchestrate.Order, sh *orchestrate.Shipment) sourcing.Days {
	if sh.Arrival == (stock.Date{}) || o == first {
		return sh.ETADays
	}
	loc := time.UTC
	if n, ok := b.free.Node(sh.Node); ok && n.Calendar != nil {
		loc = n.Calendar.Location()
	}
	return sh.ETADays - sourcing.Days(daysBetween(first.PlacedAt.In(loc), o.PlacedAt.In(loc)))
}

// daysBetween returns the calendar days from a's date to b's.
func daysBetween(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int((db.Unix() - da.Unix()) / 86400)
}

// admissible reports whether c keeps every promise the slot's plans
// given keep.
func (b *batcher) admissible(s *slot, c *cand) bool {
	if s.kept == nil {
		return true
	}
	now := b.promises(s, c)
	for i, k := range s.kept {
		if k && !now[i] {
			return false
		}
	}
	return true
}

// tick counts n units of work, and cuts the search when the budget is
// spent or ctx is done.
func (b *batcher) tick(n int64) {
	b.work += n
	if b.work >= b.budget || b.ctx.Err() != nil {
		b.cut = true
	}
}

func (b *batcher) left() int64 { return b.budget - b.work }
