// Command clickcollect walks through the omnichannel scenarios on an outdoor
// retailer's French network in December (testdata/omnichannel.json): two
// warehouses, ten stores and a kayak supplier, with working calendars,
// carrier cut-offs and bank holidays.
//
//  1. Click & collect: a basket served partly from the pickup store's shelf
//     and partly by a replenishment truck, and the requests each node gets.
//  2. E-reservation: the stores that can hold a basket, ranked; the units
//     held (stock.Snapshot.Apply), then given back (Release).
//  3. Endless aisle: an order taken in a store that lacks an item, delivered
//     home without touching that store's shelf (origin_stock "exclude").
//  4. Dropship: a kayak shipped by its supplier, the rest by a warehouse.
//  5. A home order placed on a Friday evening, after the cut-off: the
//     calendar counts the weekend, the on-time rule falls back.
//  6. A store rejects its part of an order; orchestrate.Reallocate serves the
//     remainder elsewhere and corrects the stock.
//  7. A delivery promise at checkout (orchestrate.Promise) on 23 December.
//
// The scenario file is found from the module root (the nearest directory
// holding go.mod), so the command runs from anywhere inside the repository:
//
//	go run ./examples/clickcollect
package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris the same on every host, for a reproducible output

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// scenarioFile is the scenario, relative to the module root.
const scenarioFile = "testdata/omnichannel.json"

// The orders of the scenario file, one per scenario.
const (
	collectOrder  = "CC-20417"
	reserveOrder  = "RES-3310"
	aisleOrder    = "POS-NTE-0915"
	dropshipOrder = "WEB-DS-775"
	fridayOrder   = "WEB-10533"
	rejectOrder   = "WEB-10560"
)

// rejectingNode refuses its part of rejectOrder.
const rejectingNode stock.NodeID = "store-nice"

// checkout is the basket and address of the delivery promise: a customer in
// central Lyon on the afternoon of 23 December, two days before a holiday.
func checkout() orchestrate.PromiseRequest {
	return orchestrate.PromiseRequest{
		Basket:      []orchestrate.Line{{SKU: "SHOE-TRAIL-42", Qty: 1}, {SKU: "HEADLAMP-400", Qty: 1}},
		Destination: geo.MustLatLng(45.7578, 4.8320),
		Country:     "FR",
		Channel:     "web",
		PlacedAt:    time.Date(2026, 12, 23, 14, 0, 0, 0, time.FixedZone("CET", 3600)),
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clickcollect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: clickcollect")
		fmt.Fprintln(stderr, "Walks through the omnichannel scenarios of testdata/omnichannel.json. No flags.")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "clickcollect: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	sc, err := loadScenario()
	if err != nil {
		fmt.Fprintf(stderr, "clickcollect: %v\n", err)
		return 1
	}
	out, err := report(context.Background(), sc)
	if err != nil {
		fmt.Fprintf(stderr, "clickcollect: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "clickcollect: %v\n", err)
		return 1
	}
	return 0
}

// loadScenario reads and validates the scenario file, resolving the
// calendars' time zones.
func loadScenario() (*simulate.Scenario, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := moduleRoot(wd)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(root, filepath.FromSlash(scenarioFile))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sc, err := simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sc, nil
}

// moduleRoot returns dir or its nearest parent that holds a go.mod file.
func moduleRoot(dir string) (string, error) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod in %s or any parent: run clickcollect from inside the sourcing module", dir)
		}
		d = parent
	}
}

// orderByID returns the scenario's order id.
func orderByID(sc *simulate.Scenario, id string) (orchestrate.Order, error) {
	i := slices.IndexFunc(sc.Orders, func(o orchestrate.Order) bool { return o.ID == id })
	if i < 0 {
		return orchestrate.Order{}, fmt.Errorf("%s: no order %s", scenarioFile, id)
	}
	return sc.Orders[i], nil
}

// report tells the seven scenarios, in order.
func report(ctx context.Context, sc *simulate.Scenario) ([]byte, error) {
	w := &walk{ctx: ctx, sc: sc, currency: sc.Rules.Currency()}
	w.network()
	for _, step := range []func() error{w.collect, w.reserve, w.endlessAisle, w.dropship, w.fridayEvening, w.rejection, w.promise} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return w.buf.Bytes(), nil
}

