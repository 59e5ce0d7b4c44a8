package simulate_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Parse reads a scenario file; Run solves its orders.
func ExampleParse() {
	data, err := os.ReadFile("../../testdata/scenarios/example-004.json")
	if err != nil {
		log.Fatal(err)
	}
	sc, err := simulate.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	outcomes, err := sc.Run(context.Background(), orchestrate.Options{K: 3})
	if err != nil {
		log.Fatal(err)
	}
	for _, oc := range outcomes {
		for _, p := range oc.Result.Plans {
			fmt.Println(oc.Order, p.Rank, p.Cost.Format(sc.Rules.Currency()), sc.Rules.Currency(), p.Nodes())
		}
	}
	// Output:
	// o0 1 18.60 EUR [wa-1]
	// o0 2 18.72 EUR [wa-0]
	// o0 3 20.23 EUR [st-2]
}

// A malformed file is refused with the path and value of every problem:
// those of the JSON first, then those of the values that decoded.
func ExampleParse_error() {
	_, err := simulate.Parse([]byte(`{"name": "x", "currency": "EUR", "nodes": [{"id": "a", "kind": "shop", "lat": 1, "lng": 181, "lat": 2}]}`))
	for _, e := range sourcing.Errors(err) {
		fmt.Println(e)
	}
	// Output:
	// nodes[0].lat: given twice in the object
	// nodes[0].lng: 181: must be in [-180, 180]
	// nodes[0].kind: "shop": must be warehouse, store or supplier
	// policy: missing
	// nodes[0].country: "": must not be empty
}

// twoOrders is a scenario whose two orders want the one mug of the store
// near them: solved independently both get it; in sequence the second is
// served by the warehouse.
const twoOrders = `{
  "name": "two orders, one mug", "currency": "EUR",
  "nodes": [
    {"id": "store-lyon", "kind": "store", "lat": 45.76, "lng": 4.84, "country": "FR", "handling_cost": 100},
    {"id": "wh-paris", "kind": "warehouse", "lat": 48.86, "lng": 2.35, "country": "FR", "handling_cost": 100}
  ],
  "items": [{"sku": "MUG", "weight_g": 400, "volume_cm3": 0}],
  "stock": [
    {"node": "store-lyon", "sku": "MUG", "on_hand": 1, "reserved": 0, "safety": 0},
    {"node": "wh-paris", "sku": "MUG", "on_hand": 10, "reserved": 0, "safety": 0}
  ],
  "carriers": [{"id": "colis", "service": "std", "max_parcel_g": 30000,
    "zones": [{"max_km": 1000, "days": 2}], "rates": [{"max_g": 30000, "prices": [500]}]}],
  "policy": {"version": "v1", "profiles": [{"name": "default", "weights": {"per_km": 1, "backorder": 10000}}]},
  "orders": [
    {"id": "web-1", "channel": "web", "mode": "home", "lat": 45.75, "lng": 4.85, "country": "FR", "lines": [{"sku": "MUG", "qty": 1}]},
    {"id": "web-2", "channel": "web", "mode": "home", "lat": 45.74, "lng": 4.86, "country": "FR", "lines": [{"sku": "MUG", "qty": 1}]}
  ]
}`

