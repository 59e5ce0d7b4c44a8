package orchestrate

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/arith"
	"github.com/sourcing-go/sourcing/rules"
)

// The search finds the K cheapest plans on distinct node sets, exactly.
//
// A plan is a set of (candidate, part) pairs with distinct candidates whose
// parts add up to at most the whole order; what is left is backordered. Its
// cost is Σ (shipment cost + split) − split + backorder × units left. The
// only coupling between shipments is that a node ships at most once (each
// node's stock and capacity are inside its own shipment's feasibility), so
// the search is a dynamic program over the lattice, one candidate at a time:
// state s = the part served so far, and each state keeps the K best entries
// with distinct node sets (and, under max_shipments, per shipment count).
//
// Why K per state is enough: two entries at one state with different node
// sets, extended by the same later choices, stay different and keep their
// order (equal cost and shipments fall back to comparing the sorted node
// lists, and adding the same nodes to two equal-size sets keeps their
// lexicographic order). So if K entries beat an entry at a state, K distinct
// complete plans beat every completion of it, and it cannot be in the top K.
//
// Before the program runs, options are pruned exactly: a candidate shipping
// part x can be replaced by any candidate outside the plan that ships x for
// less, each giving a distinct, cheaper node set. A plan has at most M
// shipments, and one shipping x at most one more per unit it leaves to the
// others, so if K+min(M, units left by x + 1)−1 candidates ship x strictly
// cheaper, no top-K plan uses this option: K+M−1 in general, K for the
// whole order.

// entry is one partial plan at a state of the program.
type entry struct {
	cost  int64  // Σ (shipment cost + split) so far
	hash  uint64 // of the node set, to find equal sets fast
	chain int32  // last (candidate, part) step; -1 for none
	ships int32
}

// step is one shipment of a partial plan, linked to the previous one.
type step struct {
	prev int32
	cand int32
	v    int32
}

// kbest holds up to k entries with distinct node sets, best first, per
// slot; a state has perState slots (one per shipment count under
// max_shipments). active lists the states holding an entry.
type kbest struct {
	k        int
	perState int
	e        []entry
	n        []uint8
	steps    *[]step
	active   []int32
	isActive []bool
}

func newKBest(slots, perState, k int, steps *[]step) *kbest {
	return new(kbest).reset(slots, perState, k, steps)
}

// reset empties b for slots slots, reusing its arrays, and returns it.
func (b *kbest) reset(slots, perState, k int, steps *[]step) *kbest {
	*b = kbest{k: k, perState: perState, e: sized(b.e, slots*k), n: sized(b.n, slots), steps: steps,
		active: b.active[:0], isActive: sized(b.isActive, slots/perState)}
	return b
}

// activate records that state st holds an entry.
func (b *kbest) activate(st int) {
	if !b.isActive[st] {
		b.isActive[st] = true
		b.active = append(b.active, int32(st))
	}
}

func (b *kbest) list(slot int) []entry { return b.e[slot*b.k : slot*b.k+int(b.n[slot])] }

// nodeSet returns the sorted node positions (node ID order) of an entry's
// node set into buf.
func (s *searcher) nodeSet(chain int32, buf []int32) []int32 {
	buf = buf[:0]
	for c := chain; c >= 0; c = s.steps[c].prev {
		buf = append(buf, int32(s.p.cands[s.steps[c].cand].index))
	}
	slices.Sort(buf)
	s.work += 2 * int64(len(buf)) // the next tick checks it
	return buf
}

// searcher runs the program for one problem. Its meter (the call's) counts
// its work and says when it is cut short, by the budget or the context.
type searcher struct {
	*meter
	assembly meter // counts the assembly of the plans (see solveWith)
	p        *problem
	k        int
	maxS     int // max shipments, 0 = none
	slotsK   int // shipment-count slots per state: maxS+1, or 1
	steps    []step
	dp       *kbest
	best     *kbest // final plans, one slot
	bufA     []int32
	bufB     []int32
	// partial: the context ended while the holders were read, so the
	// candidates are some of them only.
	partial bool
	err     error
	// rest[r] is a lower bound on dealing with r, the rest of the order
	// (see boundPrune), and upper an upper bound on the K-th best plan: an
	// entry whose cost plus the bound on its rest exceeds upper cannot lead
	// to a top-K plan. rest is nil when no bound was computed.
	rest      []int64
	upper     int64
	final     bool    // entries are complete plans once made: offer them
	menusDone bool    // the menus are complete: every option a top-K plan needs is in them
	states    []int32 // scratch: the states extend visits
}

