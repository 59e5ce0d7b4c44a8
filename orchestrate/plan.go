package orchestrate

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Result is the answer to one Solve: the ranked plans and why they are what
// they are.
type Result struct {
	Order         string     // the order's ID
	Mode          rules.Mode // the order's mode
	Profile       string     // the profile that applied
	PolicyVersion string     // the rule set's version
	// Optimal is true when the search completed: plan 1 is then the proven
	// minimum-cost plan and plans 2..K the cheapest plans on the next
	// cheapest node sets. When the search was cut short (budget or context),
	// Optimal is false, the plans are the best found (all feasible), and
	// LowerBound bounds what the optimum may cost.
	Optimal    bool
	LowerBound sourcing.Money
	Plans      []Plan
	excluded   func() []Exclusion
	// Work is the effort the call spent, in the units of Options.Budget:
	// every stage of every solve it made (a fallback chain's attempts
	// included).
	Work int64
	// Attempts lists, when the profile has a fallback, each try in order:
	// the profile and on-time tolerance used, and whether plan 1 met the
	// promise. The result is the first attempt that met it, or the first
	// whose search was cut short (by the budget or ctx), or the last.
	Attempts []Attempt
	cut      bool // the search was cut short
}

// Attempt is one try of a profile's fallback chain.
type Attempt struct {
	Profile       string
	ToleranceDays sourcing.Days
	Met           bool
	Error         string // why it had no plan, if so
	Missed        string // why its plan 1 misses the promise (a backorder, a late shipment), if so
}

// Excluded lists, in node ID order, the nodes holding records of the
// order's SKUs that cannot give any: kept out by a rule (with the rule),
// with nothing available, or, for a reservation, unable to hold the whole
// basket; and, with their SKU, the SKUs kept out of nodes that are
// otherwise allowed: by a rule, or because no carrier service takes a
// unit. The search itself reads only the nodes that matter; this reads
// every holder, on demand, so a checkout that does not ask pays nothing
// for it.
func (r *Result) Excluded() []Exclusion {
	if r.excluded == nil {
		return nil
	}
	return r.excluded()
}

// Plan is one way to serve an order: shipments, at most one per node, and
// backordered units.
type Plan struct {
	Rank        int            // 1 = best
	Cost        sourcing.Money // = Breakdown.Total()
	Breakdown   Breakdown
	Shipments   []Shipment // by node ID
	Backordered []Line     // by SKU
}

// Nodes returns the plan's shipping nodes, in ID order.
func (p *Plan) Nodes() []stock.NodeID {
	ids := make([]stock.NodeID, len(p.Shipments))
	for i, s := range p.Shipments {
		ids[i] = s.Node
	}
	return ids
}

// Allocations returns what the plan takes from stock, for
// [stock.Snapshot.Apply].
func (p *Plan) Allocations() []stock.Allocation {
	var out []stock.Allocation
	for _, s := range p.Shipments {
		for _, l := range s.Lines {
			out = append(out, stock.Allocation{Node: s.Node, SKU: l.SKU, Qty: l.Qty})
		}
	}
	return out
}

// Shipment is what one node prepares and sends: the unit a store or
// warehouse is notified of.
type Shipment struct {
	Node  stock.NodeID
	Lines []Line // by SKU
	// Carrier is the service chosen (the one with the lowest price +
	// lateness; ties: lower price, then service ID). It is the zero ID when
	// nothing is carried: a click & collect order served from the pickup
	// store's shelf, or a reservation.
	Carrier  carrier.ServiceID
	Parcels  int64
	Distance geo.Distance  // great-circle, node to destination
	ETADays  sourcing.Days // preparation + transit
	// CarrierPickup (pickup_by) is when the carrier collects the shipment
	// from the node, the time it must be ready by (the node's cut-off on
	// the day preparation ends), for a node with a calendar; zero
	// otherwise. A customer collecting a click & collect order does so at
	// Order.PickupNode, from Arrival.
	CarrierPickup time.Time
	// Arrival is the date the shipment arrives (or is ready, on a store's
	// shelf), when the order has a placed_at time; zero otherwise.
	Arrival   stock.Date
	Cost      sourcing.Money
	Breakdown Breakdown // the shipment's share; Split and Backorder are 0
}

// Breakdown is a cost split by term, as in the package documentation.
type Breakdown struct {
	Carrier   sourcing.Money `json:"carrier"`
	Handling  sourcing.Money `json:"handling"`
	Picking   sourcing.Money `json:"picking"`
	Distance  sourcing.Money `json:"distance"`
	Priority  sourcing.Money `json:"priority"`
	LowStock  sourcing.Money `json:"low_stock"`
	Workload  sourcing.Money `json:"workload"`
	Lateness  sourcing.Money `json:"lateness"`
	Carbon    sourcing.Money `json:"carbon"`
	Split     sourcing.Money `json:"split"`
	Backorder sourcing.Money `json:"backorder"`
}