// Run solves each order against the scenario's stock; RunSequential applies
// each order's plan 1 before solving the next, as a day's orders draw on
// one stock.
func ExampleScenario_RunSequential() {
	sc, err := simulate.Parse([]byte(twoOrders))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	independent, err := sc.Run(ctx, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	sequential, err := sc.RunSequential(ctx, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for i := range sc.Orders {
		fmt.Println(sc.Orders[i].ID, "alone:", independent[i].Result.Plans[0].Nodes(), "in sequence:", sequential[i].Result.Plans[0].Nodes())
	}
	// Output:
	// web-1 alone: [store-lyon] in sequence: [store-lyon]
	// web-2 alone: [store-lyon] in sequence: [wh-paris]
}

// A season in a few lines: a store that refuses, a warehouse behind it,
// three orders, the engine against the priority preset. The refused
// order is re-sourced from the warehouse a day late.
func ExampleSimulate() {
	paris, lyon := geo.MustLatLng(48.8566, 2.3522), geo.MustLatLng(45.764, 4.8357)
	snap, err := stock.NewSnapshot("EUR",
		[]stock.Node{
			{ID: "dc-paris", Kind: stock.Warehouse, Location: paris, Country: "FR", Ships: true, HandlingCost: 150, PickCost: 10},
			{ID: "store-lyon", Kind: stock.Store, Location: lyon, Country: "FR", Ships: true, HandlingCost: 250, PickCost: 30, Priority: 1},
		},
		[]stock.Item{{SKU: "TENT-2P", Weight: 2500}},
		[]stock.Record{
			{Node: "dc-paris", SKU: "TENT-2P", Level: stock.Level{OnHand: 20}},
			{Node: "store-lyon", SKU: "TENT-2P", Level: stock.Level{OnHand: 3}},
		})
	if err != nil {
		log.Fatal(err)
	}
	rs, err := rules.New(rules.Spec{Version: "v1", Currency: "EUR",
		Carriers: []carrier.Spec{{ID: carrier.ServiceID{Carrier: "colis", Service: "standard"}, MaxParcel: 30000,
			Zones: []carrier.Zone{{MaxDistance: 100 * geo.Kilometre, Days: 1}, {MaxDistance: 1000 * geo.Kilometre, Days: 2}},
			Rates: []carrier.RateRow{{MaxWeight: 30000, Prices: []sourcing.Money{690, 990}}}}},
		Profiles: []rules.ProfileSpec{{Name: "default", Weights: rules.Weights{Split: 300, PerKm: sourcing.MustRate("0.5"), Backorder: 10_000}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	order := func(id string, minutes int) orchestrate.Order {
		return orchestrate.Order{ID: id, Channel: "web", Mode: rules.Home, Destination: lyon, Country: "FR",
			PlacedAt: at.Add(time.Duration(minutes) * time.Minute), Lines: []orchestrate.Line{{SKU: "TENT-2P", Qty: 1}}}
	}
	sc := &simulate.Scenario{Name: "black friday", Snapshot: snap, Rules: rs,
		Orders:     []orchestrate.Order{order("o1", 0), order("o2", 5), order("o3", 10)},
		Simulation: simulate.Settings{Reject: simulate.Reject{Nodes: map[stock.NodeID]float64{"store-lyon": 0.5}}},
	}
	priority, err := simulate.Preset("priority", sc)
	if err != nil {
		log.Fatal(err)
	}
	rep, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{simulate.Engine(sc), priority}, simulate.SimulateOptions{Decisions: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Strategies {
		fmt.Printf("%s: %s EUR, %.0f km, %d refused\n", s.Name, s.Cost.Format("EUR"), s.Km, s.Rejections)
		for _, d := range s.Decisions {
			refused := ""
			for _, r := range d.Refusals {
				refused = fmt.Sprintf(" (%s refused)", r.Node)
			}
			sh := d.Plan.Shipments[0]
			fmt.Printf("  %s from %s in %d days%s\n", d.Orders[0], sh.Node, sh.ETADays, refused)
		}
	}
	// Output:
	// engine: 32.86 EUR, 392 km, 1 refused
	//   o1 from store-lyon in 1 days
	//   o2 from store-lyon in 1 days
	//   o3 from dc-paris in 3 days (store-lyon refused)
	// priority: 40.38 EUR, 1174 km, 0 refused
	//   o1 from dc-paris in 2 days
	//   o2 from dc-paris in 2 days
	//   o3 from dc-paris in 2 days
}

// The committed season, a week of a 60-node French network, under the
// engine and the presets.
func ExampleSimulate_season() {
	data, err := os.ReadFile("../../testdata/seasons/fr-week.json")
	if err != nil {
		log.Fatal(err)
	}
	sc, err := simulate.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	var strategies []simulate.Strategy
	for _, name := range []string{"engine", "priority", "distance", "fewest-locations"} {
		s, err := simulate.Named(name, sc)
		if err != nil {
			log.Fatal(err)
		}
		strategies = append(strategies, s)
	}
	rep, err := simulate.Simulate(context.Background(), sc, strategies, simulate.SimulateOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Strategies {
		fmt.Printf("%-16s %10s EUR %5d parcels %4d split %4d backordered %7.0f km %3.0f%% on time\n",
			s.Name, s.Cost.Format("EUR"), s.Parcels, s.SplitOrders, s.UnitsBackordered, s.Km, 100*s.OnTimeRate)
	}
	// Output:
	// engine             88900.03 EUR  2938 parcels  248 split  533 backordered  687267 km  79% on time
	// priority           90524.72 EUR  3024 parcels  275 split  530 backordered  791697 km  75% on time
	// distance          105218.32 EUR  3704 parcels  745 split  571 backordered  746359 km  75% on time
	// fewest-locations   91825.98 EUR  2953 parcels  243 split  556 backordered  635151 km  77% on time
}

// Whether a node refuses an order's shipment is a draw from a hash of the
// seed, the order and the node: the same answer for every strategy that
// sends it there.
func ExampleSettings_Refuses() {
	set := simulate.Settings{Seed: 7, Reject: simulate.Reject{Default: 0.3}}
	for _, o := range []string{"o1", "o2", "o3", "o4", "o5", "o6"} {
		fmt.Println(o, set.Refuses(o, "store-lille"), set.Refuses(o, "store-paris"))
	}
	// Output:
	// o1 false false
	// o2 false true
	// o3 false true
	// o4 false false
	// o5 false false
	// o6 true false
}

// Named gives the strategies of the simulate command by name: the engine
// under the scenario's own rules and the presets (Strategies lists them).
// Each strategy decides with its own rules and is priced with the
// scenario's, so the seasons compare in one money: the cheapest preset
// keeps a unit on display in stores, so both mugs come from Paris.
func ExampleNamed() {
	sc := twoOrdersPlaced()
	var strategies []simulate.Strategy
	for _, name := range simulate.Strategies() {
		s, err := simulate.Named(name, sc)
		if err != nil {
			log.Fatal(err)
		}
		strategies = append(strategies, s)
	}
	rep, err := simulate.Simulate(context.Background(), sc, strategies, simulate.SimulateOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rep.Strategies {
		fmt.Printf("%-16s %s EUR, %.0f km\n", r.Name, r.KPIs.Cost.Format("EUR"), r.KPIs.Km)
	}
	// Output:
	// engine           15.96 EUR, 397 km
	// priority         15.96 EUR, 397 km
	// distance         15.96 EUR, 397 km
	// fewest-locations 15.96 EUR, 397 km
	// cheapest         19.89 EUR, 789 km
	// batch            15.96 EUR, 397 km
}

// Check says whether a scenario is fit to replay, every problem at once: a
// file that solve runs may lack what a simulation needs, such as the
// orders' placed_at times.
func ExampleScenario_Check() {
	sc, err := simulate.Parse([]byte(twoOrders))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sc.Check())
	// Output:
	// orders[0].placed_at: missing: a simulation replays the orders in time order
	// orders[1].placed_at: missing: a simulation replays the orders in time order
}

// twoOrdersPlaced is the scenario twoOrders with its orders placed an hour
// apart, as a replay needs them.
func twoOrdersPlaced() *simulate.Scenario {
	sc, err := simulate.Parse([]byte(twoOrders))
	if err != nil {
		log.Fatal(err)
	}
	placed := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	for i := range sc.Orders {
		sc.Orders[i].PlacedAt = placed.Add(time.Duration(i) * time.Hour)
	}
	return sc
}

// RuleFile makes a strategy of a merchant's candidate rules, here rules
// that ship from stores only; without carriers of their own they use the
// scenario's. Replayed in time, the second order finds the store's one mug
// gone: the engine sends it from the warehouse, the store-only rules
// backorder it, which the scenario's rules price at 100 EUR.
func ExampleRuleFile() {
	sc := twoOrdersPlaced()
	rs, err := rules.Parse([]byte(`{"version": "stores-1", "currency": "EUR",
		"profiles": [{"name": "stores", "weights": {"per_km": 1, "backorder": 10000}, "filters": {"kinds": ["store"]}}]}`))
	if err != nil {
		log.Fatal(err)
	}
	stores, err := simulate.RuleFile("stores.json", rs, sc)
	if err != nil {
		log.Fatal(err)
	}
	rep, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{simulate.Engine(sc), stores}, simulate.SimulateOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rep.Strategies {
		fmt.Printf("%-11s %6s EUR, shipments: %d, units backordered: %d\n", r.Name, r.KPIs.Cost.Format("EUR"), r.KPIs.Shipments, r.KPIs.UnitsBackordered)
	}
	// Output:
	// engine       15.96 EUR, shipments: 2, units backordered: 0
	// stores.json 106.01 EUR, shipments: 1, units backordered: 1
}

// Summarize computes a strategy's KPIs from its decisions alone, as
// Simulate does as it goes: a host that stores the decisions (the
// simulate command's -decisions) can sum them again, or sum a subset.
func ExampleSummarize() {
	sc := twoOrdersPlaced()
	rep, err := simulate.Simulate(context.Background(), sc, []simulate.Strategy{simulate.Engine(sc)}, simulate.SimulateOptions{Decisions: true})
	if err != nil {
		log.Fatal(err)
	}
	engine := rep.Strategies[0]
	kpis, days, nodes := simulate.Summarize(sc, engine.Decisions)
	fmt.Println(len(engine.Decisions), "decisions;", kpis.Cost == engine.KPIs.Cost, kpis.Shipments, len(days), "day,", len(nodes), "nodes")
	for _, n := range nodes {
		fmt.Println(n.Node, n.Shipments, "shipment,", n.Units, "unit")
	}
	// Output:
	// 2 decisions; true 2 1 day, 2 nodes
	// store-lyon 1 shipment, 1 unit
	// wh-paris 1 shipment, 1 unit
}
