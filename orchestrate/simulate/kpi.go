package simulate

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// KPIs are what a strategy's season came to, summed over its decisions
// (Summarize): the figures a retailer compares strategies by. Money is in
// minor units of the scenario's currency, priced with its own rules;
// rates are in [0, 1], rounded to 4 decimals; kg to the gram.
type KPIs struct {
	Orders int            `json:"orders"` // the scenario's orders
	Cost   sourcing.Money `json:"cost"`   // Σ the decisions' plan costs
	// Breakdown is the cost by term.
	Breakdown orchestrate.Breakdown `json:"breakdown"`
	// Shipments are the shipments finally made, re-sourced ones included,
	// reservations held by a store too; Parcels theirs.
	Shipments int   `json:"shipments"`
	Parcels   int64 `json:"parcels"`
	// SplitOrders are the orders served by more than one shipment.
	SplitOrders int `json:"split_orders"`
	// OrdersShipped are the orders with at least one unit shipped (a
	// reservation held included); ExtraShipments the shipments beyond one
	// per order that ships, decision by decision: a decision of n orders
	// that ship, with s shipments, has max(0, s − n) extra (a group
	// served by fewer shipments than it has orders has none).
	OrdersShipped  int `json:"orders_shipped"`
	ExtraShipments int `json:"extra_shipments"`
	// UnitsOrdered, UnitsShipped (in the shipments, reservations
	// included) and UnitsBackordered (never served).
	UnitsOrdered     sourcing.Qty `json:"units_ordered"`
	UnitsShipped     sourcing.Qty `json:"units_shipped"`
	UnitsBackordered sourcing.Qty `json:"units_backordered"`
	// OrdersShort are the orders not fully served: some unit backordered
	// (a stock-out, a "rupture").
	OrdersShort int `json:"orders_short"`
	// Km is the distance of the shipments, each rounded to the metre as a
	// plan shows it.
	Km float64 `json:"km"`
	// LateShipments missed their order's promise.
	LateShipments int `json:"late_shipments"`
	// OrdersPromised are the home and collect orders with a promise;
	// OrdersOnTime those of them fully served with every shipment within
	// the promise; OnTimeRate the second over the first (1 without
	// promises).
	OrdersPromised int     `json:"orders_promised"`
	OrdersOnTime   int     `json:"orders_on_time"`
	OnTimeRate     float64 `json:"on_time_rate"`
	// Rejections are the shipments nodes refused; Resourced the
	// re-sourcings that shipped something from another node;
	// UnitsWrittenOff the phantom stock the refusals wrote off.
	Rejections      int          `json:"rejections"`
	Resourced       int          `json:"resourced"`
	UnitsWrittenOff sourcing.Qty `json:"units_written_off"`
	// CO2Kg is what the carriers emitted, in kg.
	CO2Kg float64 `json:"co2_kg"`
	// ShipmentsPerOrder, ParcelsPerOrder and SplitRate (split orders per
	// order).
	ShipmentsPerOrder float64 `json:"shipments_per_order"`
	ParcelsPerOrder   float64 `json:"parcels_per_order"`
	SplitRate         float64 `json:"split_rate"`
	// ShipmentsByKind counts the shipments by the kind of their node;
	// StoreShare is the stores' share.
	ShipmentsByKind ByKind  `json:"shipments_by_kind"`
	StoreShare      float64 `json:"store_share"`
	// StoreUtilisationPeak and StoreUtilisationMean are a store's units
	// of a day against its capacity, at most and on average over the
	// stores with a capacity and the days of the stream (the first day
	// counts the units committed before it).
	StoreUtilisationPeak float64 `json:"store_utilisation_peak"`
	StoreUtilisationMean float64 `json:"store_utilisation_mean"`
	// Reservations held by stores, collected or expired.
	Reservations          int `json:"reservations"`
	ReservationsCollected int `json:"reservations_collected"`
	ReservationsExpired   int `json:"reservations_expired"`
	// UnitsRestocked are the units the events added.
	UnitsRestocked sourcing.Qty `json:"units_restocked"`
}

// ByKind counts by node kind.
type ByKind struct {
	Warehouse int `json:"warehouse"`
	Store     int `json:"store"`
	Supplier  int `json:"supplier"`
}

func (b *ByKind) add(k stock.NodeKind, n int) {
	switch k {
	case stock.Warehouse:
		b.Warehouse += n
	case stock.Store:
		b.Store += n
	case stock.Supplier:
		b.Supplier += n
	}
}

