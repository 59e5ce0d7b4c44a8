package batch

import (
	"slices"
)

// maxRounds bounds the rounds of local search: each round that improves
// nothing ends it.
const maxRounds = 4

// maxBlockers is how many competing slots the exchange step tries per
// slot.
const maxBlockers = 3

// search runs the steps of the package documentation in turn, each
// taking only moves that lower the total cost: so the state is always
// feasible, and never costs more than the assignment given.
func (b *batcher) search() error {
	if err := b.alone(); err != nil {
		return err
	}
	if b.opts.Group > 0 {
		if err := b.group(); err != nil {
			return err
		}
	}
	if err := b.waves(); err != nil {
		return err
	}
	for round := 0; round < maxRounds && !b.cut; round++ {
		resolved, err := b.resolveRound()
		if err != nil {
			return err
		}
		exchanged, err := b.exchangeRound()
		if err != nil {
			return err
		}
		if !resolved && !exchanged {
			break
		}
	}
	b.exact()
	if b.cut {
		b.exactAll = false
	}
	return nil
}

// live returns the slots of the state, by ID.
func (b *batcher) live() []*slot {
	out := make([]*slot, 0, len(b.slots))
	for _, s := range b.slots {
		if s != nil && s.cur != nil {
			out = append(out, s)
		}
	}
	return out
}

// alone solves each slot alone on the free stock: its K cheapest plans on
// distinct node sets start its pool, with its plan given, and plan 1's
// cost bounds what any of its plans may cost (a lower bound, when the
// solve is optimal: the others can only take stock away).
func (b *batcher) alone() error {
	for _, s := range b.live() {
		s.addToPool(s.cur)
		if b.cut {
			continue
		}
		if err := b.aloneOf(s); err != nil {
			return err
		}
	}
	return nil
}

func (b *batcher) aloneOf(s *slot) error {
	cands, res, err := b.solve(s, b.free, b.k, "alone")
	if err != nil {
		if err == errCut {
			return nil
		}
		return err
	}
	s.addToPool(cands...)
	if res != nil && res.Optimal && len(res.Attempts) <= 1 && len(res.Plans) > 0 {
		s.alone, s.aloneOK = res.Plans[0].Cost, true
	}
	return nil
}

// atBound reports whether the slot's plan costs what its cheapest plan
// alone costs: no move can make it cheaper.
func (s *slot) atBound() bool { return s.aloneOK && s.cur.cost() <= s.alone }

// resolveRound is the local search's first move, for each slot in turn:
// the cheapest plan of its pool that fits with the others' plans, or its
// plan 1 solved on the stock the others leave (every other slot's plan
// applied), when cheaper than its plan now.
func (b *batcher) resolveRound() (bool, error) {
	improved := false
	for _, s := range b.live() {
		if b.cut {
			break
		}
		if s.atBound() {
			continue
		}
		if b.takeFromPool(s, StepResolved) {
			improved = true
			if s.atBound() {
				continue
			}
		}
		rest, err := b.residual(s)
		if err != nil {
			return improved, err
		}
		cands, _, err := b.solve(s, rest, 1, "residual")
		if err != nil {
			if err == errCut {
				break
			}
			return improved, err
		}
		s.addToPool(cands...)
		for _, c := range cands {
			if c.cost() < s.cur.cost() && b.fits([]change{{s, c}}) && b.commit([]change{{s, c}}) {
				s.reasons = appendReason(s.reasons, Reason{Step: StepResolved})
				improved = true
				break
			}
		}
	}
	return improved, nil
}

// takeFromPool gives the slot the cheapest plan of its pool that costs
// less than its plan now and fits with the others'.
func (b *batcher) takeFromPool(s *slot, step Step) bool {
	for _, c := range s.pool {
		b.tick(int64(10 * len(c.uses)))
		if c.cost() >= s.cur.cost() {
			return false
		}
		if b.fits([]change{{s, c}}) && b.commit([]change{{s, c}}) {
			s.reasons = appendReason(s.reasons, Reason{Step: step})
			return true
		}
	}
	return false
}

