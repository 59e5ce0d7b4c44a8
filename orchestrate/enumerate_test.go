package orchestrate_test

// An exhaustive enumerator of plans, written from the documentation (the
// package documentation, the README's cost of a plan and scenario file
// format) and not from the solver, so that it can check Solve's exactness on small instances. It
// uses only the leaf packages (geo for distances; carrier for service
// restrictions, zones, packing and prices; stock.Calendar.Schedule for the
// clock) and the exported data of stock and rules.

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Limits of the enumerator: it is meant for small instances.
const (
	exhMaxNodes  = 10 // nodes that can give stock to one order
	exhMaxSKUs   = 8  // distinct SKUs in one order
	exhMaxLines  = 8  // lines in one order
	exhMaxBlocks = 4  // ship-together blocks in one order
)

// exhQty is a quantity per distinct SKU of the order (indexed like
// exhEnum.skus).
type exhQty [exhMaxSKUs]int64

func (q exhQty) plus(o exhQty) exhQty {
	for j := range q {
		q[j] += o[j]
	}
	return q
}

// exhShipment is one shipment as the documentation prices it.
type exhShipment struct {
	node     stock.NodeID
	q        exhQty
	units    int64
	carrier  carrier.ServiceID // zero when nothing is carried
	parcels  int64
	eta      sourcing.Days
	pickup   time.Time  // the carrier pick-up, for a node with a calendar
	arrival  stock.Date // when the order has a placed_at time
	shelf    bool       // from the collect pickup store's own shelf
	distance geo.Distance
	bd       orchestrate.Breakdown // Split and Backorder are 0
}

// exhPlan is the cheapest plan on one set of shipping nodes.
type exhPlan struct {
	nodes     []stock.NodeID // sorted
	cost      int64
	bd        orchestrate.Breakdown
	shipments []exhShipment // by node ID
	backorder exhQty
	mask      int // the node set, over exhEnum.active
	state     int // what it serves, a DP state
}

type exhLine struct {
	sku int // index into exhEnum.skus
	qty int64
}

// exhBlock is a ship-together group of lines: it ships whole from one node
// or is backordered whole.
type exhBlock struct {
	lines []int // order line indices
	q     exhQty
}

type exhMemoKey struct {
	node int
	q    exhQty
}

type exhMemoVal struct {
	s   exhShipment
	err error
}

// exhQuery says what to enumerate besides the order: the profile (nil = the
// rule set's first match), the on-time tolerance when a fallback widened it,
// and the solve's options.
type exhQuery struct {
	profile   *rules.Profile
	tolerance sourcing.Days
	widened   bool // tolerance replaces the profile's own
	opts      orchestrate.Options
}

// exhEnum enumerates the plans of one order.
type exhEnum struct {
	order    orchestrate.Order
	profile  string
	w        rules.Weights
	f        rules.Filters
	mode     rules.Mode
	dest     geo.LatLng
	toKind   string // carrier.ToHome, or ToStore for transfers to a pickup store
	country  string // the destination's country, for carrier services
	pickup   int    // index in nodes of the collect pickup store, or -1
	origin   int    // index in nodes of the order's origin store, or -1
	tol      sourcing.Days
	onTime   bool          // the on-time rule binds this order
	deadline sourcing.Days // promise + tolerance: the latest ETA when onTime
	existing int           // shipments the order already has
	required []int         // node indices every plan ships from
	skus     []stock.SKU
	items    []stock.Item
	demand   exhQty
	lines    []exhLine
	blocks   []exhBlock
	free     []int  // lines in no block
	freeQ    exhQty // their quantities per SKU
	nodes    []stock.Node
	nodeErr  []error   // a rule keeping the whole node out, or nil
	avail    [][]int64 // [node][sku] available before keep
	dist     []geo.Distance
	services []*carrier.Service // in ID order, those the options allow
	memo     map[exhMemoKey]exhMemoVal

	// Filled by plans: the DP's active nodes and their options.
	active  []int
	options [][]exhOption
}

