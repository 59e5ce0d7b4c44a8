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
	cands, res, err := b.solve(s, b.free, b.k)
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
		if s.resolved == b.commits+1 {
			continue // nothing changed since it was last solved so
		}
		s.resolved = b.commits + 1
		rest, err := b.residual(s)
		if err != nil {
			return improved, err
		}
		cands, _, err := b.solve(s, rest, 1)
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
// plan costs more than its cheapest alone: each slot whose plan holds
// stock that a cheaper plan of its pool needs (a blocker) is solved again
// on the stock left once it takes that plan, and the pair is taken when
// it costs less than the two plans now. Orders swap nodes, SKUs change
// hands.
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
			key, versions := [2]int{a.id, o.id}, [2]int{a.version, o.version}
			if v, seen := b.tried[key]; seen && v == versions {
				continue // neither changed since they were last tried
			}
			b.tried[key] = versions
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

// exchange lets a take the cheapest plan of its pool that o is in the
// way of, and solves o again on the stock left: taken when the two cost
// less than their plans now.
func (b *batcher) exchange(a, o *slot) (bool, error) {
	before := a.cur.cost() + o.cur.cost()
	for _, p := range a.pool {
		if p.cost() >= a.cur.cost() {
			break
		}
		if b.fits([]change{{a, p}}) || !b.inTheWay(o, p) {
			continue // not o's doing
		}
		rest, err := b.residual(a, o)
		if err != nil {
			return false, err
		}
		rest, err = rest.Apply(p.allocations())
		if err != nil {
			return false, nil // p does not fit even without o
		}
		cs, _, err := b.solve(o, rest, 1)
		if err == errCut {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if len(cs) == 0 {
			return false, nil
		}
		o.addToPool(cs[0])
		pair := []change{{a, p}, {o, cs[0]}}
		if p.cost()+cs[0].cost() >= before || !b.fits(pair) || !b.commit(pair) {
			return false, nil
		}
		a.reasons = appendReason(a.reasons, Reason{Step: StepExchanged, With: o.ids()})
		o.reasons = appendReason(o.reasons, Reason{Step: StepExchanged, With: a.ids()})
		return true, nil
	}
	return false, nil
}

// inTheWay reports whether o holds units of a pair or node that plan p
// takes.
func (b *batcher) inTheWay(o *slot, p *cand) bool {
	for _, u := range p.uses {
		for _, v := range o.cur.uses {
			if u.key == v.key || u.key.node == v.key.node && b.node(u.key.node).limited {
				return true
			}
		}
	}
	return false
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
