package simulate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// A Strategy decides where a replay's orders ship from. Simulate starts
// one Decider per strategy and replay, so a strategy value may be shared
// by replays running at once; whatever it learns or holds lives in its
// Decider.
type Strategy interface {
	// Name is how the strategy is reported: "engine", a preset's name, a
	// rule file's path.
	Name() string
	// Start returns the strategy's Decider for one replay of sc.
	Start(sc *Scenario) (Decider, error)
}

// A Decider makes one strategy's decisions in one replay. The simulator
// calls it on one goroutine, in time order, with the World as it stands
// then: the stock depleted by the decisions before, restocked by the
// events before, with what refused and what arrived so far. It acts
// through World.Assign and World.Unassign.
//
// The simple strategies (engine, the presets, rule files: [RuleStrategy])
// assign each order when it is placed and do nothing else. A grouping
// strategy may hold orders (assign them later, at a release or a wake-up
// it asks for with World.WakeAt) and change the assignments of orders not
// yet released; a learning strategy learns from the outcomes it is told
// of, never from the future (the World's Scenario holds the world's
// answers, Settings.Refuses and the like: a strategy must not read them).
type Decider interface {
	// Place is called when an order is placed, after every event and
	// outcome up to its time. The decider assigns it (World.Assign), or
	// holds it for later.
	Place(ctx context.Context, w *World, order orchestrate.Order) error
	// Release is called at each release time (every multiple of
	// Settings.ReleaseEvery from midnight, while orders wait), at each
	// wake-up asked for with World.WakeAt, and once at the end of the
	// stream: the last moment to assign held orders and to change the
	// assignments of those not yet released. At a release time the
	// assigned orders are released to their nodes right after it; at the
	// end, every order must be assigned.
	Release(ctx context.Context, w *World, at time.Time) error
	// Reallocate serves again what a node refused when an assigned order
	// was released to it (see Refusal): it returns the plan for the
	// remainder of the order, the order less the shipments that stand
	// (Refusal.Kept): its shipments are applied at once, and what it does
	// not ship is backordered. An empty plan backorders the remainder.
	Reallocate(ctx context.Context, w *World, r Refusal) (orchestrate.Plan, error)
	// Observe is told of each outcome as the replay reveals it: a
	// refusal when a node refuses, a delivery when it arrives, a
	// reservation when it is collected or expires.
	Observe(w *World, o Observation)
}

// Assignment is a strategy's decision for one order, or for several
// orders grouped into one plan.
type Assignment struct {
	// Orders are the IDs of the orders the plan serves: one, or several
	// whose lines the plan serves together (they are priced as one order:
	// the first one with the lines of all).
	Orders []string
	// Plan's shipments take stock when assigned (each its node and lines;
	// the rest is priced again with the scenario's own rules). A plan
	// without shipments backorders everything.
	Plan orchestrate.Plan
	// Reason says why the plan ships nothing, if it is so because the
	// order cannot be served as asked (a solve's error).
	Reason string
}

// Refusal is a node refusing the shipment it was given when an assigned
// order was released to it: it had none of that shipment's SKUs after
// all. Before the decider's Reallocate is called, the simulator has given
// the shipment's units back and made the node's available stock of its
// SKUs 0 (phantom stock written off).
type Refusal struct {
	Order  orchestrate.Order // the order (grouped orders: as priced, one order with the lines of all)
	Orders []string          // the IDs of the orders of the assignment
	Node   stock.NodeID      // the node refusing
	// Shipments are the order's shipments before the refusal, the refused
	// one included: what orchestrate.Reallocate takes.
	Shipments []orchestrate.Shipment
	// Kept are the shipments that stand: Shipments less the refused one.
	Kept []orchestrate.Shipment
	// Refused lists every node that has refused this order so far, Node
	// last: a re-sourced shipment should come from none of them (each
	// would refuse again).
	Refused []stock.NodeID
	// Round is the refusal's rank in this release (1 for the first): the
	// days the re-sourced shipments lose.
	Round int
}

// ObservationKind is what an Observation reports.
type ObservationKind uint8

