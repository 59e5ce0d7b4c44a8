package orchestrate_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// network builds a small French network: a warehouse near Paris that is out
// of stock, a store in Lyon holding both items, a store in Dijon holding
// one of them. The stores ship; they take neither click & collect orders
// nor reservations (see omnichannelNetwork).
func network() (*stock.Snapshot, *rules.RuleSet) { return buildNetwork(false) }

// omnichannelNetwork is network whose stores also take click & collect
// orders and reservations.
func omnichannelNetwork() (*stock.Snapshot, *rules.RuleSet) { return buildNetwork(true) }

func buildNetwork(omnichannel bool) (*stock.Snapshot, *rules.RuleSet) {
	nodes := []stock.Node{
		{ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR", Ships: true, HandlingCost: 150, PickCost: 10},
		{ID: "store-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.764, 4.8357), Country: "FR", Ships: true,
			Pickup: omnichannel, Reserve: omnichannel, HandlingCost: 300, PickCost: 40, Priority: 3},
		{ID: "store-dijon", Kind: stock.Store, Location: geo.MustLatLng(47.322, 5.0415), Country: "FR", Ships: true,
			Pickup: omnichannel, Reserve: omnichannel, HandlingCost: 300, PickCost: 40, Priority: 1},
	}
	items := []stock.Item{{SKU: "SHOE-42", Weight: 900}, {SKU: "JACKET-M", Weight: 450}}
	levels := []stock.Record{
		{Node: "dc-paris", SKU: "SHOE-42", Level: stock.Level{OnHand: 0}},
		{Node: "store-lyon", SKU: "SHOE-42", Level: stock.Level{OnHand: 3}},
		{Node: "store-lyon", SKU: "JACKET-M", Level: stock.Level{OnHand: 2}},
		{Node: "store-dijon", SKU: "JACKET-M", Level: stock.Level{OnHand: 5}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	if err != nil {
		log.Fatal(err)
	}
	parcel := carrier.Spec{
		ID:        carrier.ServiceID{Carrier: "colissimo", Service: "home"},
		MaxParcel: 30000,
		Zones:     []carrier.Zone{{MaxDistance: 100 * geo.Kilometre, Days: 1}, {MaxDistance: 1000 * geo.Kilometre, Days: 2}},
		Rates: []carrier.RateRow{
			{MaxWeight: 1000, Prices: []sourcing.Money{825, 925}},
			{MaxWeight: 2000, Prices: []sourcing.Money{955, 1055}},
			{MaxWeight: 30000, Prices: []sourcing.Money{3340, 3540}},
		},
	}
	rs, err := rules.New(rules.Spec{
		Version:  "2026-11-26.1",
		Currency: "EUR",
		Carriers: []carrier.Spec{parcel},
		Profiles: []rules.ProfileSpec{{
			Name:    "default",
			Weights: rules.Weights{Split: 300, PerKm: 500_000 /* 0.5 cent per km */, Backorder: 100_000},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	return snap, rs
}

// The quickstart's story in small: a web order near Grenoble while the
// central warehouse is out of stock; the store that holds both items ships
// the whole order.
func ExampleSolve() {
	snap, rs := network()
	order := orchestrate.Order{
		ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), // Grenoble
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}},
	}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 2})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Plans {
		fmt.Printf("plan %d: %s EUR from %v\n", p.Rank, p.Cost.Format("EUR"), p.Nodes())
	}
	best := res.Plans[0]
	s := best.Shipments[0]
	fmt.Printf("%s ships %v by %s, %d parcel, %s, ETA %d days\n", s.Node, s.Lines, s.Carrier, s.Parcels, s.Distance, s.ETADays)
	fmt.Println("optimal:", res.Optimal)
	// Output:
	// plan 1: 13.82 EUR from [store-lyon]
	// plan 2: 28.98 EUR from [store-dijon store-lyon]
	// store-lyon ships [{JACKET-M 1} {SHOE-42 1}] by colissimo/home, 1 parcel, 93.954km, ETA 1 days
	// optimal: true
}

// Explain says why a node was not chosen.
func ExampleExplain() {
	snap, rs := network()
	order := orchestrate.Order{
		ID: "web-1002", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(47.2, 5.0),
		Lines:       []orchestrate.Line{{SKU: "JACKET-M", Qty: 1}},
	}
	for _, node := range []stock.NodeID{"store-lyon", "dc-paris"} {
		ex, err := orchestrate.Explain(context.Background(), order, snap, rs, node, orchestrate.Options{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ex.Summary)
	}
	// Output:
	// store-lyon would cost 1.73 EUR more: +1.00 carrier, +0.73 distance
	// dc-paris has none of the order's SKUs available
}

// Sensitivity finds how much one weight must change for a node to win.
func ExampleSensitivity() {
	snap, rs := network()
	order := orchestrate.Order{
		ID: "web-1003", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(47.0, 4.9), // south of Dijon
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}},
	}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("plan 1:", res.Plans[0].Nodes())
	s, err := orchestrate.Sensitivity(context.Background(), order, snap, rs, "store-dijon", "priority", 0, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if !s.Found {
		fmt.Printf("no priority weight in [0, %d] makes store-dijon ship\n", s.Limit)
		return
	}
	fmt.Printf("store-dijon (priority 1) ships in plan 1 when the priority weight goes from %d to %d: %v\n",
		s.From, s.To, s.Plan.Nodes())
	// Output:
	// plan 1: [store-lyon]
	// store-dijon (priority 1) ships in plan 1 when the priority weight goes from 0 to 658: [store-dijon store-lyon]
}

// Reallocate re-sources what a store refuses: here one line of two. The
// store keeps the other, still held for the order; only the refused unit
// is given back, written off (not found on the shelf) and served from
// elsewhere.
func ExampleReallocate() {
	snap, rs := network()
	order := orchestrate.Order{
		ID: "web-1004", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), // Grenoble
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}},
	}
	ctx := context.Background()
	res, err := orchestrate.Solve(ctx, order, snap, rs, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	plan := res.Plans[0]
	held, err := snap.Apply(plan.Allocations()) // the host holds the stock
	if err != nil {
		log.Fatal(err)
	}
	rejection := orchestrate.Rejection{
		Node:      "store-lyon",
		Lines:     []orchestrate.Line{{SKU: "JACKET-M", Qty: 1}},
		Reason:    "not found on shelf",
		StockGone: true, // the jacket is not there
		Held:      true, // the plan was applied: give the jacket's hold back
	}
	out, err := orchestrate.Reallocate(ctx, order, plan.Shipments, rejection, held, rs, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("plan 1:", plan.Nodes())
	for _, s := range out.Kept {
		fmt.Println("kept:", s.Node, s.Lines)
	}
	fmt.Println("remainder:", out.Remainder.Lines, "from", out.Result.Plans[0].Nodes())
	for _, sku := range []stock.SKU{"SHOE-42", "JACKET-M"} {
		l := out.Snapshot.Level("store-lyon", sku)
		fmt.Printf("store-lyon %s: on hand %d, reserved %d\n", sku, l.OnHand, l.Reserved)
	}
	// A rejection that does not fit the plan is refused.
	_, err = orchestrate.Reallocate(ctx, order, plan.Shipments, orchestrate.Rejection{Node: "store-dijon", StockGone: true}, held, rs, orchestrate.Options{})
	fmt.Println(err)
	// Output:
	// plan 1: [store-lyon]
	// kept: store-lyon [{SHOE-42 1}]
	// remainder: [{JACKET-M 1}] from [store-dijon]
	// store-lyon SHOE-42: on hand 3, reserved 1
	// store-lyon JACKET-M: on hand 1, reserved 0
	// rejection.node: "store-dijon": ships nothing of the order: no shipment is from it
}

// Excluded says why nodes holding the order's SKUs gave none: here the
// warehouse has nothing available, one store is excluded by name, and the
// other keeps two units of each SKU on display, so its jackets stay on the
// shelf and are backordered.
func ExampleResult_Excluded() {
	snap, rs := network()
	spec := rs.Spec() // the same rules, with filters: a new rule set
	spec.Version = "2026-11-26.2"
	spec.Profiles[0].Filters = rules.Filters{
		ExcludeNodes: []stock.NodeID{"store-dijon"},
		Keep:         map[stock.NodeKind]sourcing.Qty{stock.Store: 2},
	}
	strict, err := rules.New(spec)
	if err != nil {
		log.Fatal(err)
	}
	order := orchestrate.Order{
		ID: "web-1007", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(47.0, 4.9), // south of Dijon
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 2}},
	}
	res, err := orchestrate.Solve(context.Background(), order, snap, strict, orchestrate.Options{K: 1})
	if err != nil {
		log.Fatal(err)
	}
	p := res.Plans[0]
	fmt.Println("plan 1:", p.Nodes(), "backordered:", p.Backordered)
	for _, x := range res.Excluded() {
		line := string(x.Node)
		if x.SKU != "" {
			line += " " + string(x.SKU)
		}
		line += ": " + string(x.Reason)
		if d := x.Detail(); d != "" {
			line += " (" + d + ")"
		}
		fmt.Println(line)
	}
	// Output:
	// plan 1: [store-lyon] backordered: [{JACKET-M 2}]
	// dc-paris: nothing available
	// store-dijon: excluded by name
	// store-lyon JACKET-M: display stock kept (2 available, keeps 2)
}