// walk writes the report.
type walk struct {
	ctx      context.Context
	sc       *simulate.Scenario
	currency sourcing.Currency
	buf      bytes.Buffer
}

func (w *walk) line(format string, args ...any) {
	fmt.Fprintf(&w.buf, format+"\n", args...)
}

func (w *walk) section(title string) {
	w.line("")
	w.line("%s", title)
	w.line("%s", strings.Repeat("-", len([]rune(title))))
}

// money formats m as "12.34 EUR".
func (w *walk) money(m sourcing.Money) string { return m.Format(w.currency) + " " + string(w.currency) }

// network describes the nodes, their calendars and the carrier services.
func (w *walk) network() {
	w.line("%s", w.sc.Name)
	w.line("(%s; rule set %s)", scenarioFile, w.sc.Rules.Version())
	w.line("")
	for _, k := range stock.Kinds {
		var ids, clocks []string
		for n := range w.sc.Snapshot.Nodes() {
			if n.Kind != k {
				continue
			}
			ids = append(ids, string(n.ID))
			clock := fmt.Sprintf("no calendar, %d days' preparation", n.PrepDays)
			if n.Calendar != nil {
				clock = fmt.Sprintf("calendar %s, cut-off %s, %d days' preparation", n.Calendar.ID(), hhmm(n.Cutoff), n.PrepDays)
			}
			if !slices.Contains(clocks, clock) {
				clocks = append(clocks, clock)
			}
		}
		for i := 0; i < len(ids); i += 5 {
			label := ""
			if i == 0 {
				label = k.String() + "s"
			}
			w.line("%-10s %s", label, strings.Join(ids[i:min(i+5, len(ids))], ", "))
		}
		w.line("%-10s %s", "", strings.Join(clocks, "; "))
	}
	seen := map[string]bool{}
	for n := range w.sc.Snapshot.Nodes() {
		if c := n.Calendar; c != nil && !seen[c.ID()] {
			seen[c.ID()] = true
			spec := c.Spec()
			var days, hols []string
			for _, d := range spec.Workdays {
				days = append(days, d.String()[:3])
			}
			for _, h := range spec.Holidays {
				hols = append(hols, h.String())
			}
			w.line("calendar %-9s %s, works %s; holidays %s", c.ID(), c.Location(), strings.Join(days, " "), strings.Join(hols, ", "))
		}
	}
	for _, s := range w.sc.Rules.Carriers() {
		spec := s.Spec()
		from := "any node"
		if len(spec.FromKinds) > 0 {
			from = strings.Join(spec.FromKinds, "/")
		}
		to := "home or store"
		if len(spec.To) == 1 {
			to = spec.To[0]
		}
		extra := ""
		if spec.VolumetricDivisor > 0 {
			extra += fmt.Sprintf(", volumetric ÷%d", spec.VolumetricDivisor)
		}
		if spec.FuelSurcharge > 0 {
			extra += fmt.Sprintf(", fuel +%s%%", spec.FuelSurcharge)
		}
		w.line("carrier  %-23s %s → %s, %s in transit%s", s.ID(), from, to, transitDays(spec.Zones), extra)
	}
}

// transitDays formats a service's transit days, "1 day" or "2-3 days".
func transitDays(zones []carrier.Zone) string {
	lo, hi := zones[0].Days, zones[0].Days
	for _, z := range zones {
		lo, hi = min(lo, z.Days), max(hi, z.Days)
	}
	if lo == hi {
		return count(int64(lo), "day")
	}
	return fmt.Sprintf("%d-%d days", lo, hi)
}

// begin opens a section with order id, solved.
func (w *walk) begin(title, id string, where func(orchestrate.Order) string) (orchestrate.Order, *orchestrate.Result, error) {
	o, err := orderByID(w.sc, id)
	if err != nil {
		return o, nil, err
	}
	w.section(title)
	w.order(o, where(o))
	res, err := orchestrate.Solve(w.ctx, o, w.sc.Snapshot, w.sc.Rules, orchestrate.Options{})
	return o, res, err
}

