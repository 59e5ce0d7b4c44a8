package main

import (
	"fmt"
	"strings"

	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// table formats the report for people: a heading, then one row per
// strategy, costs in the file's currency, the first strategy the
// reference of the "vs" column.
func table(sc *simulate.Scenario, rep *simulate.Report) string {
	cur := sc.Rules.Currency()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%d orders, %d events, seed %d; costs in %s under the file's policy (%s)\n\n",
		rep.Scenario, len(sc.Orders), len(sc.Events), rep.Seed, cur, sc.Rules.Version())
	rows := [][]string{{"strategy", "cost", "vs " + rep.Strategies[0].Name, "shipments", "per order", "parcels", "split",
		"backordered", "short", "on time", "late", "km", "kg CO2", "refused", "from stores"}}
	first := rep.Strategies[0].Cost
	for _, s := range rep.Strategies {
		vs := "—"
		if s.Name != rep.Strategies[0].Name && first != 0 {
			vs = fmt.Sprintf("%+.1f%%", 100*float64(s.Cost-first)/float64(first))
		}
		rows = append(rows, []string{s.Name, s.Cost.Format(cur), vs, fmt.Sprint(s.Shipments), fmt.Sprintf("%.3f", s.ShipmentsPerOrder),
			fmt.Sprint(s.Parcels), percent(s.SplitRate), fmt.Sprint(s.UnitsBackordered), fmt.Sprint(s.OrdersShort),
			percent(s.OnTimeRate), fmt.Sprint(s.LateShipments), fmt.Sprintf("%.0f", s.Km), fmt.Sprintf("%.1f", s.CO2Kg),
			fmt.Sprint(s.Rejections), percent(s.StoreShare)})
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	b.WriteString("\nsplit: orders served by more than one shipment; short: orders not fully served; on time: orders with a promise,\n" +
		"fully served within it; refused: shipments nodes refused (re-sourced at once, a day lost).\n")
	return b.String()
}

func percent(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
