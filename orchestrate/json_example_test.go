package orchestrate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
)

// An order from a queue: the JSON of a scenario file's orders, decoded
// strictly.
func ExampleOrder_UnmarshalJSON() {
	var o orchestrate.Order
	err := json.Unmarshal([]byte(`{"id": "web-1001", "channel": "web", "mode": "home", "lat": 45.19, "lng": 5.72,
		"country": "FR", "promise_days": 2, "placed_at": "2026-11-27T09:14:00+01:00",
		"lines": [{"sku": "SHOE-42", "qty": 1}]}`), &o)
	fmt.Println(o.ID, o.Mode, o.Destination, o.PromiseDays, o.PlacedAt, o.Lines, err)

	err = json.Unmarshal([]byte(`{"id": "web-1002", "mode": "home", "lat": 45.19, "lng": 5.72, "promise": 2}`), &o)
	fmt.Println(err)
	// Output:
	// web-1001 home 45.19,5.72 2 2026-11-27 09:14:00 +0100 +0100 [{SHOE-42 1}] <nil>
	// promise: unknown field
}

// A plan as a host stores it: the form of a plan in the solve command's
// output, distances in kilometres.
func ExamplePlan_MarshalJSON() {
	snap, rs := network()
	order := orchestrate.Order{ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 1})
	if err != nil {
		log.Fatal(err)
	}
	data, err := json.MarshalIndent(res.Plans[0], "", "  ")
	fmt.Println(string(data), err)
	// Output:
	// {
	//   "rank": 1,
	//   "cost": 1212,
	//   "breakdown": {
	//     "carrier": 825,
	//     "handling": 300,
	//     "picking": 40,
	//     "distance": 47,
	//     "priority": 0,
	//     "low_stock": 0,
	//     "workload": 0,
	//     "lateness": 0,
	//     "carbon": 0,
	//     "split": 0,
	//     "backorder": 0
	//   },
	//   "shipments": [
	//     {
	//       "node": "store-lyon",
	//       "lines": [
	//         {
	//           "sku": "SHOE-42",
	//           "qty": 1
	//         }
	//       ],
	//       "carrier": "colissimo",
	//       "service": "home",
	//       "parcels": 1,
	//       "km": 93.954,
	//       "eta_days": 1,
	//       "cost": 1212,
	//       "breakdown": {
	//         "carrier": 825,
	//         "handling": 300,
	//         "picking": 40,
	//         "distance": 47,
	//         "priority": 0,
	//         "low_stock": 0,
	//         "workload": 0,
	//         "lateness": 0,
	//         "carbon": 0,
	//         "split": 0,
	//         "backorder": 0
	//       }
	//     }
	//   ],
	//   "backordered": []
	// } <nil>
}

// The request a store is sent, as JSON for a queue.
func ExampleFulfilmentRequest_MarshalJSON() {
	snap, rs := network()
	order := orchestrate.Order{ID: "web-1001", Channel: "web", Mode: rules.Home, Country: "FR",
		Destination: geo.MustLatLng(45.19, 5.72), Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}}
	res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{K: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range orchestrate.FulfilmentRequests(order, res.Plans[0]) {
		data, err := json.Marshal(r)
		fmt.Println(string(data), err)
	}
	// Output:
	// {"order":"web-1001","mode":"home","node":"store-lyon","lines":[{"sku":"SHOE-42","qty":1}],"hold":false,"parcels":1,"carrier":"colissimo","service":"home","eta_days":1} <nil>
}

// DecodeOrder decodes an order at a path of a larger document, such as a
// batch a host receives: the path prefixes every problem.
func ExampleDecodeOrder() {
	o, err := orchestrate.DecodeOrder([]byte(`{"id": "web-1001", "channel": "web", "mode": "collect",
		"pickup_node": "store-lyon", "country": "FR", "lines": [{"sku": "SHOE-42", "qty": 1}]}`), "orders[0]")
	fmt.Println(o.ID, o.Mode, o.PickupNode, o.Destination.IsValid(), err)

	_, err = orchestrate.DecodeOrder([]byte(`{"id": "web-1002", "mode": "home", "lat": 95, "lng": 5.72, "placed_at": "today"}`), "orders[1]")
	fmt.Println(err)
	// Output:
	// web-1001 collect store-lyon false <nil>
	// orders[1].lat: 95: must be in [-90, 90]
	// orders[1].placed_at: "today": must be an RFC 3339 time such as 2026-11-26T10:00:00+01:00
}
