package orchestrate

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"
	"unsafe"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/sphere"
	"github.com/sourcing-go/sourcing/internal/stockindex"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// problem is one order made ready for the search: its rules compiled into
// tables, the holders that survive the rules needing no distance (lites),
// the candidates made of them on demand, and the caches the quotes use.
type problem struct {
	m     *meter // the call's: every stage ticks it
	order *Order
	snap  *stock.Snapshot
	prof  *rules.Profile
	w     rules.Weights
	dest  geo.LatLng
	// destType and destCountry are what carrier services must serve:
	// carrier.ToHome or carrier.ToStore (a transfer to a pickup store).
	destType, destCountry string
	destPoint             sphere.Point
	points                []sphere.Point // the snapshot's, per node position (stockindex.Points)
	orderLines
	lat         lattice
	services    []*carrier.Service
	svcAt       []int         // per service: its index in the rule set's carriers
	allServices int           // the rule set's carriers
	latest      sourcing.Days // with an on-time rule, the latest ETA allowed; 0 = none
	// existing is the number of shipments the order already has (when
	// re-sourcing): each new shipment then pays the split penalty, and
	// max_shipments counts them.
	existing int

	// The rules compiled for this order.
	callerIdx  []int                        // nodes Options.Exclude keeps out, sorted
	originIdx  int                          // the endless-aisle origin store, or -1
	pickupIdx  int                          // the collect pickup store, or -1
	serves     [][len(stock.Kinds) + 1]bool // per service, per kind
	reach      [len(stock.Kinds) + 1]geo.Distance
	maxKmChord float64 // ChordSqBound(max_km), or 4

	required []int // candidates every plan must ship from
	// held is what the holders may give (see gather), shared by the solves
	// of one Promise or made for this one; avail and usable are its.
	held          *held
	avail, usable []sourcing.Qty

	// The search's tables: lites (the holders kept), cands (the lites made
	// candidates, in the order made), scratch (a part outside the lattice,
	// for greedy and assembly) and the menus' and program's. The parts of
	// the lattice are held's.
	*buffers
}

// release gives the search's tables back once the plans are assembled: the
// problem lives on in Result.Excluded, which reads the holders afresh.
func (p *problem) release() {
	if p.buffers != nil {
		giveBack(p.buffers)
		p.buffers = nil
	}
}

// lite is a holder that passed every rule that needs no distance. It
// becomes a candidate (exact distance, zones, ETAs) when a search step
// needs its exact cost.
type lite struct {
	index int32 // in the snapshot
	cand  int32 // its candidate, or -1 before it is made, -2 if it cannot ship
	off   int32 // its avail and usable in p.avail, p.usable
	held  int32 // its place in p.held.lites
	kind  stock.NodeKind
	// ships and reserve are the node's: whether it may ship, take
	// reservations; shelf is whether it serves this order without a
	// carrier (set by gather).
	ships, reserve, shelf bool
	// set is the set of its distance band (see bands), set by liteAt and
	// again by pairs, once the bands are the solve's.
	set  int32
	dlb  geo.Distance // a lower bound on its distance to the destination
	left sourcing.Qty // the units it may still ship; -1 = no limit
	// fixed and unit bound its shipments' cost below the carrier's price:
	// fixed per shipment, unit per unit (see lowerBound).
	fixed, unit float64
}

// candidate is a node that may give stock to the order.
type candidate struct {
	index int // in the snapshot: candidates compare by it, in node ID order
	node  stock.Node
	// shelf is true when the node serves without a carrier: the pickup
	// store's own shelf for collect, any store for reserve.
	shelf  bool
	dist   geo.Distance
	avail  []sourcing.Qty // per SKU, before keep
	usable []sourcing.Qty // per SKU, after keep and forbidden tags
	cap    sourcing.Qty   // units it may still ship; -1 = no limit
	// svc is, per carrier service, whether it may carry from this node to
	// the destination, and its zone, ETA and lateness; shelfETA and
	// shelfLate are those of a shipment without carrier.
	svc       []candService
	shelfETA  sourcing.Days
	shelfLate sourcing.Money
	shelfOK   bool
	menu      []option // feasible parts, by vector
	// required is true when Options.Require names the node.
	required bool
}

type candService struct {
	ok      bool
	zone    int
	transit sourcing.Days
	eta     sourcing.Days
	late    sourcing.Money
}

// option is a part a candidate can ship, with its shipment cost.
type option struct {
	v    int
	cost sourcing.Money
}

