package orchestrate

import (
	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/arith"
	"github.com/sourcing-go/sourcing/rules"
)

// greedy serves an order too large for the exact search (more lattice
// vectors than maxStates): it repeatedly adds the shipment that lowers the
// plan's cost the most (or, under ship_complete, serves the most), each
// shipment taking as much of what is left as the node can give. Its plans
// are feasible under every rule but not proven optimal; Solve reports them
// with Optimal false and a lower bound. The "everything backordered" plan
// is offered beside it where backorders are allowed.
func (s *searcher) greedy() ([]plannedEntry, error) {
	p := s.p
	p.qty = make([]sourcing.Qty, len(p.lines))
	// Building a candidate reads and packs every line: it counts as such.
	if err := p.allCandidates(func() bool { return s.tick(int64(len(p.lines))) }); err != nil {
		return nil, err
	}
	left := make([]sourcing.Qty, len(p.lines))
	for l, line := range p.lines {
		left[l] = line.Qty
	}
	used := make([]bool, len(p.cands))
	var plan plannedEntry
	take := make([]sourcing.Qty, len(p.lines))
	skuLeft := make([]sourcing.Qty, len(p.skus))
	maxS := p.maxNew()
	for _, ci := range p.required {
		units := s.fill(p.cands[ci], left, take, skuLeft)
		if units == 0 {
			return nil, nil
		}
		if _, ok, err := p.quoteQty(p.cands[ci], take); err != nil || !ok {
			return nil, err
		}
		used[ci] = true
		plan.parts = append(plan.parts, plannedPart{cand: ci, qty: append([]sourcing.Qty(nil), take...)})
		for l := range left {
			left[l] -= take[l]
		}
	}
	// Lazy greedy: candidates in a heap by their last score (a shipment's
	// score only worsens as the order fills up); the best is re-scored
	// before it is taken, and taken only if it still beats the next.
	type scored struct {
		ci    int
		units sourcing.Qty
		score int64
	}
	evaluate := func(ci int) (scored, bool, error) {
		c := p.cands[ci]
		units := s.fill(c, left, take, skuLeft)
		if units == 0 {
			return scored{}, false, nil
		}
		q, ok, err := p.quoteQty(c, take)
		if err != nil || !ok {
			return scored{}, false, err
		}
		saved, ok1 := arith.Mul(int64(p.w.Backorder), int64(units))
		score, ok2 := arith.Add(int64(q.total)+int64(p.w.Split), -saved)
		if !ok1 || !ok2 {
			return scored{}, false, overflowf("backorder")
		}
		return scored{ci, units, score}, true, nil
	}
	// before orders by preference: under ship_complete, more units first.
	before := func(a, b scored) bool {
		if p.prof.ShipComplete() && a.units != b.units {
			return a.units > b.units
		}
		return a.score < b.score || a.score == b.score && a.ci < b.ci
	}
	h := &scoreHeap[scored]{before: before}
	for ci := range p.cands {
		if used[ci] || s.tick(int64(len(p.lines))) {
			continue
		}
		sc, ok, err := evaluate(ci)
		if err != nil {
			return nil, err
		}
		if ok {
			h.push(sc)
		}
	}
	for (maxS < 0 || len(plan.parts) < maxS) && h.len() > 0 && !s.cut {
		top := h.pop()
		fresh, ok, err := evaluate(top.ci)
		s.tick(int64(len(p.lines)))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // nothing left it can ship
		}
		if h.len() > 0 && !before(fresh, h.peek()) {
			h.push(fresh) // another may be better now
			continue
		}
		if !p.prof.ShipComplete() && fresh.score >= 0 {
			break // no shipment lowers the cost any more
		}
		s.fill(p.cands[fresh.ci], left, take, skuLeft)
		used[fresh.ci] = true
		plan.parts = append(plan.parts, plannedPart{cand: fresh.ci, qty: append([]sourcing.Qty(nil), take...)})
		done := true
		for l := range left {
			left[l] -= take[l]
			done = done && left[l] == 0
		}
		if done {
			break
		}
	}
	complete := true
	for _, n := range left {
		complete = complete && n == 0
	}
	var out []plannedEntry
	if len(plan.parts) > 0 && (complete || !p.prof.ShipComplete()) {
		out = append(out, plan)
	}
	if !p.prof.ShipComplete() && p.order.Mode != rules.Reserve && len(p.required) == 0 {
		// Everything backordered; ranked by cost like any plan.
		empty := plannedEntry{}
		if len(out) == 0 || s.k > 1 {
			out = append(out, empty)
		}
	}
	return s.rank(out)
}

