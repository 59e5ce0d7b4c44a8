package stock

import (
	"errors"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
)

// NodeID identifies a stock point.
type NodeID string

// SKU identifies an item.
type SKU string

// NodeKind is what a stock point is.
type NodeKind uint8

// The kinds of stock point. The zero value is not a kind.
const (
	Warehouse NodeKind = iota + 1
	Store
	Supplier
)

// Kinds lists every kind, in order.
var Kinds = [...]NodeKind{Warehouse, Store, Supplier}

var kindNames = [...]string{Warehouse: "warehouse", Store: "store", Supplier: "supplier"}

// String returns "warehouse", "store" or "supplier".
func (k NodeKind) String() string {
	if k.Valid() {
		return kindNames[k]
	}
	return fmt.Sprintf("NodeKind(%d)", uint8(k))
}

// Valid reports whether k is one of the kinds.
func (k NodeKind) Valid() bool { return k >= Warehouse && k <= Supplier }

// ParseNodeKind parses "warehouse", "store" or "supplier".
func ParseNodeKind(s string) (NodeKind, error) {
	for k := Warehouse; k <= Supplier; k++ {
		if kindNames[k] == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: node kind %q: must be warehouse, store or supplier", sourcing.ErrInvalid, s)
}

// MarshalText writes the kind's name.
func (k NodeKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("%w: node kind %d", sourcing.ErrInvalid, uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText reads a kind's name.
func (k *NodeKind) UnmarshalText(b []byte) error {
	v, err := ParseNodeKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Node is a stock point. Its field comments give the JSON names used in
// errors.
type Node struct {
	ID       NodeID     // id
	Kind     NodeKind   // kind
	Location geo.LatLng // lat, lng: required (the zero LatLng is refused)
	Country  string     // country, e.g. "FR"

	Ships   bool // ships: may ship to customers and transfer to pickup stores
	Pickup  bool // pickup: customers collect click & collect orders here (an order's pickup_node)
	Reserve bool // reserve: takes e-reservations

	Priority     int            // priority: 0 = most preferred
	HandlingCost sourcing.Money // handling_cost: per shipment
	PickCost     sourcing.Money // pick_cost: per unit

	// Capacity is the most units the node may ship a day (capacity; 0 =
	// unlimited); Committed is what it has already committed today
	// (committed). It never ships more than Capacity − Committed.
	Capacity  sourcing.Qty
	Committed sourcing.Qty

	PrepDays sourcing.Days // prep_days: added to transit days for the ETA

	// Calendar (calendar) and Cutoff (cutoff, "15:00") make ETAs follow the
	// clock: an order is taken the day it is placed if that is a working
	// day before the carrier pick-up cut-off (local time), else the next
	// working day; preparation and transit count working days; the ETA is
	// the calendar days from the order's date to the arrival. Without a
	// calendar, ETA = preparation days + transit days.
	Calendar *Calendar
	Cutoff   time.Duration
}

// Remaining returns how many more units the node may ship today, and false
// if it has no capacity limit.
func (n *Node) Remaining() (sourcing.Qty, bool) {
	if n.Capacity == 0 {
		return 0, false
	}
	return max(0, n.Capacity-n.Committed), true
}

// MaxQty is the largest quantity the library accepts anywhere: a stock level,
// a capacity or an order line. It keeps every sum of quantities far from
// overflow.
const MaxQty sourcing.Qty = 1_000_000_000_000

func (n *Node) validate() error {
	var errs []error
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(field, v, why))
	}
	if n.ID == "" {
		bad("id", "", "must not be empty")
	}
	if !n.Kind.Valid() {
		var v any // the zero Kind: left out
		if n.Kind != 0 {
			v = uint8(n.Kind)
		}
		bad("kind", v, "must be warehouse, store or supplier")
	}
	if !n.Location.IsValid() {
		bad("lat", nil, "missing: a node needs a location (lat, lng)")
	}
	if n.Country == "" {
		bad("country", "", "must not be empty")
	}
	if n.Priority < 0 {
		bad("priority", n.Priority, "must be ≥ 0")
	}
	if n.HandlingCost < 0 {
		bad("handling_cost", n.HandlingCost, "must be ≥ 0")
	}
	if n.PickCost < 0 {
		bad("pick_cost", n.PickCost, "must be ≥ 0")
	}
	if n.Capacity < 0 || n.Capacity > MaxQty {
		bad("capacity", n.Capacity, fmt.Sprintf("must be in [0, %d]", MaxQty))
	}
	if n.Committed < 0 || n.Committed > MaxQty {
		bad("committed", n.Committed, fmt.Sprintf("must be in [0, %d]", MaxQty))
	}
	if n.PrepDays < 0 || n.PrepDays > 365 {
		bad("prep_days", n.PrepDays, "must be in [0, 365]")
	}
	switch {
	case n.Calendar != nil && (n.Cutoff <= 0 || n.Cutoff > 24*time.Hour):
		bad("cutoff", clock(n.Cutoff), "must be a time of day in (00:00, 24:00]")
	case n.Calendar == nil && n.Cutoff != 0:
		bad("cutoff", clock(n.Cutoff), "needs a calendar")
	}
	return errors.Join(errs...)
}

// clock writes a cut-off as a time of day, as JSON writes it: "15:00",
// "07:30:15" with seconds, or a duration ("-1h0m0s", "25h0m0s") outside a
// day.
func clock(d time.Duration) string {
	if d < 0 || d > 24*time.Hour || d%time.Second != 0 {
		return d.String()
	}
	h, m, s := d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	if s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", h, m)
}
