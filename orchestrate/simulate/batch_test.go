package simulate_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/stock"
)

// replayBoth replays sc under the engine and batch, decisions kept.
func replayBoth(t *testing.T, sc *simulate.Scenario) (engine, batch *simulate.StrategyResult) {
	t.Helper()
	rep, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{simulate.Engine(sc), simulate.Batch(sc)},
		simulate.SimulateOptions{Decisions: true})
	require.NoError(t, err)
	return &rep.Strategies[0], &rep.Strategies[1]
}

func decisionOf(s *simulate.StrategyResult, id string) simulate.Decision {
	i := slices.IndexFunc(s.Decisions, func(d simulate.Decision) bool { return slices.Contains(d.Orders, id) })
	if i < 0 {
		return simulate.Decision{}
	}
	return s.Decisions[i]
}

func TestBatchStrategy(t *testing.T) {
	dijon := geo.MustLatLng(47.322, 5.041)
	customer := func(c string, o orchestrate.Order) orchestrate.Order { o.Customer = c; return o }
	tests := []struct {
		name  string
		world func() *world
		check func(t *testing.T, sc *simulate.Scenario, engine, batch *simulate.StrategyResult)
	}{
		{
			name: "a customer's two orders within the window: one decision, one shipment",
			world: func() *world {
				w := tinyWorld()
				w.orders = []orchestrate.Order{
					customer("c1", home("o1", 0, 3, line("A", 1))),
					customer("c1", home("o2", 20*time.Minute, 3, line("A", 1))),
					customer("c2", home("o3", 30*time.Minute, 3, line("A", 1))),
				}
				w.set = simulate.Settings{ReleaseEvery: time.Hour, Group: time.Hour}
				return w
			},
			check: func(t *testing.T, sc *simulate.Scenario, engine, batch *simulate.StrategyResult) {
				d := decisionOf(batch, "o1")
				require.Equal(t, []string{"o1", "o2"}, d.Orders)
				require.Len(t, d.Plan.Shipments, 1)
				require.Equal(t, []string{"o3"}, decisionOf(batch, "o3").Orders, "another customer's order is not grouped")
				require.Equal(t, 3, engine.Shipments)
				require.Equal(t, 2, batch.Shipments)
				require.Less(t, batch.Cost, engine.Cost)
			},
		},
		{
			name: "an order is held no longer than the window",
			world: func() *world {
				w := tinyWorld()
				w.orders = []orchestrate.Order{
					customer("c1", home("o1", 0, 3, line("A", 1))),
					customer("c1", home("o2", 90*time.Minute, 3, line("A", 1))),
				}
				w.set = simulate.Settings{ReleaseEvery: 30 * time.Minute, Group: time.Hour}
				return w
			},
			check: func(t *testing.T, sc *simulate.Scenario, engine, batch *simulate.StrategyResult) {
				require.Len(t, batch.Decisions, 2, "90 minutes apart: not grouped")
				for _, d := range batch.Decisions {
					o := sc.Orders[slices.IndexFunc(sc.Orders, func(o orchestrate.Order) bool { return o.ID == d.Orders[0] })]
					require.LessOrEqual(t, d.AssignedAt.Sub(o.PlacedAt), time.Hour, "%s held too long", o.ID)
					require.LessOrEqual(t, d.At.Sub(o.PlacedAt), time.Hour+30*time.Minute, "%s released too late", o.ID)
				}
			},
		},
		{
			name: "a wave: the near unit goes to the order it saves most",
			world: func() *world {
				w := tinyWorld()
				w.levels = []stock.Record{
					{Node: "dc", SKU: "A", Level: stock.Level{OnHand: 10}},
					{Node: "st-near", SKU: "A", Level: stock.Level{OnHand: 1}},
				}
				dijonOrder := home("o1", 0, 0, line("A", 1))
				dijonOrder.Destination = dijon
				w.orders = []orchestrate.Order{dijonOrder, home("o2", 10*time.Minute, 0, line("A", 1))}
				w.set = simulate.Settings{ReleaseEvery: time.Hour}
				return w
			},
			check: func(t *testing.T, sc *simulate.Scenario, engine, batch *simulate.StrategyResult) {
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(decisionOf(engine, "o1")), "first come, first served")
				require.Equal(t, []stock.NodeID{"dc"}, nodesOf(decisionOf(batch, "o1")))
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(decisionOf(batch, "o2")))
				require.Less(t, batch.Cost, engine.Cost)
			},
		},
		{
			name: "without grouping and release period, batch is the engine",
			world: func() *world {
				w := tinyWorld()
				w.orders = []orchestrate.Order{
					customer("c1", home("o1", 0, 3, line("A", 1))),
					customer("c1", home("o2", 20*time.Minute, 3, line("A", 1), line("B", 1))),
					customer("c2", home("o3", 30*time.Minute, 1, line("A", 2))),
				}
				return w
			},
			check: func(t *testing.T, sc *simulate.Scenario, engine, batch *simulate.StrategyResult) {
				require.Equal(t, engine.KPIs, batch.KPIs)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.world().scenario(t)
			engine, batch := replayBoth(t, sc)
			tt.check(t, sc, engine, batch)
		})
	}
}
