package orchestrate_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
)

// Price answers "what would this plan cost under our rules?" for a plan
// made elsewhere: here, each item from the store with the most stock of
// it, against the plan Solve chooses.
func ExamplePrice() {
	snap, rs := network()
	order := orchestrate.Order{
		ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), // Grenoble
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 1}},
	}
	mostStock := []orchestrate.Shipment{
		{Node: "store-dijon", Lines: []orchestrate.Line{{SKU: "JACKET-M", Qty: 1}}},
		{Node: "store-lyon", Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}},
	}
	plan, err := orchestrate.Price(order, mostStock, snap, rs, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("most stock: %s EUR from %v (split %s)\n", plan.Cost.Format("EUR"), plan.Nodes(), plan.Breakdown.Split.Format("EUR"))
	fmt.Printf("Solve:      %s EUR from %v\n", res.Plans[0].Cost.Format("EUR"), res.Plans[0].Nodes())
	// Output:
	// most stock: 28.98 EUR from [store-dijon store-lyon] (split 3.00)
	// Solve:      13.82 EUR from [store-lyon]
}
