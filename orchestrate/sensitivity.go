package orchestrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// ErrNotLinear is returned by Sensitivity for a weight whose terms are
// rounded per shipment (per_km, per_unit_km, workload, co2_per_kg): a plan's
// cost is then not exactly linear in the weight and the answer could not be
// exact.
var ErrNotLinear = errors.New("weight is not exactly linear in the plan cost")

// LinearWeights returns the weights Sensitivity answers for, by JSON name, a
// new slice at each call: every plan's cost is exactly linear in each of
// them (a count times the weight), or, for late_per_day, the minimum of
// such lines over carrier services.
func LinearWeights() []string { return slices.Clone(linearWeights[:]) }

var linearWeights = [...]string{"split", "priority", "low_stock", "late_per_day", "backorder"}

// roundedWeights are the other weights: their terms are rounded per
// shipment.
var roundedWeights = []string{"per_km", "per_unit_km", "workload", "co2_per_kg"}

// SensitivityResult is the smallest change of one weight of the applying
// profile that makes a plan shipping from Node the best plan.
type SensitivityResult struct {
	Node   stock.NodeID
	Weight string         // JSON name, one of LinearWeights
	From   sourcing.Money // the weight now
	// Found is true when some value in [0, Limit] makes a plan using Node
	// plan 1; To is the one closest to From (the lower one on a tie), and
	// Plan that plan 1.
	Found bool
	To    sourcing.Money
	Plan  *Plan
	Limit sourcing.Money // the largest value searched
	Calls int            // solves spent
}

// Sensitivity finds the value of one weight of the profile that applies to
// order, closest to its current value, at which plan 1 ships from node.
//
// Plan costs are linear in the weight (concave for late_per_day), so the
// cost of plan 1 is a concave piecewise-linear function of the weight; the
// search walks its pieces (Eisner–Severance), solving at the intersection of
// the lines of neighbouring optimal plans, and is exact over the integers up
// to ties between plans of equal cost, where plan 1 follows the usual
// tie-break (fewer shipments, then node IDs). It searches [0, limit]; limit
// 0 means max(100 × the current value, 1,000,000 minor units).
func Sensitivity(ctx context.Context, order Order, snap *stock.Snapshot, rs *rules.RuleSet, node stock.NodeID, weight string, limit sourcing.Money, opts Options) (*SensitivityResult, error) {
	if err := checkInputs("Sensitivity", &order, snap, rs, &opts); err != nil {
		return nil, err
	}
	switch {
	case slices.Contains(linearWeights[:], weight):
	case slices.Contains(roundedWeights, weight):
		return nil, fmt.Errorf("%w: %q (exact for %v)", ErrNotLinear, weight, linearWeights)
	default:
		return nil, sourcing.Invalid("weight", weight, fmt.Sprintf("no such weight; Sensitivity answers for %v", linearWeights))
	}
	if _, ok := snap.Node(node); !ok {
		return nil, &sourcing.FieldError{Field: "node", Value: string(node), Problem: "no such node", Err: stock.ErrUnknownNode}
	}
	prof, err := rs.Match(order.facts())
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", order.ID, err)
	}
	spec := rs.Spec()
	pi := slices.IndexFunc(spec.Profiles, func(p rules.ProfileSpec) bool { return p.Name == prof.Name() })
	field := weightField(&spec.Profiles[pi].Weights, weight)
	from := *field
	if limit == 0 {
		limit = max(100*from, 1_000_000)
	}
	if limit < from {
		return nil, sourcing.Invalid("limit", limit, "must be ≥ the current value")
	}
	// One budget for the whole call, shared by its solves.
	m := newMeter(ctx, cmp.Or(opts.Budget, DefaultBudget))
	s := &sensitivity{weight: weight, profile: pi, m: m, order: order, snap: snap, spec: spec, field: field, node: node, opts: opts}
	s.opts.K, s.opts.Require = 1, nil
	res := &SensitivityResult{Node: node, Weight: weight, From: from, Limit: limit}
	at0, err := s.solve(from)
	if err != nil {
		return nil, err
	}
	if at0.usesNode {
		res.Found, res.To, res.Plan = true, from, &at0.plan
		res.Calls = s.calls
		return res, nil
	}
	var up, down *point
	if from < limit {
		hi, err := s.solve(limit)
		if err != nil {
			return nil, err
		}
		if up, err = s.first(at0, hi, true); err != nil {
			return nil, err
		}
	}
	if from > 0 {
		lo, err := s.solve(0)
		if err != nil {
			return nil, err
		}
		if down, err = s.first(lo, at0, false); err != nil {
			return nil, err
		}
	}
	best := up
	if down != nil && (best == nil || from-down.w <= best.w-from) {
		best = down
	}
	if best != nil {
		res.Found, res.To, res.Plan = true, best.w, &best.plan
	}
	res.Calls = s.calls
	return res, nil
}

func weightField(w *rules.Weights, name string) *sourcing.Money {
	switch name {
	case "split":
		return &w.Split
	case "priority":
		return &w.Priority
	case "low_stock":
		return &w.LowStock
	case "late_per_day":
		return &w.LatePerDay
	default: // "backorder", checked by the caller
		return &w.Backorder
	}
}