// newProblem compiles the rules for the order. extra widens the on-time
// tolerance (a fallback attempt). h, if not nil, is shared with other
// solves of the same lines under prof: their compiled lines too.
func newProblem(m *meter, o *Order, snap *stock.Snapshot, rs *rules.RuleSet, prof *rules.Profile, opts *Options, extra sourcing.Days, h *held) *problem {
	p := &problem{m: m, order: o, snap: snap, points: stockindex.Points(snap), prof: prof, w: prof.Weights(), existing: opts.ExistingShipments,
		originIdx: -1, pickupIdx: -1, maxKmChord: 4, buffers: takeBuffers(), held: h}
	// The services this solve may use, and each one's place among the
	// rule set's (parts keep their prices by that place: see part).
	all := rs.Carriers()
	p.services, p.svcAt = all[:0], make([]int, 0, len(all))
	p.allServices = len(all)
	for i, s := range all {
		if len(opts.Services) == 0 || slices.Contains(opts.Services, s.ID()) {
			p.services = append(p.services, s)
			p.svcAt = append(p.svcAt, i)
		}
	}
	if on, tol := prof.OnTime(); on && o.PromiseDays > 0 {
		p.latest = o.PromiseDays + tol + extra
	}
	switch {
	case h != nil && h.linesMade:
		p.orderLines = h.lines
	case h != nil:
		h.lines, h.linesMade = compileLines(o, snap, prof, &h.latArrays), true
		p.orderLines = h.lines
		m.tick(p.linesWork())
	default:
		p.orderLines = compileLines(o, snap, prof, &p.latArrays)
		m.tick(p.linesWork())
	}
	p.dest, p.destType, p.destCountry = o.Destination, carrier.ToHome, o.Country
	if o.Mode == rules.Collect {
		n, _ := snap.Node(o.PickupNode)
		p.dest, p.destType, p.destCountry = n.Location, carrier.ToStore, n.Country
		p.pickupIdx, _ = snap.NodeIndex(o.PickupNode)
	}
	p.destPoint = pointOf(p.dest)
	if i, ok := snap.NodeIndex(o.OriginNode); ok && o.OriginNode != "" {
		p.originIdx = i
	}
	for _, id := range opts.Exclude {
		if i, ok := snap.NodeIndex(id); ok {
			p.callerIdx = append(p.callerIdx, i)
		}
	}
	slices.Sort(p.callerIdx)
	p.serves = make([][len(stock.Kinds) + 1]bool, len(p.services))
	for si, s := range p.services {
		for _, k := range stock.Kinds {
			if s.Serves(k.String(), p.destType, p.destCountry) {
				p.serves[si][k] = true
				p.reach[k] = max(p.reach[k], s.Reach())
			}
		}
	}
	if m := prof.MaxDistance(); m > 0 {
		p.maxKmChord = sphere.ChordSqBound(int64(m))
	}
	return p
}

// pointOf returns ll as a point, for distance comparisons with the nodes'.
func pointOf(ll geo.LatLng) sphere.Point { return sphere.FromDegrees(ll.Lat(), ll.Lng()) }

// orderLines is an order's lines compiled under a profile, whatever the
// destination and mode.
type orderLines struct {
	// lines are the lines the search works on: the order's, those that no
	// rule tells apart merged (see searchLines). Plans list what they ship
	// per SKU, so merging them changes nothing a plan says.
	lines []Line
	// per is, per line, the units of one piece: the line's quantity, or
	// the quantity of each of the equal whole lines it stands for.
	per     []sourcing.Qty
	skus    []stock.Item                   // in order of their first line
	lineSKU []int                          // per line: index into skus
	total   sourcing.Qty                   // units ordered
	forbid  [len(stock.Kinds) + 1][]string // per kind, per SKU: a forbidden tag, or ""
	groups  [][]int                        // lines that must ship together from one node
	// The lattice of the lines (its arrays in the latticeArrays given to
	// compileLines), and whether it is small enough for the exact search.
	lattice   lattice
	latticeOK bool
}

// compileLines compiles o's lines under prof, their lattice in a. A short
// order looks its SKUs up in skus itself, a long one in a map.
func compileLines(o *Order, snap *stock.Snapshot, prof *rules.Profile, a *latticeArrays) orderLines {
	var c orderLines
	var pieces []sourcing.Qty
	c.lines, pieces, c.groups = searchLines(o.Lines, shipTogether(o, prof), prof.WholeLines())
	var skuIndex map[stock.SKU]int
	if len(c.lines) > 32 {
		skuIndex = make(map[stock.SKU]int, len(c.lines))
	}
	c.skus, c.lineSKU = make([]stock.Item, 0, len(c.lines)), make([]int, 0, len(c.lines))
	c.per = make([]sourcing.Qty, len(c.lines))
	for i, l := range c.lines {
		c.per[i] = l.Qty / pieceOf(pieces, i)
		var i int
		var ok bool
		if skuIndex != nil {
			i, ok = skuIndex[l.SKU]
		} else {
			i = slices.IndexFunc(c.skus, func(it stock.Item) bool { return it.SKU == l.SKU })
			ok = i >= 0
		}
		if !ok {
			it, _ := snap.Item(l.SKU) // validated
			i = len(c.skus)
			if skuIndex != nil {
				skuIndex[l.SKU] = i
			}
			c.skus = append(c.skus, it)
		}
		c.lineSKU = append(c.lineSKU, i)
		c.total += l.Qty
	}
	forbid := make([]string, len(stock.Kinds)*len(c.skus))
	for i, k := range stock.Kinds {
		c.forbid[k] = forbid[i*len(c.skus) : (i+1)*len(c.skus) : (i+1)*len(c.skus)]
		for si, it := range c.skus {
			c.forbid[k][si], _ = prof.ForbiddenTag(k, it.Tags)
		}
	}
	c.lattice, c.latticeOK = newLattice(c.lines, pieces, c.groups, prof.WholeLines(), a)
	return c
}

