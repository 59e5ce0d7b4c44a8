// Command batch walks through the batch re-optimisation of open orders
// (orchestrate/batch): orders assigned to nodes but not yet released to
// them for picking, decided again together.
//
//		go run ./examples/batch
//
//	 1. Grouping: a customer orders a tent, then, half an hour later, a lamp
//	    and two mugs, to the same address. Decided one at a time they are
//	    two parcels; grouped within the hour, one shipment, each unit still
//	    traced to its order on the picking slip.
//	 2. A flash-sale wave: eight orders for the promoted tent within ten
//	    minutes, six tents in the network. First come, first served gives
//	    the near stock to whoever ordered first and makes the last two wait;
//	    the wave (an exact minimum-cost flow) gives the near stock to those
//	    who save most by it and makes wait those who would cost most to
//	    serve.
//
// With -season it compares the "batch" strategy with "engine" on a
// season file (examples/simulate's input), at each release period given:
//
//	go run ./examples/batch -season testdata/seasons/fr-week.json [-release 0,30,60,120,240] [-group 60]
//
// -release replays the season at each release period given (minutes);
// -group sets the grouping window (minutes; 0 turns grouping off, leaving
// the re-optimisation at each release alone).
//
// It prints, per release period, the cost, shipments, parcels, split
// orders and units backordered of both, and the share of the extra
// shipments batch removes: shipments beyond one per order that ships, in
// total; beyond one per customer delivery (the orders of one customer to
// one destination within the grouping window count as one); and beyond
// one per decision (the splits alone). A malformed file or flag prints
// one line on stderr and exits with status 2.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/batch"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	season := fs.String("season", "", "compare batch with engine on this season file instead of the walk-through")
	release := fs.String("release", "", "with -season: release periods in minutes, comma-separated (default: the file's)")
	group := fs.Int("group", -1, "with -season: the grouping window in minutes (default: the file's; 0: no grouping)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: batch [-season FILE.json [-release 0,30,60,120,240] [-group MINUTES]]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "batch: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *season == "" {
		if *release != "" || *group >= 0 {
			fmt.Fprintln(stderr, "batch: -release and -group need -season")
			return 2
		}
		if err := walkThrough(stdout); err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
		return 0
	}
	periods, err := parsePeriods(*release)
	if err != nil {
		fmt.Fprintf(stderr, "batch: -release: %v\n", err)
		return 2
	}
	if *group > 24*60 {
		fmt.Fprintf(stderr, "batch: -group %d: minutes in [0, 1440]\n", *group)
		return 2
	}
	window := time.Duration(-1)
	if *group >= 0 {
		window = time.Duration(*group) * time.Minute
	}
	return compare(*season, periods, window, stdout, stderr)
}

// parsePeriods reads "0,30,60" as minutes; "" is none (the file's).
func parsePeriods(s string) ([]time.Duration, error) {
	if s == "" {
		return nil, nil
	}
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		m, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || m < 0 || m > 24*60 {
			return nil, fmt.Errorf("%q: minutes in [0, 1440]", f)
		}
		out = append(out, time.Duration(m)*time.Minute)
	}
	return out, nil
}

// The walk-through's world: warehouses near Paris and Lyon, stores in
// Paris, Lyon, Lille and Marseille.
var (
	paris     = geo.MustLatLng(48.8566, 2.3522)
	lyon      = geo.MustLatLng(45.7640, 4.8357)
	lille     = geo.MustLatLng(50.6292, 3.0573)
	marseille = geo.MustLatLng(43.2965, 5.3698)
	nice      = geo.MustLatLng(43.7102, 7.2620)
	rennes    = geo.MustLatLng(48.1173, -1.6778)
	monday    = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
)