type sensitivity struct {
	weight  string
	profile int    // index of the applying profile in spec
	m       *meter // the call's
	order   Order
	snap    *stock.Snapshot
	spec    rules.Spec
	field   *sourcing.Money
	node    stock.NodeID
	opts    Options
	calls   int
}

// point is plan 1 at one value of the weight, with its line: cost = a + b×w.
type point struct {
	w        sourcing.Money
	plan     Plan
	a, b     int64
	usesNode bool
}

func (s *sensitivity) solve(w sourcing.Money) (*point, error) {
	*s.field = w
	// Building the rule set reads every profile and carrier.
	if s.m.tick(ruleWork * int64(len(s.spec.Profiles)+len(s.spec.Carriers))) {
		return nil, fmt.Errorf("%w: Sensitivity: %w", ErrBudget, cmp.Or(s.m.ctx.Err(), errBudgetSpent))
	}
	rs, err := rules.New(s.spec)
	if err != nil {
		return nil, err
	}
	s.calls++
	res, err := solve(s.m, s.order, s.snap, rs, s.opts, nil)
	s.opts.observe(&s.order, res, err)
	if err != nil {
		return nil, err
	}
	if !res.Optimal {
		// Cut short: plan 1 may not be the optimum, and the answer would
		// be wrong.
		return nil, fmt.Errorf("%w: Sensitivity needs exact solves: %w", ErrBudget, cmp.Or(s.m.ctx.Err(), errBudgetSpent))
	}
	p := &point{w: w, plan: res.Plans[0], usesNode: slices.Contains(res.Plans[0].Nodes(), s.node)}
	p.b = s.count(&p.plan)
	p.a = int64(p.plan.Cost) - p.b*int64(w)
	return p, nil
}

// count returns the plan's coefficient of the weight: its cost is
// a + count × weight.
func (s *sensitivity) count(p *Plan) int64 {
	var n int64
	switch s.weight {
	case "split":
		n = int64(max(len(p.Shipments)-1, 0))
	case "backorder":
		for _, l := range p.Backordered {
			n += int64(l.Qty)
		}
	case "late_per_day":
		if promise := s.order.PromiseDays; promise > 0 {
			for _, sh := range p.Shipments {
				n += int64(max(sh.ETADays-promise, 0))
			}
		}
	case "priority":
		prefer := s.spec.Profiles[s.profile].Filters.OriginStock == rules.OriginPrefer
		for _, sh := range p.Shipments {
			node, _ := s.snap.Node(sh.Node)
			if prefer && sh.Node == s.order.OriginNode {
				continue // counts as priority 0
			}
			for _, l := range sh.Lines {
				n += int64(node.Priority) * int64(l.Qty)
			}
		}
	case "low_stock":
		below := s.spec.Profiles[s.profile].Weights.LowStockBelow
		for _, sh := range p.Shipments {
			for _, l := range sh.Lines {
				a := s.snap.Level(sh.Node, l.SKU).Available()
				n += int64(l.Qty - min(max(a-below, 0), l.Qty))
			}
		}
	}
	return n
}

// first returns the smallest (up) or largest (down) value in (lo.w, hi.w]
// or [lo.w, hi.w) where plan 1 uses the node, or nil.
func (s *sensitivity) first(lo, hi *point, up bool) (*point, error) {
	if err := s.m.ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: Sensitivity: %w", ErrBudget, err)
	}
	sameLine := lo.a == hi.a && lo.b == hi.b
	if sameLine {
		// Plan 1's cost is this line all along: concave and equal to a line
		// at both ends.
		if up && hi.usesNode {
			return hi, nil
		}
		if !up && lo.usesNode {
			return lo, nil
		}
		return nil, nil
	}
	if hi.w-lo.w <= 1 {
		switch {
		case up && hi.usesNode:
			return hi, nil
		case !up && lo.usesNode:
			return lo, nil
		}
		return nil, nil
	}
	// Where the two lines cross (they must: each is optimal at its end).
	m := lo.w + 1
	if lo.b != hi.b {
		x := (hi.a - lo.a) / (lo.b - hi.b)
		m = sourcing.Money(min(max(x, int64(lo.w)+1), int64(hi.w)-1))
	}
	mid, err := s.solve(m)
	if err != nil {
		return nil, err
	}
	halves := [2][2]*point{{lo, mid}, {mid, hi}}
	if !up {
		halves = [2][2]*point{{mid, hi}, {lo, mid}}
	}
	for _, h := range halves {
		if h[0].w == h[1].w {
			continue
		}
		if h[0] == mid && up && mid.usesNode {
			return mid, nil
		}
		if h[1] == mid && !up && mid.usesNode {
			return mid, nil
		}
		found, err := s.first(h[0], h[1], up)
		if err != nil || found != nil {
			return found, err
		}
	}
	return nil, nil
}

// ruleWork is the work of building one profile or carrier service of a
// rule set, in the units of Options.Budget.
const ruleWork = 256