// DayKPIs are one day's figures: the orders placed that day (in the time
// zone of the stream's first order) and their decisions; the stores'
// utilisation of that calendar day.
type DayKPIs struct {
	Date                 stock.Date     `json:"date"`
	Orders               int            `json:"orders"`
	Cost                 sourcing.Money `json:"cost"`
	Shipments            int            `json:"shipments"`
	Parcels              int64          `json:"parcels"`
	UnitsShipped         sourcing.Qty   `json:"units_shipped"`
	UnitsBackordered     sourcing.Qty   `json:"units_backordered"`
	OrdersShort          int            `json:"orders_short"`
	LateShipments        int            `json:"late_shipments"`
	Rejections           int            `json:"rejections"`
	StoreUtilisationPeak float64        `json:"store_utilisation_peak"`
	StoreUtilisationMean float64        `json:"store_utilisation_mean"`
}

// MarshalJSON writes the day's figures with its date as "2006-01-02".
func (d DayKPIs) MarshalJSON() ([]byte, error) {
	type plain DayKPIs
	return json.Marshal(struct {
		Date string `json:"date"`
		plain
	}{d.Date.String(), plain(d)})
}

// NodeKPIs are one node's figures, for the nodes that shipped or refused.
type NodeKPIs struct {
	Node       stock.NodeID   `json:"node"`
	Kind       stock.NodeKind `json:"kind"`
	Shipments  int            `json:"shipments"`
	Units      sourcing.Qty   `json:"units"`
	Parcels    int64          `json:"parcels"`
	Km         float64        `json:"km"`
	Rejections int            `json:"rejections"`
	// UtilisationPeak and UtilisationMean: its units of a day against its
	// capacity, for a node with one.
	UtilisationPeak float64 `json:"utilisation_peak"`
	UtilisationMean float64 `json:"utilisation_mean"`
}

// tally sums decisions into KPIs as they are made.
type tally struct {
	sc      *Scenario
	st      *stream
	weights map[stock.SKU]sourcing.Grams
	co2Rate map[carrier.ServiceID]float64 // g per tonne-km
	k       KPIs
	metres  int64
	days    map[stock.Date]*DayKPIs
	nodes   map[stock.NodeID]*nodeTally
}

type nodeTally struct {
	NodeKPIs
	metres int64
	units  map[stock.Date]sourcing.Qty // per calendar day
}

func newTally(sc *Scenario, st *stream) *tally {
	t := &tally{sc: sc, st: st, weights: map[stock.SKU]sourcing.Grams{}, co2Rate: map[carrier.ServiceID]float64{},
		days: map[stock.Date]*DayKPIs{}, nodes: map[stock.NodeID]*nodeTally{}}
	for it := range sc.Snapshot.Items() {
		t.weights[it.SKU] = it.Weight
	}
	if sc.Rules != nil {
		for _, s := range sc.Rules.Carriers() {
			t.co2Rate[s.ID()] = float64(s.CO2PerTonneKm()) / sourcing.RateScale
		}
	}
	t.k.Orders = len(sc.Orders)
	for _, o := range sc.Orders {
		for _, l := range o.Lines {
			t.k.UnitsOrdered += l.Qty
		}
	}
	for _, e := range sc.Events {
		if e.Restock != nil {
			t.k.UnitsRestocked += e.Restock.Qty
		}
	}
	return t
}

// co2 returns the kg of CO2 the shipment's carrier service emits:
// g per tonne-km × tonnes × km / 1000.
func (t *tally) co2(s orchestrate.Shipment) float64 {
	rate := t.co2Rate[s.Carrier]
	if rate == 0 {
		return 0
	}
	var grams sourcing.Grams
	for _, l := range s.Lines {
		grams += t.weights[l.SKU] * sourcing.Grams(l.Qty)
	}
	tonnes := float64(grams) / 1e6
	return float64(float64(rate*tonnes)*s.Distance.Kilometres()) / 1000
}

func (t *tally) day(d stock.Date) *DayKPIs {
	k := t.days[d]
	if k == nil {
		k = &DayKPIs{Date: d}
		t.days[d] = k
	}
	return k
}

func (t *tally) node(id stock.NodeID) *nodeTally {
	n := t.nodes[id]
	if n == nil {
		node, _ := t.sc.Snapshot.Node(id)
		n = &nodeTally{NodeKPIs: NodeKPIs{Node: id, Kind: node.Kind}, units: map[stock.Date]sourcing.Qty{}}
		t.nodes[id] = n
	}
	return n
}

