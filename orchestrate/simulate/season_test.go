package simulate_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The committed season: a week of a 60-node French network (see
// examples/netgen -season). Under the race detector, its first orders
// only.
var seasonOnce = sync.OnceValues(func() (*simulate.Scenario, error) {
	data, err := os.ReadFile("../../testdata/seasons/fr-week.json")
	if err != nil {
		return nil, err
	}
	sc, err := simulate.Parse(data)
	if err != nil {
		return nil, err
	}
	if raceEnabled {
		sc.Orders = sc.Orders[:500]
	}
	return sc, nil
})

func season(t testing.TB) *simulate.Scenario {
	t.Helper()
	sc, err := seasonOnce()
	require.NoError(t, err)
	return sc
}

// strategies returns the named strategies on sc.
func strategies(t testing.TB, sc *simulate.Scenario, names ...string) []simulate.Strategy {
	t.Helper()
	var out []simulate.Strategy
	for _, n := range names {
		s, err := simulate.Named(n, sc)
		require.NoError(t, err)
		out = append(out, s)
	}
	return out
}

// seasonReport is the season under every strategy, decisions kept.
var seasonReportOnce = sync.OnceValues(func() (*simulate.Report, error) {
	sc, err := seasonOnce()
	if err != nil {
		return nil, err
	}
	var all []simulate.Strategy
	for _, n := range simulate.Strategies() {
		s, err := simulate.Named(n, sc)
		if err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	return simulate.Simulate(context.Background(), sc, all, simulate.SimulateOptions{Decisions: true})
})

func seasonReport(t testing.TB) map[string]*simulate.StrategyResult {
	t.Helper()
	rep, err := seasonReportOnce()
	require.NoError(t, err)
	by := map[string]*simulate.StrategyResult{}
	for i := range rep.Strategies {
		by[rep.Strategies[i].Name] = &rep.Strategies[i]
	}
	return by
}

// TestSeasonKPIs asserts what a retailer would check on the season before
// choosing its rules.
func TestSeasonKPIs(t *testing.T) {
	if raceEnabled {
		t.Skip("the KPIs are the whole season's")
	}
	sc := season(t)
	by := seasonReport(t)
	engine, priority, distance, fewest, batch := by["engine"], by["priority"], by["distance"], by["fewest-locations"], by["batch"]
	for name, s := range by {
		t.Logf("%-16s cost %s EUR, %d shipments, %d parcels, %d split, %d backordered, %.0f km, on time %.1f%%, %d refused, %.0f kg CO2",
			name, s.Cost.Format("EUR"), s.Shipments, s.Parcels, s.SplitOrders, s.UnitsBackordered, s.Km, 100*s.OnTimeRate, s.Rejections, s.CO2Kg)
	}
	unreliable := func(n stock.NodeID) bool { return sc.Simulation.Reject.Nodes[n] > 0 }
	tests := []struct {
		name string
		ok   func() bool
	}{
		{"the engine costs least of the strategies deciding one order at a time", func() bool {
			for name, s := range by {
				if name != "engine" && name != "batch" && s.Cost <= engine.Cost {
					return false
				}
			}
			return true
		}},
		{"batch costs at least 3% less than the engine", func() bool { return float64(batch.Cost) <= 0.97*float64(engine.Cost) }},
		{"batch removes more than half the engine's shipments beyond one per order that ships", func() bool {
			return 2*(batch.Shipments-batch.OrdersShipped) < engine.Shipments-engine.OrdersShipped
		}},
		{"batch splits fewer decisions than the engine", func() bool { return batch.ExtraShipments < engine.ExtraShipments }},
		{"batch ships fewer shipments and parcels than the engine", func() bool {
			return batch.Shipments < engine.Shipments && batch.Parcels < engine.Parcels
		}},
		{"batch backorders no more than the engine", func() bool { return batch.UnitsBackordered <= engine.UnitsBackordered }},
		{"batch groups orders", func() bool {
			return slices.ContainsFunc(batch.Decisions, func(d simulate.Decision) bool { return len(d.Orders) > 1 })
		}},
		{"the engine ships fewer parcels than priority", func() bool { return engine.Parcels < priority.Parcels }},
		{"the engine pays less to the carriers than priority", func() bool { return engine.Breakdown.Carrier < priority.Breakdown.Carrier }},
		{"the engine is on time more often than priority", func() bool { return engine.OnTimeRate > priority.OnTimeRate }},
		{"distance travels fewer km than priority", func() bool { return distance.Km < priority.Km }},
		{"distance ships more from stores than priority", func() bool { return distance.StoreShare > priority.StoreShare }},
		{"fewest-locations splits fewer orders than distance", func() bool { return fewest.SplitOrders < distance.SplitOrders }},
		{"refusals only at the unreliable stores", func() bool {
			for _, s := range by {
				for _, n := range s.Nodes {
					if n.Rejections > 0 && !unreliable(n.Node) {
						return false
					}
				}
			}
			return true
		}},
		{"every strategy meets refusals, late parcels, stock-outs and reservations", func() bool {
			for _, s := range by {
				if s.Rejections == 0 || s.LateShipments == 0 || s.OrdersShort == 0 || s.ReservationsCollected == 0 || s.ReservationsExpired == 0 {
					return false
				}
			}
			return true
		}},
		{"every order decided once", func() bool {
			for _, s := range by {
				n := 0
				for _, d := range s.Decisions {
					n += len(d.Orders)
				}
				if n != len(sc.Orders) || s.Orders != len(sc.Orders) {
					return false
				}
			}
			return true
		}},
		{"the flash sale's Friday is the busiest day", func() bool {
			busiest := slices.MaxFunc(engine.Days, func(a, b simulate.DayKPIs) int { return a.Orders - b.Orders })
			return busiest.Date == stock.Date{Year: 2026, Month: 11, Day: 27}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, tt.ok())
		})
	}
}

// TestSeasonDeterministic: the same season gives the same result, whatever
// the strategies run beside it and the goroutines.
//
// It replays the season's first 800 orders (all of them with
// SOURCING_LONG=1).
func TestSeasonDeterministic(t *testing.T) {
	sc := *season(t)
	if os.Getenv("SOURCING_LONG") != "1" {
		sc.Orders = sc.Orders[:min(len(sc.Orders), 800)]
	}
	opts := simulate.SimulateOptions{Decisions: true}
	first, err := simulate.Simulate(context.Background(), &sc, strategies(t, &sc, simulate.Strategies()...), opts)
	require.NoError(t, err)
	all := map[string]*simulate.StrategyResult{}
	for i := range first.Strategies {
		all[first.Strategies[i].Name] = &first.Strategies[i]
	}
	check := func(t *testing.T, rep *simulate.Report) {
		t.Helper()
		for i := range rep.Strategies {
			got, want := rep.Strategies[i], *all[rep.Strategies[i].Name]
			require.Equal(t, levels(want.Stock), levels(got.Stock))
			want.Stock, got.Stock = nil, nil
			// reflect.DeepEqual first: cmp's report is for a difference.
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("strategy %s differs (-all at once +here):\n%s", got.Name, cmp.Diff(want, got))
			}
		}
	}
	t.Run("alone, one after the other", func(t *testing.T) {
		for _, name := range []string{"priority", "engine"} {
			rep, err := simulate.Simulate(context.Background(), &sc, strategies(t, &sc, name), opts)
			require.NoError(t, err)
			check(t, rep)
		}
	})
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d, in another order", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			rep, err := simulate.Simulate(context.Background(), &sc, strategies(t, &sc, "distance", "engine"), opts)
			require.NoError(t, err)
			check(t, rep)
		})
	}
}