// linesWork is the work of compiling c, in the units of Options.Budget:
// its lines, and its lattice's vectors when it has one.
func (c *orderLines) linesWork() int64 {
	return int64(len(c.lines)) + int64(c.lattice.size)
}

// searchLines merges the lines that no rule tells apart, so that the
// search works on as few positions as the order allows: an order of
// sixteen lines of one unit of one SKU is one line of sixteen units to it,
// not sixteen lines whose parts number 2¹⁶. Lines in a ship-together
// group (groups, by index into lines) stay as they are. Otherwise, where
// lines may be split, every line of a SKU becomes one line of their total
// (a plan's cost depends only on the units of each SKU each node ships);
// where lines ship whole, the lines of a SKU with the same quantity become
// one line of n pieces of that quantity. It returns the lines, the pieces
// each stands for (1 but for merged whole lines; nil when nothing merged)
// and the groups by index into them. Merged lines take the place of their first line.
func searchLines(lines []Line, groups [][]int, whole bool) ([]Line, []sourcing.Qty, [][]int) {
	if len(groups) == 0 && !repeatsSKU(lines) {
		return lines, nil, nil // nothing to merge: one piece a line (see pieceOf)
	}
	grouped := make([]bool, len(lines))
	for _, g := range groups {
		for _, l := range g {
			grouped[l] = true
		}
	}
	type key struct {
		sku stock.SKU
		qty sourcing.Qty // 0 when lines may be split
	}
	out := make([]Line, 0, len(lines))
	pieces := make([]sourcing.Qty, 0, len(lines))
	at := make([]int, len(lines)) // per line: its line in out
	first := make(map[key]int, len(lines))
	for i, l := range lines {
		if !grouped[i] {
			k := key{sku: l.SKU}
			if whole {
				k.qty = l.Qty
			}
			if j, ok := first[k]; ok {
				out[j].Qty += l.Qty
				pieces[j]++
				at[i] = j
				continue
			}
			first[k] = len(out)
		}
		at[i] = len(out)
		out = append(out, l)
		pieces = append(pieces, 1)
	}
	if !whole {
		for j := range pieces {
			pieces[j] = 1 // a split line is one piece of all its units (see per)
		}
	}
	for gi, g := range groups {
		mapped := make([]int, len(g))
		for j, l := range g {
			mapped[j] = at[l]
		}
		groups[gi] = mapped
	}
	return out, pieces, groups
}

// repeatsSKU reports whether a SKU is on several lines: a short order
// compares its lines, a long one may repeat one.
func repeatsSKU(lines []Line) bool {
	if len(lines) > 16 {
		return true // (searchLines looks them up in a map)
	}
	for i, l := range lines {
		for _, m := range lines[:i] {
			if m.SKU == l.SKU {
				return true
			}
		}
	}
	return false
}

// pieceOf returns the pieces line i stands for, of searchLines' pieces
// (nil: one each).
func pieceOf(pieces []sourcing.Qty, i int) sourcing.Qty {
	if pieces == nil {
		return 1
	}
	return pieces[i]
}

// holders merges the holders of the order's SKUs: the nodes holding a
// record of one of them, in node ID order, and their available stock per
// SKU (avail[k*len(skus):][:len(skus)] for nodes[k]), in nodes and avail,
// with m as scratch. The nodes are marked in a bitmap of the network, read
// in order; each record then goes to its node's row. It returns no node
// when stop (if not nil) cuts it short.
func (p *problem) holders(stop *meter, m *merge, nodes []int32, avail []sourcing.Qty) ([]int32, []sourcing.Qty) {
	nsku := len(p.skus)
	m.lists = sized(m.lists, nsku)
	for si, it := range p.skus {
		m.lists[si] = stockindex.HoldingsOf(p.snap, string(it.SKU))
	}
	if nsku == 1 {
		// One SKU: its list is the merge.
		l := m.lists[0]
		if stop.done(int64(l.Len())) || !stop.mayMake(12*int64(l.Len())) {
			return nodes[:0], avail[:0] // (mayMake cut it)
		}
		nodes, avail = sized(nodes, l.Len()), sized(avail, l.Len())
		for i := range nodes {
			h := l.At(i)
			nodes[i], avail[i] = h.Node, h.Available()
		}
		return nodes, avail
	}
	n := p.snap.NumNodes()
	if !stop.mayMake(int64(n)/8 + 4*int64(n)) { // the bitmap and the rows
		return nodes[:0], avail[:0] // (mayMake cut it)
	}
	m.bits = sized(m.bits, (n+63)/64)
	for _, l := range m.lists {
		if stop.done(2 * int64(l.Len())) { // marked here, read into its row below
			return nodes[:0], avail[:0]
		}
		for i := range l.Len() {
			ni := l.Node(i)
			m.bits[ni>>6] |= 1 << (ni & 63)
		}
	}
	// row[ni]: the row of node ni in avail, for the nodes marked.
	if stop.done(int64(len(m.bits))) {
		return nodes[:0], avail[:0]
	}
	m.row = slices.Grow(m.row[:0], n)[:n] // only marked nodes' rows are read
	nodes = nodes[:0]
	for w, word := range m.bits {
		for word != 0 {
			ni := int32(w<<6 | bits.TrailingZeros64(word))
			word &= word - 1
			m.row[ni] = int32(len(nodes))
			nodes = append(nodes, ni)
		}
	}
	if !stop.mayMake(8 * int64(len(nodes)) * int64(nsku)) {
		return nodes[:0], avail[:0] // (mayMake cut it)
	}
	avail = sized(avail, len(nodes)*nsku)
	for si, l := range m.lists {
		for i := range l.Len() {
			h := l.At(i)
			avail[int(m.row[h.Node])*nsku+si] = h.Available()
		}
	}
	return nodes, avail
}

