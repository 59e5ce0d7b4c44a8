package orchestrate

import (
	"cmp"
	"slices"
	"unsafe"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/arith"
)

// greedy serves an order too large for the exact search (more lattice
// vectors than maxStates). A first plan adds, one at a time, the shipment
// that lowers the plan's cost the most (or, under ship_complete, serves the
// most), each taking as much of what is left as its node can give. Local
// search then improves it, for as long as the budget and ctx allow: it
// drops a node of the plan, adds one of the most promising others, or
// swaps one for another, fills the order again from the new set of nodes
// the same way, and keeps a change that lowers the cost. Its plans are
// feasible under every rule but not proven optimal; Solve reports them with
// Optimal false and a lower bound. The "everything backordered" plan is
// offered beside them where backorders are allowed.
func (s *searcher) greedy() ([]plannedEntry, error) {
	p := s.p
	p.qty = make([]sourcing.Qty, len(p.lines))
	// Building or scoring a candidate reads and packs every line: it counts
	// as lineWork units per line, about what it costs in units of the
	// exact search, so that the budget and ctx are checked as often.
	g := &greedyRun{s: s, perCand: lineWork * int64(len(p.lines)), grouped: make([]bool, len(p.lines)),
		left: make([]sourcing.Qty, len(p.lines)), take: make([]sourcing.Qty, len(p.lines)), skuLeft: make([]sourcing.Qty, len(p.skus))}
	for _, grp := range p.groups {
		for _, l := range grp {
			g.grouped[l] = true
		}
	}
	if err := p.allCandidates(s.meter, g.perCand); err != nil {
		return nil, err
	}
	all := make([]int, 0, len(p.cands))
	for ci, c := range p.cands {
		if !c.required {
			all = append(all, ci)
		}
	}
	first, err := g.run(all, true)
	if err != nil {
		return nil, err
	}
	var found []greedyPlan
	if first.ok {
		found = append(found, first)
		if found, err = g.improve(found, first); err != nil {
			return nil, err
		}
	}
	if !p.prof.ShipComplete() && len(p.required) == 0 {
		// Everything backordered; ranked by cost like any plan.
		bo, ok := arith.Mul(int64(p.w.Backorder), int64(p.total))
		if !ok {
			return nil, overflowf("backorder")
		}
		found = append(found, greedyPlan{cost: bo})
	}
	// Found holds at most K plans, the cheapest first, and the plan that
	// backorders everything: by cost, then fewer shipments.
	slices.SortStableFunc(found, func(a, b greedyPlan) int {
		return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(len(a.e.parts), len(b.e.parts)))
	})
	out := make([]plannedEntry, 0, min(len(found), s.k))
	for _, f := range found[:min(len(found), s.k)] {
		out = append(out, f.e)
	}
	return out, nil
}

// greedyPlan is a plan of the greedy search: its entry, cost and the
// candidates it ships from (besides the required ones), in order.
type greedyPlan struct {
	e    plannedEntry
	cost int64
	set  []int
	ok   bool // a plan: it ships something and, under ship_complete, all
}

// greedyRun holds the greedy search's state and buffers.
type greedyRun struct {
	s                   *searcher
	perCand             int64
	left, take, skuLeft []sourcing.Qty
	grouped             []bool // per line: in a ship-together group
	pool                []int  // the most promising candidates, for local search
}

// poolSize is how many candidates beyond a plan's own local search tries
// to add or swap in: those whose shipment alone scores best.
const poolSize = 12

// scored is a candidate's shipment of what is left: units and the change
// of the plan's cost it makes.
type scored struct {
	ci    int
	units sourcing.Qty
	score int64
	total sourcing.Money // the shipment's cost
}

