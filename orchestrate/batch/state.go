package batch

import (
	"cmp"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/stock"
)

// The state of the search is a plan per slot. What the plans take
// together is kept per (node, SKU) — a pair — and per node, so that a
// move is checked against the stock without replaying the others:
//
//   - a pair's units, summed over the slots' plans, must fit in its
//     available units on the free stock less the display stock each
//     slot's rules keep. With keeps that differ, the plans must fit in
//     some order, each within the available units less its own keep
//     after the plans before it: the order of largest keep first is the
//     best (an exchange argument, as for deadlines), so the check sorts
//     the users by keep and checks every prefix;
//   - a node's units must fit in its capacity left on the free stock.
//
// A move only ever has to check the pairs and nodes where it takes more.

// pairKey is a (node, SKU), by the snapshot's node index and the batch's
// SKU index.
type pairKey struct{ node, sku int32 }

// pairUse is what the slots' plans take of a pair.
type pairUse struct {
	avail sourcing.Qty // available on the free stock, before keep
	kind  stock.NodeKind
	users map[int]sourcing.Qty // by slot ID
	total sourcing.Qty
}

// nodeUse is what the slots' plans take of a node's capacity.
type nodeUse struct {
	limited   bool
	remaining sourcing.Qty // on the free stock
	used      sourcing.Qty
}

func (b *batcher) skuID(sku stock.SKU) int32 {
	if i, ok := b.skuIndex[sku]; ok {
		return i
	}
	i := int32(len(b.skus))
	b.skuIndex[sku] = i
	b.skus = append(b.skus, sku)
	return i
}

func (b *batcher) pair(k pairKey) *pairUse {
	p := b.pairs[k]
	if p == nil {
		n := b.free.NodeAt(int(k.node))
		p = &pairUse{avail: b.free.Level(n.ID, b.skus[k.sku]).Available(), kind: n.Kind, users: map[int]sourcing.Qty{}}
		b.pairs[k] = p
	}
	return p
}

func (b *batcher) node(ni int32) *nodeUse {
	u := b.nodes[ni]
	if u == nil {
		n := b.free.NodeAt(int(ni))
		rem, limited := n.Remaining()
		u = &nodeUse{limited: limited, remaining: rem}
		b.nodes[ni] = u
	}
	return u
}

// use adds (sign +1) or removes (−1) what c takes, as slot s's plan.
func (b *batcher) use(s *slot, c *cand, sign sourcing.Qty) {
	if c == nil {
		return
	}
	for _, u := range c.uses {
		p := b.pair(u.key)
		q := p.users[s.id] + sign*u.qty
		if q == 0 {
			delete(p.users, s.id)
		} else {
			p.users[s.id] = q
		}
		p.total += sign * u.qty
		b.node(u.key.node).used += sign * u.qty
	}
}

// change gives slot s the plan c (nil: the slot goes, merged into
// another).
type change struct {
	s *slot
	c *cand
}

// fits reports whether the state with changes made takes no more than
// the stock allows, checking the pairs and nodes where it takes more.
func (b *batcher) fits(changes []change) bool { return len(b.violations(changes, true)) == 0 }

// violation is a pair (or a node's capacity, sku −1) that changes would
// overfill, with the slots of the changes that take more of it.
type violation struct {
	key   pairKey
	slots []int
}

// violations returns what the state with changes made would overfill,
// in key order; only the first when first is true.
func (b *batcher) violations(changes []change, first bool) []violation {
	type delta struct {
		by  map[int]sourcing.Qty
		sum sourcing.Qty
	}
	pairs := map[pairKey]*delta{}
	nodes := map[int32]*delta{}
	add := func(s *slot, c *cand, sign sourcing.Qty) {
		if c == nil {
			return
		}
		for _, u := range c.uses {
			d := pairs[u.key]
			if d == nil {
				d = &delta{by: map[int]sourcing.Qty{}}
				pairs[u.key] = d
			}
			d.by[s.id] += sign * u.qty
			d.sum += sign * u.qty
			n := nodes[u.key.node]
			if n == nil {
				n = &delta{by: map[int]sourcing.Qty{}}
				nodes[u.key.node] = n
			}
			n.by[s.id] += sign * u.qty
			n.sum += sign * u.qty
		}
	}
	for _, ch := range changes {
		add(ch.s, ch.s.cur, -1)
		add(ch.s, ch.c, +1)
	}
	var out []violation
	growing := func(by map[int]sourcing.Qty) []int {
		var ids []int
		for id, q := range by {
			if q > 0 {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		return ids
	}
	for ni, d := range nodes {
		if n := b.node(ni); d.sum > 0 && n.limited && n.used+d.sum > n.remaining {
			out = append(out, violation{pairKey{ni, -1}, growing(d.by)})
			if first {
				return out
			}
		}
	}
	for k, d := range pairs {
		if d.sum <= 0 && !b.anyUserGrows(d.by) {
			continue
		}
		if !b.pairFits(k, d.by) {
			out = append(out, violation{k, growing(d.by)})
			if first {
				return out
			}
		}
	}
	slices.SortFunc(out, func(x, y violation) int {
		return cmp.Or(cmp.Compare(x.key.node, y.key.node), cmp.Compare(x.key.sku, y.key.sku))
	})
	return out
}

func (b *batcher) anyUserGrows(by map[int]sourcing.Qty) bool {
	for _, q := range by {
		if q > 0 {
			return true
		}
	}
	return false
}

// pairFits checks a pair's users with the changes by slot in delta: in
// the order of largest keep first, each prefix within the available
// units less the keep of its last user.
func (b *batcher) pairFits(k pairKey, delta map[int]sourcing.Qty) bool {
	p := b.pair(k)
	type user struct {
		keep, qty sourcing.Qty
		id        int
	}
	users := make([]user, 0, len(p.users)+len(delta))
	for id, q := range p.users {
		if q += delta[id]; q > 0 {
			users = append(users, user{b.slots[id].keep[p.kind], q, id})
		}
	}
	for id, q := range delta {
		if _, ok := p.users[id]; !ok && q > 0 {
			users = append(users, user{b.slots[id].keep[p.kind], q, id})
		}
	}
	slices.SortFunc(users, func(a, b user) int { return cmp.Or(cmp.Compare(b.keep, a.keep), cmp.Compare(a.id, b.id)) })
	var sum sourcing.Qty
	for _, u := range users {
		sum += u.qty
		if sum > p.avail-u.keep {
			return false
		}
	}
	return true
}

// commit makes the changes: the usage, the slots' plans and the stock
// with the plans applied. It reports false, changing nothing, if the
// stock refuses them (which fits rules out).
func (b *batcher) commit(changes []change) bool {
	var back, take []stock.Allocation
	for _, ch := range changes {
		if ch.s.cur != nil {
			back = append(back, ch.s.cur.allocations()...)
		}
		if ch.c != nil {
			take = append(take, ch.c.allocations()...)
		}
	}
	next, err := b.cur.Release(back)
	if err == nil {
		next, err = next.Apply(take)
	}
	if err != nil {
		return false
	}
	b.cur = next
	b.commits++
	for _, ch := range changes {
		b.use(ch.s, ch.s.cur, -1)
		b.use(ch.s, ch.c, +1)
		ch.s.cur = ch.c
		ch.s.version++
	}
	return true
}

// residual returns the stock with every slot's plan applied but those of
// the slots given: what they may take.
func (b *batcher) residual(slots ...*slot) (*stock.Snapshot, error) {
	var back []stock.Allocation
	for _, s := range slots {
		back = append(back, s.cur.allocations()...)
	}
	return b.cur.Release(back)
}
