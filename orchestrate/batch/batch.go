package batch

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Assignment is a plan for one open order, or for orders served together
// (a group: one customer, one destination).
type Assignment struct {
	// Orders are the orders the plan serves: one, or a group, the first
	// placed first. A group's plan serves the lines of all as one order:
	// the first, with the lines of every order in turn (and each order's
	// ship-together groups); it is priced so.
	Orders []orchestrate.Order
	// Plan is the plan. On input only its shipments' nodes and lines are
	// read; on output it is priced on the batch's stock (see Optimize).
	Plan orchestrate.Plan
}

// IDs returns the IDs of the assignment's orders, in order.
func (a *Assignment) IDs() []string {
	ids := make([]string, len(a.Orders))
	for i, o := range a.Orders {
		ids[i] = o.ID
	}
	return ids
}

// DefaultBudget is the budget of a call when Options.Budget is 0: about
// ten seconds of one core at most, in the units of
// orchestrate.Options.Budget.
const DefaultBudget = 2_000_000_000

// DefaultK is the number of plans of each order alone that the search
// considers when Options.K is 0.
const DefaultK = 4

// DefaultExactLimit is the most candidate plans the exact stage's branch
// and bound visits for one set of competing assignments when
// Options.ExactLimit is 0.
const DefaultExactLimit = 1 << 16

// Options tunes Optimize. The zero value asks for the defaults: no
// grouping.
type Options struct {
	// Budget bounds the whole call's work, in the units of
	// orchestrate.Options.Budget (at most about 5 ns of one core each):
	// the solves and pricings it makes and its own search. 0 means
	// DefaultBudget. When it runs out, Optimize returns the best
	// assignment found so far (never worse than the one given), with
	// Result.Optimal false.
	Budget int64
	// Group is the grouping window: orders of one customer
	// (orchestrate.Order.Customer, not empty) to one destination — the
	// same mode (home or collect), the same address (coordinates and
	// country) or pickup store, the same profile of the rules — placed
	// within Group of the first of them may be served together, when it
	// costs less. 0 means no grouping.
	Group time.Duration
	// K is how many plans of each assignment alone (on the stock with
	// every open order's units given back) the search starts from: the
	// K cheapest on distinct node sets. 0 means DefaultK; at most
	// orchestrate.MaxK.
	K int
	// ExactLimit is the most candidate plans the exact stage visits for
	// one set of assignments competing for stock (branch and bound over
	// their candidate plans): beyond it, the set is not proven optimal.
	// 0 means DefaultExactLimit; a negative value turns the exact stage
	// off.
	ExactLimit int
}

// Result is the new assignment of a batch and what changed.
type Result struct {
	// Assignments serve every order of the batch exactly once: the
	// assignments given, some merged into groups, each with its plan
	// priced on the batch's stock. They are in the order of the first
	// assignment given of each.
	Assignments []Assignment
	// Changes lists, in the order of Assignments, those whose plan or
	// orders changed, with what moved and why. An assignment that did
	// not change has none.
	Changes []Change
	// Before and After are the total costs of the assignment given and
	// of the new one, each plan priced on the batch's stock: After ≤
	// Before, always. Their breakdowns are term by term.
	Before, After                   sourcing.Money
	BeforeBreakdown, AfterBreakdown orchestrate.Breakdown
	// Optimal is true when the search completed and every set of
	// assignments competing for stock was solved exactly over its
	// candidate plans (see the package documentation): no choice among
	// the candidates costs less.
	Optimal bool
	// Work is the effort the call spent, in the units of Options.Budget.
	Work int64
	// Stock is the snapshot given with the plans given taken back and the
	// new plans applied: the stock to go on with.
	Stock *stock.Snapshot
}

// Change is what happened to one assignment of the result: the orders it
// serves, the plans they had, the plan they have, what moved and why, as
// orchestrate.Explain says it of a node.
type Change struct {
	// Orders are the IDs of the assignment's orders.
	Orders []string
	// Before are the assignments they had (several when they are grouped
	// now), priced on the batch's stock; After the one they have.
	Before []Assignment
	After  Assignment
	// BeforeCost is Σ Before's costs, AfterCost After's; Delta is
	// After's breakdown less the sum of Before's, term by term.
	BeforeCost, AfterCost sourcing.Money
	Delta                 orchestrate.Breakdown
	// Moves are the units that changed node, per order: from a node or
	// from the backorder (From ""), to a node or to the backorder (To "").
	Moves []Move
	// Reasons are the steps of the search that made the change, in order.
	Reasons []Reason
	// Summary says it in a line, for instance "o1+o7 grouped (customer
	// c-17, one destination): 1 shipment instead of 2, 6.85 EUR less:
	// -2.81 handling, -4.04 carrier".
	Summary string
}

// Move is units of one SKU of one order that changed node.
type Move struct {
	Order string
	SKU   stock.SKU
	Qty   sourcing.Qty
	// From and To are the nodes; "" is the backorder (not served).
	From, To stock.NodeID
	// For lists the orders that take, in the new assignment, units of the
	// SKU at From that they did not take before: the orders the move made
	// room for. Empty when nobody took them.
	For []string
}