// fill sets take to what c can ship of left: groups that must ship
// together whole or not at all, then each other line in order, as much as
// its usable stock (shared between lines of one SKU) and its capacity allow,
// whole lines only when the profile says so. It returns the units.
func (s *searcher) fill(c *candidate, left, take, skuLeft []sourcing.Qty) sourcing.Qty {
	p := s.p
	copy(skuLeft, c.usable)
	clear(take)
	room := c.cap
	var units sourcing.Qty
	grouped := make([]bool, len(left))
	for _, g := range p.groups {
		var need sourcing.Qty
		ok := true
		for _, l := range g {
			grouped[l] = true
			need += left[l]
			skuLeft[p.lineSKU[l]] -= left[l]
			ok = ok && skuLeft[p.lineSKU[l]] >= 0
		}
		if !ok || need == 0 || room >= 0 && need > room {
			for _, l := range g {
				skuLeft[p.lineSKU[l]] += left[l]
			}
			continue
		}
		for _, l := range g {
			take[l] = left[l]
		}
		units += need
		if room >= 0 {
			room -= need
		}
	}
	for l := range left {
		if grouped[l] {
			continue
		}
		si := p.lineSKU[l]
		t := min(left[l], skuLeft[si])
		if room >= 0 {
			t = min(t, room)
		}
		if p.prof.WholeLines() && t < left[l] {
			t = 0
		}
		take[l] = t
		skuLeft[si] -= t
		if room >= 0 {
			room -= t
		}
		units += t
	}
	return units
}

// rank assembles candidate plans just enough to order them by cost, fewer
// shipments, then node IDs, and keeps K.
func (s *searcher) rank(entries []plannedEntry) ([]plannedEntry, error) {
	type ranked struct {
		e    plannedEntry
		cost sourcing.Money
	}
	var rs []ranked
	for _, e := range entries {
		plan, err := s.p.assemble(e)
		if err != nil {
			return nil, err
		}
		rs = append(rs, ranked{e, plan.Cost})
	}
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && (rs[j].cost < rs[j-1].cost || rs[j].cost == rs[j-1].cost && len(rs[j].e.parts) < len(rs[j-1].e.parts)); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
	out := make([]plannedEntry, 0, len(rs))
	for _, r := range rs[:min(len(rs), s.k)] {
		out = append(out, r.e)
	}
	return out, nil
}

// scoreHeap is a binary heap ordered by before.
type scoreHeap[T any] struct {
	items  []T
	before func(a, b T) bool
}

func (h *scoreHeap[T]) len() int { return len(h.items) }
func (h *scoreHeap[T]) peek() T  { return h.items[0] }

func (h *scoreHeap[T]) push(x T) {
	h.items = append(h.items, x)
	for i := len(h.items) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.before(h.items[i], h.items[parent]) {
			break
		}
		h.items[i], h.items[parent] = h.items[parent], h.items[i]
		i = parent
	}
}

func (h *scoreHeap[T]) pop() T {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h.items) && h.before(h.items[l], h.items[m]) {
			m = l
		}
		if r < len(h.items) && h.before(h.items[r], h.items[m]) {
			m = r
		}
		if m == i {
			break
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
	return top
}