// 1. Click & collect.
func (w *walk) collect() error {
	o, res, err := w.begin("1. Click & collect: the shelf and a transfer", collectOrder, func(o orchestrate.Order) string {
		return fmt.Sprintf("click & collect at %s", o.PickupNode)
	})
	if err != nil {
		return err
	}
	best := res.Plans[0]
	w.line("Profile %q. Plan 1, %s:", res.Profile, w.money(best.Cost))
	w.shipments(o, best)
	w.breakdown(best.Breakdown)
	last := slices.MaxFunc(best.Shipments, func(a, b orchestrate.Shipment) int { return cmp.Compare(a.ETADays, b.ETADays) })
	w.line("  all at %s %s (%s; promised within %s)", o.PickupNode, day(last.Arrival), count(int64(last.ETADays), "day"), count(int64(o.PromiseDays), "day"))
	w.excluded(res.Excluded())
	w.line("")
	w.line("Fulfilment requests:")
	for _, r := range orchestrate.FulfilmentRequests(o, best) {
		w.request(r)
	}
	return nil
}

// 2. E-reservation.
func (w *walk) reserve() error {
	o, res, err := w.begin("2. E-reservation: rank the stores, hold, release", reserveOrder, func(o orchestrate.Order) string {
		return fmt.Sprintf("e-reservation near %s", o.Destination)
	})
	if err != nil {
		return err
	}
	w.line("Profile %q. Stores able to hold the whole basket, best first:", res.Profile)
	for _, p := range res.Plans {
		s := p.Shipments[0]
		w.line("  %d. %-20s %10s  %5.1f km  %s", p.Rank, s.Node, w.money(p.Cost), s.Distance.Kilometres(), w.terms(p.Breakdown))
	}
	best := res.Plans[0]
	store := best.Shipments[0].Node
	snap := w.sc.Snapshot
	held, err := snap.Apply(best.Allocations())
	if err != nil {
		return err
	}
	w.line("Plan 1 applied (Snapshot.Apply): %s holds the units", store)
	w.levels(store, o.Lines, snap, held)
	for _, r := range orchestrate.FulfilmentRequests(o, best) {
		w.request(r)
	}
	back, err := held.Release(best.Allocations())
	if err != nil {
		return err
	}
	w.line("")
	w.line("The customer does not come; the hold expires (Snapshot.Release):")
	w.levels(store, o.Lines, held, back)
	return nil
}

// 3. Endless aisle.
func (w *walk) endlessAisle() error {
	o, res, err := w.begin("3. Endless aisle: ordered in a store, delivered home", aisleOrder, func(o orchestrate.Order) string {
		return fmt.Sprintf("taken at %s, home delivery to %s", o.OriginNode, o.Destination)
	})
	if err != nil {
		return err
	}
	var shelf []string
	for _, l := range o.Lines {
		shelf = append(shelf, fmt.Sprintf("%s %d", l.SKU, w.sc.Snapshot.Level(o.OriginNode, l.SKU).Available()))
	}
	w.line("%s has available: %s", o.OriginNode, strings.Join(shelf, ", "))
	prof, _ := w.sc.Rules.Profile(res.Profile) // Solve used it
	w.line("Profile %q, origin_stock %q. Plan 1, %s:", res.Profile, prof.OriginStock(), w.money(res.Plans[0].Cost))
	w.shipments(o, res.Plans[0])
	w.breakdown(res.Plans[0].Breakdown)
	w.excluded(res.Excluded())
	return nil
}

// 4. Dropship.
func (w *walk) dropship() error {
	o, res, err := w.begin("4. Dropship: the supplier ships its own range", dropshipOrder, func(o orchestrate.Order) string {
		return fmt.Sprintf("home delivery to %s, tagged %s", o.Destination, strings.Join(o.Tags, ", "))
	})
	if err != nil {
		return err
	}
	prof, _ := w.sc.Rules.Profile(res.Profile) // Solve used it
	var kinds []string
	for _, k := range prof.Spec().Filters.Kinds {
		kinds = append(kinds, k.String())
	}
	w.line("Profile %q (kinds %s). Plan 1, %s:", res.Profile, strings.Join(kinds, ", "), w.money(res.Plans[0].Cost))
	w.shipments(o, res.Plans[0])
	w.breakdown(res.Plans[0].Breakdown)
	return nil
}

