package batch

import (
	"cmp"
	"slices"

	"github.com/sourcing-go/sourcing"
)

// The exact stage chooses, for every set of slots competing for stock,
// the least-cost combination of their candidate plans (their pools) that
// fits the stock together: branch and bound.
//
// A pair (node, SKU) is contested when the slots' pools could take more
// of it together — each slot its pool's most — than is available less
// the display stock kept; a node's capacity likewise. Slots that share a
// contested pair or node are linked; the sets of linked slots (connected
// components, by union–find) are independent: whatever plans the others
// take, a resource that no two slots contest fits. So the cheapest
// combination of each component, found exactly, is the cheapest of the
// whole batch over the candidates.
//
// Branch and bound visits the slots of a component in order of fewest
// candidates, each slot's candidates cheapest first, and prunes a branch
// when the cost so far plus the cheapest candidate of every slot still to
// choose (a lower bound: Σ of minima ≤ the minimum of sums) is no less
// than the best combination found, starting from the plans now (which
// fit). A candidate is tried only if it fits with those chosen before and
// with the slots outside the component. A component whose combinations
// number more than Options.ExactLimit keeps its plans from the local
// search, and the result is not Optimal.

// exact runs the exact stage on every component.
func (b *batcher) exact() {
	if b.exactLimit < 0 {
		b.exactAll = false
		return
	}
	for _, comp := range b.components() {
		if b.cut {
			b.exactAll = false
			return
		}
		if !b.branchAndBound(comp) {
			b.exactAll = false
		}
	}
}

// components returns the sets of slots linked by contested pairs and
// nodes, each by ID, in the order of their first slot.
func (b *batcher) components() [][]*slot {
	slots := b.live()
	parent := map[int]int{}
	var find func(int) int
	find = func(x int) int {
		if parent[x] != x {
			parent[x] = find(parent[x])
		}
		return parent[x]
	}
	for _, s := range slots {
		parent[s.id] = s.id
	}
	most := map[pairKey]sourcing.Qty{}
	keep := map[pairKey]sourcing.Qty{}
	units := map[int32]sourcing.Qty{}
	users := map[pairKey][]int{}
	nodeUsers := map[int32][]int{}
	for _, s := range slots {
		mine := map[pairKey]sourcing.Qty{}
		mineNode := map[int32]sourcing.Qty{}
		for _, c := range s.pool {
			perNode := map[int32]sourcing.Qty{}
			for _, u := range c.uses {
				mine[u.key] = max(mine[u.key], u.qty)
				perNode[u.key.node] += u.qty
			}
			for n, q := range perNode {
				mineNode[n] = max(mineNode[n], q)
			}
		}
		for k, q := range mine {
			most[k] += q
			keep[k] = max(keep[k], s.keep[b.pair(k).kind])
			users[k] = append(users[k], s.id)
		}
		for n, q := range mineNode {
			units[n] += q
			nodeUsers[n] = append(nodeUsers[n], s.id)
		}
		b.tick(int64(20 * (len(mine) + len(mineNode))))
	}
	link := func(ids []int) {
		for _, id := range ids[1:] {
			if x, y := find(ids[0]), find(id); x != y {
				parent[max(x, y)] = min(x, y)
			}
		}
	}
	for k, q := range most {
		if q > b.pair(k).avail-keep[k] {
			link(users[k])
		}
	}
	for n, q := range units {
		if nu := b.node(n); nu.limited && q > nu.remaining {
			link(nodeUsers[n])
		}
	}
	byRoot := map[int][]*slot{}
	var roots []int
	for _, s := range slots {
		r := find(s.id)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], s)
	}
	slices.Sort(roots)
	out := make([][]*slot, len(roots))
	for i, r := range roots {
		out[i] = byRoot[r]
	}
	return out
}

// branchAndBound finds the cheapest combination of the component's
// candidates that fits, takes it if it costs less than the plans now,
// and reports whether the search completed (false when it visited more
// than the exact limit's candidates, or the budget ran out).
func (b *batcher) branchAndBound(comp []*slot) bool {
	order := slices.Clone(comp)
	slices.SortStableFunc(order, func(x, y *slot) int { return cmp.Or(cmp.Compare(len(x.pool), len(y.pool)), cmp.Compare(x.id, y.id)) })
	n := len(order)
	// minRest[i] is Σ over slots i.. of their cheapest candidate.
	minRest := make([]sourcing.Money, n+1)
	for i := n - 1; i >= 0; i-- {
		m := order[i].cur.cost()
		for _, c := range order[i].pool {
			m = min(m, c.cost())
		}
		minRest[i] = minRest[i+1] + m
	}
	var best sourcing.Money
	for _, s := range order {
		best += s.cur.cost()
	}
	if minRest[0] >= best {
		return true // the plans now are each the cheapest: nothing to search
	}
	bestChoice := make([]*cand, n)
	for i, s := range order {
		bestChoice[i] = s.cur
	}
	choice := make([]*cand, n)
	for _, s := range order {
		b.use(s, s.cur, -1)
	}
	complete, visited := true, 0
	var visit func(i int, cost sourcing.Money)
	visit = func(i int, cost sourcing.Money) {
		if !complete {
			return
		}
		if i == n {
			if cost < best {
				best = cost
				copy(bestChoice, choice)
			}
			return
		}
		s := order[i]
		for _, c := range s.pool {
			b.tick(int64(30 + 10*len(c.uses)))
			if visited++; b.cut || visited > b.exactLimit {
				complete = false
				return
			}
			if cost+c.cost()+minRest[i+1] >= best {
				break // the pool is cheapest first
			}
			if !b.fitsAlone(s, c) {
				continue
			}
			b.use(s, c, +1)
			choice[i] = c
			visit(i+1, cost+c.cost())
			b.use(s, c, -1)
		}
	}
	visit(0, 0)
	for _, s := range order {
		b.use(s, s.cur, +1)
	}
	var changes []change
	for i, s := range order {
		if bestChoice[i].sig != s.cur.sig {
			changes = append(changes, change{s, bestChoice[i]})
		}
	}
	if len(changes) == 0 || !b.fits(changes) || !b.commit(changes) {
		return complete
	}
	var moved []string
	for _, ch := range changes {
		moved = append(moved, ch.s.ids()...)
	}
	for _, ch := range changes {
		var with []string
		for _, id := range moved {
			if !slices.Contains(ch.s.ids(), id) {
				with = append(with, id)
			}
		}
		ch.s.reasons = appendReason(ch.s.reasons, Reason{Step: StepExact, With: with})
	}
	return complete
}

// fitsAlone reports whether c fits as slot s's plan when s has none in
// the usage (the exact stage took it out).
func (b *batcher) fitsAlone(s *slot, c *cand) bool {
	perNode := map[int32]sourcing.Qty{}
	for _, u := range c.uses {
		perNode[u.key.node] += u.qty
		if !b.pairFits(u.key, map[int]sourcing.Qty{s.id: u.qty}) {
			return false
		}
	}
	for ni, q := range perNode {
		if n := b.node(ni); n.limited && n.used+q > n.remaining {
			return false
		}
	}
	return true
}