// add sums one decision.
func (t *tally) add(d *Decision) {
	k := &t.k
	p := &d.Plan
	first := &t.sc.Orders[t.st.byID[d.Orders[0]]]
	day := t.day(dateOf(first.PlacedAt.In(t.st.zone)))
	day.Orders += len(d.Orders)
	k.Cost += p.Cost
	day.Cost += p.Cost
	k.Breakdown = add(k.Breakdown, p.Breakdown)
	k.Shipments += len(p.Shipments)
	day.Shipments += len(p.Shipments)
	var backordered sourcing.Qty
	for _, l := range p.Backordered {
		backordered += l.Qty
	}
	k.UnitsBackordered += backordered
	day.UnitsBackordered += backordered
	var rounds []int // the re-sourcings that shipped, by their round
	for i, s := range p.Shipments {
		so := &d.Shipments[i]
		var units sourcing.Qty
		for _, l := range s.Lines {
			units += l.Qty
		}
		n := t.node(s.Node)
		n.Shipments++
		n.Units += units
		n.Parcels += s.Parcels
		n.metres += s.Distance.Metres()
		n.units[so.Day] += units
		k.ShipmentsByKind.add(n.Kind, 1)
		k.Parcels += s.Parcels
		day.Parcels += s.Parcels
		k.UnitsShipped += units
		day.UnitsShipped += units
		t.metres += s.Distance.Metres()
		k.CO2Kg += float64(so.CO2Kg)
		if so.Late {
			k.LateShipments++
			day.LateShipments++
		}
		if so.Resourced > 0 && !slices.Contains(rounds, so.Resourced) {
			rounds = append(rounds, so.Resourced)
		}
	}
	k.Resourced += len(rounds)
	k.Rejections += len(d.Refusals)
	day.Rejections += len(d.Refusals)
	for _, r := range d.Refusals {
		t.node(r.Node).Rejections++
		k.UnitsWrittenOff += r.WrittenOff
	}
	if d.Reservation != nil {
		k.Reservations++
		if d.Reservation.Collected {
			k.ReservationsCollected++
		} else {
			k.ReservationsExpired++
		}
	}
	// Per order of the decision: split, shipped, short, on time.
	shipped := 0
	for _, id := range d.Orders {
		o := &t.sc.Orders[t.st.byID[id]]
		nodes := 0
		for _, s := range p.Shipments {
			if slices.ContainsFunc(s.Lines, func(l orchestrate.Line) bool { return hasSKU(o, l.SKU) }) {
				nodes++
			}
		}
		if nodes > 1 {
			k.SplitOrders++
		}
		if nodes > 0 {
			shipped++
		}
		short := slices.ContainsFunc(p.Backordered, func(l orchestrate.Line) bool { return hasSKU(o, l.SKU) })
		if short {
			k.OrdersShort++
			day.OrdersShort++
		}
		if o.Mode != rules.Reserve && o.PromiseDays > 0 {
			k.OrdersPromised++
			late := false
			for i, s := range p.Shipments {
				late = late || d.Shipments[i].Late && slices.ContainsFunc(s.Lines, func(l orchestrate.Line) bool { return hasSKU(o, l.SKU) })
			}
			if !short && !late {
				k.OrdersOnTime++
			}
		}
	}
	k.OrdersShipped += shipped
	k.ExtraShipments += max(0, len(p.Shipments)-shipped)
}

func hasSKU(o *orchestrate.Order, sku stock.SKU) bool {
	return slices.ContainsFunc(o.Lines, func(l orchestrate.Line) bool { return l.SKU == sku })
}

