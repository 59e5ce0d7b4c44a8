package orchestrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Explanation answers "why not this node?" for one order.
type Explanation struct {
	Node stock.NodeID
	// Best is plan 1 of the order.
	Best Plan
	// InBest is true when the node ships in plan 1.
	InBest bool
	// Excluded is the rule that kept the node out, if one did.
	Excluded *Exclusion
	// Plan is the cheapest plan that ships from the node, when there is one
	// (nil if the node is excluded, holds nothing of the order, or cannot
	// ship any part of it), and Delta its difference from Best, term by
	// term: Plan.Breakdown − Best.Breakdown.
	Plan  *Plan
	Delta Breakdown
	// Optimal is true when both searches completed, so Delta is exact.
	Optimal bool
	// Summary says it in one line, e.g. "store-lyon would cost 2.40 EUR
	// more: +3.10 carrier, -0.70 distance".
	Summary string
}

// Explain compares plan 1 of order with the cheapest plan that ships from
// node, or names the rule that excluded node. It runs Solve twice (the
// second time with Options.Require set to node); opts applies to both.
func Explain(ctx context.Context, order Order, snap *stock.Snapshot, rs *rules.RuleSet, node stock.NodeID, opts Options) (*Explanation, error) {
	if err := checkInputs("Explain", &order, snap, rs, &opts); err != nil {
		return nil, err
	}
	if _, ok := snap.Node(node); !ok {
		return nil, &sourcing.FieldError{Field: "node", Value: string(node), Problem: "no such node", Err: stock.ErrUnknownNode}
	}
	opts.K, opts.Require = 1, nil
	// One budget for the whole call, shared by its two solves.
	m := newMeter(ctx, cmp.Or(opts.Budget, DefaultBudget))
	best, err := solve(m, order, snap, rs, opts, nil)
	opts.observe(&order, best, err)
	if err != nil {
		return nil, err
	}
	ex := &Explanation{Node: node, Best: best.Plans[0], Optimal: best.Optimal}
	cur := rs.Currency()
	if slices.Contains(ex.Best.Nodes(), node) {
		ex.InBest, ex.Plan = true, &ex.Best
		ex.Summary = fmt.Sprintf("%s ships in the best plan (%s %s)", node, ex.Best.Cost.Format(cur), cur)
		return ex, nil
	}
	excluded := best.Excluded()
	if i := slices.IndexFunc(excluded, func(x Exclusion) bool { return x.Node == node && x.SKU == "" }); i >= 0 {
		x := excluded[i]
		ex.Excluded = &x
		ex.Summary = fmt.Sprintf("%s is excluded: %s", node, x.Reason)
		if x.Detail() != "" {
			ex.Summary += " (" + x.Detail() + ")"
		}
		return ex, nil
	}
	holds := false
	for _, l := range order.Lines {
		holds = holds || snap.Level(node, l.SKU).Available() > 0
	}
	if !holds {
		ex.Summary = fmt.Sprintf("%s has none of the order's SKUs available", node)
		return ex, nil
	}
	opts.Require = []stock.NodeID{node}
	with, err := solve(m, order, snap, rs, opts, nil)
	opts.observe(&order, with, err)
	switch {
	case errors.Is(err, ErrInfeasible):
		ex.Summary = fmt.Sprintf("%s cannot ship any part of this order under the rules", node)
		return ex, nil
	case err != nil:
		return nil, err
	}
	ex.Plan = &with.Plans[0]
	ex.Optimal = ex.Optimal && with.Optimal
	ex.Delta = ex.Plan.Breakdown.sub(ex.Best.Breakdown)
	ex.Summary = fmt.Sprintf("%s would cost %s %s more", node, (ex.Plan.Cost - ex.Best.Cost).Format(cur), cur)
	var parts []string
	for _, t := range ex.Delta.Terms() {
		if t.Amount > 0 {
			parts = append(parts, "+"+t.Amount.Format(cur)+" "+t.Name)
		} else if t.Amount < 0 {
			parts = append(parts, t.Amount.Format(cur)+" "+t.Name)
		}
	}
	if len(parts) > 0 {
		ex.Summary += ": " + strings.Join(parts, ", ")
	}
	return ex, nil
}

func (b Breakdown) sub(o Breakdown) Breakdown {
	return Breakdown{
		Carrier: b.Carrier - o.Carrier, Handling: b.Handling - o.Handling, Picking: b.Picking - o.Picking,
		Distance: b.Distance - o.Distance, Priority: b.Priority - o.Priority, LowStock: b.LowStock - o.LowStock,
		Workload: b.Workload - o.Workload, Lateness: b.Lateness - o.Lateness, Carbon: b.Carbon - o.Carbon,
		Split: b.Split - o.Split, Backorder: b.Backorder - o.Backorder,
	}
}
