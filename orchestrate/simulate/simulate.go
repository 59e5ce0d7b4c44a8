package simulate

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/strictjson"
	"github.com/sourcing-go/sourcing/stock"
)

// SimulateOptions tunes Simulate. The zero value asks for the KPIs only.
type SimulateOptions struct {
	// Decisions keeps every decision in StrategyResult.Decisions (about a
	// kilobyte per order and strategy).
	Decisions bool
	// Progress, when not nil, is called as each replay goes, every 1,000
	// orders placed and at its last. Replays run on goroutines of their
	// own: it must be safe for concurrent use.
	Progress func(Progress)
}

// Progress says how far one strategy's replay is.
type Progress struct {
	Strategy string
	Orders   int // placed so far
	Of       int // the scenario's orders
}

// Report is a simulation's result: per strategy, in the order given.
type Report struct {
	Scenario   string           `json:"scenario"` // the scenario's name
	Seed       uint64           `json:"seed"`     // the seed of its world
	Strategies []StrategyResult `json:"strategies"`
}

// StrategyResult is one strategy's season: its KPIs, per day and per node,
// and, when asked for, every decision.
type StrategyResult struct {
	Name string `json:"name"`
	KPIs
	Days  []DayKPIs  `json:"days"`
	Nodes []NodeKPIs `json:"nodes"`
	// Decisions, when SimulateOptions.Decisions asks for them, in the
	// order they became final.
	Decisions []Decision `json:"-"`
	// Stock is the stock at the end of the replay, every reservation
	// ended and every order shipped.
	Stock *stock.Snapshot `json:"-"`
}

// Simulate replays the scenario's orders and events under each strategy,
// concurrently, each over its own copy of the world, and returns what
// each season came to. See the package documentation for what the replay
// models. Every strategy faces the same world (the draws are hashes of the
// seed and of what they are about), and the result is a function of the
// scenario and the strategies alone: deterministic, the same whatever
// the number of strategies and of goroutines.
//
// The scenario must be fit to replay (Check): every order has a placed_at
// time, the events and settings are valid. Strategies must have distinct
// names. A strategy that fails (its decider returns an error, assigns a
// plan the stock cannot take, leaves orders unassigned) fails the whole
// simulation, with an error naming it; so does ctx, when done. Nothing
// passed in is changed.
func Simulate(ctx context.Context, sc *Scenario, strategies []Strategy, opts SimulateOptions) (*Report, error) {
	if err := sc.Check(); err != nil {
		return nil, err
	}
	if len(strategies) == 0 {
		return nil, sourcing.Invalid("strategies", nil, "name at least one strategy")
	}
	names := map[string]int{}
	for i, s := range strategies {
		if s == nil {
			return nil, sourcing.Invalid(strictjson.Index("strategies", i), nil, "must not be nil")
		}
		if j, dup := names[s.Name()]; dup {
			return nil, sourcing.Invalid(strictjson.Index("strategies", i), s.Name(), fmt.Sprintf("already the name of strategies[%d]", j))
		}
		names[s.Name()] = i
	}
	st := newStream(sc)
	rep := &Report{Scenario: sc.Name, Seed: sc.Simulation.seed(), Strategies: make([]StrategyResult, len(strategies))}
	errs := make([]error, len(strategies))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for i, s := range strategies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := replay(ctx, sc, st, s, opts)
			if err != nil {
				errs[i] = err
				cancel() // the simulation fails: the others stop
				return
			}
			rep.Strategies[i] = *res
		}()
	}
	wg.Wait()
	// The first strategy's error, or, if only the cancellation stopped
	// them, ctx's: the same error whatever the goroutines' timing.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// replay replays the stream under one strategy.
func replay(ctx context.Context, sc *Scenario, st *stream, s Strategy, opts SimulateOptions) (*StrategyResult, error) {
	d, err := s.Start(sc)
	if err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.Name(), err)
	}
	w := newWorld(sc, st, s.Name(), d, opts.Decisions, opts.Progress)
	if err := w.run(ctx); err != nil {
		return nil, err
	}
	res := w.out
	res.KPIs, res.Days, res.Nodes = w.tally.result()
	res.Stock = w.snap
	return res, nil
}

// Check reports whether the scenario is fit to replay: a snapshot and
// rules, every order with a placed_at time (a replay is in time order),
// valid events and settings. Every problem is reported, each a
// [sourcing.FieldError] with the JSON path ("orders[3].placed_at").
func (sc *Scenario) Check() error {
	if sc == nil || sc.Snapshot == nil || sc.Rules == nil {
		return fmt.Errorf("%w: a simulation needs a scenario with a snapshot and rules", sourcing.ErrInvalid)
	}
	if sc.Snapshot.Currency() != sc.Rules.Currency() {
		return sourcing.Invalid("currency", string(sc.Snapshot.Currency()), "the snapshot's currency differs from the rules' "+string(sc.Rules.Currency()))
	}
	var errs []error
	ids := make(map[string]int, len(sc.Orders))
	for i := range sc.Orders {
		o := &sc.Orders[i]
		path := strictjson.Index("orders", i)
		if o.PlacedAt.IsZero() {
			errs = append(errs, sourcing.Invalid(path+".placed_at", nil, "missing: a simulation replays the orders in time order"))
		}
		if j, dup := ids[o.ID]; dup {
			errs = append(errs, &sourcing.FieldError{Field: path + ".id", Value: o.ID, Problem: fmt.Sprintf("already the id of orders[%d]", j), Err: stock.ErrDuplicate})
		} else {
			ids[o.ID] = i
		}
		errs = append(errs, renameOrder(o.Validate(sc.Snapshot), path))
	}
	for i := range sc.Events {
		errs = append(errs, sc.Events[i].validate(sc.Snapshot, strictjson.Index("events", i)))
	}
	errs = append(errs, sc.Simulation.Validate(sc.Snapshot, sc.Rules))
	return errors.Join(errs...)
}