// levels lists every level of a snapshot, for comparisons.
func levels(s *stock.Snapshot) map[string]stock.Level {
	out := map[string]stock.Level{}
	for it := range s.Items() {
		for n, l := range s.Holders(it.SKU) {
			out[string(n)+"/"+string(it.SKU)] = l
		}
	}
	return out
}

// TestSeasonCommonRandomNumbers: the world's answer to a question is the
// same for every strategy that asks it: a node refuses an order's shipment
// for all that send it there, a parcel is late for all that send it by that
// service from that node.
func TestSeasonCommonRandomNumbers(t *testing.T) {
	sc := season(t)
	type sent struct {
		order string
		node  stock.NodeID
	}
	refused := map[sent]map[string]bool{} // per (order, node) sent: refused, by strategy
	lateDays := map[string]sourcing.Days{}
	pairs, shared := 0, 0
	for name, s := range seasonReport(t) {
		for _, d := range s.Decisions {
			for _, r := range d.Refusals {
				k := sent{d.Orders[0], r.Node}
				if refused[k] == nil {
					refused[k] = map[string]bool{}
				}
				refused[k][name] = true
			}
			for i, sh := range d.Plan.Shipments {
				k := sent{d.Orders[0], sh.Node}
				if refused[k] == nil {
					refused[k] = map[string]bool{}
				}
				if _, ok := refused[k][name]; !ok {
					refused[k][name] = false
				}
				key := fmt.Sprintf("%s %s %s", d.Orders[0], sh.Node, sh.Carrier)
				if prev, ok := lateDays[key]; ok {
					shared++
					require.Equal(t, prev, d.Shipments[i].LateDays, "late days of %s", key)
				}
				lateDays[key] = d.Shipments[i].LateDays
				require.Equal(t, sc.Simulation.LateDays(d.Orders[0], sh.Node, sh.Carrier), d.Shipments[i].LateDays)
			}
		}
	}
	for k, by := range refused {
		want := sc.Simulation.Refuses(k.order, k.node)
		for name, got := range by {
			require.Equal(t, want, got, "%s sent %s to %s", name, k.order, k.node)
		}
		if len(by) > 1 {
			pairs++
		}
	}
	require.Greater(t, pairs, 100, "strategies sharing (order, node) pairs")
	require.Greater(t, shared, 100, "strategies sharing (order, node, service)")
}

