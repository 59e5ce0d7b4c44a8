package orchestrate

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Rejection is a node refusing all or part of what it ships for an order:
// "item not found on shelf", "damaged", "store closed".
type Rejection struct {
	// Node is the node refusing: one of the order's shipments must be
	// from it.
	Node stock.NodeID
	// Lines are the units it refuses, each of a SKU it ships for the order
	// and, per SKU, no more than it ships; none (nil or empty) means
	// everything it ships.
	// These units, and only these, come back to be served again: the rest
	// of its shipment stands (Reallocation.Kept).
	Lines  []Line
	Reason string
	// StockGone says the refused units are not there (a phantom stock):
	// Reallocate returns the snapshot with them taken off the node's on-hand
	// stock, for the host's next solves.
	StockGone bool
	// Held says the host applied the order's shipments
	// (stock.Snapshot.Apply of their allocations), so the refused units
	// are reserved at the node: Reallocate gives exactly them back
	// (stock.Snapshot.Release) in the snapshot it returns and solves on.
	// What the node keeps stays reserved, as do the other shipments.
	Held bool
}

// Reallocation is the answer to a rejection, what [Reallocate] returns: the
// shipments that stand, the part of the order sourced again and its plans,
// and the stock after the rejection.
type Reallocation struct {
	// Kept are the order's shipments that stand, in the order given: the
	// shipments less the refused units. The rejecting node's shipment
	// keeps the lines it did not refuse, or is gone if it refused them all;
	// a shipment cut so keeps the carrier, parcels, dates and costs it was
	// planned with (it is not priced again). Kept and the shipments of the
	// plan the host picks for the Remainder are the order's shipments for
	// a later rejection.
	Kept []Shipment
	// Remainder is the part of the order still to serve: the order less
	// the kept shipments' lines (the refused units and any the shipments
	// did not cover, such as a plan's backorders).
	Remainder Order
	// Result holds the plans for the remainder, solved without the
	// rejecting node; each new shipment pays the split penalty, the kept
	// ones being already there.
	Result *Result
	// Snapshot is snap, with the refused units given back when the
	// rejection says Held and taken off the node's stock when it says
	// StockGone: the stock the remainder was solved on, for the host to
	// keep.
	Snapshot *stock.Snapshot
}

// Reallocate re-sources an order after a rejection: a node refused all or
// part of its shipment, so the refused units go back to the host's stock
// (or off it) and the rest of the order is sourced again from the other
// nodes.
//
// shipments are every shipment of the order now: the plan the host applied
// or sent to the nodes (Plan.Shipments), or, after an earlier rejection,
// its Reallocation.Kept and the shipments of the plan picked for its
// remainder. rejection names the node that refused and what it refused;
// Reallocate derives the rest — which units come back, which stand — so
// that no unit is served twice or lost: the refused units are given back
// (Held) or written off (StockGone) exactly, and the remainder, the order
// less the kept shipments, is solved under the same rules without the
// rejecting node (Options.Exclude) and with the kept shipments counted for
// the split penalty and max_shipments (Options.ExistingShipments; not for
// a reservation, which has neither). The kept nodes may ship more. snap is
// the stock the host holds now.
//
// A rejection that does not fit the shipments is refused: a node that
// ships nothing of the order, a SKU it does not ship, more units than it
// ships, a quantity below 1; so are shipments that are not of the order (a
// SKU it does not have, more units of a SKU than it has). Every such
// problem is reported at once, each a [sourcing.FieldError] wrapping
// [sourcing.ErrInvalid] (fields "shipments[i]…", "rejection…"), or
// stock.ErrUnknownNode for a node the snapshot does not have. A node
// with several shipments (an earlier re-sourcing may add one to a node
// that kept its own) refuses from them together: its lines are summed per
// SKU, and the refused units come off its shipments in the order given.
// Nothing the caller passed in is changed.
func Reallocate(ctx context.Context, order Order, shipments []Shipment, rejection Rejection, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) (*Reallocation, error) {
	if err := checkInputs("Reallocate", &order, snap, rs, &opts); err != nil {
		return nil, err
	}
	if _, ok := snap.Node(rejection.Node); !ok {
		return nil, &sourcing.FieldError{Field: "rejection.node", Value: string(rejection.Node), Problem: "no such node", Err: stock.ErrUnknownNode}
	}
	refused, err := checkRejection(&order, shipments, &rejection, snap)
	if err != nil {
		return nil, err
	}
	out := &Reallocation{Kept: keep(shipments, rejection.Node, refused), Snapshot: snap}
	left := map[stock.SKU]sourcing.Qty{}
	for _, l := range order.Lines {
		left[l.SKU] += l.Qty
	}
	for _, s := range out.Kept {
		for _, l := range s.Lines {
			left[l.SKU] -= l.Qty
		}
	}
	rest := order.clone()
	rest.Lines = nil
	rest.ShipTogether = nil // groups no longer apply to what is left of them
	for _, l := range order.Lines {
		q := min(l.Qty, left[l.SKU])
		left[l.SKU] -= q
		if q > 0 {
			rest.Lines = append(rest.Lines, Line{SKU: l.SKU, Qty: q})
		}
	}
	out.Remainder = rest
	var allocs []stock.Allocation
	for _, l := range refused {
		allocs = append(allocs, stock.Allocation{Node: rejection.Node, SKU: l.SKU, Qty: l.Qty})
	}
	if rejection.Held {
		released, err := out.Snapshot.Release(allocs)
		if err != nil {
			return nil, fmt.Errorf("rejection: giving back the held units: %w", err)
		}
		out.Snapshot = released
	}
	if rejection.StockGone {
		recs := make([]stock.Record, len(refused))
		for i, l := range refused {
			lvl := out.Snapshot.Level(rejection.Node, l.SKU)
			lvl.OnHand = max(0, lvl.OnHand-l.Qty)
			lvl.Reserved = min(lvl.Reserved, lvl.OnHand)
			recs[i] = stock.Record{Node: rejection.Node, SKU: l.SKU, Level: lvl}
		}
		next, err := out.Snapshot.WithLevels(recs)
		if err != nil {
			return nil, sourcing.WithPrefix("rejection", err)
		}
		out.Snapshot = next
	}
	// The rest has the refused units at least: there is something to solve.
	opts.Exclude = append(slices.Clone(opts.Exclude), rejection.Node)
	if order.Mode != rules.Reserve {
		// A reservation is priced without split and held by one store:
		// the part kept elsewhere changes neither.
		opts.ExistingShipments += len(out.Kept)
	}
	res, err := Solve(ctx, rest, out.Snapshot, rs, opts)
	if err != nil {
		return nil, err
	}
	out.Result = res
	return out, nil
}