// held is what the holders of an order's SKUs may give under a profile,
// whatever the destination and the mode: the nodes that pass every rule
// needing neither, as lites without their distance, in node ID order, and
// their stock per SKU (avail and usable, len(skus) per node from lite.off).
// The solves of one Promise share it, one after the other: once made, it
// only grows what they need on demand (parts, the order of each part's
// shippers).
type held struct {
	// The order's lines compiled, once linesMade (see newProblem), their
	// lattice's arrays in latArrays.
	lines     orderLines
	linesMade bool
	latArrays latticeArrays

	made          bool
	lites         []lite
	avail, usable []sourcing.Qty
	cut           bool // the context ended while it was made: some holders are missing
	// centre is where the shippers' lists are sorted from, when solves
	// share them (see holds, listParts).
	centre sphere.Point
	// For the lattice whose shape is listedFor: the parts of the order,
	// per vector, built when a solve first needs them (see part); and the
	// lites that may ship each part v, shippers[shipStart[v]:shipEnd[v]],
	// nearest the centre first when sorted (see listParts, sortTo).
	listedFor []int
	parts     parts
	shippers  []shipper
	shipStart []int32
	shipEnd   []int32
	liteBits  int     // see shipper
	sorted    bool    // the shippers are in order of near: pairs may stop early
	sortedN   []int32 // per part: how many of its shippers are in order (see sortTo)
	// The bands of the last solve's services, with their floors for the
	// lattice (see bands).
	bands bands
}

// span is where a list is in a larger one: [lo, hi).
type span struct{ lo, hi int32 }

// holds shares what the holders may give between the solves of one
// Promise, which differ in mode and destination only: one held per
// profile, its parts' shippers sorted from centre (see listParts). Its
// helds come from a pool, their arrays reused from one Promise to the
// next; release gives them back.
type holds struct {
	centre sphere.Point
	by     map[*rules.Profile]*held
}

var heldPool = sync.Pool{New: func() any { return new(held) }}

// newHolds returns holds whose lists are sorted from centre.
func newHolds(centre sphere.Point) *holds {
	return &holds{centre: centre, by: map[*rules.Profile]*held{}}
}

// of returns the held of profile prof, empty until a solve makes it.
func (hs *holds) of(prof *rules.Profile) *held {
	h, ok := hs.by[prof]
	if !ok {
		h = heldPool.Get().(*held)
		h.made, h.linesMade = false, false
		h.centre = hs.centre
		hs.by[prof] = h
	}
	return h
}

// release gives the helds back once no solve reads them.
func (hs *holds) release() {
	for prof, h := range hs.by {
		heldPool.Put(h)
		delete(hs.by, prof)
	}
}

// hold reads the holders into h: every rule that needs neither the
// destination nor the mode, and the node's terms of its lower bounds.
func (p *problem) hold(h *held) {
	nsku := len(p.skus)
	stop := p.m
	nodes, avail := p.holders(stop, &p.merge, p.merge.nodes, h.avail)
	p.merge.nodes, h.avail = nodes, avail
	h.lites = h.lites[:0]
	h.cut = stop.cut
	// What the holders may give, and their lites.
	if h.cut || !stop.mayMake(int64(len(avail))*8+int64(len(nodes))*int64(unsafe.Sizeof(lite{}))) {
		h.cut = true
		return
	}
	h.lites = slices.Grow(h.lites, len(nodes))
	h.listedFor = h.listedFor[:0] // new lites: see listFor
	h.usable = slices.Grow(h.usable[:0], min(len(avail), 1<<16))
	if len(avail) <= 1<<16 {
		h.usable = h.usable[:len(avail)] // else it grows as nodes are read
	}
	h.cut = false
	for k, ni32 := range nodes {
		if stop.tick(nodeWork + int64(nsku)) {
			h.cut = true
			return
		}
		ni := int(ni32)
		off := k * nsku
		av := avail[off : off+nsku]
		n := p.snap.NodeAt(ni)
		if p.screenRules(ni, &n) != "" { // (a node without stock is left by fillUsable)
			continue
		}
		if len(h.usable) < off+nsku {
			h.usable = slices.Grow(h.usable, off+nsku-len(h.usable))[:off+nsku]
		}
		if !p.fillUsable(n.Kind, av, h.usable[off:off+nsku]) {
			continue
		}
		l := lite{index: ni32, cand: -1, off: int32(off), held: int32(len(h.lites)), kind: n.Kind, ships: n.Ships, reserve: n.Reserve}
		p.bounds(&l, &n)
		h.lites = append(h.lites, l)
	}
	h.cut = stop.cut
}

