package orchestrate

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/arith"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The menus: for every candidate, the parts of the order it can ship, with
// their exact cost — but only those some top-K plan might use. Finding them
// without pricing every (candidate, part) pair exactly is what makes a
// solve cost little more than reading the stock:
//
//  1. Every pair gets a lower bound: every term of its cost but low stock,
//     lateness and carbon, the distance and workload terms rounded down,
//     the carrier's price at its least over the zones the distance allows.
//     It costs a few multiplications: the holders that may ship each part
//     are listed once, in order of their bound from a centre as far as
//     the walks read them (listParts, sortTo),
//     the packings and prices of a part are computed once (all shared by
//     the solves of a Promise through held), and the least prices once per
//     distance band (bands). Only the head of each part's bounds is kept
//     (heads): the rest could not be priced; walking the holders nearest
//     first, a part's listing stops where no bound left can be in it.
//  2. Per part, pairs are priced exactly in order of their bound until T of
//     them are feasible, T = K + M − 1, or less for a part leaving few
//     units to others (see search.go and partT): any other pair whose
//     bound exceeds the T-th exact cost can never be in a top-K plan, and
//     is never priced.
//  3. An upper bound U on the K-th best plan comes from the best plans of a
//     single node; a lower bound H(r) on serving the rest r of the order
//     comes from the cheapest part prices (exact, or bounds) combined freely
//     over the lattice. A pair (c, x) with cost + H(order − x) > U cannot be
//     in a top-K plan either. U also bounds M, the shipments a top-K plan
//     can have, which tightens T.
//
// What survives goes to the dynamic program.

// pair is one (lite, part) of the menus.
type pair struct {
	lite  int32
	v     int32
	lb    sourcing.Money
	cost  sourcing.Money // exact, once priced
	state uint8          // 0 not priced, 1 feasible, 2 infeasible
}

const (
	unpriced uint8 = iota
	feasible
	infeasible
)

// buildMenus fills the menus of the candidates the search needs, making
// candidates of the lites whose pairs it prices.
func (s *searcher) buildMenus() error {
	p := s.p
	pairs, parts, err := s.pairs(s.headSize())
	if err != nil || s.cut {
		return err // cut short: the program will not run, no menu is needed
	}
	pairs, parts, t := s.priceTop(pairs, parts)
	if err := s.err; err != nil || s.cut {
		return err
	}
	s.boundPrune(pairs, parts, t)
	s.menusDone = !s.cut
	// The menus: the priced, feasible pairs that survived, part by part,
	// so each menu is by vector.
	s.tick(int64(p.lat.size + len(pairs)))
	for v := range p.lat.size {
		for _, i := range parts.of(v) {
			if pr := &pairs[i]; pr.state == feasible {
				c := p.cands[p.lites[pr.lite].cand]
				c.menu = append(c.menu, option{v: int(pr.v), cost: pr.cost})
			}
		}
	}
	return nil
}

// heads trims the menus' listing: only the pairs with the least bounds of
// a part can be priced by priceTop, which prices them in order of their
// bound until T are feasible and the next bound is above the T-th cost.
// So per part it keeps the h least bounds listed so far, and a pair whose
// bound is not below all h of them is left out, the least such bound
// noted. Once priceTop has settled a part, the listing was whole enough if
// T pairs were feasible and the T-th cost is below every bound left out:
// those pairs would have been pruned. Otherwise the part's listing is
// widened to every pair (see widen) and the part settled again.
type heads struct {
	h       int              // the most bounds kept per part
	hv      []int32          // per part: how many it keeps, at most h
	lbs     []sourcing.Money // part v's least bounds, sorted: lbs[v*h:][:n[v]]
	n       []int32
	cut     []sourcing.Money // per part: its hv-th least bound once it has hv, else noneLeft
	dropped []sourcing.Money // per part: the least bound left out, or noneLeft
}

const noneLeft sourcing.Money = math.MaxInt64

// reset readies hd for a listing keeping h bounds per part of size parts
// (hv, to be lowered part by part), or every pair if h is 0 or the table
// would exceed maxFloors.
func (hd *heads) reset(h, size int) {
	if h*size > maxFloors {
		h = 0
	}
	hd.h = h
	hd.cut = sized(hd.cut, size)
	for v := range hd.cut {
		hd.cut[v] = noneLeft
	}
	if h == 0 {
		return
	}
	hd.lbs = sized(hd.lbs, h*size)
	hd.n = sized(hd.n, size)
	hd.hv = sized(hd.hv, size)
	for v := range hd.hv {
		hd.hv[v] = int32(h)
	}
	hd.dropped = sized(hd.dropped, size)
	for v := range hd.dropped {
		hd.dropped[v] = noneLeft
	}
}

// headSize is how many bounds per part the first listing may keep: half
// as many again as the T priceTop starts with.
func (s *searcher) headSize() int {
	t := s.k + s.shipmentsBound() - 1
	return t + (t+1)/2
}

// partHeads lowers each part's head to one more than its own T (see
// partT), so that a part seldom needs more: on the 500-node benchmark
// network, one part in 24 is widened; a Promise costs 1% less than with
// half as many again as T, and 1% more with 2T.
func (s *searcher) partHeads() {
	hd := &s.p.heads
	if hd.h == 0 {
		return
	}
	t := s.k + s.shipmentsBound() - 1
	for v := range hd.hv {
		tv := s.partT(v, t)
		hd.hv[v] = int32(min(hd.h, tv+1))
	}
}

// keep adds lb, below cut[v], to part v's head. (A pair is listed if its
// bound is below its part's cut, else its bound may lower dropped.)
func (hd *heads) keep(v int, lb sourcing.Money) {
	h := int(hd.hv[v])
	row := hd.lbs[v*hd.h : v*hd.h+h]
	n := int(hd.n[v])
	if n == h {
		n-- // the largest leaves the head; its pair stays listed
	} else {
		hd.n[v]++
	}
	i := n
	for ; i > 0 && row[i-1] > lb; i-- {
		row[i] = row[i-1]
	}
	row[i] = lb
	if int(hd.n[v]) == h {
		hd.cut[v] = row[h-1]
	}
}

// whole reports whether part v's listing was whole enough, top being the
// t least exact costs of its pairs priceTop found (see heads).
func (hd *heads) whole(v, t int, top []sourcing.Money) bool {
	return hd.h == 0 || hd.dropped[v] == noneLeft || len(top) == t && top[t-1] < hd.dropped[v]
}