// 5. A home order on a Friday evening.
func (w *walk) fridayEvening() error {
	o, res, err := w.begin("5. Friday evening, after the cut-off: the calendar shows", fridayOrder, func(o orchestrate.Order) string {
		return fmt.Sprintf("home delivery to %s", o.Destination)
	})
	if err != nil {
		return err
	}
	w.line("The on-time rule and its fallback:")
	for _, a := range res.Attempts {
		outcome := "met"
		switch {
		case a.Error != "":
			outcome = "no plan: " + a.Error
		case !a.Met:
			outcome = "not met: " + a.Missed
		}
		w.line("  profile %q, promise %d + %s: %s", a.Profile, o.PromiseDays, count(int64(a.ToleranceDays), "day"), outcome)
	}
	best := res.Plans[0]
	w.line("Plan 1, %s:", w.money(best.Cost))
	w.shipments(o, best)
	w.breakdown(best.Breakdown)
	for _, s := range best.Shipments {
		n, _ := w.sc.Snapshot.Node(s.Node)
		svc, ok := w.service(s.Carrier)
		if !ok || n.Calendar == nil {
			continue
		}
		_, transit, _ := svc.ZoneFor(s.Distance)
		w.line("Without a calendar %s would take %d + %d = %s. Placed %s, after its %s cut-off,",
			s.Node, n.PrepDays, transit, count(int64(n.PrepDays+transit), "day"), o.PlacedAt.In(n.Calendar.Location()).Format("Mon 15:04"), hhmm(n.Cutoff))
		w.line("  it is taken on the next working day: collected %s, delivered %s, %s after the order.",
			s.CarrierPickup.Format("Mon 2006-01-02 15:04"), day(s.Arrival), count(int64(s.ETADays), "day"))
		if err := w.billing(svc, s); err != nil {
			return err
		}
	}
	return nil
}

// billing shows how a bulky shipment is billed on its volume.
func (w *walk) billing(svc *carrier.Service, s orchestrate.Shipment) error {
	var pieces []carrier.Piece
	for _, l := range s.Lines {
		it, _ := w.sc.Snapshot.Item(l.SKU) // Solve validated the order
		pieces = append(pieces, carrier.Piece{Label: string(l.SKU), Weight: it.Weight, Volume: it.Volume, Count: int64(l.Qty)})
	}
	pk, err := svc.Pack(pieces)
	if err != nil {
		return err
	}
	spec := svc.Spec()
	weightBreak := func(g sourcing.Grams) sourcing.Grams {
		for _, r := range spec.Rates {
			if g <= r.MaxWeight {
				return r.MaxWeight
			}
		}
		return 0
	}
	for _, r := range pk.Runs() {
		billed := svc.Billable(r.Weight, r.Volume)
		w.line("Bulky: %s of %d g and %d cm³ is billed on %d g (%d cm³ × 1000 ÷ %d),",
			count(r.Count, "parcel"), r.Weight, r.Volume, billed, r.Volume, spec.VolumetricDivisor)
		w.line("  at the price up to %d g instead of up to %d g.", weightBreak(billed), weightBreak(r.Weight))
	}
	return nil
}

// 6. A rejection and its re-sourcing.
func (w *walk) rejection() error {
	o, res, err := w.begin("6. A store rejects its part: re-sourcing", rejectOrder, func(o orchestrate.Order) string {
		return fmt.Sprintf("home delivery to %s", o.Destination)
	})
	if err != nil {
		return err
	}
	plan := res.Plans[0]
	w.line("Plan 1, %s, applied to the stock:", w.money(plan.Cost))
	w.shipments(o, plan)
	snap := w.sc.Snapshot
	r, err := reject(w.ctx, w.sc, o, plan, rejectingNode)
	if err != nil {
		return err
	}
	var kept []string
	for _, s := range r.reallocation.Kept {
		kept = append(kept, string(s.Node))
	}
	w.line("%s accepts. %s rejects %s: %q.", strings.Join(kept, ", "), r.rejection.Node, picks(r.rejection.Lines), r.rejection.Reason)
	rz := r.reallocation
	w.line("Remainder %s, solved without %s (the accepted shipment counts for the split penalty).", picks(rz.Remainder.Lines), rejectingNode)
	again := rz.Result.Plans[0]
	w.line("New plan, %s:", w.money(again.Cost))
	w.shipments(rz.Remainder, again)
	w.breakdown(again.Breakdown)
	w.line("Stock at %s: before the order, held for it, after the rejection:", rejectingNode)
	for _, l := range r.rejection.Lines {
		w.line("  %-14s %s", l.SKU, levelHistory(snap.Level(rejectingNode, l.SKU), r.held.Level(rejectingNode, l.SKU), r.after.Level(rejectingNode, l.SKU)))
	}
	for _, s := range again.Shipments {
		w.line("Stock at %s, now holding the remainder:", s.Node)
		w.levels(s.Node, s.Lines, rz.Snapshot, r.after)
	}
	return nil
}