func world(levels map[[2]string]sourcing.Qty) (*stock.Snapshot, *rules.RuleSet, error) {
	nodes := []stock.Node{
		{ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.75, 2.45), Country: "FR", Ships: true, HandlingCost: 220, PickCost: 15, PrepDays: 1},
		{ID: "dc-lyon", Kind: stock.Warehouse, Location: geo.MustLatLng(45.70, 4.90), Country: "FR", Ships: true, HandlingCost: 220, PickCost: 15, PrepDays: 1},
		{ID: "store-paris", Kind: stock.Store, Location: paris, Country: "FR", Ships: true, Pickup: true, Priority: 1, HandlingCost: 280, PickCost: 40},
		{ID: "store-lyon", Kind: stock.Store, Location: lyon, Country: "FR", Ships: true, Pickup: true, Priority: 1, HandlingCost: 280, PickCost: 40},
		{ID: "store-lille", Kind: stock.Store, Location: lille, Country: "FR", Ships: true, Pickup: true, Priority: 1, HandlingCost: 280, PickCost: 40},
		{ID: "store-marseille", Kind: stock.Store, Location: marseille, Country: "FR", Ships: true, Pickup: true, Priority: 1, HandlingCost: 280, PickCost: 40},
	}
	items := []stock.Item{{SKU: "TENT-2P", Weight: 2600, Volume: 9000}, {SKU: "LAMP", Weight: 900, Volume: 3000}, {SKU: "MUG", Weight: 350, Volume: 800}}
	var recs []stock.Record
	for _, n := range nodes {
		for _, it := range items {
			if q := levels[[2]string{string(n.ID), string(it.SKU)}]; q > 0 {
				recs = append(recs, stock.Record{Node: n.ID, SKU: it.SKU, Level: stock.Level{OnHand: q}})
			}
		}
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, recs)
	if err != nil {
		return nil, nil, err
	}
	rs, err := rules.New(rules.Spec{Version: "walk-1", Currency: "EUR", Carriers: netgen.Carriers(),
		Profiles: []rules.ProfileSpec{{Name: "default", Weights: rules.Weights{Split: 350, PerKm: sourcing.MustRate("1.5"),
			Priority: 40, LatePerDay: 300, Backorder: 5000}}}})
	return snap, rs, err
}

func home(id, customer string, to geo.LatLng, at time.Time, promise sourcing.Days, lines ...orchestrate.Line) orchestrate.Order {
	return orchestrate.Order{ID: id, Customer: customer, Channel: "web", Mode: rules.Home, Country: "FR", Destination: to,
		PlacedAt: at, PromiseDays: promise, Lines: lines}
}

func line(sku string, qty sourcing.Qty) orchestrate.Line {
	return orchestrate.Line{SKU: stock.SKU(sku), Qty: qty}
}

// firstComeFirstServed assigns each order plan 1 of its solve on the
// stock the orders before it left, as the engine does when each order is
// decided as it is placed: the open assignments, and the stock with them
// applied.
func firstComeFirstServed(orders []orchestrate.Order, snap *stock.Snapshot, rs *rules.RuleSet) ([]batch.Assignment, *stock.Snapshot, error) {
	var open []batch.Assignment
	for _, o := range orders {
		res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: 1})
		if err != nil {
			return nil, nil, err
		}
		if snap, err = snap.Apply(res.Plans[0].Allocations()); err != nil {
			return nil, nil, err
		}
		open = append(open, batch.Assignment{Orders: []orchestrate.Order{o}, Plan: res.Plans[0]})
	}
	return open, snap, nil
}