// run fills the order from the required candidates, then from cands, the
// best shipment first. With first set, it records the pool of the most
// promising candidates.
func (g *greedyRun) run(cands []int, first bool) (greedyPlan, error) {
	s, p := g.s, g.s.p
	var plan greedyPlan
	// Its heap and its plan's parts, at most one per candidate, are
	// tables like the exact search's (see meter).
	perCand := int64(unsafe.Sizeof(scored{})) + int64(unsafe.Sizeof(plannedPart{})) + 8*int64(len(p.lines))
	if !s.mayMake(int64(len(cands)+len(p.required)) * perCand) {
		return plan, nil
	}
	plan.e.parts = make([]plannedPart, 0, len(cands)+len(p.required))
	left, take, skuLeft := g.left, g.take, g.skuLeft
	for l, line := range p.lines {
		left[l] = line.Qty
	}
	var total int64
	taken := func(ci int, cost sourcing.Money) {
		plan.e.parts = append(plan.e.parts, plannedPart{cand: ci, v: -1, qty: slices.Clone(take)})
		total += int64(cost)
		for l := range left {
			left[l] -= take[l]
		}
	}
	for _, ci := range p.required {
		if g.fill(p.cands[ci], left, take, skuLeft) == 0 {
			return plan, nil
		}
		q, ok, err := p.quoteQty(p.cands[ci], take)
		if err != nil || !ok {
			return plan, err
		}
		taken(ci, q.total)
	}
	evaluate := func(ci int) (scored, bool, error) {
		c := p.cands[ci]
		units := g.fill(c, left, take, skuLeft)
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
		return scored{ci, units, score, q.total}, true, nil
	}
	// before orders by preference: under ship_complete, more units first.
	before := func(a, b scored) bool {
		if p.prof.ShipComplete() && a.units != b.units {
			return a.units > b.units
		}
		return a.score < b.score || a.score == b.score && a.ci < b.ci
	}
	// Lazy greedy: candidates in a heap by their last score (a shipment's
	// score only worsens as the order fills up); the best is re-scored
	// before it is taken, and taken only if it still beats the next.
	h := &scoreHeap[scored]{before: before, items: make([]scored, 0, len(cands))} // (afforded above)
	for _, ci := range cands {
		if s.tick(g.perCand) {
			break
		}
		sc, ok, err := evaluate(ci)
		if err != nil {
			return plan, err
		}
		if ok {
			h.push(sc)
		}
	}
	if first {
		ranked := slices.Clone(h.items)
		slices.SortFunc(ranked, func(a, b scored) int { return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(a.ci, b.ci)) })
		for _, sc := range ranked[:min(len(ranked), poolSize)] {
			g.pool = append(g.pool, sc.ci)
		}
	}
	maxS := p.maxNew()
	for (maxS < 0 || len(plan.e.parts) < maxS) && h.len() > 0 && !s.cut {
		top := h.pop()
		fresh, ok, err := evaluate(top.ci)
		s.tick(g.perCand)
		if err != nil {
			return plan, err
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
		g.fill(p.cands[fresh.ci], left, take, skuLeft)
		taken(fresh.ci, fresh.total)
		plan.set = append(plan.set, fresh.ci)
		if !slices.ContainsFunc(left, func(n sourcing.Qty) bool { return n > 0 }) {
			break
		}
	}
	var units sourcing.Qty
	for _, n := range left {
		units += n
	}
	plan.ok = len(plan.e.parts) > 0 && (units == 0 || !p.prof.ShipComplete())
	split, ok1 := arith.Mul(int64(p.w.Split), int64(p.splitShipments(len(plan.e.parts))))
	bo, ok2 := arith.Mul(int64(p.w.Backorder), int64(units))
	cost, ok3 := arith.Add(total, split)
	cost, ok4 := arith.Add(cost, bo)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return plan, overflowf("total")
	}
	plan.cost = cost
	return plan, nil
}