// newExhEnum prepares the enumeration of order's plans. The order is
// assumed valid (Solve validates it; the generator only builds valid ones).
func newExhEnum(order orchestrate.Order, snap *stock.Snapshot, rs *rules.RuleSet, q exhQuery) (*exhEnum, error) {
	prof := q.profile
	if prof == nil {
		var err error
		prof, err = rs.Match(rules.Facts{
			Channel: order.Channel, Mode: order.Mode, Country: order.Country, Region: order.Region, Tier: order.Tier,
			Tags: order.Tags, Value: order.Value, PlacedAt: order.PlacedAt,
		})
		if err != nil {
			return nil, err
		}
	}
	spec := prof.Spec()
	e := &exhEnum{
		order:    order,
		profile:  prof.Name(),
		w:        spec.Weights,
		f:        spec.Filters,
		mode:     order.Mode,
		dest:     order.Destination,
		toKind:   carrier.ToHome,
		country:  order.Country,
		pickup:   -1,
		origin:   -1,
		tol:      spec.Filters.ToleranceDays,
		existing: q.opts.ExistingShipments,
		memo:     map[exhMemoKey]exhMemoVal{},
	}
	if q.widened {
		e.tol = q.tolerance
	}
	// The on-time rule concerns orders with a promise. Like every filter it
	// applies in every mode, to a reserving store too (whose reservation is
	// ready after its preparation), though a reservation prices no lateness.
	e.onTime = spec.Filters.OnTime && order.PromiseDays > 0
	e.deadline = order.PromiseDays + e.tol
	for _, svc := range rs.Carriers() {
		if len(q.opts.Services) == 0 || slices.Contains(q.opts.Services, svc.ID()) {
			e.services = append(e.services, svc)
		}
	}
	for _, l := range order.Lines {
		if !slices.Contains(e.skus, l.SKU) {
			e.skus = append(e.skus, l.SKU)
		}
	}
	slices.Sort(e.skus)
	if len(e.skus) > exhMaxSKUs || len(order.Lines) > exhMaxLines {
		return nil, fmt.Errorf("enumerator: order too large (%d SKUs, %d lines)", len(e.skus), len(order.Lines))
	}
	for _, sku := range e.skus {
		it, ok := snap.Item(sku)
		if !ok {
			return nil, fmt.Errorf("enumerator: unknown SKU %s", sku)
		}
		e.items = append(e.items, it)
	}
	for _, l := range order.Lines {
		j := slices.Index(e.skus, l.SKU)
		e.lines = append(e.lines, exhLine{sku: j, qty: int64(l.Qty)})
		e.demand[j] += int64(l.Qty)
	}
	if err := e.groupLines(); err != nil {
		return nil, err
	}
	for n := range snap.Nodes() {
		e.nodes = append(e.nodes, n)
	}
	if len(e.nodes) > exhMaxNodes {
		return nil, fmt.Errorf("enumerator: %d nodes, at most %d", len(e.nodes), exhMaxNodes)
	}
	for i, n := range e.nodes {
		if e.mode == rules.Collect && n.ID == order.PickupNode {
			e.pickup = i
			e.dest = n.Location
			e.country = n.Country
			e.toKind = carrier.ToStore
		}
		if order.OriginNode != "" && n.ID == order.OriginNode {
			e.origin = i
		}
	}
	if e.mode == rules.Collect && e.pickup < 0 {
		return nil, fmt.Errorf("enumerator: no pickup node %q", order.PickupNode)
	}
	for _, id := range q.opts.Require {
		i := slices.IndexFunc(e.nodes, func(n stock.Node) bool { return n.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("enumerator: required node %q unknown", id)
		}
		if !slices.Contains(e.required, i) {
			e.required = append(e.required, i)
		}
	}
	for i, n := range e.nodes {
		a := make([]int64, len(e.skus))
		for j, sku := range e.skus {
			a[j] = int64(snap.Level(n.ID, sku).Available())
		}
		e.avail = append(e.avail, a)
		e.dist = append(e.dist, n.Location.Distance(e.dest))
		// Rules that keep the whole node out, whatever it would ship.
		var err error
		switch {
		case slices.Contains(q.opts.Exclude, n.ID):
			err = fmt.Errorf("%s: excluded for this solve", n.ID)
		case slices.Contains(e.f.ExcludeNodes, n.ID):
			err = fmt.Errorf("%s: excluded by name", n.ID)
		case i == e.origin && e.f.OriginStock == rules.OriginExclude:
			err = fmt.Errorf("%s: the origin store's own stock is excluded", n.ID)
		case n.Calendar != nil && order.PlacedAt.IsZero():
			err = fmt.Errorf("%s: a calendar and no order time", n.ID)
		}
		e.nodeErr = append(e.nodeErr, err)
	}
	return e, nil
}

// groupLines splits the order's lines into ship-together blocks (the
// profile's SKU groups of which the order has two lines or more, and the
// order's own groups of lines, merged where they share a line) and free
// lines.
func (e *exhEnum) groupLines() error {
	parent := make([]int, len(e.lines))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	union := func(ls []int) {
		for _, l := range ls[1:] {
			parent[find(l)] = find(ls[0])
		}
	}
	for _, g := range e.f.ShipTogether {
		var ls []int
		for i, l := range e.order.Lines {
			if slices.Contains(g, l.SKU) {
				ls = append(ls, i)
			}
		}
		if len(ls) >= 2 {
			union(ls)
		}
	}
	for _, g := range e.order.ShipTogether {
		union(g)
	}
	roots := map[int]int{} // root → block
	for i := range e.lines {
		members := 0
		for k := range e.lines {
			if find(k) == find(i) {
				members++
			}
		}
		if members < 2 {
			e.free = append(e.free, i)
			e.freeQ[e.lines[i].sku] += e.lines[i].qty
			continue
		}
		b, ok := roots[find(i)]
		if !ok {
			b = len(e.blocks)
			roots[find(i)] = b
			e.blocks = append(e.blocks, exhBlock{})
		}
		e.blocks[b].lines = append(e.blocks[b].lines, i)
		e.blocks[b].q[e.lines[i].sku] += e.lines[i].qty
	}
	if len(e.blocks) > exhMaxBlocks {
		return fmt.Errorf("enumerator: %d ship-together blocks, at most %d", len(e.blocks), exhMaxBlocks)
	}
	return nil
}

// exhRound returns num/den rounded half away from zero; den > 0.
func exhRound(num, den *big.Int) int64 {
	neg := num.Sign() < 0
	n := new(big.Int).Abs(num)
	n.Mul(n, big.NewInt(2))
	n.Add(n, den)
	d := new(big.Int).Mul(den, big.NewInt(2))
	n.Quo(n, d)
	if !n.IsInt64() {
		panic("enumerator: rounded amount does not fit in int64")
	}
	if neg {
		return -n.Int64()
	}
	return n.Int64()
}

func exhBig(v int64) *big.Int { return big.NewInt(v) }

func exhMul(vs ...int64) *big.Int {
	p := big.NewInt(1)
	for _, v := range vs {
		p.Mul(p, big.NewInt(v))
	}
	return p
}

// exhPow10 returns 10^n.
func exhPow10(n int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil) }