// TestSeasonStockConservation: every unit is accounted for. Per node, the
// units on hand at the end are those at the start, plus the restocks, less
// what shipped, what customers collected and what refusals wrote off;
// what is held at the end is what was held at the start (every order
// shipped, every reservation ended).
func TestSeasonStockConservation(t *testing.T) {
	sc := season(t)
	start := map[stock.NodeID]stock.Level{}
	add := func(m map[stock.NodeID]stock.Level, n stock.NodeID, l stock.Level) {
		s := m[n]
		s.OnHand += l.OnHand
		s.Reserved += l.Reserved
		m[n] = s
	}
	for k, l := range levels(sc.Snapshot) {
		n, _, _ := strings.Cut(k, "/")
		add(start, stock.NodeID(n), l)
	}
	for name, s := range seasonReport(t) {
		t.Run(name, func(t *testing.T) {
			want := map[stock.NodeID]stock.Level{}
			for n, l := range start {
				want[n] = l
			}
			for _, e := range sc.Events {
				add(want, e.Restock.Node, stock.Level{OnHand: e.Restock.Qty})
			}
			for _, d := range s.Decisions {
				reserve := d.Reservation != nil
				for _, sh := range d.Plan.Shipments {
					for _, l := range sh.Lines {
						if !reserve || d.Reservation.Collected {
							add(want, sh.Node, stock.Level{OnHand: -l.Qty})
						}
					}
				}
				for _, r := range d.Refusals {
					add(want, r.Node, stock.Level{OnHand: -r.WrittenOff})
				}
			}
			got := map[stock.NodeID]stock.Level{}
			for k, l := range levels(s.Stock) {
				n, _, _ := strings.Cut(k, "/")
				add(got, stock.NodeID(n), l)
				require.GreaterOrEqual(t, l.OnHand, l.Reserved, "%s", k)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stock at the end mismatch (-accounted +replayed):\n%s", diff)
			}
		})
	}
}

