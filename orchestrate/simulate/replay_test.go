package simulate_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The tiny world: a warehouse near Paris, two stores in Lyon (near, the
// cheapest to ship from, and far), items A and B, one carrier service.
var (
	lyon  = geo.MustLatLng(45.764, 4.8357)
	t0    = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) // a Monday
	colis = carrier.ServiceID{Carrier: "colis", Service: "standard"}
)

type world struct {
	nodes  []stock.Node
	levels []stock.Record
	orders []orchestrate.Order
	events []simulate.Event
	set    simulate.Settings
}

func tinyWorld() *world {
	return &world{
		nodes: []stock.Node{
			{ID: "dc", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR", Ships: true, HandlingCost: 100, PickCost: 10},
			{ID: "st-near", Kind: stock.Store, Location: geo.MustLatLng(45.76, 4.84), Country: "FR", Ships: true, Pickup: true, Reserve: true, HandlingCost: 50, PickCost: 10},
			{ID: "st-far", Kind: stock.Store, Location: geo.MustLatLng(45.19, 5.72), Country: "FR", Ships: true, Pickup: true, Reserve: true, HandlingCost: 80, PickCost: 10},
		},
		levels: []stock.Record{
			{Node: "dc", SKU: "A", Level: stock.Level{OnHand: 10}},
			{Node: "st-near", SKU: "A", Level: stock.Level{OnHand: 2}},
			{Node: "st-far", SKU: "A", Level: stock.Level{OnHand: 2}},
			{Node: "st-near", SKU: "B", Level: stock.Level{OnHand: 1}},
		},
	}
}

// home is a home order of lines at t0 + after, to Lyon, promised in days.
func home(id string, after time.Duration, days sourcing.Days, lines ...orchestrate.Line) orchestrate.Order {
	return orchestrate.Order{ID: id, Channel: "web", Mode: rules.Home, Destination: lyon, Country: "FR", PromiseDays: days,
		PlacedAt: t0.Add(after), Lines: lines}
}

func line(sku stock.SKU, qty sourcing.Qty) orchestrate.Line {
	return orchestrate.Line{SKU: sku, Qty: qty}
}

func (w *world) scenario(t testing.TB) *simulate.Scenario {
	t.Helper()
	snap, err := stock.NewSnapshot("EUR", w.nodes, []stock.Item{{SKU: "A", Weight: 500}, {SKU: "B", Weight: 300}}, w.levels)
	require.NoError(t, err)
	rs, err := rules.New(rules.Spec{Version: "tiny-1", Currency: "EUR",
		Carriers: []carrier.Spec{{ID: colis, MaxParcel: 30000,
			Zones: []carrier.Zone{{MaxDistance: 100 * geo.Kilometre, Days: 1}, {MaxDistance: 600 * geo.Kilometre, Days: 2}},
			Rates: []carrier.RateRow{{MaxWeight: 30000, Prices: []sourcing.Money{500, 700}}}, CO2PerTonneKm: sourcing.RateFromInt(100)}},
		Profiles: []rules.ProfileSpec{{Name: "default", Weights: rules.Weights{Split: 300, PerKm: sourcing.MustRate("0.5"), LatePerDay: 500, Backorder: 10_000}}},
	})
	require.NoError(t, err)
	return &simulate.Scenario{Name: "tiny", Snapshot: snap, Rules: rs, Orders: w.orders, Events: w.events, Simulation: w.set}
}

// engine replays sc under the engine and returns its result, decisions
// kept, by order.
func engine(t testing.TB, sc *simulate.Scenario) (*simulate.StrategyResult, map[string]simulate.Decision) {
	t.Helper()
	rep, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{simulate.Engine(sc)}, simulate.SimulateOptions{Decisions: true})
	require.NoError(t, err)
	res := &rep.Strategies[0]
	by := map[string]simulate.Decision{}
	for _, d := range res.Decisions {
		for _, id := range d.Orders {
			by[id] = d
		}
	}
	return res, by
}

