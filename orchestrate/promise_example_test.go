package orchestrate_test

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"time"

	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Promise answers a checkout before the order exists: home delivery by each
// carrier service, click & collect at the nearest pickup stores, and a
// reservation, each with its date and cost, and what cannot be offered.
// Here no store holds the whole basket, so there is no reservation, and the
// shipments come from both stores.
func ExamplePromise() {
	snap, rs := omnichannelNetwork()
	req := orchestrate.PromiseRequest{
		Basket:      []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}, {SKU: "JACKET-M", Qty: 3}},
		Destination: geo.MustLatLng(45.19, 5.72), // Grenoble
		Country:     "FR",
		Channel:     "web",
		PlacedAt:    time.Date(2026, 11, 27, 9, 14, 0, 0, time.FixedZone("CET", 3600)),
		Stores:      1, // the nearest pickup store only
	}
	p, err := orchestrate.Promise(context.Background(), req, snap, rs, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range p.Options {
		fmt.Printf("%s on %s, %s EUR, from %v\n", offer(o.Mode, o.Service, o.Store), o.Date, o.Cost.Format("EUR"), o.Plan.Nodes())
	}
	for _, u := range p.Unavailable {
		fmt.Printf("no %s: %s\n", offer(u.Mode, u.Service, u.Store), u.Why)
	}
	// Output:
	// home delivery by colissimo/home on 2026-11-29, 31.08 EUR, from [store-dijon store-lyon]
	// click & collect at store-lyon on 2026-11-29, 20.72 EUR, from [store-dijon store-lyon]
	// no reservation at a store: order promise: no feasible plan: no store allowed to take the reservation holds the whole basket
}

// offer names a checkout option.
func offer(mode rules.Mode, service carrier.ServiceID, store stock.NodeID) string {
	switch mode {
	case rules.Home:
		return "home delivery by " + service.String()
	case rules.Collect:
		return "click & collect at " + string(store)
	default:
		return "reservation at " + cmp.Or(string(store), "a store")
	}
}