// candHash spreads candidate indexes over 64 bits (splitmix64), so a node
// set's hash is the XOR of its members'.
func candHash(c int32) uint64 {
	z := uint64(c) + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// less orders entries: cost, then fewer shipments, then node IDs.
func (s *searcher) less(a, b *entry) bool {
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	if a.ships != b.ships {
		return a.ships < b.ships
	}
	return s.compareSets(a, b) < 0
}

// compareSets compares the sorted node lists of two entries, in node ID
// order.
func (s *searcher) compareSets(a, b *entry) int {
	if a.chain == b.chain {
		return 0
	}
	s.bufA = s.nodeSet(a.chain, s.bufA)
	s.bufB = s.nodeSet(b.chain, s.bufB)
	return slices.Compare(s.bufA, s.bufB)
}

// insert offers e, whose last step pending is not yet stored, to a slot.
// It returns whether e was kept; then its step is the last of s.steps.
func (s *searcher) insert(b *kbest, slot int, e entry, pending step) bool {
	list := b.e[slot*b.k : slot*b.k+b.k]
	n := int(b.n[slot])
	// Store the step at a temporary index, taken back unless e is kept.
	s.steps = append(s.steps, pending)
	e.chain = int32(len(s.steps) - 1)
	// Same node set already there: keep the better of the two.
	for i := 0; i < n; i++ {
		if list[i].hash == e.hash && list[i].ships == e.ships && s.compareSets(&list[i], &e) == 0 {
			if !s.less(&e, &list[i]) {
				s.steps = s.steps[:len(s.steps)-1]
				return false
			}
			copy(list[i:], list[i+1:n])
			n--
			break
		}
	}
	if n == b.k && !s.less(&e, &list[n-1]) {
		b.n[slot] = uint8(n)
		s.steps = s.steps[:len(s.steps)-1]
		return false
	}
	if n < b.k {
		n++
	}
	i := n - 1
	for i > 0 && s.less(&e, &list[i-1]) {
		list[i] = list[i-1]
		i--
	}
	list[i] = e
	b.n[slot] = uint8(n)
	b.activate(slot / b.perState)
	if len(s.steps)%stepsChunk == 0 && (len(s.steps) > math.MaxInt32-stepsChunk || !s.afford(stepsChunk*int64(unsafe.Sizeof(step{})))) {
		s.cut = true // the steps kept are tables too (see meter), indexed by int32
	}
	return true
}

// stepsChunk is how many steps of partial plans the search pays for at a
// time (see meter.afford).
const stepsChunk = 4096

// run executes the program over the candidates that have options. Required
// candidates go first, each into a fresh table, so that every entry that
// survives ships from all of them.
func (s *searcher) run() {
	p := s.p
	lat := &p.lat
	s.best = p.best.reset(1, 1, s.k, &s.steps)
	states := lat.size
	if s.cut {
		// Cut short before the program: its one plan is "everything
		// backordered" (none when nodes are required), which needs no
		// table of every state.
		if len(p.required) > 0 {
			return
		}
		states = 1
	}
	s.dp = p.dp.reset(states*s.slotsK, s.slotsK, s.k, &s.steps)
	s.dp.e[0] = entry{chain: -1}
	s.dp.n[0] = 1
	s.dp.activate(0)
	for _, ci := range p.required {
		if !s.afford(int64(lat.size) * int64(s.slotsK) * int64(s.k) * int64(unsafe.Sizeof(entry{})+1)) {
			s.cut = true
			break
		}
		next := newKBest(lat.size*s.slotsK, s.slotsK, s.k, &s.steps)
		s.extend(ci, s.dp, next)
		s.dp = next
	}
	// From here on every entry is a complete plan (the rest backordered):
	// offer each, so the bound tightens as the program runs.
	s.final = true
	s.finish()
	if s.cut {
		return
	}
	for _, ci := range s.candidateOrder() {
		if s.cut {
			break
		}
		s.extend(ci, s.dp, s.dp)
	}
}

// extend adds candidate ci's options to the entries of from, into to. With
// from == to it works in place: states are visited from the last down and
// every option moves an entry to a later state, so no entry takes ci twice.
func (s *searcher) extend(ci int, from, to *kbest) {
	p := s.p
	lat := &p.lat
	c := p.cands[ci]
	split := int64(p.w.Split)
	// A plan's first shipment pays no split unless the order has shipments
	// already; entries carry split for every shipment.
	first := split - p.firstSplit()
	full := lat.full()
	if s.rest != nil {
		// Options no plan within the bound can use, as it stands now.
		c.menu = slices.DeleteFunc(c.menu, func(o option) bool {
			return satAdd(int64(o.cost)+split-first, s.rest[full-o.v]) > s.upper
		})
		if len(c.menu) == 0 {
			return
		}
	}
	h := candHash(int32(ci))
	// The states holding entries now, from the last: entries this candidate
	// adds go to later states, already visited, so none takes it twice.
	states := s.activeStates(from)
	// A long menu is indexed by vector, so that a state with few parts
	// that fit reads those only (see fitting).
	indexed := len(c.menu) > longMenu || testAlwaysIndex
	if indexed {
		s.index(c.menu)
		defer s.unindex(c.menu)
	}
	for i := len(states) - 1; i >= 0 && !s.cut; i-- {
		st := int(states[i])
		menu := c.menu
		if indexed {
			menu = s.fitting(c.menu, st)
		}
		for k := 0; k < s.slotsK; k++ {
			slot := st*s.slotsK + k
			if from.n[slot] == 0 || (s.maxS > 0 && k >= s.maxS) {
				continue
			}
			// Every option is looked at, fitting or not.
			if s.tick(int64(len(menu)) / 2) {
				return
			}
			for _, opt := range menu {
				if !lat.fits(st, opt.v) {
					continue
				}
				t := st + opt.v
				tk := 0
				if s.maxS > 0 {
					tk = k + 1
				}
				add, ok := arith.Add(int64(opt.cost), split)
				for _, e := range from.list(slot) {
					ne := entry{hash: e.hash ^ h, ships: e.ships + 1}
					var ok2 bool
					ne.cost, ok2 = arith.Add(e.cost, add)
					if !ok || !ok2 {
						s.err = overflow("total", c)
						s.cut = true
						return
					}
					if s.rest != nil && satAdd(ne.cost-first, s.rest[full-t]) > s.upper {
						continue // no completion of it can be in the top K
					}
					if s.insert(to, t*s.slotsK+tk, ne, step{prev: e.chain, cand: int32(ci), v: int32(opt.v)}) && s.final {
						ne.chain = int32(len(s.steps) - 1)
						s.offer(ne, t)
					}
				}
				if s.tick(int64(from.n[slot])) {
					return
				}
			}
		}
	}
}

// activeStates returns the states of b holding entries, in increasing
// order: sorted when they are few, read off b.isActive when many.
func (s *searcher) activeStates(b *kbest) []int32 {
	states := s.states[:0]
	if n := len(b.active); n*bits.Len(uint(n)) < len(b.isActive) {
		states = append(states, b.active...)
		s.tick(int64(n * bits.Len(uint(n))))
		slices.Sort(states)
	} else {
		s.tick(int64(len(b.isActive)) / 4)
		for st, on := range b.isActive {
			if on {
				states = append(states, int32(st))
			}
		}
	}
	s.states = states
	return states
}

// longMenu is the length beyond which a menu is indexed by vector in
// extend.
const longMenu = 64

// testAlwaysIndex makes extend index every menu: a test compares the two
// ways (see export_test.go).
var testAlwaysIndex bool

// index notes in s.optAt, per vector, one more than the index in menu of
// its option; unindex clears it.
func (s *searcher) index(menu []option) {
	p := s.p
	p.optAt = sized(p.optAt, p.lat.size)
	for i, o := range menu {
		p.optAt[o.v] = int32(i + 1)
	}
}

func (s *searcher) unindex(menu []option) {
	for _, o := range menu {
		s.p.optAt[o.v] = 0
	}
}

// fitting returns the options of menu (indexed, see index) whose parts fit
// with state st, in menu's order: menu itself when that is shorter than
// the parts that fit with st, which it then counts as work.
func (s *searcher) fitting(menu []option, st int) []option {
	p := s.p
	lat := &p.lat
	n := 1 // the parts x with st + x within the order, 0 among them
	for d := range lat.pos {
		n *= lat.pos[d].radix - lat.digit(st, d)
		if n >= len(menu) {
			return menu
		}
	}
	s.tick(int64(n))
	out := p.fit[:0]
	p.digits = sized(p.digits, len(lat.pos))
	lat.compatible(st, p.digits, func(x int) bool {
		if i := p.optAt[x]; i > 0 {
			out = append(out, menu[i-1])
		}
		return true
	})
	slices.Reverse(out) // compatible visits from the largest
	p.fit = out
	return out
}

// offer makes entry e at state st a complete plan, the rest backordered,
// and offers it to the best plans; the bound tightens with them.
func (s *searcher) offer(e entry, st int) {
	p := s.p
	if p.prof.ShipComplete() && st != p.lat.full() {
		return
	}
	bo, ok := arith.Mul(int64(p.w.Backorder), int64(p.total-p.lat.units[st]))
	if e.ships > 0 && p.existing == 0 {
		e.cost -= int64(p.w.Split) // the first shipment pays no split
	}
	var ok2 bool
	if e.cost, ok2 = arith.Add(e.cost, bo); !ok || !ok2 {
		s.err, s.cut = overflowf("backorder"), true
		return
	}
	s.insertFinal(e)
	if b := s.best; int(b.n[0]) == b.k {
		s.upper = min(s.upper, b.e[b.k-1].cost)
	}
}

// orderKey is a candidate's rank in candidateOrder.
type orderKey struct {
	score int64
	i     int
}

// candidateOrder returns the candidates with options, most promising first:
// by their best option's cost net of the backorder it saves, then node ID.
// Any order gives the same answer when the search completes; this one finds
// good plans early when the budget cuts it short.
func (s *searcher) candidateOrder() []int {
	p := s.p
	keys := p.ranks[:0]
	defer func() { p.ranks = keys[:0] }()
	for i, c := range p.cands {
		if len(c.menu) == 0 || slices.Contains(p.required, i) {
			continue
		}
		s.tick(int64(len(c.menu)))
		best := int64(1<<63 - 1)
		for _, o := range c.menu {
			saved, _ := arith.Mul(int64(p.w.Backorder), int64(p.lat.units[o.v]))
			best = min(best, int64(o.cost)-saved)
		}
		keys = append(keys, orderKey{best, i})
	}
	slices.SortFunc(keys, func(a, b orderKey) int {
		if c := cmp.Compare(a.score, b.score); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	out := sized(p.candOrder, len(keys))
	p.candOrder = out
	for i, k := range keys {
		out[i] = k.i
	}
	return out
}

// finish offers every entry of the program's states as a complete plan,
// even once the search is cut short: they are the plans it has (at least
// "everything backordered"), and no more than its table holds.
func (s *searcher) finish() {
	for _, st32 := range s.dp.active {
		st := int(st32)
		if s.err != nil {
			return
		}
		s.work += int64(s.slotsK) // (no more than the table afforded)
		for k := 0; k < s.slotsK; k++ {
			for _, e := range s.dp.list(st*s.slotsK + k) {
				s.offer(e, st)
			}
		}
	}
}

// insertFinal offers a complete plan, whose chain is already stored.
func (s *searcher) insertFinal(e entry) {
	b := s.best
	list := b.e[:b.k]
	n := int(b.n[0])
	for i := 0; i < n; i++ {
		if list[i].hash == e.hash && list[i].ships == e.ships && s.compareSets(&list[i], &e) == 0 {
			if !s.less(&e, &list[i]) {
				return
			}
			copy(list[i:], list[i+1:n])
			n--
			break
		}
	}
	if n == b.k && !s.less(&e, &list[n-1]) {
		b.n[0] = uint8(n)
		return
	}
	if n < b.k {
		n++
	}
	i := n - 1
	for i > 0 && s.less(&e, &list[i-1]) {
		list[i] = list[i-1]
		i--
	}
	list[i] = e
	b.n[0] = uint8(n)
}

// plans returns the final entries, best first.
func (s *searcher) plans() []entry { return s.best.list(0) }

// lowerBound returns a proven lower bound on the cost of the best plan.
// When the program completed it is the best plan's cost. Otherwise it is a
// relaxation that lets a node ship several parts (dropping the one coupling
// between shipments), solved over the lattice when that is affordable, and
// a per-unit bound when not.
func (s *searcher) lowerBound(stop *meter) sourcing.Money {
	p := s.p
	lat := &p.lat
	bestPart := make([]int64, lat.size)
	const inf = int64(1<<62 - 1)
	for i := range bestPart {
		bestPart[i] = inf
	}
	for _, c := range p.cands {
		for _, o := range c.menu {
			bestPart[o.v] = min(bestPart[o.v], int64(o.cost))
		}
	}
	split := int64(p.w.Split)
	// h[t] = cheapest way to serve exactly t with parts of any nodes.
	h := make([]int64, lat.size)
	for t := 1; t < lat.size; t++ {
		h[t] = inf
		if stop.tick(int64(t)) {
			return s.unitBound(stop)
		}
		for x := 1; x <= t; x++ {
			if bestPart[x] == inf || !lat.fits(t-x, x) || h[t-x] == inf {
				continue
			}
			h[t] = min(h[t], satAdd(satAdd(h[t-x], bestPart[x]), split))
		}
	}
	lb := inf
	for t := 0; t < lat.size; t++ {
		if h[t] == inf || p.prof.ShipComplete() && t != lat.full() {
			continue
		}
		c := h[t]
		if t > 0 && p.existing == 0 {
			c -= split
		}
		bo, ok := arith.Mul(int64(p.w.Backorder), int64(p.total-lat.units[t]))
		if !ok {
			continue
		}
		lb = min(lb, satAdd(c, bo))
	}
	if lb == inf {
		return 0
	}
	return sourcing.Money(lb)
}

// unitBound is a cheap lower bound for any order. A plan either ships
// nothing (everything backordered), or ships in shipments that each pay a
// fixed cost — handling, per-km distance and the split penalty but for the
// first shipment — shared by the lines it serves, at most as many as the
// node holds, and a carrier price at least that of its cheapest parcel and
// at least the grid's lowest price per gram times its weight. So each line
// costs at least the least, over its holders, of their fixed cost divided
// by the lines they hold, plus per unit the least of the backorder penalty
// and the cheapest per-unit cost (pick, priority, per-unit-km, and, in the
// second bound, weight at the lowest price per gram) of a holder; or its
// backorder. The larger of the two bounds (cheapest parcel in the fixed
// cost, or price per gram in the unit cost) holds.
//
// It reads every holder's stock of every SKU, which for orders of
// thousands of lines costs milliseconds: when stop cuts it short, it
// returns 0, the bound that always holds.
func (s *searcher) unitBound(stop *meter) sourcing.Money {
	if s.partial {
		return 0 // not every holder was read: no bound is known
	}
	return max(s.lineBound(false, stop), s.lineBound(true, stop))
}

func (s *searcher) lineBound(byWeight bool, stop *meter) sourcing.Money {
	p := s.p
	const inf = int64(1<<62 - 1)
	w := &p.w
	// Per service and zone: the cheapest parcel and price per gram in that
	// zone or beyond.
	parcelFloor := make([][]int64, len(p.services))
	gramFloor := make([][]float64, len(p.services))
	for si, svc := range p.services {
		spec := svc.Spec()
		parcelFloor[si] = make([]int64, len(spec.Zones))
		gramFloor[si] = make([]float64, len(spec.Zones))
		low, lowGram := inf, math.Inf(1)
		for z := len(spec.Zones) - 1; z >= 0; z-- {
			for _, r := range spec.Rates {
				price := int64(r.Prices[z]) + int64(spec.ParcelSurcharge)
				low = min(low, price)
				lowGram = min(lowGram, float64(price)/float64(r.MaxWeight))
			}
			parcelFloor[si][z], gramFloor[si][z] = low, lowGram
		}
	}
	nsku := len(p.skus)
	if p.gatherAll(stop) {
		return 0
	}
	// Per SKU: the least cost per unit and the least share of a shipment's
	// fixed cost per line served, over the nodes.
	perUnit := make([]int64, nsku)
	share := make([]int64, nsku)
	linesOf := make([]int64, nsku)
	for i := range perUnit {
		perUnit[i], share[i] = inf, inf
	}
	for _, si := range p.lineSKU {
		linesOf[si]++
	}
	for _, l := range p.lites {
		if stop.tick(nodeWork + int64(nsku)) {
			return 0
		}
		n := p.snap.NodeAt(int(l.index))
		if int(l.index) == p.originIdx && p.prof.OriginStock() == rules.OriginPrefer {
			n.Priority = 0
		}
		parcel, perGram := int64(0), 0.0
		if !p.shelf(int(l.index)) {
			parcel, perGram = inf, math.Inf(1)
			for si, svc := range p.services {
				z, _, ok := svc.ZoneFor(l.dlb)
				if !ok || !p.serves[si][n.Kind] {
					continue
				}
				parcel = min(parcel, parcelFloor[si][z])
				perGram = min(perGram, gramFloor[si][z])
			}
		}
		km := float64(l.dlb) * 1e-12
		// Less a unit for the rounding of the distance term.
		fixed := satAdd(int64(n.HandlingCost)+atLeastZero(below(float64(w.PerKm)*km)), int64(w.Split))
		if !byWeight {
			fixed = satAdd(fixed, parcel)
		}
		unit := satAdd(int64(n.PickCost)+int64(w.Priority)*int64(n.Priority), atLeastZero(below(float64(w.PerUnitKm)*km)))
		usable := p.usable[l.off : int(l.off)+nsku]
		lines := int64(0)
		for si, u := range usable {
			if u > 0 {
				lines += linesOf[si]
			}
		}
		for si, u := range usable {
			if u == 0 {
				continue
			}
			unitCost := unit
			if byWeight {
				g := perGram * float64(p.skus[si].Weight)
				if g >= float64(inf) || math.IsInf(g, 1) {
					unitCost = inf
				} else {
					unitCost = satAdd(unitCost, atLeastZero(below(g)))
				}
			}
			perUnit[si] = min(perUnit[si], unitCost)
			share[si] = min(share[si], max(fixed, 0)/lines)
		}
	}
	backorder := inf
	if !p.prof.ShipComplete() {
		backorder = int64(w.Backorder)
	}
	lb := p.firstSplit() - int64(w.Split) // the first shipment pays no split, unless after existing ones
	all := int64(0)
	for l, line := range p.lines {
		q := int64(line.Qty)
		bo, ok := arith.Mul(backorder, q)
		if !ok {
			bo = inf
		}
		served, ok := arith.Mul(min(backorder, perUnit[p.lineSKU[l]]), q)
		if !ok {
			served = inf
		}
		lb = satAdd(lb, min(bo, satAdd(share[p.lineSKU[l]], served)))
		all = satAdd(all, bo)
	}
	return sourcing.Money(max(0, min(lb, all)))
}

// atLeastZero returns x, a lower bound below 2⁶², rounded down, and 0 if
// it is negative.
func atLeastZero(x float64) int64 {
	if x > 0 {
		return int64(x)
	}
	return 0
}

// satAdd adds non-negative or moderately negative costs, saturating at the
// "infinite" cost instead of wrapping.
func satAdd(a, b int64) int64 {
	const inf = int64(1<<62 - 1)
	s, ok := arith.Add(a, b)
	if !ok || s > inf {
		return inf
	}
	return s
}