// late returns the lateness cost of a shipment arriving after eta days.
func (e *exhEnum) late(eta sourcing.Days) int64 {
	if e.order.PromiseDays <= 0 || eta <= e.order.PromiseDays {
		return 0
	}
	return int64(e.w.LatePerDay) * int64(eta-e.order.PromiseDays)
}

// beyond reports whether eta is after the promise + tolerance: what makes a
// plan miss the promise for a fallback, and what the on-time rule forbids.
func (e *exhEnum) beyond(eta sourcing.Days) bool {
	return e.order.PromiseDays > 0 && eta > e.deadline
}

// schedule returns the ETA of a shipment from node n with transit days in
// transit (0 from a shelf), its carrier pick-up and its arrival date, as the
// package documentation's Time section says.
func (e *exhEnum) schedule(n stock.Node, transit sourcing.Days) (sourcing.Days, time.Time, stock.Date) {
	at := e.order.PlacedAt
	if n.Calendar == nil {
		eta := n.PrepDays + transit
		var arrival stock.Date
		if !at.IsZero() {
			d := time.Date(at.Year(), at.Month(), at.Day()+int(eta), 0, 0, 0, 0, time.UTC)
			arrival = stock.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
		}
		return eta, time.Time{}, arrival
	}
	sch, ok := n.Calendar.Schedule(at, n.Cutoff, n.PrepDays, transit)
	if !ok {
		panic(fmt.Sprintf("enumerator: calendar of %s has no working day", n.ID))
	}
	return sch.Days, sch.CarrierPickup, sch.Arrival
}

// ship returns node ni's shipment of q, or why the rules forbid it.
func (e *exhEnum) ship(ni int, q exhQty) (exhShipment, error) {
	k := exhMemoKey{ni, q}
	if v, ok := e.memo[k]; ok {
		return v.s, v.err
	}
	s, err := e.computeShip(ni, q)
	e.memo[k] = exhMemoVal{s, err}
	return s, err
}

