package simulate_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// assignAll is a Decider that holds every order placed and assigns them
// at each release, solving them then in the order placed under rs: the
// shape of a batching strategy. It records what the replay told it.
type assignAll struct {
	*simulate.RuleStrategy
	name     string
	wakeIn   time.Duration // > 0: asks to be woken this long after each order
	releases []time.Time
	seen     []simulate.Observation
	// reassign: assign each order when placed, and at each release
	// unassign what waits for it and assign it again.
	reassign bool
}

func (a *assignAll) Name() string                                       { return a.name }
func (a *assignAll) Start(*simulate.Scenario) (simulate.Decider, error) { return a, nil }

func (a *assignAll) Place(ctx context.Context, w *simulate.World, o orchestrate.Order) error {
	switch {
	case a.reassign:
		return a.assign(ctx, w, o.ID)
	case a.wakeIn > 0:
		return w.WakeAt(w.Now().Add(a.wakeIn))
	}
	return nil
}

func (a *assignAll) Release(ctx context.Context, w *simulate.World, at time.Time) error {
	a.releases = append(a.releases, at)
	if a.reassign {
		for _, p := range w.Pending() {
			if err := w.Unassign(p.Orders[0]); err != nil {
				return err
			}
		}
	}
	for _, id := range w.Waiting() {
		if err := a.assign(ctx, w, id); err != nil {
			return err
		}
	}
	return nil
}

func (a *assignAll) assign(ctx context.Context, w *simulate.World, id string) error {
	o, _ := w.Order(id)
	res, err := orchestrate.Solve(ctx, o, w.Snapshot(), a.Rules(), orchestrate.Options{K: 1})
	asg := simulate.Assignment{Orders: []string{id}}
	switch {
	case errors.Is(err, orchestrate.ErrInfeasible):
		asg.Reason = err.Error()
	case err != nil:
		return err
	default:
		asg.Plan = res.Plans[0]
	}
	return w.Assign(asg)
}

func (a *assignAll) Observe(w *simulate.World, o simulate.Observation) {
	if o.At.After(w.Now()) {
		panic("an observation from the future")
	}
	a.seen = append(a.seen, o)
}

// slowEngine is the engine through the public seam only: Solve, then
// World.Assign, which prices the plan again.
type slowEngine struct{ *simulate.RuleStrategy }

func (s slowEngine) Start(*simulate.Scenario) (simulate.Decider, error) { return s, nil }

func (s slowEngine) Place(ctx context.Context, w *simulate.World, o orchestrate.Order) error {
	res, err := orchestrate.Solve(ctx, o, w.Snapshot(), s.Rules(), orchestrate.Options{K: 1})
	a := simulate.Assignment{Orders: []string{o.ID}}
	if err != nil {
		a.Reason = err.Error()
	} else {
		a.Plan = res.Plans[0]
	}
	return w.Assign(a)
}