// listFor readies p.held's parts and listings for lat, forgetting those of
// another lattice. The solves sharing h have the same lines, profile and
// rule set, so the same lattice and carriers; its shape is checked all the
// same. It reports false, listing nothing, when the call's budget cannot
// pay for the tables (see listParts): the order is then too large for the
// exact search.
func (p *problem) listFor(lat *lattice) bool {
	h := p.held
	var buf [32]int
	shape := append(buf[:0], lat.size)
	for _, pos := range lat.pos {
		shape = append(shape, pos.radix, -1)
		for _, pl := range pos.lines {
			shape = append(shape, pl.line, int(pl.per))
		}
	}
	if len(h.listedFor) > 0 && slices.Equal(shape, h.listedFor) {
		return true
	}
	h.listedFor = h.listedFor[:0]
	h.bands.made = false // the floors are the parts'
	if !p.listParts(lat) {
		return false
	}
	h.listedFor = slices.Clone(shape)
	return true
}

// gather readies the lites of this solve: the holders that pass the rules
// needing no exact distance, those p.held holds that the mode allows and
// that may be near enough. Each is made when first asked for (see liteAt):
// the menus walk the nearest first, and may stop well before the last. It
// reports whether the call's meter cut the reading of the holders short.
func (p *problem) gather() bool {
	if p.held == nil {
		p.held, p.own.made = &p.own, false
	}
	h := p.held
	if !h.made {
		p.hold(h)
		h.made = true
	}
	p.avail, p.usable = h.avail, h.usable
	// Room for every lite, so that making one never moves the others.
	p.lites = slices.Grow(p.lites[:0], len(h.lites))
	p.liOf = sized(p.liOf, len(h.lites)) // every lite unknown (see liOf)
	return h.cut
}

// What p.liOf says of a lite of p.held before it is made, and once the
// solve keeps it out; it says so one up, so that a cleared table says
// unknown (liOf[hi] = li + 1).
const (
	liUnknown int32 = -1
	liOut     int32 = -2
)

// gatherAll makes every lite of this solve (see liteAt), for the stages
// that read them all; in node ID order when none was made before. It
// reports whether stop cut it short.
func (p *problem) gatherAll(stop *meter) bool {
	for hi := range p.liOf {
		if p.liOf[hi] == 0 && stop.done(liteWork) {
			return true
		}
		p.liteAt(int32(hi))
	}
	return false
}

// liteWork is the work of making one lite (see liteAt), in the units of
// Options.Budget.
const liteWork = 8

// liteAt returns the index in p.lites of the lite of p.held's lite hi,
// making it on first call: what the mode allows and what may be near
// enough, with the distance's terms of its bounds. It returns liOut if the
// solve keeps it out.
func (p *problem) liteAt(hi int32) int32 {
	if li := p.liOf[hi] - 1; li != liUnknown {
		return li
	}
	p.liOf[hi] = liOut + 1
	h := p.held
	l := h.lites[hi]
	ni := int(l.index)
	l.shelf = p.shelf(ni)
	if p.order.Mode == rules.Reserve && !l.reserve || !l.shelf && !l.ships {
		return liOut
	}
	if !l.shelf {
		chord := p.destPoint.ChordSq(p.points[ni])
		if chord > p.maxKmChord {
			return liOut // beyond max_km for certain
		}
		// The chord is shorter than the arc: a lower bound, less a
		// millimetre for rounding.
		l.dlb = geo.Distance(math.Sqrt(chord)*float64(geo.EarthRadius)) - geo.Millimetre
		if l.dlb > p.reach[l.kind] {
			return liOut // no service reaches so far
		}
		km := float64(l.dlb) * 1e-12
		l.fixed += float64(p.w.PerKm) * km
		l.unit += float64(p.w.PerUnitKm) * km
	}
	l.set = int32(h.bands.band(&l)) // if the bands are this solve's (see pairs)
	li := int32(len(p.lites))
	p.lites = append(p.lites, l)
	p.liOf[hi] = li + 1
	return li
}

// liteOfNode returns the lite of node ni (see liteAt), or liOut if it has
// none.
func (p *problem) liteOfNode(ni int) int32 {
	hi, found := slices.BinarySearchFunc(p.held.lites, int32(ni), func(l lite, n int32) int { return cmp.Compare(l.index, n) })
	if !found {
		return liOut
	}
	return p.liteAt(int32(hi))
}

func hasStock(avail []sourcing.Qty) bool {
	return slices.ContainsFunc(avail, func(a sourcing.Qty) bool { return a > 0 })
}

// nodeWork is the work of reading one holder beyond its SKUs, in the units
// of Options.Budget.
const nodeWork = 32

// shelf reports whether node ni serves this order without a carrier.
func (p *problem) shelf(ni int) bool {
	return p.order.Mode == rules.Reserve || ni == p.pickupIdx
}

// screen applies the rules that need neither distance nor the SKUs'
// details to node ni. It returns the reason the node is excluded, or "".
func (p *problem) screen(ni int, n *stock.Node, avail []sourcing.Qty) Reason {
	switch {
	case !hasStock(avail):
		return ReasonNoStock
	case p.order.Mode == rules.Reserve && !n.Reserve:
		return ReasonNoReserve
	case !p.shelf(ni) && !n.Ships:
		return ReasonNoShip
	}
	return p.screenRules(ni, n)
}