// TestSeasonKPIsFromDecisions recomputes the headline KPIs from the
// decisions, independently of the package's tally.
func TestSeasonKPIsFromDecisions(t *testing.T) {
	sc := season(t)
	byID := map[string]*orchestrate.Order{}
	for i := range sc.Orders {
		byID[sc.Orders[i].ID] = &sc.Orders[i]
	}
	for name, s := range seasonReport(t) {
		t.Run(name, func(t *testing.T) {
			var want simulate.KPIs
			var metres int64
			var co2 float64
			want.Orders = len(sc.Orders)
			for _, d := range s.Decisions {
				p := d.Plan
				require.Equal(t, p.Breakdown.Total(), p.Cost)
				var sum sourcing.Money
				for _, sh := range p.Shipments {
					require.Equal(t, sh.Breakdown.Total(), sh.Cost)
					sum += sh.Cost
					metres += sh.Distance.Metres()
					want.Parcels += sh.Parcels
				}
				require.Equal(t, p.Cost, sum+p.Breakdown.Split+p.Breakdown.Backorder)
				want.Cost += p.Cost
				want.Shipments += len(p.Shipments)
				for _, l := range p.Backordered {
					want.UnitsBackordered += l.Qty
				}
				for i := range p.Shipments {
					so := d.Shipments[i]
					co2 += so.CO2Kg
					if so.Late {
						want.LateShipments++
					}
					require.Equal(t, so.ActualDays, p.Shipments[i].ETADays+so.LateDays)
				}
				// Per order of the decision (a group's orders share it):
				// the shipments and backorders holding its SKUs.
				shipping := 0
				for _, id := range d.Orders {
					o := byID[id]
					mine := func(sku stock.SKU) bool {
						for _, l := range o.Lines {
							if l.SKU == sku {
								return true
							}
						}
						return false
					}
					from, short, late := 0, false, false
					for i, sh := range p.Shipments {
						for _, l := range sh.Lines {
							if mine(l.SKU) {
								from++
								late = late || d.Shipments[i].Late
								require.Equal(t, o.Mode != rules.Reserve && o.PromiseDays > 0 && d.Shipments[i].ActualDays > o.PromiseDays && id == d.Orders[0], d.Shipments[i].Late && id == d.Orders[0])
								break
							}
						}
					}
					for _, l := range p.Backordered {
						short = short || mine(l.SKU)
					}
					if from > 1 {
						want.SplitOrders++
					}
					if from > 0 {
						shipping++
					}
					if short {
						want.OrdersShort++
					}
					if o.Mode != rules.Reserve && o.PromiseDays > 0 {
						want.OrdersPromised++
						if !short && !late {
							want.OrdersOnTime++
						}
					}
				}
				want.OrdersShipped += shipping
				want.ExtraShipments += max(0, len(p.Shipments)-shipping)
				want.Rejections += len(d.Refusals)
			}
			want.Km = float64(metres) / 1000
			got := s.KPIs
			require.Equal(t, want.Orders, got.Orders)
			require.Equal(t, want.Cost, got.Cost)
			require.Equal(t, want.Shipments, got.Shipments)
			require.Equal(t, want.Parcels, got.Parcels)
			require.Equal(t, want.SplitOrders, got.SplitOrders)
			require.Equal(t, want.OrdersShipped, got.OrdersShipped)
			require.Equal(t, want.ExtraShipments, got.ExtraShipments)
			require.Equal(t, want.UnitsBackordered, got.UnitsBackordered)
			require.Equal(t, want.OrdersShort, got.OrdersShort)
			require.Equal(t, want.LateShipments, got.LateShipments)
			require.Equal(t, want.OrdersPromised, got.OrdersPromised)
			require.Equal(t, want.OrdersOnTime, got.OrdersOnTime)
			require.Equal(t, want.Rejections, got.Rejections)
			require.InDelta(t, want.Km, got.Km, 1e-6)
			require.InDelta(t, co2, got.CO2Kg, 5e-4)
			require.Equal(t, math.Round(float64(got.OrdersOnTime)/float64(got.OrdersPromised)*1e4)/1e4, got.OnTimeRate)
		})
	}
}
