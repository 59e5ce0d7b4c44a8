package simulate_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
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