// The kinds of outcome.
const (
	// Refused: Node refused its shipment of Order (Lines), at release.
	Refused ObservationKind = iota + 1
	// Delivered: the shipment of Order from Node arrived (or, without a
	// carrier, is ready at the pickup store), QuotedDays and ActualDays
	// after the order's time.
	Delivered
	// Collected: the customer collected the reservation of Order at Node.
	Collected
	// Expired: the reservation of Order at Node expired uncollected; its
	// units are back in the store's stock.
	Expired
)

var outcomeNames = [...]string{Refused: "refused", Delivered: "delivered", Collected: "collected", Expired: "expired"}

// String returns "refused", "delivered", "collected" or "expired".
func (k ObservationKind) String() string {
	if k >= Refused && k <= Expired {
		return outcomeNames[k]
	}
	return fmt.Sprintf("ObservationKind(%d)", uint8(k))
}

// Observation is what the replay reveals to a strategy as it happens.
type Observation struct {
	Kind    ObservationKind
	At      time.Time
	Order   string // the order (the first of grouped orders)
	Node    stock.NodeID
	Lines   []orchestrate.Line
	Service carrier.ServiceID // Delivered: the carrier service (zero for a shelf)
	// QuotedDays and ActualDays are, for Delivered, the ETA of the plan
	// (the days a re-sourcing lost included) and the days it took.
	QuotedDays, ActualDays sourcing.Days
}

// RuleStrategy solves each order when it is placed, under its rule set,
// and assigns plan 1 (an order its rules cannot serve — no plan, no
// profile — is backordered, with the solve's error as the reason); a
// refused shipment is re-sourced with
// orchestrate.Reallocate under the same rules, without the nodes that
// refused. It is the "engine" strategy under the scenario's own policy,
// a preset's under the preset's weights and filters, a rule file's under
// the file's.
type RuleStrategy struct {
	name  string
	rules *rules.RuleSet
	opts  orchestrate.Options
}

// NewRuleStrategy returns the strategy of rs under name. opts tunes its
// solves (Budget, Services…; K is 1, Require and Exclude are its own).
func NewRuleStrategy(name string, rs *rules.RuleSet, opts orchestrate.Options) *RuleStrategy {
	opts.K, opts.Require, opts.Exclude = 1, nil, nil
	return &RuleStrategy{name: name, rules: rs, opts: opts}
}

// Name returns the strategy's name.
func (s *RuleStrategy) Name() string { return s.name }

// Rules returns the rule set the strategy decides with.
func (s *RuleStrategy) Rules() *rules.RuleSet { return s.rules }

// Start returns the strategy's decider: it keeps no state, so Start
// returns the strategy itself.
func (s *RuleStrategy) Start(sc *Scenario) (Decider, error) {
	if s.rules == nil {
		return nil, fmt.Errorf("%w: strategy %s has no rule set", sourcing.ErrInvalid, s.name)
	}
	if sc.Rules != nil && s.rules.Currency() != sc.Rules.Currency() {
		return nil, fmt.Errorf("%w: strategy %s: rule set in %s, scenario in %s", orchestrate.ErrCurrencyMismatch, s.name, s.rules.Currency(), sc.Rules.Currency())
	}
	return s, nil
}

// Place solves the order and assigns plan 1.
func (s *RuleStrategy) Place(ctx context.Context, w *World, order orchestrate.Order) error {
	a := Assignment{Orders: []string{order.ID}}
	res, err := orchestrate.Solve(ctx, order, w.Snapshot(), s.rules, s.opts)
	switch {
	case err == nil:
		a.Plan = res.Plans[0]
	case unservable(err):
		a.Reason = err.Error()
	default:
		return err
	}
	// Under the scenario's own rules (the engine), plan 1 is priced as
	// the yardstick prices it (orchestrate.Price of it is itself), unless
	// a fallback profile made it.
	return w.assign(a, err == nil && s.rules == w.sc.Rules && len(res.Attempts) <= 1)
}

// unservable reports whether a solve's error says the strategy cannot
// serve the order as asked (no plan under its rules, no profile of its
// rules for the order, no plan within its budget), rather than something
// is wrong.
func unservable(err error) bool {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	}
	return errors.Is(err, orchestrate.ErrInfeasible) || errors.Is(err, rules.ErrNoProfile) || errors.Is(err, orchestrate.ErrBudget)
}