// rejected is a rejection as a host lives it.
type rejected struct {
	held         *stock.Snapshot // the stock with the order's plan applied
	rejection    orchestrate.Rejection
	reallocation *orchestrate.Reallocation
	after        *stock.Snapshot // the stock with the new plan applied
}

// reject plays a host's side of a rejection: it applies plan to the
// scenario's stock, has node reject its whole shipment as not found on the
// shelf (the units are gone, the hold with them) while the others stand,
// re-sources the remainder and applies the new plan 1.
func reject(ctx context.Context, sc *simulate.Scenario, o orchestrate.Order, plan orchestrate.Plan, node stock.NodeID) (*rejected, error) {
	r := &rejected{}
	var err error
	if r.held, err = sc.Snapshot.Apply(plan.Allocations()); err != nil {
		return nil, err
	}
	i := slices.IndexFunc(plan.Shipments, func(s orchestrate.Shipment) bool { return s.Node == node })
	if i < 0 || len(plan.Shipments) < 2 {
		return nil, fmt.Errorf("order %s: plan 1 does not ship from %s and another node", o.ID, node)
	}
	// Held: Reallocate gives the node's hold for this order back, and only
	// that; StockGone: it takes the missing units off the node's stock.
	r.rejection = orchestrate.Rejection{Node: node, Lines: plan.Shipments[i].Lines, Reason: "not found on shelf", StockGone: true, Held: true}
	if r.reallocation, err = orchestrate.Reallocate(ctx, o, plan.Shipments, r.rejection, r.held, sc.Rules, orchestrate.Options{}); err != nil {
		return nil, err
	}
	if r.after, err = r.reallocation.Snapshot.Apply(r.reallocation.Result.Plans[0].Allocations()); err != nil {
		return nil, err
	}
	return r, nil
}

// 7. A delivery promise at checkout.
func (w *walk) promise() error {
	req := checkout()
	w.section("7. A delivery promise at checkout")
	w.line("Basket %s, to %s, asked %s.", picks(req.Basket), req.Destination, req.PlacedAt.Format("Mon 2006-01-02 15:04 -07:00"))
	pr, err := orchestrate.Promise(w.ctx, req, w.sc.Snapshot, w.sc.Rules, orchestrate.Options{})
	if err != nil {
		return err
	}
	w.line("Offered:")
	for _, opt := range pr.Options {
		what := opt.Service.String()
		if opt.Mode != rules.Home {
			what = string(opt.Store)
		}
		var from []string
		for _, s := range opt.Plan.Shipments {
			from = append(from, string(s.Node))
		}
		w.line("  %-8s %-23s %-7s %s %10s  (from %s)", opt.Mode, what, count(int64(opt.Days), "day"), day(opt.Date), w.money(opt.Cost), strings.Join(from, " + "))
	}
	w.line("Not offered:")
	for _, u := range pr.Unavailable {
		what := u.Service.String()
		if u.Mode != rules.Home {
			what = string(u.Store)
		}
		w.line("  %-8s %-23s %s", u.Mode, what, u.Why)
	}
	return nil
}

// order prints an order's heading and lines.
func (w *walk) order(o orchestrate.Order, where string) {
	w.line("Order %s (%s channel): %s", o.ID, o.Channel, where)
	promise := ""
	if o.PromiseDays > 0 {
		promise = fmt.Sprintf(", promised within %s", count(int64(o.PromiseDays), "day"))
	}
	w.line("  placed %s%s", o.PlacedAt.Format("Mon 2006-01-02 15:04 -07:00"), promise)
	for _, l := range o.Lines {
		it, _ := w.sc.Snapshot.Item(l.SKU) // the scenario's orders are validated
		w.line("  %d × %-14s %-28s %5d g %6d cm³", l.Qty, l.SKU, it.Name, it.Weight, it.Volume)
	}
}