func (e *exhEnum) computeShip(ni int, q exhQty) (exhShipment, error) {
	n := e.nodes[ni]
	s := exhShipment{node: n.ID, q: q, distance: e.dist[ni]}
	for j := range e.skus {
		if q[j] < 0 {
			return s, fmt.Errorf("%s: negative quantity of %s", n.ID, e.skus[j])
		}
		s.units += q[j]
	}
	for j := len(e.skus); j < exhMaxSKUs; j++ {
		if q[j] != 0 {
			return s, fmt.Errorf("%s: quantity of an SKU not in the order", n.ID)
		}
	}
	if s.units == 0 {
		return s, fmt.Errorf("%s: empty shipment", n.ID)
	}
	if e.nodeErr[ni] != nil {
		return s, e.nodeErr[ni]
	}
	s.shelf = e.mode == rules.Collect && ni == e.pickup
	switch e.mode {
	case rules.Home:
		if !n.Ships {
			return s, fmt.Errorf("%s: does not ship", n.ID)
		}
	case rules.Collect:
		if !s.shelf && !n.Ships {
			return s, fmt.Errorf("%s: does not ship (transfer to the pickup store)", n.ID)
		}
	case rules.Reserve:
		if n.Kind != stock.Store || !n.Reserve {
			return s, fmt.Errorf("%s: not a store taking reservations", n.ID)
		}
	}
	if len(e.f.Kinds) > 0 && !slices.Contains(e.f.Kinds, n.Kind) {
		return s, fmt.Errorf("%s: kind %s not allowed", n.ID, n.Kind)
	}
	if len(e.f.Countries) > 0 && !slices.Contains(e.f.Countries, n.Country) {
		return s, fmt.Errorf("%s: country %s not allowed", n.ID, n.Country)
	}
	if e.f.MaxDistance > 0 && e.dist[ni] > e.f.MaxDistance {
		return s, fmt.Errorf("%s: %d mm beyond max_km %d mm", n.ID, e.dist[ni], e.f.MaxDistance)
	}
	if n.Capacity > 0 && sourcing.Qty(s.units) > max(0, n.Capacity-n.Committed) {
		return s, fmt.Errorf("%s: %d units over capacity %d − committed %d", n.ID, s.units, n.Capacity, n.Committed)
	}
	keep := int64(e.f.Keep[n.Kind])
	for j := range e.skus {
		if q[j] == 0 {
			continue
		}
		for _, tag := range e.items[j].Tags {
			if slices.Contains(e.f.ForbidTags[n.Kind], tag) {
				return s, fmt.Errorf("%s: %s tagged %q, forbidden to %s", n.ID, e.skus[j], tag, n.Kind)
			}
		}
		if q[j] > e.avail[ni][j]-keep {
			return s, fmt.Errorf("%s: %d of %s, available %d − keep %d", n.ID, q[j], e.skus[j], e.avail[ni][j], keep)
		}
	}

	bd := &s.bd
	bd.Handling = n.HandlingCost
	bd.Picking = n.PickCost * sourcing.Money(s.units)
	priority := n.Priority
	if ni == e.origin && e.f.OriginStock == rules.OriginPrefer {
		priority = 0 // the origin store counts as the most preferred node
	}
	bd.Priority = e.w.Priority * sourcing.Money(priority) * sourcing.Money(s.units)
	var low int64
	below := int64(e.w.LowStockBelow)
	for j := range e.skus {
		// Taking the i-th unit (1 ≤ i ≤ q) leaves avail − i; it counts when
		// that is below the threshold.
		low += q[j] - min(max(e.avail[ni][j]-below, 0), q[j])
	}
	bd.LowStock = e.w.LowStock * sourcing.Money(low)
	if n.Capacity > 0 {
		bd.Workload = sourcing.Money(exhRound(exhMul(int64(e.w.Workload), int64(n.Committed)+s.units), exhBig(int64(n.Capacity))))
	}
	distanceTerm := func() sourcing.Money {
		rate := int64(e.w.PerKm) + int64(e.w.PerUnitKm)*s.units
		return sourcing.Money(exhRound(exhMul(rate, int64(e.dist[ni])), exhPow10(12)))
	}
	switch {
	case e.mode == rules.Reserve || s.shelf:
		// Nothing carried: ready on the store's shelf after preparation,
		// and no carrier pick-up to be ready for.
		s.eta, _, s.arrival = e.schedule(n, 0)
		if e.onTime && e.beyond(s.eta) {
			return s, fmt.Errorf("%s: ready in %d days, promise %d + tolerance %d", n.ID, s.eta, e.order.PromiseDays, e.tol)
		}
		if e.mode == rules.Reserve {
			bd.Distance = distanceTerm()
		} else {
			bd.Lateness = sourcing.Money(e.late(s.eta))
		}
	default:
		bd.Distance = distanceTerm()
		var pieces []carrier.Piece
		var grams int64
		for j := range e.skus {
			if q[j] > 0 {
				pieces = append(pieces, carrier.Piece{Label: string(e.skus[j]), Weight: e.items[j].Weight, Volume: e.items[j].Volume, Count: q[j]})
				grams += int64(e.items[j].Weight) * q[j]
			}
		}
		var best *carrier.Service
		var bestQ carrier.Quote
		var bestTotal int64
		var bestETA sourcing.Days
		var bestPickup time.Time
		var bestArrival stock.Date
		for _, svc := range e.services {
			if !svc.Serves(n.Kind.String(), e.toKind, e.country) {
				continue
			}
			qt, err := svc.Quote(pieces, e.dist[ni])
			if err != nil {
				continue
			}
			eta, pickup, arrival := e.schedule(n, qt.Days)
			if e.onTime && e.beyond(eta) {
				continue // the on-time rule removes the option
			}
			total := int64(qt.Price) + e.late(eta)
			better := best == nil || total < bestTotal ||
				total == bestTotal && (qt.Price < bestQ.Price || qt.Price == bestQ.Price && svc.ID().Compare(best.ID()) < 0)
			if better {
				best, bestQ, bestTotal = svc, qt, total
				bestETA, bestPickup, bestArrival = eta, pickup, arrival
			}
		}
		if best == nil {
			return s, fmt.Errorf("%s: no carrier service can carry %v over %d mm to a %s in %s in time", n.ID, q[:len(e.skus)], e.dist[ni], e.toKind, e.country)
		}
		s.carrier = best.ID()
		s.parcels = bestQ.Parcels
		s.eta, s.pickup, s.arrival = bestETA, bestPickup, bestArrival
		bd.Carrier = bestQ.Price
		bd.Lateness = sourcing.Money(e.late(s.eta))
		// g/t·km × t × km = g; /1000 = kg. Rates carry 10⁶, grams→tonnes 10⁶,
		// mm→km 10⁶, g→kg 10³.
		bd.Carbon = sourcing.Money(exhRound(
			exhMul(int64(e.w.CO2PerKg), int64(best.CO2PerTonneKm()), grams, int64(e.dist[ni])),
			exhPow10(27)))
	}
	return s, nil
}

func (e *exhEnum) shipmentCost(s exhShipment) int64 { return int64(s.bd.Total()) }

// splitCost returns the split penalty of a plan with k new shipments: each
// shipment beyond the first, or each one when the order already has some.
func (e *exhEnum) splitCost(k int) int64 {
	switch {
	case e.existing > 0:
		return int64(e.w.Split) * int64(k)
	case k > 1:
		return int64(e.w.Split) * int64(k-1)
	}
	return 0
}

