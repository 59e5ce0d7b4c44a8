package orchestrate

import (
	"fmt"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// FulfilmentRequest is what one store or warehouse is asked to do for one
// shipment of a plan: the payload a host turns into a notification, or puts
// on a queue as JSON ([FulfilmentRequest.MarshalJSON]).
type FulfilmentRequest struct {
	Order string     // the order's reference
	Mode  rules.Mode // home, collect or reserve
	Node  stock.NodeID
	Lines []Line // what to pick, by SKU
	// Hold is true for a reservation: pick the units and hold them for the
	// customer; nothing is shipped.
	Hold    bool
	Parcels int64
	// Carrier is the service to hand the parcels to; zero when nothing is
	// carried (a reservation, or a collect order served from the pickup
	// store's own shelf).
	Carrier carrier.ServiceID
	// PickupNode (pickup_node) is the store where the customer collects a
	// click & collect order (Order.PickupNode): the destination of a
	// transfer, or the node itself. Empty for the other modes.
	PickupNode stock.NodeID
	// CarrierPickup (pickup_by) is when the carrier collects the parcels
	// from the node, the time they must be ready by, when the node has a
	// calendar; zero otherwise. It is not the customer's collection: that
	// is at PickupNode, on Promised.
	CarrierPickup time.Time
	ETADays       sourcing.Days
	// Promised is the date the customer is promised (the shipment's
	// arrival), when the order has a time; zero otherwise.
	Promised stock.Date
}

// FulfilmentRequests returns the requests of plan, one per shipment, in
// node ID order. For click & collect the customer's promise is when the
// whole order is at the store: the latest arrival of the plan.
func FulfilmentRequests(o Order, plan Plan) []FulfilmentRequest {
	out := make([]FulfilmentRequest, 0, len(plan.Shipments))
	var last Shipment
	for _, s := range plan.Shipments {
		if s.ETADays >= last.ETADays {
			last = s
		}
	}
	for _, s := range plan.Shipments {
		r := FulfilmentRequest{Order: o.ID, Mode: o.Mode, Node: s.Node, Lines: append([]Line(nil), s.Lines...),
			Hold: o.Mode == rules.Reserve, Parcels: s.Parcels, Carrier: s.Carrier,
			CarrierPickup: s.CarrierPickup, ETADays: s.ETADays, Promised: s.Arrival}
		if o.Mode == rules.Collect {
			r.PickupNode = o.PickupNode
			r.ETADays, r.Promised = last.ETADays, last.Arrival
		}
		out = append(out, r)
	}
	return out
}

// Text renders the request as a plain-text notification.
func (r FulfilmentRequest) Text() string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	what := map[rules.Mode]string{rules.Home: "home delivery", rules.Collect: "click & collect", rules.Reserve: "e-reservation"}[r.Mode]
	line("Order %s (%s) for %s", r.Order, what, r.Node)
	if r.Hold {
		line("Pick and hold for the customer:")
	} else {
		line("Pick:")
	}
	for _, l := range r.Lines {
		line("  %d × %s", l.Qty, l.SKU)
	}
	switch {
	case r.Hold:
	case r.Carrier == (carrier.ServiceID{}):
		line("Keep at the pickup desk for the customer")
	case r.Mode == rules.Collect:
		line("Pack %s for %s, transfer to %s", count(r.Parcels, "parcel"), r.Carrier, r.PickupNode)
	default:
		line("Pack %s for %s", count(r.Parcels, "parcel"), r.Carrier)
	}
	if !r.CarrierPickup.IsZero() && r.Carrier != (carrier.ServiceID{}) {
		line("Ready for the carrier by %s", r.CarrierPickup.Format("Mon 2006-01-02 15:04 MST"))
	}
	if r.Promised != (stock.Date{}) {
		line("Promised to the customer for %s (%s)", r.Promised, count(int64(r.ETADays), "day"))
	} else {
		line("Promised to the customer in %s", count(int64(r.ETADays), "day"))
	}
	return b.String()
}

func count(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
