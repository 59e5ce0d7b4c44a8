package stock_test

import (
	"fmt"
	"log"
	"time"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
)

// A snapshot built in Go, from the host's own data: nodes with their costs,
// capacity and calendar, items, and a level per (node, SKU) that holds
// stock. NewSnapshot copies and indexes them; the snapshot is then read by
// ID and shared by any number of goroutines.
func ExampleSnapshot() {
	weekdays, err := stock.NewCalendar(stock.CalendarSpec{
		ID:       "fr-weekdays",
		Location: time.FixedZone("CET", 3600), // a host would use time.LoadLocation("Europe/Paris")
		Holidays: []stock.Date{{Year: 2026, Month: time.December, Day: 25}},
	})
	if err != nil {
		log.Fatal(err)
	}
	nodes := []stock.Node{
		{ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR",
			Ships: true, HandlingCost: 150, PickCost: 10, PrepDays: 1, Calendar: weekdays, Cutoff: 15 * time.Hour},
		{ID: "store-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.764, 4.8357), Country: "FR",
			Ships: true, Pickup: true, Reserve: true, Priority: 2, HandlingCost: 300, PickCost: 40,
			Capacity: 40, Committed: 12},
	}
	items := []stock.Item{
		{SKU: "TENT-2P", Name: "Two-person tent", Weight: 2400, Volume: 18_000, Tags: []string{"oversize"}},
		{SKU: "SHOE-42", Weight: 900},
	}
	levels := []stock.Record{
		{Node: "dc-paris", SKU: "TENT-2P", Level: stock.Level{OnHand: 120, Reserved: 8, Safety: 10}},
		{Node: "dc-paris", SKU: "SHOE-42", Level: stock.Level{OnHand: 0}},
		{Node: "store-lyon", SKU: "SHOE-42", Level: stock.Level{OnHand: 3}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(snap.Currency(), snap.NumNodes(), "nodes,", snap.NumItems(), "items,", snap.NumLevels(), "levels")
	for n := range snap.Nodes() {
		capacity := "no daily limit"
		if left, limited := n.Remaining(); limited {
			capacity = fmt.Sprintf("%d units left today", left)
		}
		calendar := "no calendar"
		if n.Calendar != nil {
			calendar = "calendar " + n.Calendar.ID()
		}
		fmt.Printf("%s (%s): ships %v, pickup %v, %s, %s\n", n.ID, n.Kind, n.Ships, n.Pickup, calendar, capacity)
	}
	for it := range snap.Items() {
		fmt.Println(it.SKU, it.Weight, "g, oversize:", it.HasTag("oversize"))
	}
	for _, sku := range []stock.SKU{"TENT-2P", "SHOE-42"} {
		for id, l := range snap.Holders(sku) {
			fmt.Printf("%s at %s: %d available\n", sku, id, l.Available())
		}
	}
	fmt.Println(snap.Level("store-lyon", "TENT-2P")) // no record: nothing
	// Output:
	// EUR 2 nodes, 2 items, 3 levels
	// dc-paris (warehouse): ships true, pickup false, calendar fr-weekdays, no daily limit
	// store-lyon (store): ships true, pickup true, no calendar, 28 units left today
	// SHOE-42 900 g, oversize: false
	// TENT-2P 2400 g, oversize: true
	// TENT-2P at dc-paris: 102 available
	// SHOE-42 at dc-paris: 0 available
	// SHOE-42 at store-lyon: 3 available
	// {0 0 0}
}