// shipmentsAllowed reports whether max_shipments allows k new shipments,
// counting the existing ones. A plan adding none (everything left
// backordered) never breaks it, even when the existing shipments already
// reach past it: the documentation does not say otherwise, and Solve reads it so.
func (e *exhEnum) shipmentsAllowed(k int) bool {
	return e.f.MaxShipments <= 0 || k == 0 || k+e.existing <= e.f.MaxShipments
}

// exhOption is one shipment a node may make: the blocks it ships, its free
// part (lines for whole lines, units per SKU otherwise) and its cost.
type exhOption struct {
	q     exhQty
	delta int // added to a DP state by the option
	bs    int // blocks
	fl    int // free lines (whole lines only)
	fq    exhQty
	cost  int64
	late  bool // its ETA is after the promise + tolerance
}

// exhCell is the cheapest partial plan for one (node set, served state,
// late flag).
type exhCell struct {
	cost int64
	opt  int16 // option of the highest node of the set
	pf   int8  // late flag before that option
	ok   bool
}

// exhStates is the DP's state space: (blocks served, free part served).
type exhStates struct {
	nFree  int // states of the free part
	n      int // all states
	radix  exhQty
	whole  bool
	served []exhQty
}

func (e *exhEnum) states() exhStates {
	ss := exhStates{whole: e.f.WholeLines, nFree: 1}
	if ss.whole {
		ss.nFree = 1 << len(e.free)
	} else {
		for j := range e.skus {
			ss.radix[j] = int64(ss.nFree)
			ss.nFree *= int(e.freeQ[j]) + 1
		}
	}
	ss.n = ss.nFree << len(e.blocks)
	ss.served = make([]exhQty, ss.n)
	for st := range ss.n {
		b, f := st/ss.nFree, st%ss.nFree
		var u exhQty
		for bi, bl := range e.blocks {
			if b&(1<<bi) != 0 {
				u = u.plus(bl.q)
			}
		}
		if ss.whole {
			for i, li := range e.free {
				if f&(1<<i) != 0 {
					u[e.lines[li].sku] += e.lines[li].qty
				}
			}
		} else {
			for j := range e.skus {
				u[j] += int64(f) / ss.radix[j] % (e.freeQ[j] + 1)
			}
		}
		ss.served[st] = u
	}
	return ss
}

// next returns the state after option o from st.
func (e *exhEnum) next(ss *exhStates, st int, o *exhOption) (int, bool) {
	b, f := st/ss.nFree, st%ss.nFree
	if b&o.bs != 0 {
		return 0, false
	}
	if ss.whole {
		if f&o.fl != 0 {
			return 0, false
		}
	} else {
		for j := range e.skus {
			if int64(f)/ss.radix[j]%(e.freeQ[j]+1)+o.fq[j] > e.freeQ[j] {
				return 0, false
			}
		}
	}
	return st + o.delta, true
}

// listOptions lists every shipment the rules allow each node, and the nodes
// with at least one.
func (e *exhEnum) listOptions(ss *exhStates) {
	e.active, e.options = nil, nil
	for ni := range e.nodes {
		if e.nodeErr[ni] != nil {
			continue
		}
		var opts []exhOption
		for bs := range 1 << len(e.blocks) {
			var bq exhQty
			for bi, bl := range e.blocks {
				if bs&(1<<bi) != 0 {
					bq = bq.plus(bl.q)
				}
			}
			add := func(fq exhQty, fl, fdelta int) {
				q := bq.plus(fq)
				s, err := e.ship(ni, q)
				if err == nil {
					opts = append(opts, exhOption{q: q, delta: bs*ss.nFree + fdelta, bs: bs, fl: fl, fq: fq,
						cost: e.shipmentCost(s), late: e.beyond(s.eta) && e.mode != rules.Reserve})
				}
			}
			if ss.whole {
				for fl := range 1 << len(e.free) {
					var fq exhQty
					for i, li := range e.free {
						if fl&(1<<i) != 0 {
							fq[e.lines[li].sku] += e.lines[li].qty
						}
					}
					add(fq, fl, fl)
				}
				continue
			}
			var bound exhQty
			for j := range e.skus {
				bound[j] = min(e.freeQ[j], max(e.avail[ni][j]-bq[j], 0))
			}
			var fq exhQty
			var rec func(j, delta int)
			rec = func(j, delta int) {
				if j == len(e.skus) {
					add(fq, 0, delta)
					return
				}
				for v := int64(0); v <= bound[j]; v++ {
					fq[j] = v
					rec(j+1, delta+int(v*ss.radix[j]))
				}
				fq[j] = 0
			}
			rec(0, 0)
		}
		if len(opts) > 0 {
			e.active = append(e.active, ni)
			e.options = append(e.options, opts)
		}
	}
}