// improve searches the neighbourhood of best — its nodes less one, plus one
// of the pool, or one swapped for one of the pool — and moves to the first
// cheaper plan, until none is cheaper or the search is cut. It returns
// found with the distinct plans met added, the cheapest first. The moves
// are made one at a time in one buffer (a plan may ship from thousands of
// nodes), and the sets already tried are remembered by a hash: a collision
// only skips a move, as a heuristic may.
func (g *greedyRun) improve(found []greedyPlan, best greedyPlan) ([]greedyPlan, error) {
	s := g.s
	seen := map[uint64]bool{setHash(best.set): true}
	var m []int
	for !s.cut {
		improved := false
		// Move i: drop best.set[i]; then add pool[j]; then swap set[i] for
		// pool[j].
		n, np := len(best.set), len(g.pool)
		for move := 0; move < n+np+n*np && !s.cut; move++ {
			m = m[:0]
			switch {
			case move < n:
				m = append(append(m, best.set[:move]...), best.set[move+1:]...)
			case move < n+np:
				d := g.pool[move-n]
				if slices.Contains(best.set, d) {
					continue
				}
				m = append(append(m, best.set...), d)
			default:
				i, d := (move-n-np)/np, g.pool[(move-n-np)%np]
				if slices.Contains(best.set, d) {
					continue
				}
				m = append(m, best.set...)
				m[i] = d
			}
			if s.tick(int64(len(m))) {
				break
			}
			slices.Sort(m)
			h := setHash(m)
			if seen[h] {
				continue
			}
			seen[h] = true
			r, err := g.run(m, false)
			if err != nil {
				return nil, err
			}
			if !r.ok {
				continue
			}
			slices.Sort(r.set)
			if k := setHash(r.set); k != h {
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			found = keepBest(found, r, s.k)
			if r.cost < best.cost {
				best, improved = r, true
				break
			}
		}
		if !improved {
			break
		}
	}
	refined, err := g.refine(best)
	if err != nil {
		return nil, err
	}
	if refined.cost < best.cost {
		found = keepBest(found, refined, s.k)
	}
	return found, nil
}

// refine moves lines between the shipments of plan — all of a line's units
// in one shipment to another shipment of the plan — while a move lowers
// the cost, the first such move first. A shipment left empty is dropped.
// Lines in ship-together groups stay where they are.
func (g *greedyRun) refine(plan greedyPlan) (greedyPlan, error) {
	s, p := g.s, g.s.p
	parts := slices.Clone(plan.e.parts)
	costs := make([]int64, len(parts))
	for i, pt := range parts {
		parts[i].qty = slices.Clone(pt.qty)
		q, ok, err := p.quoteQty(p.cands[pt.cand], pt.qty)
		if err != nil || !ok {
			return plan, err
		}
		costs[i] = int64(q.total)
	}
	moved := false
	for improved := true; improved && !s.cut; {
		improved = false
	moves:
		for l := range p.lines {
			if g.grouped[l] {
				continue
			}
			for a := range parts {
				n := parts[a].qty[l]
				if n == 0 || s.cut {
					continue
				}
				// Without the line, a costs this much (dropping it saves
				// its whole cost and a split).
				parts[a].qty[l] = 0
				var without int64
				empty := !slices.ContainsFunc(parts[a].qty, func(x sourcing.Qty) bool { return x > 0 })
				if empty {
					without = -int64(p.w.Split)
				} else {
					q, ok, err := p.quoteQty(p.cands[parts[a].cand], parts[a].qty)
					if err != nil {
						return plan, err
					}
					if !ok {
						parts[a].qty[l] = n
						continue
					}
					without = int64(q.total)
				}
				s.tick(g.perCand)
				for b := range parts {
					if b == a || s.cut {
						continue
					}
					parts[b].qty[l] += n
					q, ok, err := p.quoteQty(p.cands[parts[b].cand], parts[b].qty)
					if err != nil {
						return plan, err
					}
					s.tick(g.perCand)
					if ok {
						if delta := without + int64(q.total) - costs[a] - costs[b]; delta < 0 {
							costs[b] = int64(q.total)
							plan.cost += delta
							if empty {
								parts = slices.Delete(parts, a, a+1)
								costs = slices.Delete(costs, a, a+1)
							} else {
								costs[a] = without
							}
							improved, moved = true, true
							break moves
						}
					}
					parts[b].qty[l] -= n
				}
				parts[a].qty[l] = n
			}
		}
	}
	if moved {
		plan.e.parts = parts
		plan.set = nil // not shared with the plan refined
		for _, pt := range parts {
			if !p.cands[pt.cand].required {
				plan.set = append(plan.set, pt.cand)
			}
		}
		slices.Sort(plan.set)
	}
	return plan, nil
}

// keepBest adds r to found, keeping the k cheapest.
func keepBest(found []greedyPlan, r greedyPlan, k int) []greedyPlan {
	i, _ := slices.BinarySearchFunc(found, r, func(a, b greedyPlan) int { return cmp.Compare(a.cost, b.cost) })
	if i >= k {
		return found
	}
	found = slices.Insert(found, i, r)
	return found[:min(len(found), k)]
}

// setHash hashes a sorted set of candidates.
func setHash(set []int) uint64 {
	h := uint64(len(set))
	for _, ci := range set {
		h = h*0x100000001b3 ^ candHash(int32(ci))
	}
	return h
}

// lineWork is the work of reading, filling and packing one line for one
// candidate, in the units of Options.Budget (about 5 ns each).
const lineWork = 20

// fill sets take to what c can ship of left: groups that must ship
// together whole or not at all, then each other line in order, as much as
// its usable stock (shared between lines of one SKU) and its capacity allow,
// whole lines (pieces, see orderLines.per) only when the profile says so. It
// returns the units.
func (g *greedyRun) fill(c *candidate, left, take, skuLeft []sourcing.Qty) sourcing.Qty {
	p := g.s.p
	copy(skuLeft, c.usable)
	clear(take)
	room := c.cap
	var units sourcing.Qty
	for _, grp := range p.groups {
		var need sourcing.Qty
		ok := true
		for _, l := range grp {
			need += left[l]
			skuLeft[p.lineSKU[l]] -= left[l]
			ok = ok && skuLeft[p.lineSKU[l]] >= 0
		}
		if !ok || need == 0 || room >= 0 && need > room {
			for _, l := range grp {
				skuLeft[p.lineSKU[l]] += left[l]
			}
			continue
		}
		for _, l := range grp {
			take[l] = left[l]
		}
		units += need
		if room >= 0 {
			room -= need
		}
	}
	for l := range left {
		if g.grouped[l] {
			continue
		}
		si := p.lineSKU[l]
		t := min(left[l], skuLeft[si])
		if room >= 0 {
			t = min(t, room)
		}
		if p.prof.WholeLines() {
			t -= t % p.per[l] // whole pieces only
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