// screenRules is screen without the stock and the mode's rules: what
// holds for node ni whatever the order's destination and mode.
func (p *problem) screenRules(ni int, n *stock.Node) Reason {
	switch {
	case p.excludedByCaller(ni):
		return ReasonCaller
	case p.prof.ExcludesNode(n.ID):
		return ReasonNamed
	case ni == p.originIdx && p.prof.OriginStock() == rules.OriginExclude:
		return ReasonOrigin
	case !p.prof.AllowsKind(n.Kind):
		return ReasonKind
	case !p.prof.AllowsCountry(n.Country):
		return ReasonCountry
	case n.Calendar != nil && p.order.PlacedAt.IsZero():
		return ReasonNoClock
	}
	if left, limited := n.Remaining(); limited && left == 0 {
		return ReasonCapacity
	}
	return ""
}

func (p *problem) excludedByCaller(ni int) bool {
	if len(p.callerIdx) == 0 {
		return false
	}
	_, found := slices.BinarySearch(p.callerIdx, ni)
	return found
}

// fillUsable fills usable with what a node of kind k may give of each SKU:
// available less the display stock its kind keeps, nothing of a SKU with a
// tag its kind may not ship. It reports whether anything is left.
func (p *problem) fillUsable(k stock.NodeKind, avail, usable []sourcing.Qty) bool {
	keep, forbid := p.prof.Keep(k), p.forbid[k]
	some := false
	for si, a := range avail {
		u := a - keep
		if u <= 0 || forbid[si] != "" {
			u = 0
		} else {
			some = true
		}
		usable[si] = u
	}
	return some
}

// usableOf is fillUsable for node n that also says why: the reason when
// nothing is left; notes, if not nil, receives an exclusion per SKU a rule
// keeps out.
func (p *problem) usableOf(n *stock.Node, avail, usable []sourcing.Qty, notes *[]Exclusion) (Reason, detail) {
	some := p.fillUsable(n.Kind, avail, usable)
	if some && notes == nil {
		return "", detail{}
	}
	keep := p.prof.Keep(n.Kind)
	var why Reason
	var d detail
	for si, a := range avail {
		if a == 0 || usable[si] > 0 {
			continue
		}
		note := Exclusion{Node: n.ID, SKU: p.skus[si].SKU, Reason: ReasonKeep, detail: detail{a: int64(a), b: int64(keep)}}
		if t := p.forbid[n.Kind][si]; t != "" {
			note = Exclusion{Node: n.ID, SKU: p.skus[si].SKU, Reason: ReasonForbidden, detail: detail{s: n.Kind.String(), t: t}}
		}
		// The node's reason, if nothing is left: forbidden tags first.
		if why == "" || note.Reason == ReasonForbidden && why != ReasonForbidden {
			why, d = note.Reason, note.detail
		}
		if notes != nil {
			*notes = append(*notes, note)
		}
	}
	if some {
		return "", detail{}
	}
	return why, d
}

// candidate makes the candidate of a lite, or returns false if its exact
// distance rules it out (max_km, or no carrier service reaches it).
func (p *problem) candidate(l *lite) (*candidate, bool, error) {
	switch l.cand {
	case -2:
		return nil, false, nil
	case -1:
	default:
		return p.cands[l.cand], true, nil
	}
	nsku := len(p.skus)
	off := int(l.off)
	// A candidate is a table of its own (see meter.afford).
	if !p.m.mayMake(int64(unsafe.Sizeof(candidate{})) + int64(len(p.services))*int64(unsafe.Sizeof(candService{}))) {
		return nil, false, nil // the call is cut
	}
	c := p.newCandidate()
	why, _, err := p.build(c, int(l.index), p.avail[off:off+nsku:off+nsku], p.usable[off:off+nsku:off+nsku])
	if err != nil {
		return nil, false, err
	}
	if why != "" {
		l.cand = -2
		return nil, false, nil
	}
	l.cand = int32(len(p.cands))
	p.cands = append(p.cands, c)
	return c, true, nil
}

// build fills c for node ni whose usable stock is known: exact distance,
// the distance rules, carrier services, ETAs and lateness. It returns the
// reason the node is excluded, or "".
func (p *problem) build(c *candidate, ni int, avail, usable []sourcing.Qty) (Reason, detail, error) {
	*c = candidate{index: ni, node: p.snap.NodeAt(ni), avail: avail, usable: usable, cap: -1, svc: c.svc[:0], menu: c.menu[:0]}
	n := &c.node
	if ni == p.originIdx && p.prof.OriginStock() == rules.OriginPrefer {
		n.Priority = 0
	}
	c.shelf = p.shelf(ni)
	if ni != p.pickupIdx {
		c.dist = geo.Distance(p.destPoint.Distance(p.points[ni]))
	}
	if m := p.prof.MaxDistance(); m > 0 && c.dist > m {
		return ReasonDistance, detail{a: int64(c.dist), b: int64(m)}, nil
	}
	if left, limited := n.Remaining(); limited {
		c.cap = left
	}
	if c.shelf {
		c.shelfETA = c.eta(p, 0)
		c.shelfOK = c.shelfETA >= 0 && (p.latest == 0 || c.shelfETA <= p.latest)
		if p.order.Mode != rules.Reserve && c.shelfOK {
			var err error
			if c.shelfLate, err = p.lateness(c.shelfETA, c); err != nil {
				return "", detail{}, err
			}
		}
		return "", detail{}, nil
	}
	c.svc = sized(c.svc, len(p.services))
	reach := false
	for i, s := range p.services {
		if !p.serves[i][n.Kind] {
			continue
		}
		z, days, ok := s.ZoneFor(c.dist)
		if !ok {
			continue
		}
		eta := c.eta(p, days)
		if eta < 0 || p.latest > 0 && eta > p.latest {
			continue // the on-time rule forbids it
		}
		late, err := p.lateness(eta, c)
		if err != nil {
			return "", detail{}, err
		}
		c.svc[i] = candService{ok: true, zone: z, transit: days, eta: eta, late: late}
		reach = true
	}
	if !reach {
		return ReasonNoCarrier, detail{a: int64(c.dist)}, nil
	}
	return "", detail{}, nil
}

