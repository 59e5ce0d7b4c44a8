package simulate_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// fzSeason is the tiny world with a stream of every mode, restocks and
// every setting of the world, as a scenario file.
func fzSeason(f *testing.F) []byte {
	w := tinyWorld()
	w.nodes[1].Capacity = 3
	collect := home("c1", 20*time.Minute, 3, line("A", 1))
	collect.Mode, collect.PickupNode, collect.Destination = rules.Collect, "st-far", orchestrateZero
	reserve := home("r1", 30*time.Minute, 0, line("A", 1), line("B", 1))
	reserve.Mode = rules.Reserve
	w.orders = []orchestrate.Order{
		home("o1", 0, 2, line("A", 2)), home("o2", 10*time.Minute, 2, line("A", 1), line("B", 1)), collect, reserve,
		home("o3", 26*time.Hour, 1, line("A", 3)), home("o4", 26*time.Hour, 3, line("B", 2)),
	}
	w.orders[1].Customer, w.orders[4].Customer = "c-1", "c-1"
	w.events = []simulate.Event{{At: t0.Add(25 * time.Hour), Restock: &simulate.Restock{Node: "st-near", SKU: "B", Qty: 2}}}
	w.set = simulate.Settings{Seed: 3, Reject: simulate.Reject{Default: 0.3, Nodes: map[stock.NodeID]float64{"dc": 0}},
		Late: []simulate.Late{{Service: colis, P: 0.5, Days: 1}}, ReleaseEvery: time.Hour, Group: time.Hour, ReserveHold: 5 * time.Hour, NoShow: 0.5}
	data, err := w.scenario(f).MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	return data
}

var orchestrateZero = orchestrate.Order{}.Destination

// FuzzSimulate replays any scenario that parses and is fit to replay
// under the engine, batch and a preset, and checks what holds of every replay:
// it is deterministic, each order is decided once, the KPIs are the sums
// of the decisions, and every unit of stock is accounted for.
func FuzzSimulate(f *testing.F) {
	base := fzSeason(f)
	f.Add(base)
	for _, edit := range [][2]string{
		{`"default":0.3`, `"default":1`},
		{`"p":0.5`, `"p":1`},
		{`"release_every_minutes":60`, `"release_every_minutes":1440`},
		{`"release_every_minutes":60`, `"release_every_minutes":0`},
		{`"reserve_hold_hours":5`, `"reserve_hold_hours":1`},
		{`"no_show":0.5`, `"no_show":1`},
		{`"qty":2}}`, `"qty":1000000000000}}`},
		{`"seed":3`, `"seed":0`},
		{`"capacity":3`, `"capacity":1`},
	} {
		if !strings.Contains(string(base), edit[0]) {
			f.Fatalf("seed edit %q: not in the scenario", edit[0])
		}
		f.Add([]byte(strings.Replace(string(base), edit[0], edit[1], 1)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := simulate.Parse(data)
		if err != nil || sc.Check() != nil || len(sc.Orders) > 50 || len(sc.Events) > 50 {
			return
		}
		run := func() *simulate.Report {
			all := []simulate.Strategy{simulate.Engine(sc), simulate.Batch(sc)}
			if p, err := simulate.Preset("distance", sc); err == nil {
				all = append(all, p)
			}
			rep, err := simulate.Simulate(context.Background(), sc, all, simulate.SimulateOptions{Decisions: true})
			if err != nil {
				if err.Error() == "" || strings.Contains(err.Error(), "internal error") {
					t.Fatalf("Simulate: %q", err)
				}
				return nil
			}
			return rep
		}
		rep := run()
		if rep == nil {
			return
		}
		again := run()
		for i := range rep.Strategies {
			s := rep.Strategies[i]
			a := again.Strategies[i]
			if !reflect.DeepEqual(levels(s.Stock), levels(a.Stock)) {
				t.Fatalf("%s: the stock differs from one replay to the next", s.Name)
			}
			s.Stock, a.Stock = nil, nil
			if !reflect.DeepEqual(s, a) {
				t.Fatalf("%s: the replay differs from one run to the next", s.Name)
			}
			k, days, nodes := simulate.Summarize(sc, s.Decisions)
			if !reflect.DeepEqual(k, s.KPIs) || !reflect.DeepEqual(days, s.Days) || !reflect.DeepEqual(nodes, s.Nodes) {
				t.Fatalf("%s: the KPIs are not the sums of the decisions", s.Name)
			}
			decided := map[string]int{}
			for _, d := range s.Decisions {
				for _, id := range d.Orders {
					decided[id]++
				}
			}
			for _, o := range sc.Orders {
				if decided[o.ID] != 1 {
					t.Fatalf("%s: order %s decided %d times", s.Name, o.ID, decided[o.ID])
				}
			}
			checkConservation(t, sc, &rep.Strategies[i])
		}
	})
}

// checkConservation checks that, per node, the units on hand at the end
// are those at the start plus the restocks, less what shipped, what was
// collected and what refusals wrote off, and that what is held at the end
// is what was held at the start.
func checkConservation(t testing.TB, sc *simulate.Scenario, s *simulate.StrategyResult) {
	t.Helper()
	type sum struct{ onHand, reserved int64 }
	want, got := map[stock.NodeID]sum{}, map[stock.NodeID]sum{}
	add := func(m map[stock.NodeID]sum, n stock.NodeID, onHand, reserved int64) {
		v := m[n]
		v.onHand += onHand
		v.reserved += reserved
		m[n] = v
	}
	for k, l := range levels(sc.Snapshot) {
		n, _, _ := strings.Cut(k, "/")
		add(want, stock.NodeID(n), int64(l.OnHand), int64(l.Reserved))
	}
	for _, e := range sc.Events {
		add(want, e.Restock.Node, int64(e.Restock.Qty), 0)
	}
	for _, d := range s.Decisions {
		for _, sh := range d.Plan.Shipments {
			if d.Reservation != nil && !d.Reservation.Collected {
				continue
			}
			for _, l := range sh.Lines {
				add(want, sh.Node, -int64(l.Qty), 0)
			}
		}
		for _, r := range d.Refusals {
			add(want, r.Node, -int64(r.WrittenOff), 0)
		}
	}
	for k, l := range levels(s.Stock) {
		n, _, _ := strings.Cut(k, "/")
		add(got, stock.NodeID(n), int64(l.OnHand), int64(l.Reserved))
		if l.OnHand < 0 || l.Reserved < 0 || l.Reserved > l.OnHand {
			t.Fatalf("%s: level %s at the end: %+v", s.Name, k, l)
		}
	}
	for n, w := range want {
		if got[n] != w {
			t.Fatalf("%s: node %s holds %+v at the end, the decisions account for %+v", s.Name, n, got[n], w)
		}
	}
}