// Release does nothing: the strategy assigns each order when placed.
func (s *RuleStrategy) Release(context.Context, *World, time.Time) error { return nil }

// Reallocate re-sources the refused part with orchestrate.Reallocate, without
// every node that refused the order.
func (s *RuleStrategy) Reallocate(ctx context.Context, w *World, r Refusal) (orchestrate.Plan, error) {
	opts := s.opts
	opts.Exclude = r.Refused[:len(r.Refused)-1]
	out, err := orchestrate.Reallocate(ctx, r.Order, r.Shipments, orchestrate.Rejection{Node: r.Node, Reason: "not found"}, w.Snapshot(), s.rules, opts)
	switch {
	case err == nil:
		return out.Result.Plans[0], nil
	case unservable(err):
		return orchestrate.Plan{}, nil
	}
	return orchestrate.Plan{}, err
}

// Observe does nothing: the strategy does not learn.
func (s *RuleStrategy) Observe(*World, Observation) {}

// Engine returns the "engine" strategy: the scenario's own policy.
func Engine(sc *Scenario) Strategy { return NewRuleStrategy("engine", sc.Rules, orchestrate.Options{}) }

// Preset returns the strategy of the preset name (one of rules.Presets):
// the preset's weights and filters with the scenario's carriers and
// currency.
func Preset(name string, sc *Scenario) (Strategy, error) {
	spec, err := rules.LoadPreset(name)
	if err != nil {
		return nil, err
	}
	rs, err := withCarriers(spec, sc)
	if err != nil {
		return nil, fmt.Errorf("preset %s: %w", name, err)
	}
	return NewRuleStrategy(name, rs, orchestrate.Options{}), nil
}

// RuleFile returns the strategy of a rule set read from a file, named by
// name (its path): the rule set as it is, or, when it has no carrier
// services, with the scenario's. It must be in the scenario's currency.
func RuleFile(name string, rs *rules.RuleSet, sc *Scenario) (Strategy, error) {
	if rs == nil || sc.Rules == nil {
		return nil, fmt.Errorf("%w: strategy %s needs a rule set and a scenario with one", sourcing.ErrInvalid, name)
	}
	if len(rs.Carriers()) > 0 {
		if rs.Currency() != sc.Rules.Currency() {
			return nil, fmt.Errorf("%w: strategy %s: rule set in %s, scenario in %s", orchestrate.ErrCurrencyMismatch, name, rs.Currency(), sc.Rules.Currency())
		}
		return NewRuleStrategy(name, rs, orchestrate.Options{}), nil
	}
	withC, err := withCarriers(rs.Spec(), sc)
	if err != nil {
		return nil, fmt.Errorf("strategy %s: %w", name, err)
	}
	return NewRuleStrategy(name, withC, orchestrate.Options{}), nil
}

// withCarriers builds spec with the scenario's carriers and currency.
func withCarriers(spec rules.Spec, sc *Scenario) (*rules.RuleSet, error) {
	if sc.Rules == nil {
		return nil, fmt.Errorf("%w: the scenario has no rule set", sourcing.ErrInvalid)
	}
	if spec.Currency != "" && spec.Currency != sc.Rules.Currency() {
		return nil, fmt.Errorf("%w: rule set in %s, scenario in %s", orchestrate.ErrCurrencyMismatch, spec.Currency, sc.Rules.Currency())
	}
	own := sc.Rules.Spec()
	spec.Currency, spec.Carriers = own.Currency, own.Carriers
	return rules.New(spec)
}

// Strategies returns the names of the strategies Named knows: "engine",
// the presets and "batch".
func Strategies() []string {
	return append(append([]string{"engine"}, rules.Presets()...), "batch")
}

// Named returns the strategy called name: "engine", a preset or "batch"
// (see Strategies). A rule file is RuleFile's.
func Named(name string, sc *Scenario) (Strategy, error) {
	switch name {
	case "engine":
		return Engine(sc), nil
	case "batch":
		return Batch(sc), nil
	}
	for _, p := range rules.Presets() {
		if p == name {
			return Preset(name, sc)
		}
	}
	return nil, sourcing.Invalid("strategy", name, fmt.Sprintf("must be one of %q or a rule file", Strategies()))
}