// Validate checks an order against a snapshot before it is solved (Solve
// calls it too) and reports every problem at once.
func ExampleOrder_Validate() {
	snap, _ := network()
	order := orchestrate.Order{
		ID: "web-1008", Mode: rules.Home, Country: "FR", // no destination
		Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 0}, {SKU: "SOCKS", Qty: 1}},
	}
	err := order.Validate(snap)
	fmt.Println(err)
	fmt.Println(errors.Is(err, sourcing.ErrInvalid), errors.Is(err, stock.ErrUnknownSKU))
	// Output:
	// order.lat: missing: a home order needs the customer's location (lat, lng)
	// order.lines[0].qty: 0: must be in [1, 1000000000000]
	// order.lines[1].sku: "SOCKS": no such item
	// true true
}

// Terms lists a breakdown's amounts by name, in a fixed order: what a host
// prints or stores term by term.
func ExampleBreakdown_Terms() {
	snap, rs := network()
	order := orchestrate.Order{
		ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), // Grenoble
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}},
	}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 1})
	if err != nil {
		log.Fatal(err)
	}
	b := res.Plans[0].Breakdown
	for _, t := range b.Terms() {
		if t.Amount != 0 {
			fmt.Printf("%-9s %6s\n", t.Name, t.Amount.Format("EUR"))
		}
	}
	fmt.Printf("%-9s %6s\n", "total", b.Total().Format("EUR"))
	// Output:
	// carrier     9.55
	// handling    3.00
	// picking     0.80
	// distance    0.47
	// total      13.82
}

// LinearWeights are the weights Sensitivity can answer for.
func ExampleLinearWeights() {
	fmt.Println(orchestrate.LinearWeights())
	// Output:
	// [split priority low_stock late_per_day backorder]
}

// ExportMIP writes the order as a mixed-integer program for another solver
// to cross-check Solve: a binary per (node, part of the order), here z0 for
// the Lyon store shipping the shoe at its cost plus the split penalty (300,
// which u, "any shipment", gives back for the first one), and the
// backordered units b0. Its optimum, 1512 − 300 = 1212, is plan 1's cost.
func ExampleExportMIP() {
	snap, rs := network()
	order := orchestrate.Order{ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}}
	lp, err := orchestrate.ExportMIP(context.Background(), order, snap, rs, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(lp))
	// Output:
	// \ sourcing MIP for order web-1001 (rule set 2026-11-26.1, profile default)
	// Minimize
	//  obj: + 1512 z0 - 300 u + 100000 b0
	// Subject To
	//  node0: + z0 <= 1
	//  line0: + 1 z0 + b0 = 1
	//  any: u - z0 <= 0
	// Bounds
	//  0 <= b0
	// Binaries
	//  u
	//  z0
	// Generals
	//  b0
	// End
}
