package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// writeText writes the outcomes for a person (-text): a header, then one
// line per shipment of every plan — order, rank, node, lines, carrier, ETA,
// the shipment's cost and its plan's — and a line for a plan's backordered
// units; an order that could not be served is one line with its error,
// and one cut short has a line saying so after its plans. Columns are
// aligned over the whole output; costs are in currency.
func writeText(w io.Writer, outcomes []simulate.Outcome, currency sourcing.Currency) error {
	money := func(m sourcing.Money) string { return m.Format(currency) }
	header := []string{"ORDER", "RANK", "NODE", "LINES", "CARRIER", "ETA", "COST " + string(currency), "PLAN COST"}
	var rows []textRow
	add := func(cells ...string) { rows = append(rows, textRow{cells: cells}) }
	note := func(order, text string) { rows = append(rows, textRow{cells: []string{order}, note: text}) }
	rows = append(rows, textRow{cells: header})
	for _, oc := range outcomes {
		if oc.Err != nil {
			note(oc.Order, "error: "+oneLine(oc.Err))
			continue
		}
		res := oc.Result
		for _, p := range res.Plans {
			rank := fmt.Sprint(p.Rank)
			for _, s := range p.Shipments {
				add(oc.Order, rank, string(s.Node), textLines(s.Lines), textCarrier(s.Carrier), textETA(s), money(s.Cost), money(p.Cost))
			}
			if len(p.Backordered) > 0 {
				add(oc.Order, rank, "backordered", textLines(p.Backordered), "-", "-", money(p.Breakdown.Backorder), money(p.Cost))
			}
		}
		if !res.Optimal {
			note(oc.Order, "cut short: the plans are the best found, not proven optimal; the optimum costs at least "+money(res.LowerBound))
		}
	}
	widths := make([]int, len(header))
	for _, r := range rows {
		if r.note != "" {
			continue
		}
		for i, c := range r.cells {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		if r.note != "" {
			b.WriteString(pad(r.cells[0], widths[0]) + "  " + r.note + "\n")
			continue
		}
		last := len(r.cells) - 1
		for i, c := range r.cells[:last] {
			b.WriteString(pad(c, widths[i]) + "  ")
		}
		b.WriteString(r.cells[last] + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textRow is a line of the -text output: cells aligned in columns, or an
// order's cell followed by a note that takes the rest of the line.
type textRow struct {
	cells []string
	note  string
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

// textLines writes lines as "1 × SHOE-42, 2 × SOCK-M".
func textLines(lines []orchestrate.Line) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = fmt.Sprintf("%d × %s", l.Qty, l.SKU)
	}
	return strings.Join(parts, ", ")
}

// textCarrier is the service's ID, or "-" when nothing is carried (a
// collect order served from the pickup store's shelf, a reservation).
func textCarrier(id carrier.ServiceID) string {
	if id == (carrier.ServiceID{}) {
		return "-"
	}
	return id.String()
}

// textETA is "2 days", or "2026-11-20 (2 days)" when the order has a time.
func textETA(s orchestrate.Shipment) string {
	days := fmt.Sprintf("%d days", s.ETADays)
	if s.ETADays == 1 {
		days = "1 day"
	}
	if s.Arrival.Year == 0 {
		return days
	}
	return fmt.Sprintf("%s (%s)", s.Arrival, days)
}
