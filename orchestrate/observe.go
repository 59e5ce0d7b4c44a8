package orchestrate

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// SolveStats is what one search tells a host's metrics: passed to
// [Options.Observe] once per search. It refers to neither the order nor
// the result, so an observer may keep it.
type SolveStats struct {
	Order         string     // the order's ID
	Mode          rules.Mode // the order's mode
	Profile       string     // the profile that applied; "" when the search failed
	PolicyVersion string     // the rule set's version; "" when the search failed
	Plans         int        // how many plans were returned
	// Cost is plan 1's cost; 0 when there is no plan.
	Cost sourcing.Money
	// Optimal is Result.Optimal: the search completed.
	Optimal bool
	// CutShort is true when the budget or ctx ended the search: the plans
	// returned are the best found (Optimal false), or none was found and
	// Err wraps ErrBudget.
	CutShort bool
	// Work is the effort of the search (Result.Work, in the units of
	// Options.Budget); 0 when Err is not nil. For a profile with a
	// fallback chain it is the work of the attempt returned.
	Work int64
	// Err is the error the search returned, or nil. Test it with
	// [errors.Is], or name it with [SolveStats.Outcome].
	Err error
}

// Outcome names how the search ended, for a metric label: "ok", or the
// sentinel its error wraps: "invalid" ([sourcing.ErrInvalid]),
// "unknown_sku", "unknown_node" ([stock.ErrUnknownSKU],
// [stock.ErrUnknownNode]), "currency_mismatch", "no_profile"
// ([rules.ErrNoProfile]), "infeasible", "budget", "overflow"; "error" for
// any other error (a context error comes wrapped in ErrBudget). The set is
// closed: a host may declare its label values from this list.
func (s SolveStats) Outcome() string {
	if s.Err == nil {
		return "ok"
	}
	for _, o := range outcomes {
		if errors.Is(s.Err, o.err) {
			return o.name
		}
	}
	return "error"
}

// outcomes are the sentinels Outcome names, most specific first.
var outcomes = [...]struct {
	err  error
	name string
}{
	{ErrBudget, "budget"},
	{ErrInfeasible, "infeasible"},
	{ErrOverflow, "overflow"},
	{ErrCurrencyMismatch, "currency_mismatch"},
	{rules.ErrNoProfile, "no_profile"},
	{stock.ErrUnknownSKU, "unknown_sku"},
	{stock.ErrUnknownNode, "unknown_node"},
	{sourcing.ErrInvalid, "invalid"},
}

// observe passes the stats of a search of order to o.Observe, if set.
func (o *Options) observe(order *Order, res *Result, err error) {
	if o.Observe == nil {
		return
	}
	s := SolveStats{Order: order.ID, Mode: order.Mode, Err: err, CutShort: errors.Is(err, ErrBudget)}
	if res != nil && err == nil {
		s.Profile, s.PolicyVersion, s.Plans = res.Profile, res.PolicyVersion, len(res.Plans)
		s.Optimal, s.CutShort, s.Work = res.Optimal, res.cut, res.Work
		if len(res.Plans) > 0 {
			s.Cost = res.Plans[0].Cost
		}
	}
	o.Observe(s)
}

// LogValue makes a result one line of a structured log (log/slog): the
// order, mode, profile, policy version, plan 1's cost, shipments, shipping
// nodes and backordered units, how many plans, whether the search was
// optimal, and its work. Log it as slog.Any("result", res) or as the
// value of any key.
func (r Result) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 12)
	attrs = append(attrs,
		slog.String("order", r.Order),
		slog.String("mode", r.Mode.String()),
		slog.String("profile", r.Profile),
		slog.String("version", r.PolicyVersion))
	if len(r.Plans) > 0 {
		attrs = append(attrs, r.Plans[0].attrs()[1:]...) // plan 1, without its rank
	}
	attrs = append(attrs,
		slog.Int("plans", len(r.Plans)),
		slog.Bool("optimal", r.Optimal),
		slog.Int64("work", r.Work))
	return slog.GroupValue(attrs...)
}

// LogValue makes a plan one line of a structured log: its rank, cost (in
// minor units), number of shipments, shipping nodes (comma-separated, in
// ID order) and backordered units.
func (p Plan) LogValue() slog.Value { return slog.GroupValue(p.attrs()...) }

func (p Plan) attrs() []slog.Attr {
	nodes := make([]string, len(p.Shipments))
	for i, s := range p.Shipments {
		nodes[i] = string(s.Node)
	}
	var backordered sourcing.Qty
	for _, l := range p.Backordered {
		backordered += l.Qty
	}
	return []slog.Attr{
		slog.Int("rank", p.Rank),
		slog.Int64("cost", int64(p.Cost)),
		slog.Int("shipments", len(p.Shipments)),
		slog.String("nodes", strings.Join(nodes, ",")),
		slog.Int64("backordered", int64(backordered)),
	}
}
