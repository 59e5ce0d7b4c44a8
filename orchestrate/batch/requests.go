package batch

import (
	"fmt"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/stock"
)

// Request is what one node is asked to do for one shipment of an
// assignment, a group's included: orchestrate's FulfilmentRequest (its
// Order the IDs of the group's orders joined with "+", its Lines by SKU)
// and, line by line, which order each unit belongs to, so that the
// picker packs each order's units with its own slip.
type Request struct {
	orchestrate.FulfilmentRequest
	// Orders lists the shipment's units per order and line, in the order
	// of the assignment's orders and their lines.
	Orders []OrderLine
}

// OrderLine is units of one line of one order.
type OrderLine struct {
	Order string       // the order's ID
	Line  int          // the line's index in the order
	SKU   stock.SKU    // the line's SKU
	Qty   sourcing.Qty // the units of the line in the shipment
}

// Requests returns the fulfilment requests of an assignment, one per
// shipment in node ID order (orchestrate.FulfilmentRequests of the
// orders as one), each with its units per order: per SKU, the plan's
// units go to the orders in turn, each order's lines in turn, in the
// plan's order of shipments; the units an order is not given are
// backordered.
func Requests(a Assignment) []Request {
	if len(a.Orders) == 0 {
		return nil
	}
	reqs := orchestrate.FulfilmentRequests(merge(a.Orders), a.Plan)
	out := make([]Request, len(reqs))
	for i, r := range reqs {
		out[i] = Request{FulfilmentRequest: r}
	}
	for _, sh := range attribute(a.Orders, a.Plan.Shipments) {
		if sh.ship < 0 {
			continue
		}
		out[sh.ship].Orders = append(out[sh.ship].Orders, OrderLine{Order: a.Orders[sh.order].ID, Line: sh.line, SKU: sh.sku, Qty: sh.qty})
	}
	return out
}

// Text renders the request as a plain-text notification: the
// FulfilmentRequest's, then the units per order.
func (r Request) Text() string {
	var b strings.Builder
	b.WriteString(r.FulfilmentRequest.Text())
	if len(r.Orders) > 0 {
		b.WriteString("Per order:\n")
		for _, l := range r.Orders {
			fmt.Fprintf(&b, "  %s line %d: %d × %s\n", l.Order, l.Line+1, l.Qty, l.SKU)
		}
	}
	return b.String()
}