// Total returns the sum of the terms.
func (b Breakdown) Total() sourcing.Money {
	return b.Carrier + b.Handling + b.Picking + b.Distance + b.Priority + b.LowStock +
		b.Workload + b.Lateness + b.Carbon + b.Split + b.Backorder
}

func (b Breakdown) add(o Breakdown) Breakdown {
	return Breakdown{
		Carrier: b.Carrier + o.Carrier, Handling: b.Handling + o.Handling, Picking: b.Picking + o.Picking,
		Distance: b.Distance + o.Distance, Priority: b.Priority + o.Priority, LowStock: b.LowStock + o.LowStock,
		Workload: b.Workload + o.Workload, Lateness: b.Lateness + o.Lateness, Carbon: b.Carbon + o.Carbon,
		Split: b.Split + o.Split, Backorder: b.Backorder + o.Backorder,
	}
}

// Terms returns the breakdown as (name, amount) pairs in the order of the
// package documentation, with the JSON names.
func (b Breakdown) Terms() []Term {
	return []Term{
		{"carrier", b.Carrier}, {"handling", b.Handling}, {"picking", b.Picking},
		{"distance", b.Distance}, {"priority", b.Priority}, {"low_stock", b.LowStock},
		{"workload", b.Workload}, {"lateness", b.Lateness}, {"carbon", b.Carbon},
		{"split", b.Split}, {"backorder", b.Backorder},
	}
}

// Term is one named amount of a Breakdown.
type Term struct {
	Name   string
	Amount sourcing.Money
}

// Exclusion says which rule kept a node out of an order, or, with SKU set,
// one SKU out of a node that is otherwise allowed.
type Exclusion struct {
	Node   stock.NodeID
	SKU    stock.SKU // "" when the whole node is excluded
	Reason Reason
	detail detail // the values involved, formatted by Detail on demand
}

// detail holds the values of an exclusion, so that Solve formats nothing
// nobody reads; or, for an exclusion read from JSON, the text itself.
type detail struct {
	a, b  int64
	s, t  string
	text  string
	fixed bool // text is the detail, as read from JSON
}

// Detail returns the values involved, e.g. "412.312km > 400km", or "".
func (e Exclusion) Detail() string {
	d := e.detail
	if d.fixed {
		return d.text
	}
	switch e.Reason {
	case ReasonKind, ReasonCountry:
		return d.s
	case ReasonDistance:
		return geo.Distance(d.a).String() + " > " + geo.Distance(d.b).String()
	case ReasonCapacity:
		return fmt.Sprintf("committed %d of %d", d.a, d.b)
	case ReasonForbidden:
		return fmt.Sprintf("%s may not ship %q", d.s, d.t)
	case ReasonKeep:
		return fmt.Sprintf("%d available, keeps %d", d.a, d.b)
	case ReasonIncomplete:
		if d.s == "" {
			return fmt.Sprintf("capacity for %d units today, the basket has %d", d.a, d.b)
		}
		return fmt.Sprintf("%d of %d × %s available", d.a, d.b, d.s)
	case ReasonTooLarge:
		return fmt.Sprintf("a unit weighs %d g, %d cm³: heavier or bulkier than any parcel the services reaching the destination take", d.a, d.b)
	case ReasonNoCarrier:
		return "no carrier service serves this destination from this node, " + geo.Distance(d.a).String() + " away"
	}
	return ""
}

// Reason is a rule that excludes a node.
type Reason string

// The reasons a node is excluded.
const (
	ReasonNoStock    Reason = "nothing available"
	ReasonKind       Reason = "kind not allowed"
	ReasonNamed      Reason = "excluded by name"
	ReasonCaller     Reason = "excluded for this solve"
	ReasonOrigin     Reason = "origin store's own stock excluded"
	ReasonCountry    Reason = "country not allowed"
	ReasonNoShip     Reason = "does not ship"
	ReasonNoReserve  Reason = "does not take reservations"
	ReasonDistance   Reason = "beyond max_km"
	ReasonCapacity   Reason = "capacity exhausted"
	ReasonForbidden  Reason = "item tag forbidden"
	ReasonKeep       Reason = "display stock kept"
	ReasonNoCarrier  Reason = "no carrier service"
	ReasonTooLarge   Reason = "no carrier service takes a unit" // of one SKU: see Exclusion.SKU
	ReasonNoClock    Reason = "no order time"
	ReasonIncomplete Reason = "cannot hold the whole basket"
)

func sortLines(ls []Line) {
	slices.SortFunc(ls, func(a, b Line) int { return cmp.Compare(a.SKU, b.SKU) })
}
