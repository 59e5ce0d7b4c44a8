package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
)

// compare replays the season under engine and batch at each release
// period and prints the table.
func compare(path string, periods []time.Duration, group time.Duration, stdout, stderr io.Writer) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "batch: %v\n", err)
		return 2
	}
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	if err == nil {
		err = sc.Check()
	}
	if err != nil {
		fmt.Fprintf(stderr, "batch: %s: %s\n", path, strings.ReplaceAll(err.Error(), "\n", "; "))
		return 2
	}
	if len(periods) == 0 {
		periods = []time.Duration{sc.Simulation.ReleaseEvery}
	}
	if group >= 0 {
		sc.Simulation.Group = group
	}
	cur := sc.Rules.Currency()
	grouping := "no grouping"
	if sc.Simulation.Group > 0 {
		grouping = fmt.Sprintf("grouping within %d min", int(sc.Simulation.Group.Minutes()))
	}
	fmt.Fprintf(stdout, "%s\n%d orders; %s; costs in %s under the file's policy\n\n", sc.Name, len(sc.Orders), grouping, cur)
	rows := [][]string{{"release", "strategy", "cost", "vs engine", "shipments", "parcels", "split", "backordered",
		"extra/order", "removed", "extra/delivery", "removed", "extra/decision", "removed"}}
	for _, p := range periods {
		run := *sc
		run.Simulation.ReleaseEvery = p
		rep, err := simulate.Simulate(context.Background(), &run, []simulate.Strategy{simulate.Engine(&run), simulate.Batch(&run)},
			simulate.SimulateOptions{Decisions: true})
		if err != nil {
			fmt.Fprintf(stderr, "batch: %s: %v\n", path, err)
			return 1
		}
		engine := &rep.Strategies[0]
		extra := func(s *simulate.StrategyResult) [3]int {
			return [3]int{s.Shipments - s.OrdersShipped, s.Shipments - deliveries(&run, s), s.ExtraShipments}
		}
		base := extra(engine)
		for _, s := range rep.Strategies {
			e := extra(&s)
			row := []string{fmt.Sprintf("%d min", int(p.Minutes())), s.Name, s.Cost.Format(cur), "—",
				fmt.Sprint(s.Shipments), fmt.Sprint(s.Parcels), fmt.Sprint(s.SplitOrders), fmt.Sprint(s.UnitsBackordered)}
			if s.Name != engine.Name {
				row[3] = fmt.Sprintf("%+.1f%%", 100*float64(s.Cost-engine.Cost)/float64(engine.Cost))
			}
			for k := range e {
				removed := "—"
				if s.Name != engine.Name && base[k] > 0 {
					removed = fmt.Sprintf("%.0f%%", 100*float64(base[k]-max(e[k], 0))/float64(base[k]))
				}
				row = append(row, fmt.Sprint(e[k]), removed)
			}
			rows = append(rows, row)
		}
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			if i < 2 {
				b.WriteString(c + pad + "  ")
			} else {
				b.WriteString(pad + c + "  ")
			}
		}
		fmt.Fprintln(stdout, strings.TrimRight(b.String(), " "))
	}
	fmt.Fprint(stdout, "\nextra/order: shipments beyond one per order that ships (below zero: groups shipped in fewer shipments\n"+
		"than orders; counted as none removed beyond all); extra/delivery: beyond one per customer delivery (a\n"+
		"customer's orders to one destination within the grouping window); extra/decision: beyond one per\n"+
		"order or group, the splits alone.\n")
	return 0
}

// deliveries counts the customer deliveries that ship: the orders of one
// customer to one destination (mode, address or pickup store), those
// placed within the grouping window of the first of a run counting as
// one, as the batch strategy groups them; an order without a customer is
// one delivery. A delivery ships when one of its orders has a unit
// shipped.
func deliveries(sc *simulate.Scenario, s *simulate.StrategyResult) int {
	byID := make(map[string]*orchestrate.Order, len(sc.Orders))
	for i := range sc.Orders {
		byID[sc.Orders[i].ID] = &sc.Orders[i]
	}
	ships := map[string]bool{}
	for _, d := range s.Decisions {
		for _, id := range d.Orders {
			o := byID[id]
			for _, sh := range d.Plan.Shipments {
				if slices.ContainsFunc(sh.Lines, func(l orchestrate.Line) bool {
					return slices.ContainsFunc(o.Lines, func(m orchestrate.Line) bool { return m.SKU == l.SKU })
				}) {
					ships[id] = true
				}
			}
		}
	}
	type key struct {
		customer, dest string
		mode           rules.Mode
	}
	byKey := map[key][]orchestrate.Order{}
	n := 0
	for _, o := range sc.Orders {
		if o.Customer == "" || o.Mode == rules.Reserve {
			if ships[o.ID] {
				n++
			}
			continue
		}
		k := key{o.Customer, fmt.Sprint(o.Destination, o.PickupNode, o.Country), o.Mode}
		byKey[k] = append(byKey[k], o)
	}
	for _, run := range byKey {
		slices.SortStableFunc(run, func(a, b orchestrate.Order) int {
			return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), cmp.Compare(a.ID, b.ID))
		})
		for i := 0; i < len(run); {
			j, shipped := i, false
			for j < len(run) && run[j].PlacedAt.Sub(run[i].PlacedAt) <= sc.Simulation.Group {
				shipped = shipped || ships[run[j].ID]
				j++
			}
			if shipped {
				n++
			}
			i = j
		}
	}
	return n
}
