package stock_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/stock"
)

func exampleSnapshot() *stock.Snapshot {
	nodes := []stock.Node{
		{ID: "store-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.764, 4.8357), Country: "FR", Ships: true, Capacity: 10, Committed: 4},
		{ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR", Ships: true},
	}
	items := []stock.Item{{SKU: "TSHIRT-M", Weight: 300}}
	levels := []stock.Record{
		{Node: "dc-paris", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 10, Reserved: 2, Safety: 1}},
		{Node: "store-lyon", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 3}},
	}
	s, err := stock.NewSnapshot("EUR", nodes, items, levels)
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleNewSnapshot() {
	nodes := []stock.Node{{ID: "dc-paris", Kind: stock.Warehouse, Country: "FR", Location: geo.MustLatLng(48.8566, 2.3522), Capacity: -1}}
	items := []stock.Item{{SKU: "TSHIRT-M", Weight: 300}}
	levels := []stock.Record{{Node: "dc-lille", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 4}}}
	_, err := stock.NewSnapshot("EUR", nodes, items, levels)
	fmt.Println(err)
	fmt.Println(errors.Is(err, stock.ErrUnknownNode))
	// Output:
	// nodes[0].capacity: -1: must be in [0, 1000000000000]
	// stock[0].node: "dc-lille": no such node
	// true
}

func ExampleLevel_Available() {
	fmt.Println(stock.Level{OnHand: 10, Reserved: 2, Safety: 1}.Available())
	fmt.Println(stock.Level{OnHand: 1, Reserved: 3}.Available())
	// Output:
	// 7
	// 0
}

func ExampleSnapshot_Holders() {
	s := exampleSnapshot()
	for id, l := range s.Holders("TSHIRT-M") {
		fmt.Println(id, l.Available())
	}
	// Output:
	// dc-paris 7
	// store-lyon 3
}

// Positions number the nodes in ID order: a host keeps a table per node in
// a slice, indexed by NodeIndex.
func ExampleSnapshot_NodeIndex() {
	s := exampleSnapshot()
	units := make([]int64, s.NumNodes()) // units on hand per node
	for id, l := range s.Holders("TSHIRT-M") {
		i, _ := s.NodeIndex(id)
		units[i] += int64(l.OnHand)
	}
	for i, u := range units {
		fmt.Println(i, s.NodeAt(i).ID, u)
	}
	// Output:
	// 0 dc-paris 10
	// 1 store-lyon 3
}

func ExampleSnapshot_Apply() {
	s := exampleSnapshot()
	next, err := s.Apply([]stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 5}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("before:", s.Level("dc-paris", "TSHIRT-M").Available(), "after:", next.Level("dc-paris", "TSHIRT-M").Available())

	// The plan was computed on the old snapshot: the next one refuses it.
	_, err = next.Apply([]stock.Allocation{{Node: "dc-paris", SKU: "TSHIRT-M", Qty: 5}})
	fmt.Println(err)
	fmt.Println(errors.Is(err, stock.ErrConflict))
	// Output:
	// before: 7 after: 2
	// stock conflict: dc-paris/TSHIRT-M: 5 wanted, 2 available
	// true
}

func ExampleSnapshot_Release() {
	s := exampleSnapshot()
	hold := []stock.Allocation{{Node: "store-lyon", SKU: "TSHIRT-M", Qty: 2}}
	held, _ := s.Apply(hold)
	expired, err := held.Release(hold)
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := expired.Node("store-lyon")
	fmt.Println(held.Level("store-lyon", "TSHIRT-M").Reserved, expired.Level("store-lyon", "TSHIRT-M").Reserved, n.Committed)
	// Output: 2 0 4
}

func ExampleSnapshot_WithLevels() {
	s := exampleSnapshot()
	next, err := s.WithLevels([]stock.Record{{Node: "store-lyon", SKU: "TSHIRT-M", Level: stock.Level{OnHand: 12}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Level("store-lyon", "TSHIRT-M").OnHand, next.Level("store-lyon", "TSHIRT-M").OnHand)
	// Output: 3 12
}

func ExampleDecodeNode() {
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr"})
	if err != nil {
		panic(err)
	}
	data := []byte(`{"id": "store-lyon", "kind": "store", "lat": 45.764, "lng": 4.8357, "country": "FR",
		"pickup": true, "calendar": "fr", "cutoff": "15:00"}`)
	n, err := stock.DecodeNode(data, "nodes[0]", map[string]*stock.Calendar{"fr": cal})
	fmt.Println(n.ID, n.Kind, n.Location, n.Ships, n.Pickup, n.Calendar.ID(), n.Cutoff, err)
	_, err = stock.DecodeNode([]byte(`{"id": "x", "kind": "shop"}`), "nodes[1]", nil)
	fmt.Println(err)
	// Output:
	// store-lyon store 45.764,4.8357 true true fr 15h0m0s <nil>
	// nodes[1].lat: missing: a node needs lat and lng
	// nodes[1].kind: "shop": must be warehouse, store or supplier
}

func ExampleNode_MarshalJSON() {
	n := stock.Node{ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR",
		Ships: true, HandlingCost: 150, PickCost: 10}
	data, err := json.Marshal(n)
	fmt.Println(string(data), err)
	var back stock.Node
	err = json.Unmarshal(data, &back)
	fmt.Println(back.ID, back.Location, err)
	// Output:
	// {"id":"dc-paris","kind":"warehouse","lat":48.8566,"lng":2.3522,"country":"FR","ships":true,"pickup":false,"reserve":false,"priority":0,"handling_cost":150,"pick_cost":10,"capacity":0,"committed":0,"prep_days":0} <nil>
	// dc-paris 48.8566,2.3522 <nil>
}

// A host starts a node's new day: the units committed the day before no
// longer count against its capacity.
func ExampleSnapshot_WithCommitted() {
	s := exampleSnapshot()
	next, err := s.WithCommitted([]stock.Commitment{{Node: "store-lyon", Committed: 0}})
	if err != nil {
		panic(err)
	}
	before, _ := s.Node("store-lyon")
	after, _ := next.Node("store-lyon")
	left, _ := after.Remaining()
	fmt.Println(before.Committed, after.Committed, left)
	// Output:
	// 4 0 10
}