// dp runs the dynamic program over the active nodes, in ID order, whose
// states are (set of shipping nodes, what has been served[, whether a
// shipment is late]): it is the minimum over every allocation, grouped by
// node set, because a plan's cost is a sum of per-shipment costs plus terms
// of the node set (split) and of what is served (backorder).
func (e *exhEnum) dp(ss *exhStates, nf int) []exhCell {
	nSets := 1 << len(e.active)
	idx := func(mask, st, f int) int { return (mask*ss.n+st)*nf + f }
	cells := make([]exhCell, nSets*ss.n*nf)
	cells[0] = exhCell{ok: true, opt: -1}
	for a := range e.active {
		bit := 1 << a
		for mask := range bit { // sets of the nodes before this one
			for st := range ss.n {
				for f := range nf {
					c := cells[idx(mask, st, f)]
					if !c.ok {
						continue
					}
					for oi := range e.options[a] {
						o := &e.options[a][oi]
						ns, ok := e.next(ss, st, o)
						if !ok {
							continue
						}
						nfl := f
						if nf > 1 && o.late {
							nfl = 1
						}
						cost := c.cost + o.cost
						t := &cells[idx(mask|bit, ns, nfl)]
						if !t.ok || cost < t.cost {
							*t = exhCell{cost: cost, opt: int16(oi), pf: int8(f), ok: true}
						}
					}
				}
			}
		}
	}
	return cells
}

// planCost returns the cost of a plan on node set mask (over e.active)
// whose shipments cost c and serve state st, or false if the plan-level
// rules forbid it.
func (e *exhEnum) planCost(ss *exhStates, mask, st int, c int64) (int64, bool) {
	k := bits.OnesCount(uint(mask))
	if !e.shipmentsAllowed(k) {
		return 0, false
	}
	var bo int64
	for j := range e.skus {
		bo += e.demand[j] - ss.served[st][j]
	}
	if e.f.ShipComplete && bo > 0 {
		return 0, false
	}
	return c + int64(e.w.Backorder)*bo + e.splitCost(k), true
}

// requiredMask returns the node set (over e.active) every plan must
// include, or false if a required node cannot ship anything.
func (e *exhEnum) requiredMask() (int, bool) {
	m := 0
	for _, ni := range e.required {
		a := slices.Index(e.active, ni)
		if a < 0 {
			return 0, false
		}
		m |= 1 << a
	}
	return m, true
}

// plans returns the cheapest plan on every feasible set of shipping nodes,
// ranked by cost, fewer shipments, node IDs.
func (e *exhEnum) plans() []exhPlan {
	var out []exhPlan
	if e.mode == rules.Reserve {
		for ni := range e.nodes {
			if len(e.required) > 0 && !slices.Equal(e.required, []int{ni}) {
				continue
			}
			s, err := e.ship(ni, e.demand)
			if err != nil {
				continue
			}
			out = append(out, exhPlan{
				nodes: []stock.NodeID{s.node}, cost: e.shipmentCost(s), bd: s.bd,
				shipments: []exhShipment{s},
			})
		}
	} else {
		out = e.enumerate()
	}
	slices.SortFunc(out, exhComparePlans)
	return out
}

func exhComparePlans(a, b exhPlan) int {
	if c := cmp.Compare(a.cost, b.cost); c != 0 {
		return c
	}
	if c := cmp.Compare(len(a.nodes), len(b.nodes)); c != 0 {
		return c
	}
	return slices.Compare(a.nodes, b.nodes)
}

func (e *exhEnum) enumerate() []exhPlan {
	ss := e.states()
	e.listOptions(&ss)
	reqMask, ok := e.requiredMask()
	if !ok {
		return nil
	}
	cells := e.dp(&ss, 1)
	nSets := 1 << len(e.active)
	var out []exhPlan
	for mask := range nSets {
		if mask&reqMask != reqMask {
			continue
		}
		bestSt, bestCost := -1, int64(0)
		for st := range ss.n {
			c := cells[mask*ss.n+st]
			if !c.ok {
				continue
			}
			cost, ok := e.planCost(&ss, mask, st, c.cost)
			if ok && (bestSt < 0 || cost < bestCost) {
				bestSt, bestCost = st, cost
			}
		}
		if bestSt < 0 {
			continue
		}
		// Walk back from the highest node of the set to rebuild the plan.
		p := exhPlan{cost: bestCost, mask: mask, state: bestSt}
		m, st := mask, bestSt
		for m != 0 {
			a := bits.Len(uint(m)) - 1
			o := e.options[a][cells[m*ss.n+st].opt]
			s, _ := e.ship(e.active[a], o.q)
			p.shipments = append(p.shipments, s)
			st -= o.delta
			m &^= 1 << a
		}
		slices.Reverse(p.shipments)
		var shipped exhQty
		for _, s := range p.shipments {
			p.nodes = append(p.nodes, s.node)
			p.bd = exhAdd(p.bd, s.bd)
			shipped = shipped.plus(s.q)
		}
		var bo int64
		for j := range e.skus {
			p.backorder[j] = e.demand[j] - shipped[j]
			bo += p.backorder[j]
		}
		p.bd.Backorder = e.w.Backorder * sourcing.Money(bo)
		p.bd.Split = sourcing.Money(e.splitCost(len(p.shipments)))
		if int64(p.bd.Total()) != p.cost {
			panic(fmt.Sprintf("enumerator: rebuilt plan costs %d, DP says %d", p.bd.Total(), p.cost))
		}
		out = append(out, p)
	}
	return out
}