// result returns the KPIs, per day and per node, once every decision is
// summed.
func (t *tally) result() (KPIs, []DayKPIs, []NodeKPIs) {
	k := t.k
	k.Km = float64(t.metres) / 1000
	k.CO2Kg = round(k.CO2Kg, 3)
	if k.Orders > 0 {
		k.ShipmentsPerOrder = ratio(k.Shipments, k.Orders)
		k.ParcelsPerOrder = ratio(int(k.Parcels), k.Orders)
		k.SplitRate = ratio(k.SplitOrders, k.Orders)
	}
	k.OnTimeRate = 1
	if k.OrdersPromised > 0 {
		k.OnTimeRate = ratio(k.OrdersOnTime, k.OrdersPromised)
	}
	if k.Shipments > 0 {
		k.StoreShare = ratio(k.ShipmentsByKind.Store, k.Shipments)
	}

	// Utilisation: every store with a capacity, every calendar day of the
	// stream in its time zone (and any day a unit counted on); only the
	// days with units are read, the others counting 0.
	type acc struct {
		sum  float64
		n    int
		peak float64
	}
	type span struct{ first, last stock.Date }
	byDay := map[stock.Date]*acc{}
	var spans []span // of the stores with a capacity
	var all acc
	snap := t.sc.Snapshot
	for i := range snap.NumNodes() {
		n := snap.NodeAt(i)
		if n.Capacity == 0 {
			continue
		}
		loc := time.UTC
		if n.Calendar != nil {
			loc = n.Calendar.Location()
		}
		sp := span{dateOf(t.st.start.In(loc)), dateOf(t.st.end.In(loc))}
		units := map[stock.Date]sourcing.Qty{sp.first: n.Committed}
		if nt := t.nodes[n.ID]; nt != nil {
			for d, u := range nt.units {
				units[d] += u
			}
		}
		days := make([]stock.Date, 0, len(units))
		for d := range units {
			days = append(days, d)
			if after(sp.first, d) {
				sp.first = d
			}
			if after(d, sp.last) {
				sp.last = d
			}
		}
		slices.SortFunc(days, compareDates)
		node := acc{n: daysBetween(sp.first, sp.last) + 1}
		for _, d := range days {
			u := float64(units[d]) / float64(n.Capacity)
			node.sum += u
			node.peak = max(node.peak, u)
			if n.Kind == stock.Store {
				a := byDay[d]
				if a == nil {
					a = &acc{}
					byDay[d] = a
				}
				a.sum += u
				a.peak = max(a.peak, u)
			}
		}
		if nt := t.nodes[n.ID]; nt != nil {
			nt.UtilisationPeak, nt.UtilisationMean = round(node.peak, 4), round(node.sum/float64(node.n), 4)
		}
		if n.Kind == stock.Store {
			spans = append(spans, sp)
			all.sum += node.sum
			all.n += node.n
			all.peak = max(all.peak, node.peak)
		}
	}
	if all.n > 0 {
		k.StoreUtilisationPeak, k.StoreUtilisationMean = round(all.peak, 4), round(all.sum/float64(all.n), 4)
	}
	for d := range t.days {
		if byDay[d] == nil {
			byDay[d] = &acc{}
		}
	}
	for d, a := range byDay {
		for _, sp := range spans {
			if !after(sp.first, d) && !after(d, sp.last) {
				a.n++
			}
		}
		if a.n > 0 {
			day := t.day(d)
			day.StoreUtilisationPeak, day.StoreUtilisationMean = round(a.peak, 4), round(a.sum/float64(a.n), 4)
		}
	}
	days := make([]DayKPIs, 0, len(t.days))
	for _, d := range t.days {
		days = append(days, *d)
	}
	slices.SortFunc(days, func(a, b DayKPIs) int { return compareDates(a.Date, b.Date) })
	nodes := make([]NodeKPIs, 0, len(t.nodes))
	for _, n := range t.nodes {
		n.Km = float64(n.metres) / 1000
		nodes = append(nodes, n.NodeKPIs)
	}
	slices.SortFunc(nodes, func(a, b NodeKPIs) int { return cmp.Compare(a.Node, b.Node) })
	return k, days, nodes
}

func compareDates(a, b stock.Date) int {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Day, b.Day))
}

func after(a, b stock.Date) bool { return compareDates(a, b) > 0 }

// daysBetween returns the days from a to b.
func daysBetween(a, b stock.Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 0, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 0, 0, 0, 0, time.UTC)
	return int((tb.Unix() - ta.Unix()) / (24 * 3600))
}

// ratio returns a / b rounded to 4 decimals.
func ratio(a, b int) float64 { return round(float64(a)/float64(b), 4) }

// round rounds x to digits decimals, half away from zero.
func round(x float64, digits int) float64 {
	p := math.Pow10(digits)
	return math.Round(x*p) / p
}

// Summarize sums decisions of one strategy on sc into its KPIs, per day
// and per node, as Simulate does as it goes: the KPIs are a function of
// the decisions.
func Summarize(sc *Scenario, decisions []Decision) (KPIs, []DayKPIs, []NodeKPIs) {
	t := newTally(sc, newStream(sc))
	for i := range decisions {
		t.add(&decisions[i])
	}
	return t.result()
}