// pairWork is the work of bounding or pricing one part at one node, in the
// units of Options.Budget.
const pairWork = 16

// pairs lists every part every lite may ship, with its lower bound, part
// by part (byPart indexes them). Pairs of required or shelf candidates are
// priced at once. With head > 0, it leaves out the pairs whose bound is
// not below head bounds of their part listed before them (see heads): it
// walks each part's shippers nearest first (see listParts), so that it can
// stop where the bound of every shipper left is at least that high.
func (s *searcher) pairs(head int) ([]pair, byPart, error) {
	p := s.p
	p.makeBands()
	hd := &p.heads
	hd.reset(head, p.lat.size)
	s.partHeads()
	held, units, size := p.held, p.lat.units, p.lat.size
	cut, dropped := hd.cut, hd.dropped
	b := &held.bands
	// The lites made so far (all of them, or the required ones), with
	// the pickup store's: their bands, and those priced exactly, apart.
	// The others are made as the walk reaches them, none priced exactly.
	if p.pickupIdx >= 0 {
		p.liteOfNode(p.pickupIdx)
	}
	exact := p.exact[:0]
	stop := false
	for li := range p.lites {
		if stop = s.tick(nodeWork); stop {
			break
		}
		l := &p.lites[li]
		l.set = int32(b.band(l))
		if l.cand >= 0 || l.shelf {
			exact = append(exact, int32(li))
		}
	}
	p.exact = exact
	out := slices.Grow(p.pairs[:0], 2*len(p.liOf))
	defer func() { p.pairs = out[:0] }()
	p.start = sized(p.start, size+1)
	start := p.start
	nearer := p.nearer()
	early := hd.h > 0 && p.walksNearest()
	liteBits := held.liteBits
	v := 0
	for ; v < size && !stop; v++ {
		start[v] = int32(len(out))
		if stop = s.tick(int64(1 + len(exact))); stop {
			break
		}
		for _, li := range exact {
			if p.mayShip(&p.lites[li], v) {
				var err error
				if out, err = p.pricePair(out, li, int32(v)); err != nil {
					return nil, byPart{}, err
				}
			}
		}
		floors := b.floorsOf(v)
		u := units[v]
		var base, closer float64
		if early {
			var ok bool
			if base, closer, ok = p.nearBase(v, nearer); !ok {
				continue // no service carries it
			}
		}
		list, sorted := held.shippersOf(v), 0
		for i := 0; i < len(list); i++ {
			if i == sorted {
				sorted = held.sortTo(v, i)
			}
			sh := list[i]
			if early {
				if left := walkBound(sh.near(liteBits), base, closer); left >= float64(cut[v]) {
					dropped[v] = min(dropped[v], atLeast(left))
					break
				}
			}
			hi := sh.lite(liteBits)
			li := p.liOf[hi] - 1 // see liOf
			if li == liUnknown {
				if stop = s.tick(nodeWork); stop {
					break
				}
				li = p.liteAt(hi)
			}
			if li < 0 {
				continue // kept out of this solve
			}
			if stop = s.tick(pairWork); stop {
				break
			}
			l := &p.lites[li]
			if l.cand >= 0 || l.shelf || l.set < 0 {
				continue // priced above, or no service carries so far
			}
			price := p.floor(floors, l.set, v)
			if price < 0 {
				continue // no service carries it so far
			}
			lb := l.lowerBound(u, price)
			if lb >= cut[v] { // see heads
				dropped[v] = min(dropped[v], lb)
				continue
			}
			if hd.h > 0 {
				hd.keep(v, lb)
			}
			out = append(out, pair{lite: li, v: int32(v), lb: lb})
		}
	}
	for ; v <= size; v++ {
		start[v] = int32(len(out)) // the end, and the parts a cut left out
	}
	p.idx = sized(p.idx, len(out))
	for i := range p.idx {
		p.idx[i] = int32(i)
	}
	return out, byPart{start: start, idx: p.idx}, nil
}

// walksNearest reports whether the shippers' lists are sorted by near with
// non-negative distance weights, so that a walk may stop early.
func (p *problem) walksNearest() bool {
	return p.held.sorted && p.w.PerKm >= 0 && p.w.PerUnitKm >= 0
}

// nearer returns how much nearer than the held's centre the destination
// may bring a lite, in mm.
func (p *problem) nearer() float64 {
	return float64(geo.EarthRadius)*math.Sqrt(p.held.centre.ChordSq(p.destPoint)) + float64(geo.Metre)
}

// nearBase returns what added to a shipper's near bounds its pair's bound
// for part v below (see listParts and walkBound): the part's least price,
// less the destination's share of the distance terms (closer, returned
// too). ok is false if no service carries part v.
func (p *problem) nearBase(v int, nearer float64) (base, closer float64, ok bool) {
	least := p.leastFloor(v)
	if least < 0 {
		return 0, 0, false
	}
	closer = (float64(p.w.PerKm) + float64(p.w.PerUnitKm)*float64(p.lat.units[v])) * nearer * 1e-12
	return float64(least) - closer, closer, true
}

// walkBound returns a lower bound on the bound of a pair whose shipper's
// near is near, the part's base and closer those of nearBase:
// near + base, less lowerBound's margin and its own (see below): the sum
// of the three non-negative terms bounds the magnitude its floating-point
// error is relative to.
func walkBound(near, base, closer float64) float64 {
	x := near + base
	return x - 3 - (near+base+2*closer)*2*relativeError
}

// relativeError bounds the relative error of the float64 sums and products
// the bounds are computed with (a few roundings of 2⁻⁵³ each), with room
// to spare: at costs of 2⁵⁴ minor units a float64 holds a cost only to
// within a few units, so a fixed margin would not do.
const relativeError = 0x1p-46

// below returns x, a float64 sum of non-negative costs, less a margin for
// its rounding: 2 minor units, and relativeError of its magnitude.
func below(x float64) float64 { return x - 2 - x*relativeError }

// atLeast returns the least amount at least x: a lower bound on amounts
// that x bounds below, within the range of Money.
func atLeast(x float64) sourcing.Money {
	switch {
	case x >= float64(noneLeft):
		return noneLeft
	case !(x > math.MinInt64):
		return math.MinInt64
	}
	return sourcing.Money(math.Ceil(x))
}

