package batch_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/batch"
)

// A customer orders a tent at 9:00, then a mug 40 minutes later, to the
// same address. Decided one at a time, they are two parcels; grouped
// within the hour, one.
func ExampleOptimize() {
	snap, rs := smallWorld(map[[2]string]sourcing.Qty{{"dc-paris", "TENT"}: 5, {"dc-paris", "MUG"}: 5, {"store-paris", "MUG"}: 3})
	orders := []orchestrate.Order{
		home("o1", "c-17", paris, monday, 3, line("TENT", 1)),
		home("o2", "c-17", paris, monday.Add(40*time.Minute), 3, line("MUG", 1)),
	}
	open, held, err := firstComeFirstServed(orders, snap, rs)
	if err != nil {
		log.Fatal(err)
	}
	res, err := batch.Optimize(context.Background(), open, held, rs, batch.Options{Group: time.Hour})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d assignments → %d; %s → %s EUR\n", len(open), len(res.Assignments), res.Before.Format("EUR"), res.After.Format("EUR"))
	for _, ch := range res.Changes {
		fmt.Println(ch.Summary)
	}
	// Output:
	// 2 assignments → 1; 26.07 → 17.16 EUR
	// o1+o2: grouped (customer c-17, one destination): 1 shipment instead of 2 shipments; 8.91 EUR less: -6.70 carrier, -2.00 handling, -0.21 distance
}

// A flash sale: three orders want the tent; the Lyon store holds one,
// the Paris warehouse two. First come, first served gave the store's
// tent to the first order, from Dijon; the wave gives it to the Lyon
// customer, who saves most by it.
func ExampleOptimize_wave() {
	snap, rs := smallWorld(map[[2]string]sourcing.Qty{{"dc-paris", "TENT"}: 2, {"store-lyon", "TENT"}: 1})
	orders := []orchestrate.Order{
		home("o1", "c-1", dijon, monday, 0, line("TENT", 1)),
		home("o2", "c-2", lyon, monday.Add(time.Minute), 0, line("TENT", 1)),
		home("o3", "c-3", paris, monday.Add(2*time.Minute), 0, line("TENT", 1)),
	}
	open, held, err := firstComeFirstServed(orders, snap, rs)
	if err != nil {
		log.Fatal(err)
	}
	res, err := batch.Optimize(context.Background(), open, held, rs, batch.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s → %s EUR, optimal %v\n", res.Before.Format("EUR"), res.After.Format("EUR"), res.Optimal)
	for _, ch := range res.Changes {
		fmt.Println(ch.Summary)
	}
	// Output:
	// 60.23 → 54.70 EUR, optimal true
	// o1: wave of TENT with o2; moved 1 × TENT of o1 store-lyon → dc-paris (for o2); 1.78 EUR more: +1.00 handling, +0.05 picking, +1.13 distance, -0.40 priority
	// o2: wave of TENT with o1; moved 1 × TENT of o2 dc-paris → store-lyon (for o1); 7.31 EUR less: -1.00 carrier, -1.00 handling, -0.05 picking, -5.66 distance, +0.40 priority
}

// Each shipment of a group says which order each unit is for.
func ExampleRequests() {
	snap, rs := smallWorld(map[[2]string]sourcing.Qty{{"dc-paris", "TENT"}: 5, {"dc-paris", "MUG"}: 5})
	orders := []orchestrate.Order{
		home("o1", "c-17", paris, monday, 3, line("TENT", 1), line("MUG", 1)),
		home("o2", "c-17", paris, monday.Add(40*time.Minute), 3, line("MUG", 2)),
	}
	// The group, as Optimize returns it: priced as one order, the first
	// with the lines of both.
	both := orders[0]
	both.Lines = append(append([]orchestrate.Line(nil), orders[0].Lines...), orders[1].Lines...)
	plan, err := orchestrate.Price(both, []orchestrate.Shipment{{Node: "dc-paris", Lines: []orchestrate.Line{line("MUG", 3), line("TENT", 1)}}}, snap, rs, orchestrate.Options{})
	if err != nil {
		log.Fatal(err)
	}
	a := batch.Assignment{Orders: orders, Plan: plan}
	for _, r := range batch.Requests(a) {
		fmt.Print(r.Text())
	}
	// Output:
	// Order o1+o2 (home delivery) for dc-paris
	// Pick:
	//   3 × MUG
	//   1 × TENT
	// Pack 1 parcel for colis/standard
	// Promised to the customer for 2026-11-25 (2 days)
	// Per order:
	//   o1 line 1: 1 × TENT
	//   o1 line 2: 1 × MUG
	//   o2 line 1: 2 × MUG
}
