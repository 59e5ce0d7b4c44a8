package main

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"html/template"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The report is one self-contained page: inline CSS and SVG drawn here,
// no script, no font or image fetched. It is well-formed XML (XHTML
// syntax), so that a test reads it with encoding/xml. Every mark of a
// chart carries its value in data- attributes: data-strategy, data-term or
// data-date, and data-value, in the units of the KPIs (minor units of
// money, rates in [0, 1]).

// palette colours the strategies, in order.
var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"}

// termColours colours the cost terms.
var termColours = map[string]string{"carrier": "#4e79a7", "handling": "#f28e2b", "picking": "#e15759", "distance": "#76b7b2",
	"priority": "#59a14f", "low_stock": "#edc948", "workload": "#b07aa1", "lateness": "#ff9da7", "carbon": "#9c755f",
	"split": "#bab0ac", "backorder": "#d37295"}

var kindColours = map[stock.NodeKind]string{stock.Warehouse: "#4e79a7", stock.Store: "#59a14f", stock.Supplier: "#f28e2b"}

type reportData struct {
	Title      string
	Subtitle   string
	Currency   string
	Strategies []simulate.StrategyResult
	Rows       [][]string
	Charts     []chart
}

type chart struct {
	ID, Title, Note string
	SVG             template.HTML
}

const page = `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8" />
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1120px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; margin: 28px 0 4px; }
p.sub, p.note { color: #555; margin: 2px 0 8px; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 3px 8px; text-align: right; border-bottom: 1px solid #ddd; }
th:first-child, td:first-child { text-align: left; }
svg { font-size: 11px; }
svg text { fill: #333; }
.legend span { display: inline-block; margin-right: 12px; font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="sub">{{.Subtitle}}</p>
<table id="kpis">
{{range $i, $r := .Rows}}<tr>{{range $r}}{{if eq $i 0}}<th>{{.}}</th>{{else}}<td>{{.}}</td>{{end}}{{end}}</tr>
{{end}}</table>
{{range .Charts}}<section id="{{.ID}}">
<h2>{{.Title}}</h2>
<p class="note">{{.Note}}</p>
{{.SVG}}
</section>
{{end}}</body>
</html>
`

var pageTemplate = template.Must(template.New("report").Parse(page))