// shipments prints a plan's shipments and backorders.
func (w *walk) shipments(o orchestrate.Order, p orchestrate.Plan) {
	for _, s := range p.Shipments {
		w.line("  %s: %s, %s", s.Node, picks(s.Lines), w.money(s.Cost))
		eta := fmt.Sprintf("%s (%s)", day(s.Arrival), count(int64(s.ETADays), "day"))
		switch {
		case o.Mode == rules.Reserve:
			w.line("    held on its shelf from %s", eta)
		case s.Carrier == (carrier.ServiceID{}):
			w.line("    from its own shelf, ready %s", eta)
		default:
			w.line("    %.1f km by %s (%s), collected %s, arrives %s",
				s.Distance.Kilometres(), s.Carrier, count(s.Parcels, "parcel"), s.CarrierPickup.Format("Mon 2006-01-02 15:04"), eta)
		}
	}
	for _, l := range p.Backordered {
		w.line("  backordered: %d × %s", l.Qty, l.SKU)
	}
}

// breakdown prints a plan's non-zero cost terms.
func (w *walk) breakdown(b orchestrate.Breakdown) {
	w.line("  cost: %s = %s", w.terms(b), w.money(b.Total()))
}

// excluded prints the nodes the rules kept out, and why.
func (w *walk) excluded(xs []orchestrate.Exclusion) {
	if len(xs) == 0 {
		return
	}
	w.line("  kept out:")
	for _, x := range xs {
		what := string(x.Node)
		if x.SKU != "" {
			what += " " + string(x.SKU)
		}
		detail := ""
		if d := x.Detail(); d != "" {
			detail = " (" + d + ")"
		}
		w.line("    %-20s %s%s", what, x.Reason, detail)
	}
}

// request prints a fulfilment request's text, indented, after a blank line.
func (w *walk) request(r orchestrate.FulfilmentRequest) {
	w.line("")
	for _, l := range strings.Split(strings.TrimSuffix(r.Text(), "\n"), "\n") {
		w.line("  | %s", l)
	}
}

// levels prints the levels of node's SKUs in two snapshots.
func (w *walk) levels(node stock.NodeID, lines []orchestrate.Line, before, after *stock.Snapshot) {
	for _, l := range lines {
		w.line("  %-14s %s", l.SKU, levelHistory(before.Level(node, l.SKU), after.Level(node, l.SKU)))
	}
	b, _ := before.Node(node)
	a, _ := after.Node(node)
	w.line("  %-14s %d → %d of %d units today", "committed", b.Committed, a.Committed, a.Capacity)
}

// service returns the rule set's carrier service id.
func (w *walk) service(id carrier.ServiceID) (*carrier.Service, bool) {
	for _, s := range w.sc.Rules.Carriers() {
		if s.ID() == id {
			return s, true
		}
	}
	return nil, false
}

// levelHistory formats successive levels of one SKU at one node.
func levelHistory(ls ...stock.Level) string {
	var on, res, av []string
	for _, l := range ls {
		on = append(on, fmt.Sprint(l.OnHand))
		res = append(res, fmt.Sprint(l.Reserved))
		av = append(av, fmt.Sprint(l.Available()))
	}
	return fmt.Sprintf("on hand %s, reserved %s, available %s",
		strings.Join(on, " → "), strings.Join(res, " → "), strings.Join(av, " → "))
}

// terms formats the non-zero terms of a breakdown: "carrier 1.80 + handling 4.50".
func (w *walk) terms(b orchestrate.Breakdown) string {
	var parts []string
	for _, t := range b.Terms() {
		if t.Amount != 0 {
			parts = append(parts, t.Name+" "+t.Amount.Format(w.currency))
		}
	}
	return strings.Join(parts, " + ")
}

// day formats a date with its weekday: "Wed 2026-12-09".
func day(d stock.Date) string {
	if d == (stock.Date{}) {
		return "(no date)"
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("Mon 2006-01-02")
}

// hhmm formats a time of day: "17:00".
func hhmm(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// picks formats lines as "1 × SKU, 2 × SKU".
func picks(lines []orchestrate.Line) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = fmt.Sprintf("%d × %s", l.Qty, l.SKU)
	}
	return strings.Join(parts, ", ")
}

// count formats n things: "1 day", "2 days".
func count(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
