package orchestrate

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Order is what a customer asks for. Field comments give the JSON names
// ([DecodeOrder] and [Order.MarshalJSON]: the form of a scenario file's
// orders).
type Order struct {
	ID      string     // id
	Channel string     // channel, such as "web" or "store"
	Mode    rules.Mode // mode: home, collect or reserve
	// Destination (lat, lng) is the customer's address for home delivery and
	// the place a reservation is made from: required for those modes (the
	// zero LatLng is "unset" and refused; the point (0°, 0°) is
	// geo.MustLatLng(0, 0)). For collect the destination is the pickup
	// store's location and Destination is not used.
	Destination geo.LatLng
	Country     string // country of the customer
	Region      string // region: of the destination, as the host names regions (for the rules)
	// PickupNode (pickup_node) is the store a collect order is picked up at.
	PickupNode stock.NodeID
	// OriginNode (origin_node) is the store where an endless-aisle order was
	// taken, if any.
	OriginNode  stock.NodeID
	Lines       []Line         // lines
	PromiseDays sourcing.Days  // promise_days: delivery promise; 0 = none
	PlacedAt    time.Time      // placed_at
	Tier        string         // tier: the customer's tier
	Tags        []string       // tags
	Value       sourcing.Money // value: the order's value
	// Customer (customer) is who placed the order, as the host names
	// customers: a simulation may group the orders of one customer to one
	// destination. Solve does not read it.
	Customer string
	// ShipTogether (ship_together) lists groups of lines, by index, that
	// the customer wants from one node; each group ships whole from one
	// node or is backordered whole.
	ShipTogether [][]int
}

// Line is a quantity of one SKU. Several lines may name the same SKU; they
// share its stock.
type Line struct {
	SKU stock.SKU    `json:"sku"`
	Qty sourcing.Qty `json:"qty"`
}

// MaxLines is the most lines an order may have.
const MaxLines = 10_000

func (o *Order) facts() rules.Facts {
	return rules.Facts{Channel: o.Channel, Mode: o.Mode, Country: o.Country, Region: o.Region, Tier: o.Tier,
		Tags: o.Tags, Value: o.Value, PlacedAt: o.PlacedAt}
}

// Validate checks the order against itself and the snapshot: mode, a
// destination for home and reserve, lines, known SKUs and nodes, a pickup
// store for collect. Every problem is
// reported, each a [sourcing.FieldError] whose Field starts with "order.".
// Solve calls it; hosts may call it to refuse an order early. A nil
// snapshot is an error wrapping [sourcing.ErrInvalid], as for Solve.
func (o *Order) Validate(snap *stock.Snapshot) error {
	if snap == nil {
		return fmt.Errorf("%w: Order.Validate needs a snapshot", sourcing.ErrInvalid)
	}
	var errs []error
	bad := func(field string, v any, why string) {
		errs = append(errs, sourcing.Invalid(field, v, why))
	}
	if !o.Mode.Valid() {
		var v any // the zero Mode: left out; no JSON name either way
		if o.Mode != 0 {
			v = uint8(o.Mode)
		}
		bad("mode", v, "must be home, collect or reserve")
	}
	if (o.Mode == rules.Home || o.Mode == rules.Reserve) && !o.Destination.IsValid() {
		bad("lat", nil, "missing: a "+o.Mode.String()+" order needs the customer's location (lat, lng)")
	}
	if len(o.Lines) == 0 {
		bad("lines", nil, "an order needs at least one line")
	}
	if len(o.Lines) > MaxLines {
		bad("lines", len(o.Lines), fmt.Sprintf("at most %d lines", MaxLines))
	}
	var total sourcing.Qty
	for i, l := range o.Lines {
		if l.Qty <= 0 || l.Qty > stock.MaxQty {
			bad(fmt.Sprintf("lines[%d].qty", i), l.Qty, fmt.Sprintf("must be in [1, %d]", stock.MaxQty))
		} else {
			total += l.Qty
		}
		if _, ok := snap.Item(l.SKU); !ok {
			errs = append(errs, &sourcing.FieldError{Field: fmt.Sprintf("lines[%d].sku", i), Value: string(l.SKU), Problem: "no such item", Err: stock.ErrUnknownSKU})
		}
	}
	if total > stock.MaxQty {
		bad("lines", total, fmt.Sprintf("the order's total quantity must be ≤ %d", stock.MaxQty))
	}
	inGroup := map[int]int{}
	for g, lines := range o.ShipTogether {
		if len(lines) < 2 {
			bad(fmt.Sprintf("ship_together[%d]", g), len(lines), "a group needs two lines or more")
		}
		for i, l := range lines {
			field := fmt.Sprintf("ship_together[%d][%d]", g, i)
			if l < 0 || l >= len(o.Lines) {
				bad(field, l, fmt.Sprintf("must be a line index in [0, %d)", len(o.Lines)))
			} else if prev, dup := inGroup[l]; dup {
				bad(field, l, fmt.Sprintf("line already in ship_together[%d]", prev))
			}
			inGroup[l] = g
		}
	}
	if o.PromiseDays < 0 || o.PromiseDays > 3650 {
		bad("promise_days", o.PromiseDays, "must be in [0, 3650]")
	}
	if o.Value < 0 {
		bad("value", o.Value, "must be ≥ 0")
	}
	nodeRef := func(field string, id stock.NodeID) {
		if id == "" {
			return
		}
		if _, ok := snap.Node(id); !ok {
			errs = append(errs, &sourcing.FieldError{Field: field, Value: string(id), Problem: "no such node", Err: stock.ErrUnknownNode})
		}
	}
	nodeRef("pickup_node", o.PickupNode)
	nodeRef("origin_node", o.OriginNode)
	if o.Mode == rules.Collect {
		if o.PickupNode == "" {
			bad("pickup_node", "", "a collect order needs a pickup store")
		} else if n, ok := snap.Node(o.PickupNode); ok && !n.Pickup {
			bad("pickup_node", string(o.PickupNode), "this node is not a click & collect pickup point")
		}
	}
	if len(errs) > 0 {
		return sourcing.WithPrefix("order", errors.Join(errs...))
	}
	return nil
}

// clone returns a deep copy, so a result never aliases the caller's order.
func (o *Order) clone() Order {
	c := *o
	c.Lines = slices.Clone(o.Lines)
	c.Tags = slices.Clone(o.Tags)
	c.ShipTogether = nil
	for _, g := range o.ShipTogether {
		c.ShipTogether = append(c.ShipTogether, slices.Clone(g))
	}
	return c
}