// writeReport writes the report of rep to path.
func writeReport(path string, sc *simulate.Scenario, rep *simulate.Report) error {
	data, err := report(sc, rep)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// report renders the page.
func report(sc *simulate.Scenario, rep *simulate.Report) ([]byte, error) {
	cur := string(sc.Rules.Currency())
	d := reportData{
		Title:      "Simulation: " + rep.Scenario,
		Subtitle:   fmt.Sprintf("%d orders, %d events, seed %d; every plan priced with the file's policy (%s), in %s.", len(sc.Orders), len(sc.Events), rep.Seed, sc.Rules.Version(), cur),
		Currency:   cur,
		Strategies: rep.Strategies,
	}
	d.Rows = [][]string{{"strategy", "cost " + cur, "shipments / order", "parcels", "split", "backordered", "short", "on time", "km", "kg CO2", "refused", "from stores"}}
	for _, s := range rep.Strategies {
		d.Rows = append(d.Rows, []string{s.Name, s.Cost.Format(sc.Rules.Currency()), fmt.Sprintf("%.3f", s.ShipmentsPerOrder), fmt.Sprint(s.Parcels),
			percent(s.SplitRate), fmt.Sprint(s.UnitsBackordered), fmt.Sprint(s.OrdersShort), percent(s.OnTimeRate),
			fmt.Sprintf("%.0f", s.Km), fmt.Sprintf("%.1f", s.CO2Kg), fmt.Sprint(s.Rejections), percent(s.StoreShare)})
	}
	d.Charts = []chart{
		{ID: "cost", Title: "Total cost by strategy, by term", Note: "Each bar is a strategy's season, priced with the file's policy; its segments are the cost's terms.", SVG: costChart(rep, cur)},
		{ID: "shipments", Title: "Shipments per order and split rate", Note: "Fewer shipments per order means fewer parcels and handlings; the split rate is the share of orders served by more than one shipment.", SVG: shipmentsChart(rep)},
		{ID: "ontime", Title: "On-time rate", Note: "Orders with a promise fully served within it, the carriers' delays and the days lost to refusals included.", SVG: onTimeChart(rep)},
		{ID: "backorders", Title: "Units backordered by day", Note: "Units of the orders placed that day that no node could serve.", SVG: dayChart(rep, "backorders", func(d simulate.DayKPIs) float64 { return float64(d.UnitsBackordered) }, "%.0f")},
		{ID: "utilisation", Title: "Store utilisation by day", Note: "The stores' units of the day against their capacity, on average over the stores with a capacity.", SVG: dayChart(rep, "utilisation", func(d simulate.DayKPIs) float64 { return d.StoreUtilisationMean }, "%.0f%%")},
		{ID: "map", Title: "Where the units shipped from", Note: "Nodes sized by the units they shipped (warehouses blue, stores green, suppliers orange; nodes that refused ringed red), the customers' areas (grey) by the units they received, and the heaviest flows between them.", SVG: maps(sc, rep)},
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// svgOpen starts an SVG of the given size.
func svgOpen(b *strings.Builder, id string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" id="%s-svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">`, id, w, h, w, h)
}

func esc(s string) string { return html.EscapeString(s) }

// costChart draws one horizontal bar per strategy, a segment per term.
func costChart(rep *simulate.Report, cur string) template.HTML {
	const left, right, bar, gap, width = 140, 110, 22, 10, 1080
	var maxCost float64
	for _, s := range rep.Strategies {
		maxCost = max(maxCost, float64(s.Cost))
	}
	if maxCost == 0 {
		maxCost = 1
	}
	h := 30 + len(rep.Strategies)*(bar+gap) + 40
	var b strings.Builder
	svgOpen(&b, "cost", width, h)
	scale := float64(width-left-right) / maxCost
	terms := orchestrate.Breakdown{}.Terms()
	for i, s := range rep.Strategies {
		y := 20 + i*(bar+gap)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, left-8, y+bar/2+4, esc(s.Name))
		x := float64(left)
		for _, t := range s.Breakdown.Terms() {
			w := float64(t.Amount) * scale
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" data-strategy="%s" data-term="%s" data-value="%d"><title>%s %s: %s %s</title></rect>`,
				x, y, w, bar, termColours[t.Name], esc(s.Name), t.Name, t.Amount, esc(s.Name), t.Name, t.Amount.Format(sourcing.Currency(cur)), cur)
			x += w
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" data-strategy="%s" data-total="%d">%s %s</text>`, x+6, y+bar/2+4, esc(s.Name), s.Cost, s.Cost.Format(sourcing.Currency(cur)), cur)
	}
	// The legend, a swatch per term.
	y := h - 18
	x := left
	for _, t := range terms {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`, x, y-9, termColours[t.Name], x+14, y, t.Name)
		x += 14 + 7*len(t.Name) + 14
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barChart draws one vertical bar per strategy for a value, with its
// label formatted by format.
func barChart(b *strings.Builder, rep *simulate.Report, x0, width, height int, title string, metric string, value func(simulate.StrategyResult) float64, top float64, format func(float64) string) {
	const bottom = 40
	n := len(rep.Strategies)
	slot := float64(width) / float64(n)
	fmt.Fprintf(b, `<text x="%d" y="14" font-weight="bold">%s</text>`, x0, esc(title))
	base := height - bottom
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, x0, base, x0+width, base)
	for i, s := range rep.Strategies {
		v := value(s)
		h := 0.0
		if top > 0 {
			h = v / top * float64(base-30)
		}
		x := float64(x0) + float64(i)*slot + slot*0.2
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" data-strategy="%s" data-metric="%s" data-value="%s"><title>%s: %s</title></rect>`,
			x, float64(base)-h, slot*0.6, h, palette[i%len(palette)], esc(s.Name), metric, fmt.Sprint(v), esc(s.Name), format(v))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x+slot*0.3, float64(base)-h-4, format(v))
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+slot*0.3, base+16, esc(s.Name))
	}
}

