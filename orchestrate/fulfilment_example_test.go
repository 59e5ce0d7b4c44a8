package orchestrate_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// FulfilmentRequests turns the plan a host keeps into what each node is
// asked to do: here a split order, a request for each of the two stores.
func ExampleFulfilmentRequests() {
	snap, rs := network()
	order := orchestrate.Order{
		ID: "web-1005", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(47.0, 4.9), // south of Dijon
		PlacedAt:    time.Date(2026, 11, 27, 9, 14, 0, 0, time.FixedZone("CET", 3600)),
		Lines:       []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 4}},
	}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range orchestrate.FulfilmentRequests(order, res.Plans[0]) {
		fmt.Printf("%s: pick %v, parcels: %d by %s, promised for %s\n", r.Node, r.Lines, r.Parcels, r.Carrier, r.Promised)
	}
	// Output:
	// store-dijon: pick [{JACKET-M 4}], parcels: 1 by colissimo/home, promised for 2026-11-28
	// store-lyon: pick [{SHOE-42 1}], parcels: 1 by colissimo/home, promised for 2026-11-29
}

// Text renders a request as the notification a node reads: here a click &
// collect order, transferred from a warehouse that works on a calendar with
// a 15:00 carrier cut-off to the store where the customer collects it.
func ExampleFulfilmentRequest_Text() {
	cet := time.FixedZone("CET", 3600)
	weekdays, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr", Location: cet})
	if err != nil {
		log.Fatal(err)
	}
	snap, err := stock.NewSnapshot("EUR",
		[]stock.Node{
			{ID: "dc-lyon", Kind: stock.Warehouse, Location: geo.MustLatLng(45.72, 4.92), Country: "FR", Ships: true,
				HandlingCost: 150, Calendar: weekdays, Cutoff: 15 * time.Hour},
			{ID: "store-grenoble", Kind: stock.Store, Location: geo.MustLatLng(45.19, 5.72), Country: "FR", Pickup: true},
		},
		[]stock.Item{{SKU: "TENT-2P", Weight: 2400}},
		[]stock.Record{{Node: "dc-lyon", SKU: "TENT-2P", Level: stock.Level{OnHand: 12}}})
	if err != nil {
		log.Fatal(err)
	}
	rs, err := rules.New(rules.Spec{Version: "v1", Currency: "EUR",
		Carriers: []carrier.Spec{{ID: carrier.ServiceID{Carrier: "truck", Service: "stores"}, MaxParcel: 30000, To: []string{carrier.ToStore},
			Zones: []carrier.Zone{{MaxDistance: 500 * geo.Kilometre, Days: 1}},
			Rates: []carrier.RateRow{{MaxWeight: 30000, Prices: []sourcing.Money{300}}}}},
		Profiles: []rules.ProfileSpec{{Name: "default", Weights: rules.Weights{Backorder: 100_000}}}})
	if err != nil {
		log.Fatal(err)
	}
	order := orchestrate.Order{ID: "web-1006", Channel: "web", Mode: rules.Collect, Country: "FR", PickupNode: "store-grenoble",
		PlacedAt: time.Date(2026, 11, 27, 9, 14, 0, 0, cet), // a Friday morning
		Lines:    []orchestrate.Line{{SKU: "TENT-2P", Qty: 1}}}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range orchestrate.FulfilmentRequests(order, res.Plans[0]) {
		fmt.Print(r.Text())
	}
	// Output:
	// Order web-1006 (click & collect) for dc-lyon
	// Pick:
	//   1 × TENT-2P
	// Pack 1 parcel for truck/stores, transfer to store-grenoble
	// Ready for the carrier by Fri 2026-11-27 15:00 CET
	// Promised to the customer for 2026-11-30 (3 days)
}
