package orchestrate

import (
	"bytes"
	"cmp"
	"context"
	"fmt"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// ExportMIP writes the sourcing problem of one home or collect order as a
// mixed-integer program in CPLEX LP format, for an independent solver (such
// as COIN-OR CBC) to cross-check Solve: its optimum is plan 1's cost.
//
// The model prices every part of the order every candidate can ship,
// exactly as Solve does (packing, grids, every term), and leaves the
// combination to the solver: a binary z per (node, part), at most one part
// per node, each line's units shipped plus backordered equal to ordered,
// the split penalty on every shipment but the first, and every hard rule.
// It lists every pair Solve would consider, without pruning, so it can be
// large; it is meant for orders of a few lines on networks of tens of
// nodes. Reservations are refused: they are a ranking, not a program.
func ExportMIP(ctx context.Context, order Order, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) ([]byte, error) {
	if err := checkInputs("ExportMIP", &order, snap, rs, &opts); err != nil {
		return nil, err
	}
	if order.Mode == rules.Reserve {
		return nil, fmt.Errorf("%w: ExportMIP: a reservation is a ranking of stores, not a program", sourcing.ErrInvalid)
	}
	o := order.clone()
	prof, err := rs.Match(o.facts())
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", o.ID, err)
	}
	m := newMeter(ctx, cmp.Or(opts.Budget, DefaultBudget))
	p := newProblem(m, &o, snap, rs, prof, &opts, 0, nil)
	defer p.release()
	if p.gather() {
		return nil, fmt.Errorf("%w: ExportMIP: %w", ErrBudget, cmp.Or(ctx.Err(), errBudgetSpent))
	}
	if err := p.require(opts.Require); err != nil {
		return nil, err
	}
	if err := p.allCandidates(nil, 0); err != nil {
		return nil, err
	}
	lat, ok := p.lattice, p.latticeOK
	if !ok {
		return nil, fmt.Errorf("%w: ExportMIP: the order has too many parts to list", sourcing.ErrInvalid)
	}
	p.lat, p.qty = lat, sized(p.qty, len(p.lines))
	if !p.listFor(&lat) {
		return nil, fmt.Errorf("%w: ExportMIP: the order's parts take more than the budget pays for: %w", ErrBudget, cmp.Or(ctx.Err(), errBudgetSpent))
	}
	type zvar struct {
		cand, v int
		cost    sourcing.Money
	}
	var zs []zvar
	for ci, c := range p.cands {
		for v := 1; v < lat.size; v++ {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("%w: ExportMIP: %w", ErrBudget, err)
			}
			q, ok, err := p.quote(c, p.part(v))
			if err != nil {
				return nil, err
			}
			if ok {
				zs = append(zs, zvar{ci, v, q.total})
			}
		}
	}
	var b bytes.Buffer
	split := int64(p.w.Split)
	fmt.Fprintf(&b, "\\ sourcing MIP for order %s (rule set %s, profile %s)\nMinimize\n obj:", o.ID, rs.Version(), prof.Name())
	for i, z := range zs {
		fmt.Fprintf(&b, " + %d z%d", int64(z.cost)+split, i)
	}
	if p.existing == 0 {
		fmt.Fprintf(&b, " - %d u", split) // the first shipment pays no split
	}
	for l := range p.lines {
		fmt.Fprintf(&b, " + %d b%d", int64(p.w.Backorder), l)
	}
	b.WriteString("\nSubject To\n")
	// At most one part per node; exactly one for a required node.
	for ci, c := range p.cands {
		fmt.Fprintf(&b, " node%d:", ci)
		any := false
		for i, z := range zs {
			if z.cand == ci {
				fmt.Fprintf(&b, " + z%d", i)
				any = true
			}
		}
		if !any {
			b.WriteString(" 0 u")
		}
		if c.required {
			b.WriteString(" = 1\n")
		} else {
			b.WriteString(" <= 1\n")
		}
	}
	// Each line: shipped + backordered = ordered.
	qty := make([]sourcing.Qty, len(p.lines))
	for l, line := range p.lines {
		fmt.Fprintf(&b, " line%d:", l)
		for i, z := range zs {
			clear(qty)
			lat.lineQty(z.v, qty)
			if qty[l] > 0 {
				fmt.Fprintf(&b, " + %d z%d", qty[l], i)
			}
		}
		fmt.Fprintf(&b, " + b%d = %d\n", l, line.Qty)
	}
	// u = 1 when there is a shipment (u ≤ Σ z; minimising sets it).
	b.WriteString(" any: u")
	for i := range zs {
		fmt.Fprintf(&b, " - z%d", i)
	}
	b.WriteString(" <= 0\n")
	if m := p.maxNew(); m >= 0 {
		b.WriteString(" ships:")
		for i := range zs {
			fmt.Fprintf(&b, " + z%d", i)
		}
		fmt.Fprintf(&b, " <= %d\n", m)
	}
	b.WriteString("Bounds\n")
	for l := range p.lines {
		if prof.ShipComplete() {
			fmt.Fprintf(&b, " b%d = 0\n", l)
		} else {
			fmt.Fprintf(&b, " 0 <= b%d\n", l)
		}
	}
	b.WriteString("Binaries\n u\n")
	for i := range zs {
		fmt.Fprintf(&b, " z%d\n", i)
	}
	b.WriteString("Generals\n")
	for l := range p.lines {
		fmt.Fprintf(&b, " b%d\n", l)
	}
	b.WriteString("End\n")
	return b.Bytes(), nil
}