// Step names a step of the search.
type Step string

// The steps that change assignments.
const (
	// StepGrouped: the orders were grouped into one assignment.
	StepGrouped Step = "grouped"
	// StepWave: a wave allocation of a scarce SKU moved the assignment.
	StepWave Step = "wave"
	// StepResolved: the assignment was solved again on the stock the
	// others leave, and that plan costs less.
	StepResolved Step = "re-solved"
	// StepExchanged: two assignments competing for stock were solved
	// again together, and exchanged stock.
	StepExchanged Step = "exchanged"
	// StepExact: the exact stage chose another combination of candidate
	// plans for assignments competing for stock.
	StepExact Step = "exact"
)

// Reason is one step that changed an assignment.
type Reason struct {
	Step Step
	// SKU is the scarce SKU of a wave.
	SKU stock.SKU
	// With lists the other orders of the step: grouped with, exchanged
	// with, competing in the wave or in the exact stage.
	With []string
}

// Optimize re-decides a batch of open orders together: orders assigned to
// nodes but not yet released to them, each assignment with its plan.
// It returns a new assignment of every order that costs no more in total
// than the one given and say, per assignment that changed, what changed
// and why. See the package documentation for the search.
//
// snap is the stock with the open plans applied (stock.Snapshot.Apply:
// their units reserved and committed), as a host that reserves what it
// assigns holds it. Optimize gives their units back
// (stock.Snapshot.Release) to re-decide them: that is the batch's stock,
// on which every plan, before and after, is priced with
// orchestrate.Price under rs (so that the totals compare in one money,
// independent of the order the plans were made in). The new assignment
//
//   - never costs more in total than the one given (Result.After ≤
//     Result.Before);
//   - never oversells: all its plans together take no more of a node's
//     SKU than is available after the display stock each order's rules
//     keep, nor more units from a node than its capacity left;
//   - breaks no hard rule of an order's profile (every plan it changes
//     is one orchestrate.Solve made for the order or group under rs) and
//     no constraint of the order's own (its lines, ship-together groups,
//     destination);
//   - never breaks a promise the given plan keeps: an order that its
//     plan serves whole, every shipment carrying its units arriving
//     within its promise_days, is served so by the new plan too;
//   - serves every order exactly once, every unit either shipped or
//     backordered.
//
// Nothing passed in is changed; snap and rs may be shared by concurrent
// calls. ctx cancels the search: Optimize then returns the best
// assignment found, Optimal false.
//
// Errors: a nil snapshot or rule set, bad options, an assignment without
// orders, an order ID given twice, orders of one assignment to different
// destinations or modes, or a plan that is not of its orders, are
// field errors wrapping sourcing.ErrInvalid (with "open[i]" in the
// field); an order that does not validate against snap, its
// orchestrate.Order.Validate error; rules.ErrNoProfile for an order the
// rules do not cover; orchestrate.ErrCurrencyMismatch; an error wrapping
// stock.ErrConflict when the plans are not applied to snap (it does not
// hold their units reserved); orchestrate.ErrBudget, wrapping ctx.Err(),
// when ctx is done before the call starts.
func Optimize(ctx context.Context, open []Assignment, snap *stock.Snapshot, rs *rules.RuleSet, opts Options) (*Result, error) {
	if err := checkOptions(snap, rs, &opts); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("batch: %w (before the search): %w", orchestrate.ErrBudget, err)
	}
	b := &batcher{ctx: ctx, rs: rs, opts: opts, budget: cmp.Or(opts.Budget, DefaultBudget),
		k: cmp.Or(opts.K, DefaultK), exactLimit: cmp.Or(opts.ExactLimit, DefaultExactLimit)}
	if err := b.setup(open, snap); err != nil {
		return nil, err
	}
	if err := b.search(); err != nil {
		return nil, err
	}
	return b.result()
}

func checkOptions(snap *stock.Snapshot, rs *rules.RuleSet, opts *Options) error {
	if snap == nil || rs == nil {
		return fmt.Errorf("%w: batch.Optimize needs a snapshot and a rule set", sourcing.ErrInvalid)
	}
	if snap.Currency() != rs.Currency() {
		return fmt.Errorf("%w: snapshot in %s, rule set %s in %s", orchestrate.ErrCurrencyMismatch, snap.Currency(), rs.Version(), rs.Currency())
	}
	switch {
	case opts.Budget < 0:
		return sourcing.Invalid("options.budget", opts.Budget, "must be ≥ 0")
	case opts.K < 0 || opts.K > orchestrate.MaxK:
		return sourcing.Invalid("options.k", opts.K, fmt.Sprintf("must be in [0, %d]", orchestrate.MaxK))
	case opts.Group < 0:
		return sourcing.Invalid("options.group", opts.Group.String(), "must be ≥ 0")
	}
	return nil
}