// checkRejection checks the shipments against the order and the rejection
// against the shipments, and returns the refused units, one line per SKU.
func checkRejection(order *Order, shipments []Shipment, rejection *Rejection, snap *stock.Snapshot) ([]Line, error) {
	var errs []error
	bad := func(field string, v any, why string) { errs = append(errs, sourcing.Invalid(field, v, why)) }
	ordered := map[stock.SKU]sourcing.Qty{}
	for _, l := range order.Lines {
		ordered[l.SKU] += l.Qty
	}
	shipped := map[stock.SKU]sourcing.Qty{}
	var ships []Line // what the rejecting node ships, per SKU
	for i, s := range shipments {
		if _, ok := snap.Node(s.Node); !ok {
			errs = append(errs, &sourcing.FieldError{Field: fmt.Sprintf("shipments[%d].node", i), Value: string(s.Node), Problem: "no such node", Err: stock.ErrUnknownNode})
		}
		if len(s.Lines) == 0 {
			bad(fmt.Sprintf("shipments[%d].lines", i), nil, "a shipment has at least one line")
		}
		for j, l := range s.Lines {
			field := fmt.Sprintf("shipments[%d].lines[%d]", i, j)
			switch {
			case l.Qty <= 0 || l.Qty > stock.MaxQty:
				bad(field+".qty", l.Qty, fmt.Sprintf("must be in [1, %d]", stock.MaxQty))
				continue
			case ordered[l.SKU] == 0:
				bad(field+".sku", string(l.SKU), "not a SKU of the order")
				continue
			case l.Qty > ordered[l.SKU]-shipped[l.SKU]:
				bad(field, fmt.Sprintf("%d × %s", l.Qty, l.SKU), fmt.Sprintf("the shipments would have more than the order's %d", ordered[l.SKU]))
				continue
			}
			shipped[l.SKU] += l.Qty
			if s.Node == rejection.Node {
				ships = addLine(ships, l)
			}
		}
	}
	if !slices.ContainsFunc(shipments, func(s Shipment) bool { return s.Node == rejection.Node }) {
		bad("rejection.node", string(rejection.Node), "ships nothing of the order: no shipment is from it")
	}
	refused := ships
	if len(rejection.Lines) > 0 {
		refused = nil
		for i, l := range rejection.Lines {
			field := fmt.Sprintf("rejection.lines[%d]", i)
			j := slices.IndexFunc(ships, func(s Line) bool { return s.SKU == l.SKU })
			switch {
			case l.Qty <= 0 || l.Qty > stock.MaxQty:
				bad(field+".qty", l.Qty, fmt.Sprintf("must be in [1, %d]", stock.MaxQty))
			case ordered[l.SKU] == 0:
				bad(field+".sku", string(l.SKU), "not a SKU of the order")
			case j < 0:
				bad(field+".sku", string(l.SKU), fmt.Sprintf("%s ships none of it for the order", rejection.Node))
			default:
				refused = addLine(refused, l)
				if k := slices.IndexFunc(refused, func(r Line) bool { return r.SKU == l.SKU }); refused[k].Qty > ships[j].Qty {
					bad(field, fmt.Sprintf("%d × %s", l.Qty, l.SKU), fmt.Sprintf("refuses more than the %d %s ships", ships[j].Qty, rejection.Node))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return refused, nil
}

// addLine adds l to lines, summed with the line of its SKU if there is one.
func addLine(lines []Line, l Line) []Line {
	if i := slices.IndexFunc(lines, func(m Line) bool { return m.SKU == l.SKU }); i >= 0 {
		lines[i].Qty += l.Qty
		return lines
	}
	return append(lines, l)
}

// keep returns the shipments less the refused units of node, taken off its
// shipments in order; a shipment left without a line is dropped. The
// shipments given are not changed, nor shared.
func keep(shipments []Shipment, node stock.NodeID, refused []Line) []Shipment {
	owed := slices.Clone(refused)
	var kept []Shipment
	for _, s := range shipments {
		if s.Node != node {
			s.Lines = slices.Clone(s.Lines)
			kept = append(kept, s)
			continue
		}
		var lines []Line
		for _, l := range s.Lines {
			if i := slices.IndexFunc(owed, func(o Line) bool { return o.SKU == l.SKU }); i >= 0 {
				q := min(l.Qty, owed[i].Qty)
				owed[i].Qty -= q
				l.Qty -= q
			}
			if l.Qty > 0 {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			s.Lines = lines
			kept = append(kept, s)
		}
	}
	return kept
}
