package orchestrate_test

// An exhaustive enumerator of plans, written from the contract
// (DESIGN.md, SCENARIO.md and the package documentation) and not from the
// solver, so that it can check Solve's exactness on small instances. It
// uses only the leaf packages (geo for distances, carrier for zones,
// packing and grid prices) and the exported data of stock and rules.

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Limits of the enumerator: it is meant for small instances.
const (
	exhMaxNodes = 10 // nodes that can give stock to one order
	exhMaxSKUs  = 8  // distinct SKUs in one order
	exhMaxLines = 8  // lines in one order, when lines may not be split
)

// exhQty is a quantity per distinct SKU of the order (indexed like
// exhEnum.skus).
type exhQty [exhMaxSKUs]int64

// exhShipment is one shipment as the contract prices it.
type exhShipment struct {
	node     stock.NodeID
	q        exhQty
	units    int64
	carrier  carrier.ServiceID // zero when nothing is carried
	parcels  int64
	eta      sourcing.Days
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
}

type exhLine struct {
	sku int // index into exhEnum.skus
	qty int64
}

type exhMemoKey struct {
	node int
	q    exhQty
}

type exhMemoVal struct {
	s   exhShipment
	err error
}

// exhEnum enumerates the plans of one order.
type exhEnum struct {
	order    orchestrate.Order
	profile  string
	w        rules.Weights
	f        rules.Filters
	mode     rules.Mode
	dest     geo.LatLng
	pickup   int // index in nodes of the collect pickup store, or -1
	skus     []stock.SKU
	items    []stock.Item
	demand   exhQty
	lines    []exhLine
	nodes    []stock.Node // every node, in ID order
	avail    [][]int64    // [node][sku] available before keep
	dist     []geo.Distance
	services []*carrier.Service
	memo     map[exhMemoKey]exhMemoVal
}

