package simulate

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/batch"
	"github.com/sourcing-go/sourcing/rules"
)

// BatchStrategy is the "batch" strategy: the engine (each order solved
// under the scenario's own rules when it is placed), plus
//
//   - grouping: an order of a known customer (Order.Customer), for home
//     delivery or click & collect, is held up to Settings.Group for later
//     orders of the same customer to the same destination, then
//     assigned; orders of a customer to one destination placed within
//     Settings.Group of the first are grouped when that costs less;
//   - re-optimisation of every order not yet released, at each release
//     (every Settings.ReleaseEvery; without a release period, when held
//     orders are assigned together): orders swapped between nodes, SKUs exchanged, a
//     wave of orders competing for a scarce SKU allocated together
//     (orchestrate/batch's Optimize);
//   - refusals re-sourced as the engine does.
//
// The replay takes an order as placed at its placed_at time, held or not
// (its ETA counts from it); holding only delays the release to the
// nodes. Each group is one decision, listing its orders.
type BatchStrategy struct {
	name  string
	rules *rules.RuleSet
	opts  batch.Options
}

// NewBatchStrategy returns the batch strategy under name with the rule
// set rs; opts tunes its re-optimisation (its Group is the scenario's
// Settings.Group, whatever opts says).
func NewBatchStrategy(name string, rs *rules.RuleSet, opts batch.Options) *BatchStrategy {
	return &BatchStrategy{name: name, rules: rs, opts: opts}
}

// Batch returns the "batch" strategy: the scenario's own rules, grouping
// within its Settings.Group, re-optimisation at each release.
func Batch(sc *Scenario) Strategy { return NewBatchStrategy("batch", sc.Rules, batch.Options{}) }

// Name returns the strategy's name.
func (s *BatchStrategy) Name() string { return s.name }

// Start returns a decider for one replay of sc.
func (s *BatchStrategy) Start(sc *Scenario) (Decider, error) {
	engine := NewRuleStrategy(s.name, s.rules, orchestrate.Options{})
	if _, err := engine.Start(sc); err != nil {
		return nil, err
	}
	d := &batchDecider{engine: engine, opts: s.opts, every: sc.Simulation.ReleaseEvery, zone: time.UTC}
	d.opts.Group = sc.Simulation.Group
	if len(sc.Orders) > 0 {
		first := slices.MinFunc(sc.Orders, func(a, b orchestrate.Order) int { return a.PlacedAt.Compare(b.PlacedAt) })
		d.zone = first.PlacedAt.Location()
	}
	for _, o := range sc.Orders {
		if o.PlacedAt.After(d.end) {
			d.end = o.PlacedAt
		}
	}
	for _, e := range sc.Events {
		if e.At.After(d.end) {
			d.end = e.At
		}
	}
	return d, nil
}

// batchDecider is the batch strategy in one replay.
type batchDecider struct {
	engine *RuleStrategy
	opts   batch.Options
	every  time.Duration
	zone   *time.Location
	end    time.Time // the stream's last order or event
	held   []heldOrder
	// last is the time of the last re-optimisation, and dirty says an
	// order was assigned since.
	last  time.Time
	dirty bool
}

// heldOrder is an order held for its customer's later orders, until due.
type heldOrder struct {
	order orchestrate.Order
	due   time.Time
}

// groupable reports whether an order may be held and grouped: a known
// customer, shipped (home or collect).
func groupable(o *orchestrate.Order) bool {
	return o.Customer != "" && (o.Mode == rules.Home || o.Mode == rules.Collect)
}

// sameTrip reports whether two orders go to one customer at one place.
func sameTrip(a, b *orchestrate.Order) bool {
	if a.Customer != b.Customer || a.Mode != b.Mode || a.Country != b.Country {
		return false
	}
	if a.Mode == rules.Collect {
		return a.PickupNode == b.PickupNode
	}
	return a.Destination == b.Destination
}

// Place holds a groupable order for the grouping window — until the due
// time of an earlier held order of the same customer and destination
// whose window it falls in, or for Settings.Group — and solves and
// assigns the others at once, as the engine does.
func (d *batchDecider) Place(ctx context.Context, w *World, order orchestrate.Order) error {
	if d.opts.Group <= 0 || !groupable(&order) {
		d.dirty = true
		return d.engine.Place(ctx, w, order)
	}
	due := order.PlacedAt.Add(d.opts.Group)
	for _, h := range d.held {
		if sameTrip(&h.order, &order) && !h.due.Before(order.PlacedAt) {
			due = h.due
			break
		}
	}
	d.held = append(d.held, heldOrder{order, due})
	if due.After(w.Now()) {
		return w.WakeAt(due)
	}
	return d.Release(ctx, w, w.Now())
}

// Release assigns the held orders that are due (all of them after the
// stream's end), then, at a release time, re-optimises every order not
// yet released.
func (d *batchDecider) Release(ctx context.Context, w *World, at time.Time) error {
	final := at.After(d.end)
	var due []orchestrate.Order
	d.held = slices.DeleteFunc(d.held, func(h heldOrder) bool {
		if final || !h.due.After(at) {
			due = append(due, h.order)
			return true
		}
		return false
	})
	for _, o := range due {
		d.dirty = true
		if err := d.engine.Place(ctx, w, o); err != nil {
			return err
		}
	}
	if d.every == 0 || final || d.isTick(at) {
		return d.optimize(ctx, w, at)
	}
	return nil
}

// isTick reports whether at is a release time: a multiple of the release
// period from midnight, in the stream's time zone.
func (d *batchDecider) isTick(at time.Time) bool {
	local := at.In(d.zone)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, d.zone)
	return at.Sub(midnight)%d.every == 0
}

// optimize re-decides every assignment not yet released with
// batch.Optimize and applies what changed: the old assignments given
// back, the new ones assigned.
func (d *batchDecider) optimize(ctx context.Context, w *World, at time.Time) error {
	if !d.dirty && at.Equal(d.last) {
		return nil
	}
	d.last, d.dirty = at, false
	pending := w.Pending()
	if len(pending) == 0 {
		return nil
	}
	open := make([]batch.Assignment, len(pending))
	for i, a := range pending {
		open[i].Plan = a.Plan
		for _, id := range a.Orders {
			o, _ := w.Order(id)
			open[i].Orders = append(open[i].Orders, o)
		}
	}
	res, err := batch.Optimize(ctx, open, w.Snapshot(), d.engine.rules, d.opts)
	if err != nil {
		return fmt.Errorf("re-optimising %d open assignments: %w", len(open), err)
	}
	if len(res.Changes) == 0 {
		return nil
	}
	for _, ch := range res.Changes {
		for _, b := range ch.Before {
			if err := w.Unassign(b.Orders[0].ID); err != nil {
				return err
			}
		}
	}
	for _, ch := range res.Changes {
		a := Assignment{Orders: ch.Orders, Plan: ch.After.Plan}
		if err := w.Assign(a); err != nil {
			return fmt.Errorf("assigning the batch's plan of %v: %w", ch.Orders, err)
		}
	}
	return nil
}

// Reallocate re-sources a refused shipment as the engine does.
func (d *batchDecider) Reallocate(ctx context.Context, w *World, r Refusal) (orchestrate.Plan, error) {
	return d.engine.Reallocate(ctx, w, r)
}

// Observe does nothing: the strategy does not learn.
func (d *batchDecider) Observe(*World, Observation) {}