// mayShip reports whether lite l may ship part v as far as its stock and
// the units it may still ship tell (see listParts).
func (p *problem) mayShip(l *lite, v int) bool {
	u := p.lat.units[v]
	off := int(l.off)
	return u > 0 && (l.left < 0 || u <= l.left) && holdsAll(p.usable[off:off+len(p.skus)], p.part(v).sku)
}

// leastFloor returns the least price of part v by any of the solve's
// services in any zone, or -1 if none carries it; kept with the bands.
func (p *problem) leastFloor(v int) sourcing.Money {
	b := &p.held.bands
	if b.least[v] != unknownFloor {
		return b.least[v]
	}
	pt := p.part(v)
	least := sourcing.Money(-1)
	for si := range p.services {
		if f, ok := p.priceFrom(pt, si, 0); ok && (least < 0 || f < least) {
			least = f
		}
	}
	b.least[v] = least
	return least
}

// floor returns the cheapest price of part v in its zone of set or beyond
// (see priceFloor): from floors, part v's, when known there.
func (p *problem) floor(floors []sourcing.Money, set int32, v int) sourcing.Money {
	if floors != nil && floors[set] != unknownFloor {
		return floors[set]
	}
	return p.priceFloor(int(set), v)
}

// widen lists the pairs of part v that the head listing left out (see
// heads), appending them to pairs and their indexes to the part's: those
// whose bound may be at most limit, walking nearest first when it can.
// Settled again, the part has its T-th cost at most limit if it had it
// there, and its listing is whole: every pair left out is bound above.
func (s *searcher) widen(pairs []pair, parts byPart, v int, limit sourcing.Money) ([]pair, byPart) {
	p := s.p
	held := p.held
	listed := sized(p.listedLite, len(p.lites)) // the lites made after are not
	p.listedLite = listed
	for _, i := range parts.of(v) {
		listed[pairs[i].lite] = true
	}
	before := len(pairs)
	floors, u := held.bands.floorsOf(v), p.lat.units[v]
	var base, closer float64
	early := limit < noneLeft && p.walksNearest()
	if early {
		base, closer, early = p.nearBase(v, p.nearer())
	}
	p.heads.dropped[v] = noneLeft
	list, sorted := held.shippersOf(v), 0
	for i := range list {
		if i == sorted {
			sorted = held.sortTo(v, i)
		}
		sh := list[i]
		if left := walkBound(sh.near(held.liteBits), base, closer); early && left > float64(limit) {
			p.heads.dropped[v] = atLeast(left) // every bound left is above limit
			break
		}
		li := p.liteAt(sh.lite(held.liteBits))
		if li < 0 || int(li) < len(listed) && listed[li] {
			continue
		}
		l := &p.lites[li]
		if l.shelf || l.cand == -2 || l.set < 0 {
			continue // listed, priced, unless it cannot ship; or no service carries so far
		}
		if s.tick(pairWork) {
			break
		}
		if price := p.floor(floors, l.set, v); price >= 0 {
			pairs = append(pairs, pair{lite: li, v: int32(v), lb: l.lowerBound(u, price)})
		}
	}
	p.pairs = pairs[:0] // kept for the next solve, if it grew
	// The new pairs' indexes go at the end of part v's.
	added := int32(len(pairs) - before)
	end := parts.start[v+1]
	idx := slices.Grow(p.idxSpare[:0], len(parts.idx)+int(added))
	idx = append(idx, parts.idx[:end]...)
	for i := range added {
		idx = append(idx, int32(before)+i)
	}
	idx = append(idx, parts.idx[end:]...)
	for w := v + 1; w < len(parts.start); w++ {
		parts.start[w] += added
	}
	p.idx, p.idxSpare = idx, parts.idx
	return pairs, byPart{start: parts.start, idx: idx}
}

// byPart indexes pairs by part: part v's are pairs[idx[start[v]:start[v+1]]].
type byPart struct{ start, idx []int32 }

// of returns the indexes of part v's pairs.
func (bp byPart) of(v int) []int32 { return bp.idx[bp.start[v]:bp.start[v+1]] }

// pricePair appends the pair of lite li, a required or shelf candidate,
// shipping part v, priced exactly.
func (p *problem) pricePair(out []pair, li, v int32) ([]pair, error) {
	c, ok, err := p.candidate(&p.lites[li])
	if err != nil || !ok {
		return out, err
	}
	q, ok, err := p.quote(c, p.part(int(v)))
	if err != nil {
		return nil, err
	}
	pr := pair{lite: li, v: v, state: infeasible, cost: q.total, lb: q.total}
	if ok {
		pr.state = feasible
	}
	return append(out, pr), nil
}