// shipmentsChart draws shipments per order and the split rate side by side.
func shipmentsChart(rep *simulate.Report) template.HTML {
	var b strings.Builder
	svgOpen(&b, "shipments", 1080, 240)
	var top float64
	for _, s := range rep.Strategies {
		top = max(top, s.ShipmentsPerOrder)
	}
	barChart(&b, rep, 10, 520, 240, "Shipments per order", "shipments_per_order", func(s simulate.StrategyResult) float64 { return s.ShipmentsPerOrder },
		top*1.1, func(v float64) string { return fmt.Sprintf("%.3f", v) })
	top = 0
	for _, s := range rep.Strategies {
		top = max(top, s.SplitRate)
	}
	barChart(&b, rep, 550, 520, 240, "Split rate", "split_rate", func(s simulate.StrategyResult) float64 { return s.SplitRate },
		top*1.1, func(v float64) string { return percent(v) })
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// onTimeChart draws the on-time rate of each strategy.
func onTimeChart(rep *simulate.Report) template.HTML {
	var b strings.Builder
	svgOpen(&b, "ontime", 1080, 240)
	barChart(&b, rep, 10, 1060, 240, "Orders on time", "on_time_rate", func(s simulate.StrategyResult) float64 { return s.OnTimeRate },
		1, func(v float64) string { return percent(v) })
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// dayChart draws one line per strategy of a daily figure, over the days
// orders were placed.
func dayChart(rep *simulate.Report, id string, value func(simulate.DayKPIs) float64, format string) template.HTML {
	const width, height, left, right, top, bottom = 1080, 280, 60, 140, 20, 40
	var dates []stock.Date
	var most float64
	for _, s := range rep.Strategies {
		for _, d := range s.Days {
			if d.Orders == 0 {
				continue
			}
			if !slices.Contains(dates, d.Date) {
				dates = append(dates, d.Date)
			}
			most = max(most, value(d))
		}
	}
	slices.SortFunc(dates, func(a, b stock.Date) int { return cmp.Compare(a.String(), b.String()) })
	percentScale := strings.HasSuffix(format, "%%")
	step := niceStep(most, percentScale)
	most = step * math.Ceil(most/step)
	if most == 0 {
		most = step
	}
	show := func(v float64) string {
		if percentScale {
			return fmt.Sprintf(format, 100*v)
		}
		return fmt.Sprintf(format, v)
	}
	var b strings.Builder
	svgOpen(&b, id, width, height)
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	xOf := func(i int) float64 {
		if len(dates) == 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(len(dates)-1)
	}
	yOf := func(v float64) float64 { return top + plotH*(1-v/most) }
	// Gridlines at round values.
	for v := 0.0; v <= most+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e4e4e4"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`,
			left, yOf(v), width-right, yOf(v), left-6, yOf(v)+4, show(v))
	}
	for i, d := range dates {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, xOf(i), height-bottom+18, d.String())
	}
	for si, s := range rep.Strategies {
		colour := palette[si%len(palette)]
		values := make([]float64, len(dates))
		for i, date := range dates {
			if k := slices.IndexFunc(s.Days, func(d simulate.DayKPIs) bool { return d.Date == date }); k >= 0 {
				values[i] = value(s.Days[k])
			}
		}
		pts := make([]string, len(dates))
		for i, v := range values {
			pts[i] = fmt.Sprintf("%.1f,%.1f", xOf(i), yOf(v))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), colour)
		for i, v := range values {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s" data-strategy="%s" data-date="%s" data-value="%s"><title>%s %s: %s</title></circle>`,
				xOf(i), yOf(v), colour, esc(s.Name), dates[i], fmt.Sprint(v), esc(s.Name), dates[i], show(v))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`, width-right+14, top+si*18, colour, width-right+28, top+si*18+9, esc(s.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceStep returns a round step (1, 2 or 5 times a power of ten; of whole
// percents for a rate) for gridlines up to most, four or five of them.
func niceStep(most float64, rate bool) float64 {
	if most <= 0 {
		if rate {
			return 0.01
		}
		return 1
	}
	raw := most / 4
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := p
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	switch {
	case rate:
		return max(step, 0.01)
	default:
		return max(step, 1)
	}
}

// maps draws one map per strategy: the bounding box of the network and
// its customers, the customers' areas (half a degree) sized by the units
// they received, the nodes sized by the units they shipped, and the
// heaviest flows from nodes to areas.
func maps(sc *simulate.Scenario, rep *simulate.Report) template.HTML {
	orders := map[string]*orchestrate.Order{}
	for i := range sc.Orders {
		orders[sc.Orders[i].ID] = &sc.Orders[i]
	}
	type area struct{ lat, lng float64 }
	areaOf := func(o *orchestrate.Order) (area, bool) {
		switch o.Mode {
		case rules.Reserve:
			return area{}, false // nothing moves
		case rules.Collect:
			n, _ := sc.Snapshot.Node(o.PickupNode)
			return area{math.Floor(n.Location.Lat()*2)/2 + 0.25, math.Floor(n.Location.Lng()*2)/2 + 0.25}, true
		}
		return area{math.Floor(o.Destination.Lat()*2)/2 + 0.25, math.Floor(o.Destination.Lng()*2)/2 + 0.25}, true
	}
	// The bounding box of the nodes and the customers' areas, with a
	// margin; x scaled by the cosine of the mean latitude (an
	// equirectangular projection).
	minLat, maxLat, minLng, maxLng := 90.0, -90.0, 180.0, -180.0
	widen := func(lat, lng float64) {
		minLat, maxLat = min(minLat, lat), max(maxLat, lat)
		minLng, maxLng = min(minLng, lng), max(maxLng, lng)
	}
	for n := range sc.Snapshot.Nodes() {
		widen(n.Location.Lat(), n.Location.Lng())
	}
	for i := range sc.Orders {
		if a, ok := areaOf(&sc.Orders[i]); ok {
			widen(a.lat, a.lng)
		}
	}
	padLat, padLng := max(0.3, (maxLat-minLat)*0.05), max(0.3, (maxLng-minLng)*0.05)
	minLat, maxLat, minLng, maxLng = max(-90, minLat-padLat), min(90, maxLat+padLat), max(-180, minLng-padLng), min(180, maxLng+padLng)
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	const mapW = 520
	mapH := int(float64(mapW) * (maxLat - minLat) / ((maxLng - minLng) * max(k, 0.1)))
	mapH = min(max(mapH, 200), 700)
	project := func(lat, lng float64) (float64, float64) {
		return float64(mapW) * (lng - minLng) / (maxLng - minLng), float64(mapH) * (maxLat - lat) / (maxLat - minLat)
	}
	const cols = 2
	rows := (len(rep.Strategies) + cols - 1) / cols
	width, height := cols*(mapW+20), rows*(mapH+40)
	var b strings.Builder
	svgOpen(&b, "map", width, height)
	for si, s := range rep.Strategies {
		ox, oy := float64((si%cols)*(mapW+20)), float64((si/cols)*(mapH+40))
		fmt.Fprintf(&b, `<g transform="translate(%.0f,%.0f)" data-strategy="%s">`, ox, oy+20, esc(s.Name))
		fmt.Fprintf(&b, `<text x="0" y="-6" font-weight="bold">%s</text>`, esc(s.Name))
		fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#f7f9fb" stroke="#ccc"/>`, mapW, mapH)
		type flow struct {
			node  stock.NodeID
			to    area
			units int64
		}
		flows := map[stock.NodeID]map[area]int64{}
		received := map[area]int64{}
		for _, d := range s.Decisions {
			o := orders[d.Orders[0]]
			a, ok := areaOf(o)
			if !ok {
				continue
			}
			for _, sh := range d.Plan.Shipments {
				if flows[sh.Node] == nil {
					flows[sh.Node] = map[area]int64{}
				}
				for _, l := range sh.Lines {
					flows[sh.Node][a] += int64(l.Qty)
					received[a] += int64(l.Qty)
				}
			}
		}
		// The customers' areas, under everything.
		areas := make([]area, 0, len(received))
		var most int64 = 1
		for a, u := range received {
			areas = append(areas, a)
			most = max(most, u)
		}
		slices.SortFunc(areas, func(a, b area) int { return cmp.Or(cmp.Compare(a.lat, b.lat), cmp.Compare(a.lng, b.lng)) })
		for _, a := range areas {
			x, y := project(a.lat, a.lng)
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.2f" fill="#b8c2cc" fill-opacity="0.6" data-area="%.2f,%.2f" data-units="%d"/>`,
				x, y, 1+6*math.Sqrt(float64(received[a])/float64(most)), a.lat, a.lng, received[a])
		}
		// The heaviest flows, the heaviest drawn last.
		var list []flow
		for n, to := range flows {
			for a, u := range to {
				list = append(list, flow{n, a, u})
			}
		}
		slices.SortFunc(list, func(a, b flow) int {
			return cmp.Or(cmp.Compare(a.units, b.units), cmp.Compare(a.node, b.node), cmp.Compare(a.to.lat, b.to.lat), cmp.Compare(a.to.lng, b.to.lng))
		})
		if len(list) > 250 {
			list = list[len(list)-250:]
		}
		var heaviest int64 = 1
		for _, f := range list {
			heaviest = max(heaviest, f.units)
		}
		for _, f := range list {
			n, _ := sc.Snapshot.Node(f.node)
			x1, y1 := project(n.Location.Lat(), n.Location.Lng())
			x2, y2 := project(f.to.lat, f.to.lng)
			w := float64(f.units) / float64(heaviest)
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-opacity="%.2f" stroke-width="%.2f" data-node="%s" data-units="%d"/>`,
				x1, y1, x2, y2, kindColours[n.Kind], 0.2+0.5*w, 0.5+3*w, esc(string(f.node)), f.units)
		}
		// Nodes: an area proportional to the units shipped.
		most = 1
		for _, n := range s.Nodes {
			most = max(most, int64(n.Units))
		}
		shipped := map[stock.NodeID]simulate.NodeKPIs{}
		for _, n := range s.Nodes {
			shipped[n.Node] = n
		}
		for n := range sc.Snapshot.Nodes() {
			x, y := project(n.Location.Lat(), n.Location.Lng())
			nk := shipped[n.ID]
			r := 1.5 + 10*math.Sqrt(float64(nk.Units)/float64(most))
			stroke := ` stroke="#fff" stroke-width="0.5"`
			if nk.Rejections > 0 {
				stroke = ` stroke="#d62728" stroke-width="1.5"`
			}
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.2f" fill="%s" fill-opacity="0.85"%s data-node="%s" data-kind="%s" data-value="%d"><title>%s (%s): %d units, %d shipments, %d refused</title></circle>`,
				x, y, r, kindColours[n.Kind], stroke, esc(string(n.ID)), n.Kind, nk.Units, esc(string(n.ID)), n.Kind, nk.Units, nk.Shipments, nk.Rejections)
			if n.Kind == stock.Warehouse {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`, x+r+2, y+4, esc(string(n.ID)))
			}
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