func walkThrough(w io.Writer) error {
	if err := grouping(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return flashSale(w)
}

func grouping(w io.Writer) error {
	fmt.Fprintln(w, "1. Grouping: one customer, two orders, one address")
	snap, rs, err := world(map[[2]string]sourcing.Qty{
		{"dc-lyon", "TENT-2P"}: 4, {"dc-lyon", "LAMP"}: 6, {"dc-lyon", "MUG"}: 10,
		{"store-lyon", "LAMP"}: 2, {"store-lyon", "MUG"}: 5,
	})
	if err != nil {
		return err
	}
	orders := []orchestrate.Order{
		home("web-501", "c-1042", lyon, monday.Add(12*time.Minute), 3, line("TENT-2P", 1)),
		home("web-502", "c-1042", lyon, monday.Add(47*time.Minute), 3, line("LAMP", 1), line("MUG", 2)),
	}
	open, held, err := firstComeFirstServed(orders, snap, rs)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "   Decided one at a time, as each order is placed:")
	for _, a := range open {
		fmt.Fprintf(w, "     %s at %s: %s\n", a.Orders[0].ID, a.Orders[0].PlacedAt.Format("15:04"), describe(a.Plan))
	}
	res, err := batch.Optimize(context.Background(), open, held, rs, batch.Options{Group: time.Hour})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "   Re-decided together before release, grouping within the hour:")
	for _, ch := range res.Changes {
		fmt.Fprintf(w, "     %s\n", ch.Summary)
	}
	fmt.Fprintf(w, "   %s EUR → %s EUR\n", res.Before.Format("EUR"), res.After.Format("EUR"))
	fmt.Fprintln(w, "   The picking slip:")
	for _, r := range batch.Requests(res.Assignments[0]) {
		for _, l := range strings.Split(strings.TrimSuffix(r.Text(), "\n"), "\n") {
			fmt.Fprintf(w, "     | %s\n", l)
		}
	}
	return nil
}

func flashSale(w io.Writer) error {
	fmt.Fprintln(w, "2. A flash-sale wave: eight orders for TENT-2P within ten minutes, six tents")
	snap, rs, err := world(map[[2]string]sourcing.Qty{
		{"store-lyon", "TENT-2P"}: 2, {"store-lille", "TENT-2P"}: 1, {"store-marseille", "TENT-2P"}: 1, {"dc-paris", "TENT-2P"}: 2,
	})
	if err != nil {
		return err
	}
	to := []struct {
		name string
		at   geo.LatLng
	}{{"Nice", nice}, {"Paris", paris}, {"Rennes", rennes}, {"Marseille", marseille}, {"Lyon", lyon}, {"Lille", lille}, {"Lyon", lyon}, {"Paris", paris}}
	var orders []orchestrate.Order
	city := map[string]string{}
	for i, c := range to {
		id := fmt.Sprintf("sale-%d", i+1)
		city[id] = c.name
		orders = append(orders, home(id, fmt.Sprintf("c-%d", 2000+i), c.at, monday.Add(time.Duration(20*60+75*i)*time.Second), 0, line("TENT-2P", 1)))
	}
	open, held, err := firstComeFirstServed(orders, snap, rs)
	if err != nil {
		return err
	}
	res, err := batch.Optimize(context.Background(), open, held, rs, batch.Options{})
	if err != nil {
		return err
	}
	after := map[string]orchestrate.Plan{}
	for _, a := range res.Assignments {
		after[a.Orders[0].ID] = a.Plan
	}
	fmt.Fprintf(w, "   %-7s %-9s  %-28s  %s\n", "order", "to", "first come, first served", "the wave")
	for _, a := range open {
		id := a.Orders[0].ID
		fmt.Fprintf(w, "   %-7s %-9s  %-28s  %s\n", id, city[id], describe(a.Plan), describe(after[id]))
	}
	fmt.Fprintf(w, "   %s EUR → %s EUR (optimal: %v)\n", res.Before.Format("EUR"), res.After.Format("EUR"), res.Optimal)
	fmt.Fprintln(w, "   Why:")
	for _, ch := range res.Changes {
		fmt.Fprintf(w, "     %s\n", ch.Summary)
	}
	return nil
}

// describe says a plan in a few words: its nodes and cost, or waits.
func describe(p orchestrate.Plan) string {
	if len(p.Shipments) == 0 {
		return fmt.Sprintf("waits (%s EUR)", p.Cost.Format("EUR"))
	}
	return fmt.Sprintf("%s (%s EUR)", strings.Join(nodeNames(p), " + "), p.Cost.Format("EUR"))
}

func nodeNames(p orchestrate.Plan) []string {
	var out []string
	for _, s := range p.Shipments {
		out = append(out, string(s.Node))
	}
	return out
}