// listParts lists, for each part of lat, the lites of p.held that may ship
// it as far as their stock and the units they may still ship tell, whatever
// the destination: once for the solves sharing p.held. Each lite's top,
// the vector of its digits' bounds (its lines' stock), holds every part it
// may ship; the lites are grouped by top, the parts below each top
// enumerated once (an odometer over the lattice's digits) and listed for
// its lites together, checked against the stock of SKUs on several lines
// and the units each may still ship.
//
// When solves share p.held (a Promise's), each part's list is in order of
// near: the lite's bound without the carrier's price, at its distance from
// p.held's centre. A destination d from the centre is at least the lite's
// distance from the centre less d from the lite (chord distances are a
// metric), so the lite's bound there is at least near, less d's share,
// plus the part's least price (see pairs). A lone solve's lists are not
// sorted: sorting them would cost it more than it saves.
//
// Its tables hold one entry per (lite, part below its top): it first counts
// them, and lists nothing, returning false, when the call's budget cannot
// pay for them (see meter.afford).
func (p *problem) listParts(lat *lattice) bool {
	h := p.held
	nsku, n := len(p.skus), len(h.lites)
	p.digits = sized(p.digits, len(lat.pos))
	p.bound = sized(p.bound, len(lat.pos))
	digits, lim := p.digits, p.bound // the odometer's digits, and their bounds
	// With one line per position and one unit per digit (the usual
	// order), a lite's digits' bounds are its stock of the positions'
	// SKUs, at most the largest digits.
	simple := p.simple[:0]
	for d, pos := range lat.pos {
		if len(pos.lines) != 1 || pos.lines[0].per != 1 {
			simple = simple[:0]
			break
		}
		simple = append(simple, simplePos{sku: p.lineSKU[pos.lines[0].line], max: pos.radix - 1, stride: lat.stride[d]})
	}
	p.simple = simple
	units := lat.units
	// Each lite's top, and the lites grouped by top: byTop[topAt[t]:topAt[t+1]].
	p.tops, p.topAt = sized(p.tops, n), sized(p.topAt, lat.size+1)
	tops, topAt := p.tops, p.topAt
	if p.m.tick(int64(n) * int64(1+len(lat.pos))) {
		return false
	}
	for i := range h.lites {
		l := &h.lites[i]
		usable := h.usable[l.off : int(l.off)+nsku]
		top := 0
		if len(simple) > 0 {
			for _, sp := range simple {
				top += min(sp.max, int(usable[sp.sku])) * sp.stride
			}
		} else {
			for d := range lat.pos {
				pos := &lat.pos[d]
				b := sourcing.Qty(pos.radix - 1)
				for _, pl := range pos.lines {
					b = min(b, usable[p.lineSKU[pl.line]]/pl.per)
				}
				top += int(b) * lat.stride[d]
			}
		}
		tops[i] = int32(top)
		topAt[top+1]++
	}
	for t := range lat.size {
		topAt[t+1] += topAt[t]
	}
	// What the listing costs: the parts below each top held, each listed
	// for every lite of that top, a word each.
	var nBelow, nShippers int64
	for t := range lat.size {
		if topAt[t] == topAt[t+1] {
			continue
		}
		below := int64(1)
		for d := range lat.pos {
			below *= int64(lat.digit(t, d) + 1)
		}
		nBelow += below - 1
		nShippers += (below - 1) * int64(topAt[t+1]-topAt[t])
	}
	// With the parts (one per vector, made as the search needs them) and
	// the lattice's own arrays (its units and digits per vector).
	// And the menus' pairs of them (see pairs), with their index. A part's
	// arrays (its SKUs, its packing and prices per service) are made when
	// it is first needed: reserved here for every part, so that an order
	// whose tables the budget cannot pay for is known before any is made
	// (making them is work, counted as each part is made).
	size := int64(lat.size) * 16
	later := int64(lat.size) * (int64(unsafe.Sizeof(part{})) + p.partArrays())
	perShipper := 8 + int64(unsafe.Sizeof(pair{})) + 8
	if nShippers >= math.MaxInt32 || !p.m.reserve(later) || !p.m.afford(size+4*nBelow+perShipper*nShippers+4*int64(n)) {
		return false // (its lists are indexed by int32, whatever the budget)
	}
	h.parts.reset(lat.size)
	p.byTop = sized(p.byTop, n)
	next := append(p.next[:0], topAt[:lat.size]...)
	for i, t := range tops {
		p.byTop[next[t]] = int32(i)
		next[t]++
	}
	// The parts below each top with lites, and room in each part's list
	// for every lite of every top above it.
	below := p.below[:0]
	p.belowAt = sized(p.belowAt, lat.size)
	h.shipStart = sized(h.shipStart, lat.size+1)
	for t := range lat.size {
		if topAt[t] == topAt[t+1] {
			continue
		}
		for d := range lim {
			lim[d] = lat.digit(t, d)
		}
		clear(digits)
		at := int32(len(below))
		if p.m.tick(int64(len(lim))) {
			return false
		}
		v := 0
		for {
			d := 0
			for ; d < len(digits); d++ {
				if digits[d] < lim[d] {
					digits[d]++
					v += lat.stride[d]
					break
				}
				v -= digits[d] * lat.stride[d]
				digits[d] = 0
			}
			if d == len(digits) {
				break
			}
			below = append(below, int32(v))
			h.shipStart[v+1] += topAt[t+1] - topAt[t]
			if p.m.tick(1) {
				return false
			}
		}
		p.belowAt[t] = span{lo: at, hi: int32(len(below))}
	}
	p.below = below
	for v := range lat.size {
		h.shipStart[v+1] += h.shipStart[v]
	}
	h.shipEnd = append(h.shipEnd[:0], h.shipStart[:lat.size]...)
	h.shippers = slices.Grow(h.shippers[:0], int(h.shipStart[lat.size]))[:h.shipStart[lat.size]]
	h.liteBits = max(bits.Len(uint(n)), 1)
	// Sorting pays when several solves walk the lists, a Promise's.
	h.sorted = p.held != &p.own
	w := &p.w
	if h.sorted {
		p.kms = sized(p.kms, n)
		for i := range h.lites {
			p.kms[i] = float64(geo.EarthRadius) * math.Sqrt(h.centre.ChordSq(p.points[h.lites[i].index])) * 1e-12
		}
	}
	checkSKUs := nsku < len(p.lines)
	for t := range lat.size {
		lites := p.byTop[topAt[t]:topAt[t+1]]
		if len(lites) == 0 {
			continue
		}
		for _, v := range below[p.belowAt[t].lo:p.belowAt[t].hi] {
			u := units[v]
			uf := float64(u)
			perKm := float64(w.PerKm) + float64(w.PerUnitKm)*uf
			var sku []sourcing.Qty
			if checkSKUs {
				sku = p.part(int(v)).sku
			}
			end := h.shipEnd[v]
			for j, i := range lites {
				if j%listChunk == 0 && p.m.tick(shipperWork*int64(min(listChunk, len(lites)-j))) {
					return false
				}
				l := &h.lites[i]
				if l.left >= 0 && u > l.left {
					continue
				}
				// With one line per SKU, the digits' bounds were the SKUs'.
				if checkSKUs && !holdsAll(h.usable[l.off:int(l.off)+nsku], sku) {
					continue
				}
				near := 0.0
				if h.sorted {
					near = l.fixed + l.unit*uf + perKm*p.kms[i]
					if !(near >= 0) { // negative costs: no order to walk by
						h.sorted, near = false, 0
					}
				}
				h.shippers[end] = newShipper(near, i, h.liteBits)
				end++
			}
			h.shipEnd[v] = end
		}
	}
	// Each part's list is sorted as far as the walks read it (see
	// sortTo); a lone solve's is read as it is.
	h.sortedN = sized(h.sortedN, lat.size)
	if !h.sorted {
		for v := range h.sortedN {
			h.sortedN[v] = h.shipEnd[v] - h.shipStart[v]
		}
	}
	return true
}

// shipperWork is the work of listing one lite for one part (see
// listParts), in the units of Options.Budget; the lites of a part are
// paid for listChunk at a time.
const (
	shipperWork = 2
	listChunk   = 1024
)