// require marks the candidates of the required nodes, or explains why one
// cannot be.
func (p *problem) require(ids []stock.NodeID) error {
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			continue
		}
		ni, ok := p.snap.NodeIndex(id)
		if !ok {
			return &sourcing.FieldError{Field: fmt.Sprintf("options.require[%d]", i), Value: string(id), Problem: "no such node", Err: stock.ErrUnknownNode}
		}
		li := p.liteOfNode(ni)
		found := li >= 0
		var c *candidate
		if found {
			var err error
			if c, found, err = p.candidate(&p.lites[li]); err != nil {
				return err
			}
		}
		if !found {
			why := "it holds none of the order's SKUs"
			if x, ok := p.exclusionOf(ni); ok {
				why = "excluded: " + string(x.Reason)
			}
			return fmt.Errorf("order %s: %w: required node %s: %s", p.order.ID, ErrInfeasible, id, why)
		}
		c.required = true
		p.required = append(p.required, int(p.lites[li].cand))
	}
	return nil
}

// allCandidates makes every lite a candidate: for the searches that read
// them all (reservations, the greedy search), each costing work units of
// stop. It stops early when stop says so (nil: never), leaving the rest
// out.
func (p *problem) allCandidates(stop *meter, work int64) error {
	p.gatherAll(stop)
	for i := range p.lites {
		if stop.done(work) {
			break
		}
		if _, _, err := p.candidate(&p.lites[i]); err != nil {
			return err
		}
	}
	// Candidates in node ID order, their lites pointing at them.
	slices.SortFunc(p.cands, func(a, b *candidate) int { return cmp.Compare(a.index, b.index) })
	for i := range p.lites {
		l := &p.lites[i]
		if l.cand >= 0 {
			ci, _ := slices.BinarySearchFunc(p.cands, int(l.index), func(c *candidate, ni int) int { return cmp.Compare(c.index, ni) })
			l.cand = int32(ci)
		}
	}
	p.required = p.required[:0]
	for i, c := range p.cands {
		if c.required {
			p.required = append(p.required, i)
		}
	}
	return nil
}

// exclusions lists, in node ID order, the holders a rule keeps out of the
// order and why, and the SKUs a rule keeps out of nodes otherwise allowed.
// It reads every holder exactly: what Result.Excluded reports.
func (p *problem) exclusions() []Exclusion {
	var out []Exclusion
	nsku := len(p.skus)
	usable := make([]sourcing.Qty, nsku)
	need := p.need()
	nodes, avail := p.holders(nil, &merge{}, nil, nil)
	for k, ni32 := range nodes {
		out = p.excludeNode(out, int(ni32), avail[k*nsku:(k+1)*nsku], usable, need)
	}
	return out
}

// exclusionOf returns why a rule keeps node ni out of the order, if one
// does: the node's line of exclusions.
func (p *problem) exclusionOf(ni int) (Exclusion, bool) {
	av := make([]sourcing.Qty, len(p.skus))
	id := p.snap.NodeAt(ni).ID
	for si, it := range p.skus {
		av[si] = p.snap.Level(id, it.SKU).Available()
	}
	for _, x := range p.excludeNode(nil, ni, av, make([]sourcing.Qty, len(p.skus)), p.need()) {
		if x.SKU == "" {
			return x, true
		}
	}
	return Exclusion{}, false
}

// excludeNode appends to out the exclusions of node ni, whose available
// stock of the order's SKUs is av (usable is scratch, need the units each
// SKU is ordered): the node's, or the SKUs a rule keeps out of it.
func (p *problem) excludeNode(out []Exclusion, ni int, av, usable, need []sourcing.Qty) []Exclusion {
	n := p.snap.NodeAt(ni)
	if why := p.screen(ni, &n, av); why != "" {
		x := Exclusion{Node: n.ID, Reason: why}
		switch why {
		case ReasonKind:
			x.detail.s = n.Kind.String()
		case ReasonCountry:
			x.detail.s = n.Country
		case ReasonCapacity:
			x.detail = detail{a: int64(n.Committed), b: int64(n.Capacity)}
		}
		return append(out, x)
	}
	var notes []Exclusion
	if why, d := p.usableOf(&n, av, usable, &notes); why != "" {
		return append(out, Exclusion{Node: n.ID, Reason: why, detail: d})
	}
	var c candidate
	why, d, err := p.build(&c, ni, slices.Clone(av), slices.Clone(usable))
	if err == nil && why != "" {
		return append(out, Exclusion{Node: n.ID, Reason: why, detail: d})
	}
	if err == nil && p.order.Mode == rules.Reserve {
		if x, short := p.incomplete(&c, usable, need); short {
			return append(out, x)
		}
	}
	if err == nil && !c.shelf {
		for si, u := range usable {
			if u > 0 && !p.carriesUnit(&c, si) {
				it := p.skus[si]
				notes = append(notes, Exclusion{Node: n.ID, SKU: it.SKU, Reason: ReasonTooLarge, detail: detail{a: int64(it.Weight), b: int64(it.Volume)}})
			}
		}
	}
	slices.SortFunc(notes, func(a, b Exclusion) int { return cmp.Compare(a.SKU, b.SKU) })
	return append(out, notes...)
}