// exchangeRound is the local search's second move, for each slot whose
// plan costs more than its cheapest alone: the slots whose plans hold
// stock its cheaper plans need (its blockers) are solved again with it,
// both ways round (it first on the stock they both leave, then the other
// on what is left, and the reverse); the better pair is taken when it
// costs less than the two plans now. Orders swap nodes, SKUs change hands.
func (b *batcher) exchangeRound() (bool, error) {
	improved := false
	for _, a := range b.live() {
		if b.cut {
			break
		}
		if a.cur == nil || a.atBound() {
			continue
		}
		for _, o := range b.blockers(a) {
			if b.cut || a.atBound() {
				break
			}
			if o.cur == nil {
				continue
			}
			ok, err := b.exchange(a, o)
			if err != nil {
				return improved, err
			}
			improved = improved || ok
		}
	}
	return improved, nil
}

// blockers returns the slots holding stock that a's cheaper pool plans
// need and cannot have, the most in the way first (then by ID).
func (b *batcher) blockers(a *slot) []*slot {
	count := map[int]int{}
	for _, c := range a.pool {
		if c.cost() >= a.cur.cost() {
			break
		}
		for _, u := range c.uses {
			p := b.pair(u.key)
			mine := p.users[a.id]
			if u.qty <= mine || p.total-mine+u.qty <= p.avail-a.keep[p.kind] {
				continue
			}
			for id := range p.users {
				if id != a.id {
					count[id]++
				}
			}
		}
	}
	ids := make([]int, 0, len(count))
	for id := range count {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y int) int {
		if count[x] != count[y] {
			return count[y] - count[x]
		}
		return x - y
	})
	if len(ids) > maxBlockers {
		ids = ids[:maxBlockers]
	}
	out := make([]*slot, len(ids))
	for i, id := range ids {
		out[i] = b.slots[id]
	}
	return out
}

// exchange solves a and o again together, both ways round, and takes the
// better pair if it costs less than their plans now.
func (b *batcher) exchange(a, o *slot) (bool, error) {
	rest, err := b.residual(a, o)
	if err != nil {
		return false, err
	}
	before := a.cur.cost() + o.cur.cost()
	var best []change
	bestCost := before
	for _, pair := range [][2]*slot{{a, o}, {o, a}} {
		first, second := pair[0], pair[1]
		c1, _, err := b.solve(first, rest, 1, "exchange")
		if err != nil {
			if err == errCut {
				break
			}
			return false, err
		}
		if len(c1) == 0 {
			continue
		}
		after, err := rest.Apply(c1[0].allocations())
		if err != nil {
			continue
		}
		c2, _, err := b.solve(second, after, 1, "exchange")
		if err != nil {
			if err == errCut {
				break
			}
			return false, err
		}
		if len(c2) == 0 {
			continue
		}
		first.addToPool(c1[0])
		second.addToPool(c2[0])
		if cost := c1[0].cost() + c2[0].cost(); cost < bestCost {
			best, bestCost = []change{{first, c1[0]}, {second, c2[0]}}, cost
		}
	}
	if best == nil || !b.fits(best) || !b.commit(best) {
		return false, nil
	}
	a.reasons = appendReason(a.reasons, Reason{Step: StepExchanged, With: o.ids()})
	o.reasons = appendReason(o.reasons, Reason{Step: StepExchanged, With: a.ids()})
	return true, nil
}

// ids returns the IDs of the slot's orders.
func (s *slot) ids() []string {
	out := make([]string, len(s.orders))
	for i, o := range s.orders {
		out[i] = o.ID
	}
	return out
}

// appendReason adds r, unless it is the last reason already.
func appendReason(rs []Reason, r Reason) []Reason {
	if n := len(rs); n > 0 && rs[n-1].Step == r.Step && rs[n-1].SKU == r.SKU && slices.Equal(rs[n-1].With, r.With) {
		return rs
	}
	return append(rs, r)
}