// simplePos is a lattice position of one line, one unit per digit: its
// line's SKU, its largest digit and its stride.
type simplePos struct{ sku, max, stride int }

// shippersOf returns part v's shippers, to be read through sortTo.
func (h *held) shippersOf(v int) []shipper {
	return h.shippers[h.shipStart[v]:h.shipEnd[v]]
}

// sortTo returns how many of part v's shippers are in order, at least i + 1
// unless there are no more. The list is sorted a chunk at a time as the
// walks read it, each chunk the least of the shippers left, twice as many
// as before, so that the walks that stop early have sorted little.
func (h *held) sortTo(v, i int) int {
	list := h.shippersOf(v)
	at := int(h.sortedN[v])
	if i < at || at == len(list) {
		return at
	}
	rest := list[at:]
	if n := max(32, at); n < len(rest)*3/4 {
		selectShippers(rest, n)
		rest = rest[:n]
	}
	sortShippers(rest)
	at += len(rest)
	h.sortedN[v] = int32(at)
	return at
}

// selectShippers moves the k least shippers of s to s[:k], in no order
// (quickselect).
func selectShippers(s []shipper, k int) {
	lo, hi := 0, len(s)-1
	for lo < hi {
		// Median of three as pivot.
		mid := lo + (hi-lo)/2
		a, b, c := s[lo], s[mid], s[hi]
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for s[i] < pivot {
				i++
			}
			for s[j] > pivot {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// sortShippers sorts a part's shippers: by insertion when they are few (a
// part has a score or two on the benchmark networks), where it costs a
// third of slices.Sort.
func sortShippers(s []shipper) {
	if len(s) > 48 {
		slices.Sort(s)
		return
	}
	for i := 1; i < len(s); i++ {
		x := s[i]
		j := i
		for ; j > 0 && s[j-1] > x; j-- {
			s[j] = s[j-1]
		}
		s[j] = x
	}
}

// shipper is a lite that may ship a part, with its near (see listParts),
// in one word that sorts by near, then lite: near rounded down, its low
// bits (liteBits of them) replaced by the lite's index.
type shipper uint64

func newShipper(near float64, lite int32, liteBits int) shipper {
	mask := uint64(1)<<liteBits - 1
	return shipper(math.Float64bits(near)&^mask | uint64(lite))
}

// near returns the shipper's near, rounded down: with near ≥ 0, the
// float's bits order as the float does, and clearing some of them rounds
// it down.
func (sh shipper) near(liteBits int) float64 {
	return math.Float64frombits(uint64(sh) &^ (uint64(1)<<liteBits - 1))
}

func (sh shipper) lite(liteBits int) int32 { return int32(uint64(sh) & (uint64(1)<<liteBits - 1)) }

// bounds sets the node's terms of l's lower bounds (of node n): every term
// of a shipment's cost but the carrier's price, low stock, lateness,
// carbon and distance, as fixed + unit × units (gather adds the distance's,
// over its lower bound). The workload term is computed in floating point,
// to be rounded down with a margin (its error, and the distance's, is
// below 10⁻⁵ of a minor unit).
func (p *problem) bounds(l *lite, n *stock.Node) {
	l.left = -1
	if left, limited := n.Remaining(); limited {
		l.left = left
	}
	w := &p.w
	prio := n.Priority
	if int(l.index) == p.originIdx && p.prof.OriginStock() == rules.OriginPrefer {
		prio = 0
	}
	l.fixed = float64(n.HandlingCost)
	l.unit = float64(n.PickCost) + float64(w.Priority)*float64(prio)
	if n.Capacity > 0 && w.Workload > 0 {
		l.fixed += float64(w.Workload) * float64(n.Committed) / float64(n.Capacity)
		l.unit += float64(w.Workload) / float64(n.Capacity)
	}
}

// lowerBound returns a lower bound on the cost of lite l shipping a part of
// u units whose cheapest price at l's distance is at least price (see
// priceFloor): l's bounds plus that price, less a margin for rounding
// (see below).
func (l *lite) lowerBound(u sourcing.Qty, price sourcing.Money) sourcing.Money {
	// The margin covers the float sum's rounding, and the rounding
	// half-up of the exact terms can only add.
	lb := below(l.fixed + l.unit*float64(u) + float64(price))
	switch {
	case lb >= 1<<62:
		return 1 << 62
	case lb > 0:
		return sourcing.Money(lb)
	}
	return 0 // (not max(lb, 0): its care for −0 and NaN costs, and neither occurs)
}

// A lite's distance is known only as a lower bound, and its bounds take
// each service's zone there. Those zones change only at the services'
// zone limits, so the distances a kind of node may ship from fall in few
// bands, the same zones throughout each: the lites in one band share the
// cheapest price of each part in their zones or beyond (priceFloor),
// computed once for the solves sharing p.held that have the same
// services, serving the same kinds.
type bands struct {
	// key is what the bands were made for, if made: per service, its
	// place in the rule set and the kinds it serves as bits.
	made bool
	key  []int
	// edges, per node kind, are the zone limits of the services that
	// carry from it, sorted; band b of a kind holds the distances above
	// edges[b−1] up to edges[b], its set first+b.
	edges [len(stock.Kinds) + 1][]geo.Distance
	first [len(stock.Kinds) + 1]int
	// zones has, per set, one zone per service (-1: it does not carry so
	// far); floors, per part and set (floors[v*sets+set]), the cheapest
	// price (-1: none, unknownFloor: not computed yet), when sets × parts
	// ≤ maxFloors.
	zones  []int
	sets   int
	floors []sourcing.Money
	// least, per part, is its least price (see leastFloor), or
	// unknownFloor.
	least []sourcing.Money
}

// maxFloors bounds the floors kept per solve.
const maxFloors = 1 << 16

// unknownFloor marks a floor not computed yet.
const unknownFloor sourcing.Money = -2

// makeBands readies p.held.bands for this solve's services and lattice:
// those made by an earlier solve if it had the same services serving the
// same kinds, else new ones.
func (p *problem) makeBands() {
	b := &p.held.bands
	var buf [16]int
	key := buf[:0]
	for si := range p.services {
		bits := 0
		for _, k := range stock.Kinds {
			if p.serves[si][k] {
				bits |= 1 << k
			}
		}
		key = append(key, p.svcAt[si], bits)
	}
	if b.made && slices.Equal(b.key, key) {
		return
	}
	b.made, b.key = true, append(b.key[:0], key...)
	b.zones = b.zones[:0]
	sets := 0
	for _, k := range stock.Kinds {
		edges := b.edges[k][:0]
		for si, s := range p.services {
			if p.serves[si][k] {
				for z := range s.Zones() {
					edges = append(edges, s.ZoneLimit(z))
				}
			}
		}
		slices.Sort(edges)
		edges = slices.Compact(edges)
		b.edges[k], b.first[k] = edges, sets
		// The sets of the bands up to each edge; beyond the last, no
		// lite is gathered (see gather).
		for _, d := range edges {
			for si, s := range p.services {
				z := -1
				if p.serves[si][k] {
					if zz, _, ok := s.ZoneFor(d); ok {
						z = zz
					}
				}
				b.zones = append(b.zones, z)
			}
		}
		sets += len(edges)
	}
	b.sets = sets
	b.least = slices.Grow(b.least[:0], p.lat.size)[:p.lat.size]
	for v := range b.least {
		b.least[v] = unknownFloor
	}
	b.floors = b.floors[:0]
	if sets*p.lat.size <= maxFloors {
		b.floors = slices.Grow(b.floors, sets*p.lat.size)[:sets*p.lat.size]
		for i := range b.floors {
			b.floors[i] = unknownFloor
		}
	}
}

// floorsOf returns the floors of part v per set, or nil if they are not
// kept (see priceFloor).
func (b *bands) floorsOf(v int) []sourcing.Money {
	if len(b.floors) == 0 {
		return nil
	}
	return b.floors[v*b.sets : (v+1)*b.sets]
}

// band returns the set of lite l's bands, or -1 beyond the last.
func (b *bands) band(l *lite) int {
	edges := b.edges[l.kind]
	for i, e := range edges {
		if l.dlb <= e {
			return b.first[l.kind] + i
		}
	}
	return -1
}

// priceFloor computes the cheapest price of part v by any service in its
// zone of set or beyond (see priceFrom), or -1 if none can carry it, and
// keeps it in the floors when they are kept: floor reads them first.
func (p *problem) priceFloor(set, v int) sourcing.Money {
	b := &p.held.bands
	at := v*b.sets + set
	pt := p.part(v)
	nsvc := len(p.services)
	best := sourcing.Money(-1)
	for si, z := range b.zones[set*nsvc : (set+1)*nsvc] {
		if z < 0 {
			continue
		}
		if price, ok := p.priceFrom(pt, si, z); ok && (best < 0 || price < best) {
			best = price
		}
	}
	if at < len(b.floors) {
		b.floors[at] = best
	}
	return best
}

// smallBucket is the most pairs sortHead sorts by insertion.
const smallBucket = 32

// sortHead reorders idx so that idx[:n] are the pairs with the lowest
// bounds — at least head of them, and every pair whose bound ties the
// largest of those — sorted by bound, and returns n. The rest follow in no
// order, all with higher bounds. For a bucket of many pairs this costs O(n)
// rather than O(n log n).
func sortHead(pairs []pair, idx []int32, head int) int {
	byLB := func(a, b int32) int { return cmp.Compare(pairs[a].lb, pairs[b].lb) }
	if len(idx) <= smallBucket {
		// Few pairs (the menus list the head of each part's bounds):
		// insertion sort.
		for i := 1; i < len(idx); i++ {
			x := idx[i]
			j := i
			for ; j > 0 && pairs[idx[j-1]].lb > pairs[x].lb; j-- {
				idx[j] = idx[j-1]
			}
			idx[j] = x
		}
		return len(idx)
	}
	if len(idx) <= 2*head {
		slices.SortFunc(idx, byLB)
		return len(idx)
	}
	selectSmallest(pairs, idx, head)
	edge := pairs[idx[0]].lb
	for _, i := range idx[:head] {
		edge = max(edge, pairs[i].lb)
	}
	n := head
	for j := head; j < len(idx); j++ {
		if pairs[idx[j]].lb <= edge {
			idx[n], idx[j] = idx[j], idx[n]
			n++
		}
	}
	slices.SortFunc(idx[:n], byLB)
	return n
}

// selectSmallest moves the k pairs with the lowest bounds to idx[:k], in
// no order (quickselect).
func selectSmallest(pairs []pair, idx []int32, k int) {
	lo, hi := 0, len(idx)-1
	for lo < hi {
		// Median of three as pivot.
		mid := lo + (hi-lo)/2
		a, b, c := pairs[idx[lo]].lb, pairs[idx[mid]].lb, pairs[idx[hi]].lb
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for pairs[idx[i]].lb < pivot {
				i++
			}
			for pairs[idx[j]].lb > pivot {
				j--
			}
			if i <= j {
				idx[i], idx[j] = idx[j], idx[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// settle reads the pairs of part v in idx, sorted by bound: it prices each
// until t are feasible and the next bound exceeds the t-th cost, keeping
// the t cheapest costs in top, and marks the pairs beyond pruned.
func (s *searcher) settle(pairs []pair, idx []int32, v, t int, top *[]sourcing.Money) {
	p := s.p
	for _, i := range idx {
		pr := &pairs[i]
		if len(*top) == t && pr.lb > (*top)[t-1] {
			if pr.state == unpriced {
				pr.state = infeasible // pruned: t pairs are cheaper
			}
			continue
		}
		if pr.state == unpriced {
			s.tick(pairWork)
			pr.state = infeasible
			c, ok, err := p.candidate(&p.lites[pr.lite])
			if err == nil && ok {
				var q shipQuote
				q, ok, err = p.quote(c, p.part(v))
				pr.cost = q.total
				if ok {
					pr.state = feasible
				}
			}
			if err != nil {
				s.err = err
				return
			}
		}
		if pr.state != feasible {
			continue
		}
		// Keep the t cheapest exact costs.
		j, _ := slices.BinarySearch(*top, pr.cost)
		if len(*top) < t {
			*top = slices.Insert(*top, j, pr.cost)
		} else if j < t {
			copy((*top)[j+1:], (*top)[j:t-1])
			(*top)[j] = pr.cost
		}
	}
}

// isRequired reports whether lite li's node is required.
func (p *problem) isRequired(li int32) bool {
	c := p.lites[li].cand
	return c >= 0 && p.cands[c].required
}

// shipmentsBound returns the most shipments a plan may have, before any
// cost bound: the order's digits, the candidates, max_shipments.
func (s *searcher) shipmentsBound() int {
	p := s.p
	m := 0
	for _, pos := range p.lat.pos {
		m += pos.radix - 1
	}
	m = min(m, len(p.liOf)) // the lites it may have
	if s.maxS > 0 {
		m = min(m, s.maxS)
	}
	return m
}

// priceTop prices, per part, the pairs in order of their bound until T are
// feasible and no other pair's bound is below the T-th cost, and marks the
// pairs beyond that infeasible (pruned). It returns the pairs and their
// index, widened where a part needed pairs the head listing left out (see
// heads), and T.
//
// The whole order goes first: its cheapest shipments are single-node
// plans, which bound the K-th best plan, and so how many shipments a top-K
// plan can have (see earlyT); that often lowers T for every other part.
func (s *searcher) priceTop(pairs []pair, parts byPart) ([]pair, byPart, int) {
	p := s.p
	tAll := s.k + s.shipmentsBound() - 1
	top := slices.Grow(p.top[:0], tAll) // the t cheapest exact costs, sorted
	defer func() { p.top = top[:0] }()
	full := p.lat.full()
	for i := range p.lat.size {
		if s.tick(1) {
			break
		}
		v := (full + i) % p.lat.size // full, then 0, 1, …
		t := s.partT(v, tAll)
		for {
			top = s.settlePart(pairs, parts.of(v), v, t, top[:0])
			if s.err != nil || p.heads.whole(v, t, top) {
				break
			}
			limit := noneLeft
			if len(top) == t {
				limit = top[t-1]
			}
			pairs, parts = s.widen(pairs, parts, v, limit)
		}
		if s.err != nil {
			return pairs, parts, tAll
		}
		idx := parts.of(v)
		if v == full {
			tAll = min(tAll, s.earlyT(pairs, idx))
		}
		// Pairs priced before the threshold settled may still be beyond it.
		p.keepCheapest(pairs, idx, t)
	}
	return pairs, parts, tAll
}

// settlePart prices part v's pairs, idx, in order of their bound until t
// are feasible and no other pair's bound is below the t-th cost (see
// priceTop), and returns the t least costs, sorted, in top.
func (s *searcher) settlePart(pairs []pair, idx []int32, v, t int, top []sourcing.Money) []sourcing.Money {
	if len(idx) == 0 {
		return top
	}
	// Cheapest bounds first. In a large bucket only the head is sorted; the
	// rest is read, sorted, only as far as the threshold allows.
	n := sortHead(pairs, idx, 2*t)
	s.settle(pairs, idx[:n], v, t, &top)
	rest := idx[n:]
	if len(rest) == 0 || s.err != nil {
		return top
	}
	if len(top) == t {
		// Only the pairs whose bound is within the threshold matter.
		k := 0
		for j := range rest {
			if pairs[rest[j]].lb <= top[t-1] {
				rest[k], rest[j] = rest[j], rest[k]
				k++
			}
		}
		for _, i := range rest[k:] {
			if pairs[i].state == unpriced {
				pairs[i].state = infeasible // pruned: t pairs are cheaper
			}
		}
		rest = rest[:k]
	}
	slices.SortFunc(rest, func(a, b int32) int { return cmp.Compare(pairs[a].lb, pairs[b].lb) })
	s.settle(pairs, rest, v, t, &top)
	return top
}

// partT returns the T of part v, at most t: a plan shipping part v from a
// node has at most one shipment per unit left besides, so K + those units
// pairs of part v are enough (see search.go) — K for the whole order.
func (s *searcher) partT(v, t int) int {
	rest := s.p.total - s.p.lat.units[v]
	return int(min(sourcing.Qty(t), sourcing.Qty(s.k)+rest))
}

// earlyT returns a T for the parts priced after the whole order, whose
// priced pairs are idx: the K-th cheapest of its feasible pairs (each a
// single-node plan) and of shipping nothing is an upper bound U on the K-th
// best plan, and the least bound of any pair a lower bound on any
// shipment, so a top-K plan has at most M shipments, the most whose least
// cost is within U, and T = K + M − 1 pairs per part are enough. It
// returns MaxInt when it cannot tell (required nodes, fewer than K plans).
func (s *searcher) earlyT(pairs []pair, idx []int32) int {
	p := s.p
	if len(p.required) > 0 {
		return math.MaxInt // a plan must hold every required node: single-node plans do not bound it
	}
	const inf = int64(1<<62 - 1)
	extra := p.firstSplit()
	plans := p.single[:0]
	defer func() { p.single = plans[:0] }()
	if !p.prof.ShipComplete() {
		if b, ok := arith.Mul(int64(p.w.Backorder), int64(p.total)); ok {
			plans = append(plans, b)
		}
	}
	for _, i := range idx {
		if pairs[i].state == feasible {
			plans = append(plans, satAdd(int64(pairs[i].cost), extra))
		}
	}
	if len(plans) < s.k {
		return math.MaxInt
	}
	slices.Sort(plans)
	u := plans[s.k-1]
	least := inf
	for i := range pairs {
		least = min(least, int64(pairs[i].lb))
	}
	return max(s.k+s.maxShipments(u, least)-1, 1)
}

// maxShipments returns the most shipments a plan costing at most u can
// have when every shipment costs at least least.
func (s *searcher) maxShipments(u, least int64) int {
	m := s.shipmentsBound()
	for m > 1 {
		c, ok := arith.Mul(int64(m), least)
		if !ok {
			c = 1<<62 - 1
		}
		if satAdd(c, int64(s.p.splitShipments(m))*int64(s.p.w.Split)) <= u {
			break
		}
		m--
	}
	return m
}

// keepCheapest marks the feasible pairs of idx costlier than the t-th
// cheapest of them infeasible, but for required nodes' pairs.
func (p *problem) keepCheapest(pairs []pair, idx []int32, t int) {
	costs := p.costs[:0]
	for _, i := range idx {
		if pairs[i].state == feasible {
			costs = append(costs, pairs[i].cost)
		}
	}
	p.costs = costs[:0]
	if len(costs) <= t {
		return
	}
	slices.Sort(costs)
	th := costs[t-1]
	for _, i := range idx {
		if pr := &pairs[i]; pr.state == feasible && pr.cost > th && !p.isRequired(pr.lite) {
			pr.state = infeasible
		}
	}
}

// boundPrune drops the pairs no top-K plan can use because a plan using
// them costs more than K plans already known (see the comment at the top).
func (s *searcher) boundPrune(pairs []pair, parts byPart, t int) {
	p := s.p
	if len(p.required) > 0 {
		return // a plan must hold every required node: single-node plans do not bound it
	}
	const inf = int64(1<<62 - 1)
	lat := &p.lat
	split := int64(p.w.Split)
	extra := p.firstSplit()
	backorder := func(units sourcing.Qty) int64 {
		if p.prof.ShipComplete() && units > 0 {
			return inf
		}
		b, ok := arith.Mul(int64(p.w.Backorder), int64(units))
		if !ok {
			return inf
		}
		return b
	}
	// U: the K-th best plan among "nothing" and each candidate's best
	// single shipment (distinct node sets, all feasible).
	single := slices.Grow(p.single[:0], len(p.cands)+1)
	defer func() { p.single = single[:0] }()
	if !p.prof.ShipComplete() && len(p.required) == 0 {
		single = append(single, backorder(p.total))
	}
	// Each lite's best.
	best := slices.Grow(p.liteBest[:0], len(p.lites))[:len(p.lites)]
	p.liteBest = best
	for i := range best {
		best[i] = inf
	}
	for _, pr := range pairs {
		if pr.state == feasible {
			c := satAdd(satAdd(int64(pr.cost), extra), backorder(p.total-lat.units[pr.v]))
			best[pr.lite] = min(best[pr.lite], c)
		}
	}
	for _, b := range best {
		if b < inf {
			single = append(single, b)
		}
	}
	if len(single) < s.k {
		return
	}
	slices.Sort(single)
	u := single[s.k-1]
	// H: the cheapest way to serve exactly r with parts freely combined,
	// each part at its cheapest exact cost or bound, plus split.
	if s.tick(int64(lat.size + len(pairs))) {
		return
	}
	p.bestPart = sized(p.bestPart, lat.size)
	bestPart := p.bestPart
	minShip := inf
	for v := range bestPart {
		bestPart[v] = inf
		for _, i := range parts.of(v) {
			pr := &pairs[i]
			switch {
			case pr.state == feasible:
				bestPart[v] = min(bestPart[v], int64(pr.cost))
			case pr.state == unpriced:
				bestPart[v] = min(bestPart[v], int64(pr.lb))
			}
		}
		minShip = min(minShip, bestPart[v])
	}
	// rest[r]: the cheapest way to deal with r, the rest of the order, with
	// parts freely combined (a node may ship several: a relaxation) and
	// backorders: rest[r] = min(backorder(r), min over parts x ≤ r of
	// bestPart[x] + split + rest[r − x]).
	active := p.active[:0]
	defer func() { p.active = active[:0] }()
	for v, b := range bestPart {
		if b < inf {
			active = append(active, v)
		}
	}
	if int64(lat.size)*int64(len(active)) > s.left()/2 {
		return // too large to be worth it; top-T pruning stands
	}
	p.rest = sized(p.rest, lat.size)
	rest := p.rest
	for r := range rest {
		if s.tick(int64(len(active))) {
			return // cut short: no bound (rest is not complete)
		}
		rest[r] = backorder(lat.units[r])
		for _, x := range active {
			if x > r || !lat.within(x, r) {
				continue
			}
			if c := satAdd(satAdd(bestPart[x], split), rest[r-x]); c < rest[r] {
				rest[r] = c
			}
		}
	}
	// M: the most shipments a plan costing at most U can have.
	m := s.shipmentsBound()
	if minShip < inf {
		m = s.maxShipments(u, minShip)
	}
	tk := max(s.k+m-1, 1)
	full := lat.full()
	s.rest, s.upper = rest, u
	for v := range lat.size {
		idx := parts.of(v)
		// Top-T with the tighter T.
		if tv := s.partT(v, tk); tv < s.partT(v, t) {
			p.keepCheapest(pairs, idx, tv)
		}
		// The cost bound.
		for _, i := range idx {
			pr := &pairs[i]
			if pr.state != feasible {
				continue
			}
			if satAdd(satAdd(int64(pr.cost), extra), rest[full-v]) > u {
				pr.state = infeasible
			}
		}
	}
}

// reserve ranks the stores that can hold the whole basket, each quoted for
// all of it: a reservation is held by one store, so this is exact whatever
// the size of the order.
func (s *searcher) reserve() ([]plannedEntry, error) {
	p := s.p
	if len(p.required) > 1 {
		return nil, nil // a reservation is held by one store
	}
	nsku := len(p.skus)
	all := make([]sourcing.Qty, len(p.lines))
	for l, line := range p.lines {
		all[l] = line.Qty
	}
	need := p.need()
	type r struct {
		cost sourcing.Money
		cand int
	}
	var rs []r
	// The lites of the stores holding the whole basket, in node order.
	for hi := range p.liOf {
		if s.tick(int64(1 + nsku)) {
			break
		}
		off := int(p.held.lites[hi].off)
		if !holdsAll(p.usable[off:off+nsku], need) {
			continue // short of a SKU: no need to price it
		}
		li := p.liteAt(int32(hi))
		if li < 0 {
			continue // kept out of this solve
		}
		if s.tick(lineWork * int64(len(p.lines))) {
			break
		}
		c, ok, err := p.candidate(&p.lites[li])
		switch {
		case err != nil:
			return nil, err
		case !ok || len(p.required) > 0 && !c.required:
			continue
		}
		q, ok, err := p.quoteQty(c, all)
		if err != nil {
			return nil, err
		}
		if ok {
			rs = append(rs, r{q.total, int(p.lites[li].cand)})
		}
	}
	slices.SortFunc(rs, func(a, b r) int {
		return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(p.cands[a.cand].index, p.cands[b.cand].index))
	})
	var out []plannedEntry
	for _, x := range rs[:min(len(rs), s.k)] {
		out = append(out, plannedEntry{parts: []plannedPart{{cand: x.cand, v: -1, qty: slices.Clone(all)}}})
	}
	return out, nil
}

// holdsAll reports whether usable covers need, SKU by SKU.
func holdsAll(usable, need []sourcing.Qty) bool {
	for si, n := range need {
		if usable[si] < n {
			return false
		}
	}
	return true
}