// metOutcomes says whether plan 1 (best, the first of plans) meets the
// promise, as a fallback judges it: it exists, backorders nothing and
// arrives by the promise + tolerance. Plan 1 is the cheapest plan on its
// node set, but several allocations on that set may cost the same: the
// answer is the set of outcomes some cheapest allocation has.
func (e *exhEnum) metOutcomes(plans []exhPlan) (canMeet, canMiss bool) {
	if len(plans) == 0 {
		return false, true
	}
	best := plans[0]
	if e.mode == rules.Reserve {
		return !e.beyond(best.shipments[0].eta), e.beyond(best.shipments[0].eta)
	}
	ss := e.states()
	e.listOptions(&ss)
	cells := e.dp(&ss, 2)
	full := ss.n - 1 // every block and every free unit served
	for st := range ss.n {
		for f := range 2 {
			c := cells[(best.mask*ss.n+st)*2+f]
			if !c.ok {
				continue
			}
			cost, ok := e.planCost(&ss, best.mask, st, c.cost)
			if !ok || cost != best.cost {
				continue
			}
			if st == full && f == 0 {
				canMeet = true
			} else {
				canMiss = true
			}
		}
	}
	if !canMeet && !canMiss {
		panic("enumerator: plan 1's cost not found again")
	}
	return canMeet, canMiss
}

func exhAdd(a, b orchestrate.Breakdown) orchestrate.Breakdown {
	return orchestrate.Breakdown{
		Carrier: a.Carrier + b.Carrier, Handling: a.Handling + b.Handling, Picking: a.Picking + b.Picking,
		Distance: a.Distance + b.Distance, Priority: a.Priority + b.Priority, LowStock: a.LowStock + b.LowStock,
		Workload: a.Workload + b.Workload, Lateness: a.Lateness + b.Lateness, Carbon: a.Carbon + b.Carbon,
		Split: a.Split + b.Split, Backorder: a.Backorder + b.Backorder,
	}
}

// reprice checks that plan p, as Solve returned it, is feasible as the
// documentation says and returns what the documentation says it costs, term by term. Every
// problem found is reported.
func (e *exhEnum) reprice(p orchestrate.Plan) (orchestrate.Breakdown, error) {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	var total orchestrate.Breakdown
	var shipped exhQty
	perNode := map[int]exhQty{}
	for si, sh := range p.Shipments {
		if si > 0 && p.Shipments[si-1].Node >= sh.Node {
			bad("shipments not sorted by node ID or node repeated: %s then %s", p.Shipments[si-1].Node, sh.Node)
		}
		ni := slices.IndexFunc(e.nodes, func(n stock.Node) bool { return n.ID == sh.Node })
		if ni < 0 {
			bad("shipment from unknown node %q", sh.Node)
			continue
		}
		var q exhQty
		for li, l := range sh.Lines {
			if li > 0 && sh.Lines[li-1].SKU > l.SKU {
				bad("%s: lines not sorted by SKU: %s then %s", sh.Node, sh.Lines[li-1].SKU, l.SKU)
			}
			j := slices.Index(e.skus, l.SKU)
			if j < 0 {
				bad("%s: ships %s, not in the order", sh.Node, l.SKU)
				continue
			}
			if l.Qty <= 0 {
				bad("%s: line %s has quantity %d", sh.Node, l.SKU, l.Qty)
			}
			q[j] += int64(l.Qty)
		}
		perNode[ni] = q
		shipped = shipped.plus(q)
		s, err := e.ship(ni, q)
		if err != nil {
			bad("infeasible shipment: %v", err)
			continue
		}
		total = exhAdd(total, s.bd)
		if sh.Breakdown != s.bd {
			bad("%s: shipment breakdown %s, the documentation says %s", sh.Node, exhTerms(sh.Breakdown), exhTerms(s.bd))
		}
		if sh.Cost != s.bd.Total() {
			bad("%s: shipment cost %d, the documentation says %d", sh.Node, sh.Cost, s.bd.Total())
		}
		if sh.Carrier != s.carrier || sh.Parcels != s.parcels {
			bad("%s: carrier %v with %d parcels, the documentation says %v with %d", sh.Node, sh.Carrier, sh.Parcels, s.carrier, s.parcels)
		}
		if sh.Distance != s.distance {
			bad("%s: distance %d mm, the documentation says %d mm", sh.Node, sh.Distance, s.distance)
		}
		if sh.ETADays != s.eta {
			bad("%s: ETA %d days, the documentation says %d", sh.Node, sh.ETADays, s.eta)
		}
		if !sh.CarrierPickup.Equal(s.pickup) {
			bad("%s: pick-up %v, the documentation says %v", sh.Node, sh.CarrierPickup, s.pickup)
		}
		if sh.Arrival != s.arrival {
			bad("%s: arrival %v, the documentation says %v", sh.Node, sh.Arrival, s.arrival)
		}
	}
	k := len(p.Shipments)
	if !e.shipmentsAllowed(k) {
		bad("%d shipments + %d existing, max_shipments %d", k, e.existing, e.f.MaxShipments)
	}
	if e.mode == rules.Reserve && k != 1 {
		bad("a reservation with %d stores", k)
	}
	for _, ni := range e.required {
		if _, ok := perNode[ni]; !ok {
			bad("no shipment from %s, a required node", e.nodes[ni].ID)
		}
	}
	var bo exhQty
	for li, l := range p.Backordered {
		if li > 0 && p.Backordered[li-1].SKU >= l.SKU {
			bad("backordered lines not sorted by SKU or SKU repeated: %s then %s", p.Backordered[li-1].SKU, l.SKU)
		}
		j := slices.Index(e.skus, l.SKU)
		if j < 0 || l.Qty <= 0 {
			bad("backordered line %s × %d", l.SKU, l.Qty)
			continue
		}
		bo[j] += int64(l.Qty)
	}
	var boUnits int64
	for j := range e.skus {
		if shipped[j]+bo[j] != e.demand[j] {
			bad("%s: %d shipped + %d backordered ≠ %d ordered", e.skus[j], shipped[j], bo[j], e.demand[j])
		}
		boUnits += bo[j]
	}
	if boUnits > 0 && (e.f.ShipComplete || e.mode == rules.Reserve) {
		bad("%d units backordered, not allowed", boUnits)
	}
	if e.mode != rules.Reserve && !e.linesFit(perNode, bo) {
		if e.f.WholeLines {
			bad("lines split across nodes although line_split is false, or a ship-together group broken")
		} else {
			bad("a ship-together group broken")
		}
	}
	total.Split = sourcing.Money(e.splitCost(k))
	total.Backorder = e.w.Backorder * sourcing.Money(boUnits)
	return total, errors.Join(errs...)
}

