package simulate_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// latest is a strategy of its own: it holds every order until its
// release, then solves the orders waiting under the scenario's rules. It
// embeds the engine for what it does not change (re-sourcing a refusal,
// the outcomes it does not learn from).
type latest struct{ *simulate.RuleStrategy }

func (l latest) Name() string                                       { return "latest" }
func (l latest) Start(*simulate.Scenario) (simulate.Decider, error) { return l, nil }

// Place holds the order.
func (l latest) Place(context.Context, *simulate.World, orchestrate.Order) error { return nil }

// Release assigns every order waiting, in the order placed.
func (l latest) Release(ctx context.Context, w *simulate.World, at time.Time) error {
	for _, id := range w.Waiting() {
		o, _ := w.Order(id)
		a := simulate.Assignment{Orders: []string{id}}
		res, err := orchestrate.Solve(ctx, o, w.Snapshot(), l.Rules(), orchestrate.Options{K: 1})
		switch {
		case errors.Is(err, orchestrate.ErrInfeasible):
			a.Reason = err.Error()
		case err != nil:
			return err
		default:
			a.Plan = res.Plans[0]
		}
		if err := w.Assign(a); err != nil {
			return err
		}
	}
	return nil
}

// A strategy is a Decider: here one that decides at each release, the
// seam where grouping and batch re-optimisation plug in.
func Example_strategy() {
	data, err := os.ReadFile("../../testdata/seasons/fr-week.json")
	if err != nil {
		log.Fatal(err)
	}
	sc, err := simulate.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	sc.Orders = sc.Orders[:500]
	mine := latest{simulate.NewRuleStrategy("latest", sc.Rules, orchestrate.Options{})}
	rep, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{simulate.Engine(sc), mine}, simulate.SimulateOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Strategies {
		fmt.Printf("%-7s %9s EUR %4d shipments %3d backordered\n", s.Name, s.Cost.Format("EUR"), s.Shipments, s.UnitsBackordered)
	}
	// Output:
	// engine   13934.25 EUR  538 shipments  65 backordered
	// latest   13933.98 EUR  538 shipments  65 backordered
}