func nodesOf(d simulate.Decision) []stock.NodeID { return d.Plan.Nodes() }

func available(s *stock.Snapshot, node stock.NodeID, sku stock.SKU) sourcing.Qty {
	return s.Level(node, sku).Available()
}

// TestReplay checks what the replay models, one world and one check per
// case.
func TestReplay(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(w *world)
		check func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision)
	}{
		{name: "each order from the stock the orders before left",
			edit: func(w *world) {
				w.orders = []orchestrate.Order{home("o1", 0, 2, line("A", 2)), home("o2", time.Minute, 2, line("A", 1)), home("o3", 2*time.Minute, 2, line("A", 2))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(by["o1"]))
				require.Equal(t, []stock.NodeID{"st-far"}, nodesOf(by["o2"]), "st-near is empty")
				require.Equal(t, []stock.NodeID{"dc"}, nodesOf(by["o3"]), "st-far holds one")
				require.Zero(t, available(res.Stock, "st-near", "A"))
				require.Equal(t, sourcing.Qty(5), res.UnitsShipped)
			}},
		{name: "a refusal writes the phantom stock off and re-sources with a day lost",
			edit: func(w *world) {
				w.set.Reject.Nodes = map[stock.NodeID]float64{"st-near": 1}
				w.orders = []orchestrate.Order{home("o1", 0, 2, line("A", 1)), home("o2", time.Hour, 2, line("A", 1))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				d := by["o1"]
				require.Equal(t, []simulate.RefusalOutcome{{Node: "st-near", Lines: []orchestrate.Line{line("A", 1)}, WrittenOff: 2}}, d.Refusals)
				require.Equal(t, []stock.NodeID{"st-far"}, nodesOf(d), "re-sourced without the node that refused")
				require.Equal(t, 1, d.Shipments[0].Resourced)
				require.Equal(t, sourcing.Days(2), d.Plan.Shipments[0].ETADays, "st-far's 1 day, and the day lost")
				require.Equal(t, []stock.NodeID{"st-far"}, nodesOf(by["o2"]), "st-near's stock was phantom")
				require.Zero(t, available(res.Stock, "st-near", "A"))
				require.Equal(t, 1, res.Rejections)
				require.Equal(t, 1, res.Resourced)
				require.Equal(t, sourcing.Qty(2), res.UnitsWrittenOff)
			}},
		{name: "a day lost past the promise is priced as lateness",
			edit: func(w *world) {
				w.set.Reject.Nodes = map[stock.NodeID]float64{"st-near": 1}
				w.orders = []orchestrate.Order{home("o1", 0, 1, line("A", 1))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				s := by["o1"].Plan.Shipments[0]
				require.Equal(t, sourcing.Days(2), s.ETADays)
				require.Equal(t, sourcing.Money(500), s.Breakdown.Lateness, "a day late at 500")
				require.Equal(t, s.Breakdown.Total(), s.Cost)
				require.True(t, by["o1"].Shipments[0].Late)
				require.Zero(t, res.OrdersOnTime)
			}},
		{name: "a refused order with nowhere else to go is backordered",
			edit: func(w *world) {
				w.set.Reject.Nodes = map[stock.NodeID]float64{"st-near": 1}
				w.orders = []orchestrate.Order{home("o1", 0, 2, line("B", 1))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				d := by["o1"]
				require.Empty(t, d.Plan.Shipments)
				require.Equal(t, []orchestrate.Line{line("B", 1)}, d.Plan.Backordered)
				require.Equal(t, sourcing.Money(10_000), d.Plan.Cost)
				require.Equal(t, 1, res.Rejections)
				require.Zero(t, res.Resourced)
				require.Equal(t, 1, res.OrdersShort)
			}},
		{name: "a late parcel takes its days more",
			edit: func(w *world) {
				w.set.Late = []simulate.Late{{Service: colis, P: 1, Days: 2}}
				w.orders = []orchestrate.Order{home("o1", 0, 2, line("A", 1)), home("o2", time.Minute, 4, line("A", 1))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				require.Equal(t, simulate.ShipmentOutcome{Node: "st-near", Day: stock.Date{Year: 2026, Month: 11, Day: 23}, LateDays: 2, ActualDays: 3, Late: true,
					CO2Kg: by["o1"].Shipments[0].CO2Kg}, by["o1"].Shipments[0])
				require.False(t, by["o2"].Shipments[0].Late, "3 days within a promise of 4")
				require.Equal(t, 1, res.LateShipments)
				require.Equal(t, 0.5, res.OnTimeRate)
			}},
		{name: "a restock at the time of an order comes first",
			edit: func(w *world) {
				w.events = []simulate.Event{{At: t0.Add(time.Hour), Restock: &simulate.Restock{Node: "st-near", SKU: "B", Qty: 3}}}
				w.orders = []orchestrate.Order{home("o1", 0, 2, line("B", 1)), home("o2", 30*time.Minute, 2, line("B", 2)), home("o3", time.Hour, 2, line("B", 2))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(by["o1"]))
				require.Equal(t, []orchestrate.Line{line("B", 2)}, by["o2"].Plan.Backordered, "nothing left before the restock")
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(by["o3"]))
				require.Equal(t, sourcing.Qty(1), res.Stock.Level("st-near", "B").OnHand, "1 + 3 − 1 − 2")
				require.Equal(t, sourcing.Qty(3), res.UnitsRestocked)
			}},
		{name: "a node's capacity is per day: committed the first day, 0 the next",
			edit: func(w *world) {
				w.nodes[1].Capacity, w.nodes[1].Committed = 2, 1
				w.orders = []orchestrate.Order{home("o1", 0, 2, line("A", 2)), home("o2", time.Minute, 2, line("A", 1)),
					home("o3", 16*time.Hour, 2, line("A", 2))}
				w.levels[1].Level.OnHand = 5
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				require.Equal(t, []stock.NodeID{"st-far"}, nodesOf(by["o1"]), "st-near has room for 1 unit today")
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(by["o2"]))
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(by["o3"]), "a new day at midnight UTC")
				require.Equal(t, stock.Date{Year: 2026, Month: 11, Day: 24}, by["o3"].Shipments[0].Day)
				require.Equal(t, 1.0, res.StoreUtilisationPeak, "(1 committed + 1) / 2, then 2 / 2")
			}},
		{name: "a node's day follows its calendar's time zone",
			edit: func(w *world) {
				cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "east", Location: time.FixedZone("+12:00", 12*3600),
					Workdays: []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}})
				if err != nil {
					panic(err)
				}
				w.nodes[1].Calendar, w.nodes[1].Cutoff = cal, 24*time.Hour
				w.nodes[1].Capacity, w.nodes[1].Committed = 1, 1
				// 09:00 UTC is 21:00 there; 12:00 UTC is midnight.
				w.orders = []orchestrate.Order{home("o1", 0, 3, line("A", 1)), home("o2", 3*time.Hour, 3, line("A", 1))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				require.Equal(t, []stock.NodeID{"st-far"}, nodesOf(by["o1"]))
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(by["o2"]), "its new day began at 12:00 UTC")
				require.Equal(t, stock.Date{Year: 2026, Month: 11, Day: 24}, by["o2"].Shipments[0].Day)
			}},
		{name: "releases every hour from midnight",
			edit: func(w *world) {
				w.set.ReleaseEvery = time.Hour
				w.orders = []orchestrate.Order{home("o1", 10*time.Minute, 2, line("A", 1)), home("o2", time.Hour, 2, line("A", 1))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				require.Equal(t, t0.Add(time.Hour), by["o1"].At)
				require.Equal(t, t0.Add(10*time.Minute), by["o1"].AssignedAt)
				require.Equal(t, t0.Add(2*time.Hour), by["o2"].At, "placed at a release time: released at the next")
			}},
		{name: "a reservation not collected gives its units back when it expires",
			edit: func(w *world) {
				w.set.NoShow, w.set.ReserveHold = 1, 2*time.Hour
				res := home("r1", 0, 0, line("B", 1))
				res.Mode = rules.Reserve
				w.orders = []orchestrate.Order{res, home("o2", time.Hour, 2, line("B", 1)), home("o3", 3*time.Hour, 2, line("B", 1))}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				require.Equal(t, &simulate.ReservationOutcome{Collected: false, Ended: t0.Add(2 * time.Hour)}, by["r1"].Reservation)
				require.Equal(t, []orchestrate.Line{line("B", 1)}, by["o2"].Plan.Backordered, "held by the reservation")
				require.Equal(t, []stock.NodeID{"st-near"}, nodesOf(by["o3"]), "back after it expired")
				require.Equal(t, stock.Level{}, res.Stock.Level("st-near", "B"))
				require.Equal(t, 1, res.ReservationsExpired)
			}},
		{name: "a reservation collected takes its units out",
			edit: func(w *world) {
				res := home("r1", 0, 0, line("A", 2))
				res.Mode = rules.Reserve
				w.orders = []orchestrate.Order{res}
			},
			check: func(t *testing.T, res *simulate.StrategyResult, by map[string]simulate.Decision) {
				r := by["r1"].Reservation
				require.True(t, r.Collected)
				require.True(t, r.Ended.After(t0) && r.Ended.Before(t0.Add(simulate.DefaultReserveHold)), "collected at %v", r.Ended)
				require.Equal(t, stock.Level{}, res.Stock.Level("st-near", "A"))
				require.Equal(t, 1, res.ReservationsCollected)
				require.Zero(t, res.LateShipments)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tinyWorld()
			tt.edit(w)
			sc := w.scenario(t)
			res, by := engine(t, sc)
			require.Len(t, by, len(sc.Orders))
			tt.check(t, res, by)
			// The KPIs are the decisions' sums.
			k, days, nodes := simulate.Summarize(sc, res.Decisions)
			if diff := cmp.Diff(res.KPIs, k); diff != "" {
				t.Errorf("Summarize mismatch (-replay +decisions):\n%s", diff)
			}
			require.Equal(t, res.Days, days)
			require.Equal(t, res.Nodes, nodes)
			require.True(t, slices.IsSortedFunc(res.Decisions, func(a, b simulate.Decision) int { return a.At.Compare(b.At) }))
		})
	}
}

// TestEmptyStreams: a scenario without orders, or with events only,
// replays to KPIs of nothing (and the restocks in the stock).
func TestEmptyStreams(t *testing.T) {
	for _, tt := range []struct {
		name   string
		events []simulate.Event
	}{
		{name: "nothing"},
		{name: "a restock only", events: []simulate.Event{{At: t0, Restock: &simulate.Restock{Node: "dc", SKU: "B", Qty: 5}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := tinyWorld()
			w.events = tt.events
			w.set.ReleaseEvery = time.Hour
			sc := w.scenario(t)
			res, by := engine(t, sc)
			require.Empty(t, by)
			require.Zero(t, res.Orders)
			require.Zero(t, res.Cost)
			require.Equal(t, 1.0, res.OnTimeRate)
			require.Equal(t, sc.Snapshot.Level("dc", "B").OnHand+restocked(tt.events), res.Stock.Level("dc", "B").OnHand)
			_, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{simulate.Engine(sc)}, simulate.SimulateOptions{})
			require.NoError(t, err)
		})
	}
}

func restocked(events []simulate.Event) (n sourcing.Qty) {
	for _, e := range events {
		n += e.Restock.Qty
	}
	return n
}