// TestStrategySeam drives the replay with strategies written outside the
// package, as the batch and learning strategies are.
func TestStrategySeam(t *testing.T) {
	sc := *season(t)
	sc.Orders = sc.Orders[:min(len(sc.Orders), 400)]
	opts := simulate.SimulateOptions{Decisions: true}

	t.Run("the engine through the public seam decides and prices as the engine", func(t *testing.T) {
		slow := slowEngine{simulate.NewRuleStrategy("slow", sc.Rules, orchestrate.Options{})}
		rep, err := simulate.Simulate(context.Background(), &sc, []simulate.Strategy{simulate.Engine(&sc), slow}, opts)
		require.NoError(t, err)
		fast, viaSeam := rep.Strategies[0], rep.Strategies[1]
		for i := range viaSeam.Decisions {
			viaSeam.Decisions[i].Strategy = "engine"
		}
		viaSeam.Name, fast.Stock, viaSeam.Stock = "engine", nil, nil
		if !reflect.DeepEqual(fast, viaSeam) {
			t.Fatalf("mismatch (-engine +through the seam):\n%s", cmp.Diff(fast, viaSeam))
		}
	})
	t.Run("a strategy that holds orders assigns them at each release", func(t *testing.T) {
		hold := &assignAll{RuleStrategy: simulate.NewRuleStrategy("hold", sc.Rules, orchestrate.Options{}), name: "hold"}
		rep, err := simulate.Simulate(context.Background(), &sc, []simulate.Strategy{hold}, opts)
		require.NoError(t, err)
		require.NotEmpty(t, hold.releases)
		for i, at := range hold.releases {
			require.Zero(t, at.Sub(at.Truncate(time.Hour)), "release %d at %v: on the hour", i, at)
		}
		for _, d := range rep.Strategies[0].Decisions {
			require.Equal(t, d.AssignedAt, d.At, "assigned at the release")
		}
		kinds := map[simulate.ObservationKind]int{}
		for i, o := range hold.seen {
			kinds[o.Kind]++
			if i > 0 {
				require.False(t, o.At.Before(hold.seen[i-1].At), "observations in time order")
			}
		}
		require.Positive(t, kinds[simulate.Delivered])
		require.Equal(t, rep.Strategies[0].Rejections, kinds[simulate.Refused])
		require.Equal(t, rep.Strategies[0].ReservationsCollected, kinds[simulate.Collected])
		require.Equal(t, rep.Strategies[0].ReservationsExpired, kinds[simulate.Expired])
	})
	t.Run("unassigning before release gives the stock back", func(t *testing.T) {
		again := &assignAll{RuleStrategy: simulate.NewRuleStrategy("again", sc.Rules, orchestrate.Options{}), name: "again", reassign: true}
		hold := &assignAll{RuleStrategy: simulate.NewRuleStrategy("hold", sc.Rules, orchestrate.Options{}), name: "hold"}
		rep, err := simulate.Simulate(context.Background(), &sc, []simulate.Strategy{again, hold}, opts)
		require.NoError(t, err)
		// Each order assigned when placed, given back and assigned again
		// at its release, in the same order on the same stock as the
		// strategy that assigns at the release only: the same season.
		reassigned, held := rep.Strategies[0], rep.Strategies[1]
		for _, d := range reassigned.Decisions {
			require.Equal(t, d.At, d.AssignedAt, "assigned again at the release")
		}
		require.Equal(t, held.KPIs, reassigned.KPIs)
		require.Equal(t, levels(held.Stock), levels(reassigned.Stock))
	})
	t.Run("without a release period, a wake-up is the release", func(t *testing.T) {
		sc := sc
		sc.Simulation.ReleaseEvery = 0
		wake := &assignAll{RuleStrategy: simulate.NewRuleStrategy("wake", sc.Rules, orchestrate.Options{}), name: "wake", wakeIn: 30 * time.Minute}
		rep, err := simulate.Simulate(context.Background(), &sc, []simulate.Strategy{wake}, opts)
		require.NoError(t, err)
		for _, d := range rep.Strategies[0].Decisions {
			o := sc.Orders[indexOf(&sc, d.Orders[0])]
			require.False(t, d.At.Before(o.PlacedAt), "%s", o.ID)
			require.False(t, d.At.After(o.PlacedAt.Add(30*time.Minute)), "%s released by its wake-up", o.ID)
		}
	})
}

func indexOf(sc *simulate.Scenario, id string) int {
	for i, o := range sc.Orders {
		if o.ID == id {
			return i
		}
	}
	return -1
}

// failing is a Decider whose Place does what it is told.
type failing struct {
	*simulate.RuleStrategy
	place func(w *simulate.World, o orchestrate.Order) error
}

func (f failing) Start(*simulate.Scenario) (simulate.Decider, error) { return f, nil }
func (f failing) Place(_ context.Context, w *simulate.World, o orchestrate.Order) error {
	return f.place(w, o)
}

