package sourcing_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The library in one order, as README.md shows it (a test keeps the two
// the same): a warehouse near Paris without the jacket, a store in
// Grenoble with both items, a web order delivered near Grenoble.
func Example() {
	snap, err := stock.NewSnapshot("EUR", []stock.Node{
		{ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.857, 2.352), Country: "FR", Ships: true, HandlingCost: 150},
		{ID: "store-grenoble", Kind: stock.Store, Location: geo.MustLatLng(45.188, 5.724), Country: "FR", Ships: true, HandlingCost: 350},
	}, []stock.Item{{SKU: "SHOE-42", Weight: 900}, {SKU: "JACKET-M", Weight: 450}}, []stock.Record{
		{Node: "dc-paris", SKU: "SHOE-42", Level: stock.Level{OnHand: 40}},
		{Node: "store-grenoble", SKU: "SHOE-42", Level: stock.Level{OnHand: 2}},
		{Node: "store-grenoble", SKU: "JACKET-M", Level: stock.Level{OnHand: 1}},
	})
	if err != nil {
		log.Fatal(err)
	}
	rs, err := rules.Parse([]byte(`{"version": "v1", "currency": "EUR",
	  "carriers": [{"id": "colissimo", "service": "home", "max_parcel_g": 30000,
	    "zones": [{"max_km": 100, "days": 1}, {"max_km": 1000, "days": 2}], "rates": [{"max_g": 30000, "prices": [800, 950]}]}],
	  "profiles": [{"name": "default", "weights": {"split": 300, "per_km": 0.5, "backorder": 10000}}]}`))
	if err != nil {
		log.Fatal(err)
	}
	order := orchestrate.Order{ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.21, 5.78), Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}}}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 2})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Plans {
		fmt.Printf("plan %d: %s EUR from %v\n", p.Rank, p.Cost.Format("EUR"), p.Nodes())
	}
	next, err := snap.Apply(res.Plans[0].Allocations()) // hold plan 1's units
	fmt.Printf("%+v %v\n", next.Level("store-grenoble", "JACKET-M"), err)
	// Output:
	// plan 1: 11.53 EUR from [store-grenoble]
	// plan 2: 27.94 EUR from [dc-paris store-grenoble]
	// {OnHand:1 Reserved:1 Safety:0} <nil>
}