// newExhEnum prepares the enumeration of order's plans. The order is
// assumed valid (Solve validates it; the generator only builds valid ones).
func newExhEnum(order orchestrate.Order, snap *stock.Snapshot, rs *rules.RuleSet) (*exhEnum, error) {
	prof, err := rs.Match(rules.Facts{
		Channel: order.Channel, Mode: order.Mode, Country: order.Country, Tier: order.Tier,
		Tags: order.Tags, Value: order.Value, PlacedAt: order.PlacedAt,
	})
	if err != nil {
		return nil, err
	}
	spec := prof.Spec()
	e := &exhEnum{
		order:    order,
		profile:  prof.Name(),
		w:        spec.Weights,
		f:        spec.Filters,
		mode:     order.Mode,
		dest:     order.Destination,
		pickup:   -1,
		services: rs.Carriers(),
		memo:     map[exhMemoKey]exhMemoVal{},
	}
	for _, l := range order.Lines {
		j := slices.Index(e.skus, l.SKU)
		if j < 0 {
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
	for n := range snap.Nodes() {
		e.nodes = append(e.nodes, n)
	}
	if len(e.nodes) > exhMaxNodes {
		return nil, fmt.Errorf("enumerator: %d nodes, at most %d", len(e.nodes), exhMaxNodes)
	}
	if e.mode == rules.Collect {
		for i, n := range e.nodes {
			if n.ID == order.PickupNode {
				e.pickup = i
				e.dest = n.Location
			}
		}
		if e.pickup < 0 {
			return nil, fmt.Errorf("enumerator: no pickup node %q", order.PickupNode)
		}
	}
	for _, n := range e.nodes {
		a := make([]int64, len(e.skus))
		for j, sku := range e.skus {
			a[j] = int64(snap.Level(n.ID, sku).Available())
		}
		e.avail = append(e.avail, a)
		e.dist = append(e.dist, n.Location.Distance(e.dest))
	}
	return e, nil
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
	ownShelf := e.mode == rules.Collect && ni == e.pickup
	switch e.mode {
	case rules.Home:
		if !n.Ships {
			return s, fmt.Errorf("%s: does not ship", n.ID)
		}
	case rules.Collect:
		if !ownShelf && !n.Ships {
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
	bd.Priority = e.w.Priority * sourcing.Money(n.Priority) * sourcing.Money(s.units)
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
	case e.mode == rules.Reserve:
		bd.Distance = distanceTerm()
		s.eta = n.PrepDays
	case ownShelf:
		s.eta = n.PrepDays
		bd.Lateness = sourcing.Money(e.late(s.eta))
	default:
		bd.Distance = distanceTerm()
		var pieces []carrier.Piece
		var grams int64
		for j := range e.skus {
			if q[j] > 0 {
				pieces = append(pieces, carrier.Piece{Label: string(e.skus[j]), Weight: e.items[j].Weight, Count: q[j]})
				grams += int64(e.items[j].Weight) * q[j]
			}
		}
		var best *carrier.Service
		var bestQ carrier.Quote
		var bestTotal int64
		for _, svc := range e.services {
			qt, err := svc.Quote(pieces, e.dist[ni])
			if err != nil {
				continue
			}
			total := int64(qt.Price) + e.late(n.PrepDays+qt.Days)
			better := best == nil || total < bestTotal ||
				total == bestTotal && (qt.Price < bestQ.Price || qt.Price == bestQ.Price && svc.ID().Compare(best.ID()) < 0)
			if better {
				best, bestQ, bestTotal = svc, qt, total
			}
		}
		if best == nil {
			return s, fmt.Errorf("%s: no carrier service can carry %v over %d mm", n.ID, q[:len(e.skus)], e.dist[ni])
		}
		s.carrier = best.ID()
		s.parcels = bestQ.Parcels
		s.eta = n.PrepDays + bestQ.Days
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

// exhOption is one shipment a node may make: its quantities, and for whole
// lines the lines it serves.
type exhOption struct {
	q     exhQty
	lines int // bit set of lines (whole lines only)
	cost  int64
}

// exhCell is the cheapest partial plan for one (node set, served state).
type exhCell struct {
	cost int64
	opt  int16 // option of the highest node of the set
	ok   bool
}

// plans returns the cheapest plan on every feasible set of shipping nodes,
// ranked by cost, fewer shipments, node IDs.
func (e *exhEnum) plans() []exhPlan {
	var out []exhPlan
	if e.mode == rules.Reserve {
		for ni := range e.nodes {
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

// enumerate runs a dynamic program over the nodes, in ID order, whose
// states are (set of shipping nodes, what has been served): it is the
// minimum over every allocation, grouped by node set, because a plan's cost
// is a sum of per-shipment costs plus terms of the node set (split) and of
// what is served (backorder).
func (e *exhEnum) enumerate() []exhPlan {
	whole := e.f.WholeLines
	// State space: served units per SKU (mixed radix) when lines may split;
	// the set of lines served when they may not.
	var radix exhQty
	nStates := 1
	if whole {
		nStates = 1 << len(e.lines)
	} else {
		for j := range e.skus {
			radix[j] = int64(nStates)
			nStates *= int(e.demand[j]) + 1
		}
	}
	decode := func(st int) exhQty {
		var u exhQty
		if whole {
			for i, l := range e.lines {
				if st&(1<<i) != 0 {
					u[l.sku] += l.qty
				}
			}
			return u
		}
		for j := range e.skus {
			u[j] = int64(st) / radix[j] % (e.demand[j] + 1)
		}
		return u
	}
	served := make([]exhQty, nStates)
	for st := range nStates {
		served[st] = decode(st)
	}

	// Options of each node: every shipment the rules allow.
	var active []int // node indices with at least one option
	var options [][]exhOption
	for ni := range e.nodes {
		var opts []exhOption
		add := func(q exhQty, lines int) {
			s, err := e.ship(ni, q)
			if err == nil {
				opts = append(opts, exhOption{q: q, lines: lines, cost: e.shipmentCost(s)})
			}
		}
		if whole {
			for m := 1; m < 1<<len(e.lines); m++ {
				var q exhQty
				for i, l := range e.lines {
					if m&(1<<i) != 0 {
						q[l.sku] += l.qty
					}
				}
				add(q, m)
			}
		} else {
			var bound exhQty
			for j := range e.skus {
				bound[j] = min(e.demand[j], max(e.avail[ni][j], 0))
			}
			var q exhQty
			var rec func(j int)
			rec = func(j int) {
				if j == len(e.skus) {
					if q != (exhQty{}) {
						add(q, 0)
					}
					return
				}
				for v := int64(0); v <= bound[j]; v++ {
					q[j] = v
					rec(j + 1)
				}
				q[j] = 0
			}
			rec(0)
		}
		if len(opts) > 0 {
			active = append(active, ni)
			options = append(options, opts)
		}
	}

	next := func(st int, o exhOption) (int, bool) {
		if whole {
			if st&o.lines != 0 {
				return 0, false
			}
			return st | o.lines, true
		}
		u := served[st]
		d := 0
		for j := range e.skus {
			if u[j]+o.q[j] > e.demand[j] {
				return 0, false
			}
			d += int(o.q[j] * radix[j])
		}
		return st + d, true
	}
	prev := func(st int, o exhOption) int {
		if whole {
			return st &^ o.lines
		}
		d := 0
		for j := range e.skus {
			d += int(o.q[j] * radix[j])
		}
		return st - d
	}

	nSets := 1 << len(active)
	cells := make([]exhCell, nSets*nStates)
	cells[0] = exhCell{ok: true, opt: -1}
	for a := range active {
		bit := 1 << a
		for mask := range bit { // sets of the nodes before this one
			for st := range nStates {
				c := cells[mask*nStates+st]
				if !c.ok {
					continue
				}
				for oi, o := range options[a] {
					ns, ok := next(st, o)
					if !ok {
						continue
					}
					cost := c.cost + o.cost
					t := &cells[(mask|bit)*nStates+ns]
					if !t.ok || cost < t.cost {
						*t = exhCell{cost: cost, opt: int16(oi), ok: true}
					}
				}
			}
		}
	}

	var out []exhPlan
	for mask := range nSets {
		k := bits.OnesCount(uint(mask))
		if e.f.MaxShipments > 0 && k > e.f.MaxShipments {
			continue
		}
		bestSt, bestCost := -1, int64(0)
		for st := range nStates {
			c := cells[mask*nStates+st]
			if !c.ok {
				continue
			}
			var bo int64
			for j := range e.skus {
				bo += e.demand[j] - served[st][j]
			}
			if e.f.ShipComplete && bo > 0 {
				continue
			}
			cost := c.cost + int64(e.w.Backorder)*bo
			if k > 1 {
				cost += int64(e.w.Split) * int64(k-1)
			}
			if bestSt < 0 || cost < bestCost {
				bestSt, bestCost = st, cost
			}
		}
		if bestSt < 0 {
			continue
		}
		// Walk back from the highest node of the set to rebuild the plan.
		p := exhPlan{cost: bestCost}
		m, st := mask, bestSt
		for m != 0 {
			a := bits.Len(uint(m)) - 1
			o := options[a][cells[m*nStates+st].opt]
			s, _ := e.ship(active[a], o.q)
			p.shipments = append(p.shipments, s)
			st = prev(st, o)
			m &^= 1 << a
		}
		slices.Reverse(p.shipments)
		var shipped exhQty
		for _, s := range p.shipments {
			p.nodes = append(p.nodes, s.node)
			p.bd = exhAdd(p.bd, s.bd)
			for j := range e.skus {
				shipped[j] += s.q[j]
			}
		}
		var bo int64
		for j := range e.skus {
			p.backorder[j] = e.demand[j] - shipped[j]
			bo += p.backorder[j]
		}
		p.bd.Backorder = e.w.Backorder * sourcing.Money(bo)
		if k > 1 {
			p.bd.Split = e.w.Split * sourcing.Money(k-1)
		}
		if int64(p.bd.Total()) != p.cost {
			panic(fmt.Sprintf("enumerator: rebuilt plan costs %d, DP says %d", p.bd.Total(), p.cost))
		}
		out = append(out, p)
	}
	return out
}

func exhAdd(a, b orchestrate.Breakdown) orchestrate.Breakdown {
	return orchestrate.Breakdown{
		Carrier: a.Carrier + b.Carrier, Handling: a.Handling + b.Handling, Picking: a.Picking + b.Picking,
		Distance: a.Distance + b.Distance, Priority: a.Priority + b.Priority, LowStock: a.LowStock + b.LowStock,
		Workload: a.Workload + b.Workload, Lateness: a.Lateness + b.Lateness, Carbon: a.Carbon + b.Carbon,
		Split: a.Split + b.Split, Backorder: a.Backorder + b.Backorder,
	}
}

// reprice checks that plan p, as Solve returned it, is feasible under the
// contract and returns what the contract says it costs, term by term. Every
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
		for j := range e.skus {
			shipped[j] += q[j]
		}
		s, err := e.ship(ni, q)
		if err != nil {
			bad("infeasible shipment: %v", err)
			continue
		}
		total = exhAdd(total, s.bd)
		if sh.Breakdown != s.bd {
			bad("%s: shipment breakdown %s, contract says %s", sh.Node, exhTerms(sh.Breakdown), exhTerms(s.bd))
		}
		if sh.Cost != s.bd.Total() {
			bad("%s: shipment cost %d, contract says %d", sh.Node, sh.Cost, s.bd.Total())
		}
		if sh.Carrier != s.carrier || sh.Parcels != s.parcels {
			bad("%s: carrier %v with %d parcels, contract says %v with %d", sh.Node, sh.Carrier, sh.Parcels, s.carrier, s.parcels)
		}
		if sh.Distance != s.distance {
			bad("%s: distance %d mm, contract says %d mm", sh.Node, sh.Distance, s.distance)
		}
		if e.mode != rules.Reserve && sh.ETADays != s.eta {
			bad("%s: ETA %d days, contract says %d", sh.Node, sh.ETADays, s.eta)
		}
	}
	k := len(p.Shipments)
	if e.f.MaxShipments > 0 && k > e.f.MaxShipments {
		bad("%d shipments, max_shipments %d", k, e.f.MaxShipments)
	}
	if e.mode == rules.Reserve && k != 1 {
		bad("a reservation with %d stores", k)
	}
	var bo exhQty
	for li, l := range p.Backordered {
		if li > 0 && p.Backordered[li-1].SKU > l.SKU {
			bad("backordered lines not sorted by SKU: %s then %s", p.Backordered[li-1].SKU, l.SKU)
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
	if e.f.WholeLines && e.mode != rules.Reserve && !e.wholeLinesFit(perNode, bo) {
		bad("lines split across nodes although line_split is false")
	}
	if k > 1 {
		total.Split = e.w.Split * sourcing.Money(k-1)
	}
	total.Backorder = e.w.Backorder * sourcing.Money(boUnits)
	return total, errors.Join(errs...)
}

// wholeLinesFit reports whether some assignment of each whole line to one
// node or to the backorder gives exactly these quantities.
func (e *exhEnum) wholeLinesFit(perNode map[int]exhQty, bo exhQty) bool {
	targets := []exhQty{bo}
	for _, ni := range slices.Sorted(maps.Keys(perNode)) {
		targets = append(targets, perNode[ni])
	}
	got := make([]exhQty, len(targets))
	var rec func(i int) bool
	rec = func(i int) bool {
		if i == len(e.lines) {
			return slices.Equal(got, targets)
		}
		l := e.lines[i]
		for t := range targets {
			if got[t][l.sku]+l.qty > targets[t][l.sku] {
				continue
			}
			got[t][l.sku] += l.qty
			ok := rec(i + 1)
			got[t][l.sku] -= l.qty
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
		fmt.Fprintf(&b, " [%v %d km=%.3f eta=%d cost=%d]", s.carrier, s.parcels, s.distance.Kilometres(), s.eta, s.bd.Total())
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
		fmt.Fprintf(&b, " [%v %d km=%.3f eta=%d cost=%d]", s.Carrier, s.Parcels, s.Distance.Kilometres(), s.ETADays, s.Cost)
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