func TestSimulateErrors(t *testing.T) {
	w := tinyWorld()
	w.orders = []orchestrate.Order{home("o1", 0, 2, line("A", 3)), home("o2", time.Minute, 2, line("A", 1))}
	sc := w.scenario(t)
	rule := func(name string) *simulate.RuleStrategy {
		return simulate.NewRuleStrategy(name, sc.Rules, orchestrate.Options{})
	}
	boom := errors.New("boom")
	tests := []struct {
		name       string
		sc         func() *simulate.Scenario
		strategies []simulate.Strategy
		is         error
		text       string
	}{
		{name: "no strategy", strategies: nil, is: sourcing.ErrInvalid, text: "strategies: name at least one strategy"},
		{name: "two of one name", strategies: []simulate.Strategy{rule("x"), rule("x")}, is: sourcing.ErrInvalid,
			text: `strategies[1]: "x": already the name of strategies[0]`},
		{name: "a decider's error names the strategy and the order", is: boom, text: "strategy bad: order o1 at 2026-11-23T09:00:00Z: boom",
			strategies: []simulate.Strategy{failing{rule("bad"), func(*simulate.World, orchestrate.Order) error { return boom }}}},
		{name: "orders left unassigned", text: "strategy idle: orders left unassigned at the end of the stream: [o1 o2]",
			strategies: []simulate.Strategy{failing{rule("idle"), func(*simulate.World, orchestrate.Order) error { return nil }}}},
		{name: "a plan the stock cannot take", is: stock.ErrConflict, text: "strategy greedy: order o1 at 2026-11-23T09:00:00Z: order o1: applying the plan of strategy greedy: stock conflict: st-near/A: 3 wanted, 2 available",
			strategies: []simulate.Strategy{failing{rule("greedy"), func(w *simulate.World, o orchestrate.Order) error {
				return w.Assign(simulate.Assignment{Orders: []string{o.ID}, Plan: orchestrate.Plan{Shipments: []orchestrate.Shipment{
					{Node: "st-near", Lines: []orchestrate.Line{line("A", 3)}}}}})
			}}}},
		{name: "a plan not of the order", is: sourcing.ErrInvalid, text: `shipments[0].lines[0].sku: "B": not a SKU of the order`,
			strategies: []simulate.Strategy{failing{rule("wrong"), func(w *simulate.World, o orchestrate.Order) error {
				return w.Assign(simulate.Assignment{Orders: []string{o.ID}, Plan: orchestrate.Plan{Shipments: []orchestrate.Shipment{
					{Node: "st-near", Lines: []orchestrate.Line{line("B", 1)}}}}})
			}}}},
		{name: "an order assigned twice", is: sourcing.ErrInvalid, text: `assignment.orders[0]: "o1": already assigned`,
			strategies: []simulate.Strategy{failing{rule("twice"), func(w *simulate.World, o orchestrate.Order) error {
				if err := w.Assign(simulate.Assignment{Orders: []string{"o1"}}); err != nil && o.ID == "o1" {
					return err
				}
				return w.Assign(simulate.Assignment{Orders: []string{"o1"}})
			}}}},
		{name: "an order without a time", sc: func() *simulate.Scenario {
			c := *sc
			c.Orders = []orchestrate.Order{c.Orders[0], c.Orders[1]}
			c.Orders[1].PlacedAt = time.Time{}
			return &c
		}, strategies: []simulate.Strategy{rule("e")}, is: sourcing.ErrInvalid, text: "orders[1].placed_at: missing: a simulation replays the orders in time order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sc
			if tt.sc != nil {
				s = tt.sc()
			}
			_, err := simulate.Simulate(context.Background(), s, tt.strategies, simulate.SimulateOptions{})
			require.Error(t, err)
			if tt.is != nil {
				require.ErrorIs(t, err, tt.is)
			}
			require.Contains(t, err.Error(), tt.text)
		})
	}
	t.Run("orders a rule file does not cover are backordered", func(t *testing.T) {
		spec := sc.Rules.Spec()
		spec.Profiles[0].When.Channels = []string{"store"}
		rs, err := rules.New(spec)
		require.NoError(t, err)
		s, err := simulate.RuleFile("store only", rs, sc)
		require.NoError(t, err)
		rep, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{s}, simulate.SimulateOptions{Decisions: true})
		require.NoError(t, err)
		for _, d := range rep.Strategies[0].Decisions {
			require.Empty(t, d.Plan.Shipments)
			require.Contains(t, d.Reason, "no profile matches")
		}
		require.Equal(t, 2, rep.Strategies[0].OrdersShort)
	})
	t.Run("a cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := simulate.Simulate(ctx, sc, []simulate.Strategy{rule("e")}, simulate.SimulateOptions{})
		require.ErrorIs(t, err, context.Canceled)
	})
}

// TestCheck: a scenario unfit to replay is refused with every problem at
// once, each naming its path.
func TestCheck(t *testing.T) {
	w := tinyWorld()
	w.orders = []orchestrate.Order{home("o1", 0, 2, line("A", 1)), home("o1", time.Minute, 2, line("A", 1))}
	w.orders[1].PlacedAt = time.Time{}
	w.events = []simulate.Event{{At: t0, Restock: &simulate.Restock{Node: "ghost", SKU: "A", Qty: 0}}, {}}
	w.set = simulate.Settings{Reject: simulate.Reject{Default: 1.5, Nodes: map[stock.NodeID]float64{"nowhere": 0.1}},
		Late:         []simulate.Late{{Service: colis, P: 0.1, Days: 0}, {Service: colis, P: 0.1, Days: 1}},
		ReleaseEvery: 90 * time.Second, NoShow: -1}
	err := w.scenario(t).Check()
	want := []string{
		"orders[1].placed_at", "orders[1].id",
		"events[0].restock.node", "events[0].restock.qty", "events[1].at", "events[1].restock",
		"simulation.reject.default", "simulation.reject.nodes.nowhere", "simulation.late[0].days", "simulation.late[1].service",
		"simulation.release_every_minutes", "simulation.no_show",
	}
	require.Equal(t, want, testkit.FieldNames(err), "%v", err)
	for _, e := range testkit.FieldErrors(err) {
		require.True(t, strings.HasPrefix((&e).Error(), e.Field+": "), "%v", e.Error())
	}
}