// need returns the units of each SKU all the lines ask for.
func (p *problem) need() []sourcing.Qty {
	need := make([]sourcing.Qty, len(p.skus))
	for l, line := range p.lines {
		need[p.lineSKU[l]] += line.Qty
	}
	return need
}

// incomplete reports whether c cannot hold the whole basket (need units of
// each SKU), which a reservation needs, and the exclusion that says what it
// lacks.
func (p *problem) incomplete(c *candidate, usable, need []sourcing.Qty) (Exclusion, bool) {
	for si, n := range need {
		if usable[si] < n {
			return Exclusion{Node: c.node.ID, Reason: ReasonIncomplete, detail: detail{s: string(p.skus[si].SKU), a: int64(usable[si]), b: int64(n)}}, true
		}
	}
	if c.cap >= 0 && p.total > c.cap {
		return Exclusion{Node: c.node.ID, Reason: ReasonIncomplete, detail: detail{a: int64(c.cap), b: int64(p.total)}}, true
	}
	return Exclusion{}, false
}

// carriesUnit reports whether a service that reaches the destination from
// c can carry one unit of SKU si: its weight and volume fit a parcel and
// the parcel is priced.
func (p *problem) carriesUnit(c *candidate, si int) bool {
	it := &p.skus[si]
	for i, cs := range c.svc {
		if !cs.ok {
			continue
		}
		if pk, ok := p.services[i].OneParcel(it.Weight, it.Volume, 1); ok {
			if _, ok := p.services[i].Price(pk, cs.zone); ok {
				return true
			}
		}
	}
	return false
}

// eta returns the ETA of a shipment from c with transit days (0 for the
// shelf): its preparation + transit days, or, for a node with a calendar,
// the calendar days from the order's date to the arrival. It is -1 when the
// calendar has no working day to ship on.
func (c *candidate) eta(p *problem, transit sourcing.Days) sourcing.Days {
	n := &c.node
	if n.Calendar == nil {
		return n.PrepDays + transit
	}
	if sch, ok := n.Calendar.Schedule(p.order.PlacedAt, n.Cutoff, n.PrepDays, transit); ok {
		return sch.Days
	}
	return -1
}

// lateness prices the days eta exceeds the promise (none without a promise).
func (p *problem) lateness(eta sourcing.Days, c *candidate) (sourcing.Money, error) {
	promise := p.order.PromiseDays
	if promise <= 0 || eta <= promise {
		return 0, nil
	}
	m, ok := p.w.LatePerDay.Mul(int64(eta - promise))
	if !ok {
		return 0, overflow("lateness", c)
	}
	return m, nil
}

// shipTogether returns the groups of lines that must ship together: the
// order's own groups and the lines whose SKUs share a ship-together group of
// the profile, merged where they overlap, each sorted, in order of their
// first line. Groups of one line are dropped.
func shipTogether(o *Order, prof *rules.Profile) [][]int {
	parent := make([]int, len(o.Lines))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for _, g := range o.ShipTogether {
		for _, l := range g[1:] {
			union(g[0], l)
		}
	}
	first := map[int]int{} // profile group → first line in it
	for l, line := range o.Lines {
		if g, ok := prof.TogetherGroup(line.SKU); ok {
			if f, seen := first[g]; seen {
				union(f, l)
			} else {
				first[g] = l
			}
		}
	}
	if len(o.ShipTogether) == 0 && len(first) == 0 {
		return nil
	}
	members := map[int][]int{}
	for l := range o.Lines {
		r := find(l)
		members[r] = append(members[r], l)
	}
	var groups [][]int
	for l := range o.Lines {
		if g := members[l]; find(l) == l && len(g) > 1 {
			groups = append(groups, g)
		}
	}
	return groups
}

// maxNew returns how many new shipments a plan may have: max_shipments
// less the existing ones, or -1 for no limit.
func (p *problem) maxNew() int {
	m := p.prof.MaxShipments()
	if m == 0 {
		return -1
	}
	return max(m-p.existing, 0)
}

// firstSplit returns the split penalty a plan's first new shipment pays:
// the split after existing shipments, else nothing.
func (p *problem) firstSplit() int64 {
	return int64(p.splitShipments(1)) * int64(p.w.Split)
}

// splitShipments returns how many of n new shipments pay the split penalty:
// all of them after existing ones, else all but the first.
func (p *problem) splitShipments(n int) int {
	if p.existing > 0 {
		return n
	}
	return max(n-1, 0)
}