// linesFit reports whether some assignment of each block (and, for whole
// lines, each free line) to one node or to the backorder, the free units
// (when lines may split) filling the rest, gives exactly these quantities.
func (e *exhEnum) linesFit(perNode map[int]exhQty, bo exhQty) bool {
	targets := []exhQty{bo}
	for _, ni := range slices.Sorted(maps.Keys(perNode)) {
		targets = append(targets, perNode[ni])
	}
	var units []exhQty // what must go whole to one target
	for _, bl := range e.blocks {
		units = append(units, bl.q)
	}
	if e.f.WholeLines {
		for _, li := range e.free {
			var q exhQty
			q[e.lines[li].sku] = e.lines[li].qty
			units = append(units, q)
		}
	}
	left := slices.Clone(targets)
	var rec func(i int) bool
	rec = func(i int) bool {
		if i == len(units) {
			// The free units fill what is left when lines may split (the
			// totals already match); with whole lines nothing is left.
			return !e.f.WholeLines || slices.Equal(left, make([]exhQty, len(left)))
		}
		for t := range left {
			fits := true
			for j := range e.skus {
				if units[i][j] > left[t][j] {
					fits = false
				}
			}
			if !fits {
				continue
			}
			for j := range e.skus {
				left[t][j] -= units[i][j]
			}
			ok := rec(i + 1)
			for j := range e.skus {
				left[t][j] += units[i][j]
			}
			if ok {
				return true
			}
		}
		return false
	}
	return rec(0)
}

// describePlan formats an enumerated plan compactly.
func (e *exhEnum) describePlan(p exhPlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cost %d {", p.cost)
	for i, s := range p.shipments {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s:", s.node)
		for j, sku := range e.skus {
			if s.q[j] > 0 {
				fmt.Fprintf(&b, " %s×%d", sku, s.q[j])
			}
		}
		fmt.Fprintf(&b, " [%v %d km=%.3f eta=%d arrival=%v cost=%d]", s.carrier, s.parcels, s.distance.Kilometres(), s.eta, s.arrival, s.bd.Total())
	}
	b.WriteString("} backorder [")
	for j, sku := range e.skus {
		if p.backorder[j] > 0 {
			fmt.Fprintf(&b, " %s×%d", sku, p.backorder[j])
		}
	}
	fmt.Fprintf(&b, " ] %s", exhTerms(p.bd))
	return b.String()
}

// describeSolvePlan formats a plan returned by Solve compactly.
func describeSolvePlan(p orchestrate.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rank %d cost %d {", p.Rank, p.Cost)
	for i, s := range p.Shipments {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s:", s.Node)
		for _, l := range s.Lines {
			fmt.Fprintf(&b, " %s×%d", l.SKU, l.Qty)
		}
		fmt.Fprintf(&b, " [%v %d km=%.3f eta=%d arrival=%v cost=%d]", s.Carrier, s.Parcels, s.Distance.Kilometres(), s.ETADays, s.Arrival, s.Cost)
	}
	b.WriteString("} backorder [")
	for _, l := range p.Backordered {
		fmt.Fprintf(&b, " %s×%d", l.SKU, l.Qty)
	}
	fmt.Fprintf(&b, " ] %s", exhTerms(p.Breakdown))
	return b.String()
}

// exhTerms formats a breakdown's non-zero terms in minor units.
func exhTerms(bd orchestrate.Breakdown) string {
	var parts []string
	for _, t := range bd.Terms() {
		if t.Amount != 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", t.Name, int64(t.Amount)))
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}
