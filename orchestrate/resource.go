package orchestrate

import (
	"context"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Rejection is a node refusing its part of an order: "item not found on
// shelf", "damaged", "store closed".
type Rejection struct {
	Node   stock.NodeID
	Lines  []Line // what it refused
	Reason string
	// StockGone says the refused units are not there (a phantom stock):
	// Resource returns the snapshot with them taken off the node's on-hand
	// stock, for the host's next solves.
	StockGone bool
	// Held says the host had applied the plan (stock.Snapshot.Apply), so
	// the refused units are reserved at the node: Resource gives them back
	// (stock.Snapshot.Release) in the snapshot it returns and solves on.
	Held bool
}

// Resourced is the answer to a rejection.
type Resourced struct {
	// Remainder is the part of the order still to serve: the order less the
	// accepted shipments' lines.
	Remainder Order
	// Result holds the plans for the remainder, solved without the
	// rejecting node; each new shipment pays the split penalty, the accepted
	// ones being already there. Nil when nothing remains.
	Result *Result
	// Snapshot is snap, with the rejected units given back when the
	// rejection says Held and taken off the node's stock when it says
	// StockGone: the stock the remainder was solved on, for the host to
	// keep.
	Snapshot *stock.Snapshot
}

// Resource serves again what a rejection leaves of an order. accepted are
// the shipments the host keeps (they are not changed, and their nodes may
// ship more); rejection names the node that refused its part. What remains
// — the order less the accepted shipments — is solved under the same rules
// without the rejecting node (Options.Exclude) and with the accepted
// shipments counted for the split penalty and max_shipments
// (Options.ExistingShipments). snap should be the stock the host holds now
// (with the accepted shipments already applied, if it applies plans).
func Resource(ctx context.Context, order Order, accepted []Shipment, rejection Rejection, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) (*Resourced, error) {
	if err := checkInputs("Resource", &order, snap, rs, &opts); err != nil {
		return nil, err
	}
	if _, ok := snap.Node(rejection.Node); !ok {
		return nil, &sourcing.FieldError{Field: "rejection.node", Value: string(rejection.Node), Problem: "no such node", Err: stock.ErrUnknownNode}
	}
	left := map[stock.SKU]sourcing.Qty{}
	for _, l := range order.Lines {
		left[l.SKU] += l.Qty
	}
	for i, s := range accepted {
		if s.Node == rejection.Node && len(rejection.Lines) == 0 {
			return nil, sourcing.Invalid(fmt.Sprintf("accepted[%d].node", i), string(s.Node), "rejected its whole part: it cannot also be accepted")
		}
		for j, l := range s.Lines {
			if l.Qty <= 0 || l.Qty > left[l.SKU] {
				return nil, sourcing.Invalid(fmt.Sprintf("accepted[%d].lines[%d]", i, j), fmt.Sprintf("%d × %s", l.Qty, l.SKU), "more than the order has left of this SKU")
			}
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
	out := &Resourced{Remainder: rest, Snapshot: snap}
	if rejection.Held && len(rejection.Lines) > 0 {
		var allocs []stock.Allocation
		for _, l := range rejection.Lines {
			allocs = append(allocs, stock.Allocation{Node: rejection.Node, SKU: l.SKU, Qty: l.Qty})
		}
		released, err := out.Snapshot.Release(allocs)
		if err != nil {
			return nil, fmt.Errorf("rejection: giving back the held units: %w", err)
		}
		out.Snapshot = released
	}
	if rejection.StockGone && len(rejection.Lines) > 0 {
		var recs []stock.Record
		for i, l := range rejection.Lines {
			if l.Qty <= 0 {
				return nil, sourcing.Invalid(fmt.Sprintf("rejection.lines[%d].qty", i), l.Qty, "must be ≥ 1")
			}
			if j := slices.IndexFunc(recs, func(r stock.Record) bool { return r.SKU == l.SKU }); j >= 0 {
				recs[j].OnHand = max(0, recs[j].OnHand-l.Qty)
				continue
			}
			lvl := out.Snapshot.Level(rejection.Node, l.SKU)
			lvl.OnHand = max(0, lvl.OnHand-l.Qty)
			lvl.Reserved = min(lvl.Reserved, lvl.OnHand)
			recs = append(recs, stock.Record{Node: rejection.Node, SKU: l.SKU, Level: lvl})
		}
		next, err := out.Snapshot.WithLevels(recs)
		if err != nil {
			return nil, sourcing.WithPrefix("rejection", err)
		}
		out.Snapshot = next
	}
	if len(rest.Lines) == 0 {
		return out, nil
	}
	opts.Exclude = append(slices.Clone(opts.Exclude), rejection.Node)
	opts.ExistingShipments += len(accepted)
	res, err := Solve(ctx, rest, out.Snapshot, rs, opts)
	if err != nil {
		return nil, err
	}
	out.Result = res
	return out, nil
}
