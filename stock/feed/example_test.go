package feed_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/stock"
	"github.com/sourcing-go/sourcing/stock/feed"
)

// A retailer's export: nodes and stock levels in CSV, items in JSON lines.
// Files would be opened with os.Open; here they are strings.
func ExampleLoad() {
	nodes := `id,kind,lat,lng,country,ships,pickup,capacity,handling_cost
dc-paris,warehouse,48.8566,2.3522,FR,,,,150
store-lyon,store,45.764,4.8357,FR,true,true,40,320
`
	items := `{"sku": "TSHIRT-M", "weight_g": 300}
{"sku": "LAMP", "weight_g": 120, "tags": ["battery"]}
`
	levels := `node,sku,on_hand,reserved,safety
dc-paris,TSHIRT-M,10,2,1
store-lyon,TSHIRT-M,3,,
dc-paris,LAMP,25,,
`
	snap, err := feed.Load("EUR",
		feed.Source{Name: "nodes.csv", Format: feed.CSV, R: strings.NewReader(nodes)},
		feed.Source{Name: "items.jsonl", Format: feed.JSONLines, R: strings.NewReader(items)},
		feed.Source{Name: "levels.csv", Format: feed.CSV, R: strings.NewReader(levels)},
		feed.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(snap.NumNodes(), "nodes,", snap.NumItems(), "items,", snap.NumLevels(), "levels")
	for node, l := range snap.Holders("TSHIRT-M") {
		fmt.Printf("%s: %d available\n", node, l.Available())
	}
	// Output:
	// 2 nodes, 2 items, 3 levels
	// dc-paris: 7 available
	// store-lyon: 3 available
}

// Every problem of a feed at once, each at its file, line and column, with
// the field and the value as written.
func ExampleLoad_problems() {
	nodes := "id,kind,lat,lng,country\ndc-paris,warehouse,48.8566,2.3522,FR\n"
	items := "sku,weight_g,tags\nTSHIRT-M,\"0,3\",\nLAMP,120,battery|\n"
	levels := "node,sku,on_hand\ndc-paris,TSHIRT-M,-4\ndc-lille,LAMP,2\n"
	_, err := feed.Load("EUR",
		feed.Source{Name: "nodes.csv", Format: feed.CSV, R: strings.NewReader(nodes)},
		feed.Source{Name: "items.csv", Format: feed.CSV, R: strings.NewReader(items)},
		feed.Source{Name: "levels.csv", Format: feed.CSV, R: strings.NewReader(levels)},
		feed.Options{})
	for _, e := range sourcing.Errors(err) {
		fmt.Println(e)
	}
	fmt.Println(errors.Is(err, stock.ErrUnknownNode))
	var fe *feed.Error
	if errors.As(err, &fe) {
		fmt.Printf("first: %s line %d column %d\n", fe.File, fe.Line, fe.Column)
	}
	// Output:
	// items.csv:2:10: weight_g: "0,3": must be an integer
	// items.csv:3:10: tags[1]: "": must not be empty
	// levels.csv:2:19: on_hand: -4: must be in [0, 1000000000000]
	// levels.csv:3:1: node: "dc-lille": no such node
	// true
	// first: items.csv line 2 column 10
}

// An update of some levels during the day, read against the snapshot in
// force, then applied to it.
func ExampleReadLevels() {
	snap := exampleSnapshot()
	update := "node,sku,on_hand,reserved\ndc-paris,LAMP,0,\nstore-lyon,LAMP,6,1\n"
	records, err := feed.ReadLevels(feed.Source{Name: "update.csv", Format: feed.CSV, R: strings.NewReader(update)},
		feed.Options{Snapshot: snap})
	if err != nil {
		fmt.Println(err)
		return
	}
	next, err := snap.WithLevels(records)
	if err != nil {
		fmt.Println(err)
		return
	}
	for node, l := range next.Holders("LAMP") {
		fmt.Printf("%s: %d on hand, %d available\n", node, l.OnHand, l.Available())
	}
	// Output:
	// dc-paris: 0 on hand, 0 available
	// store-lyon: 6 on hand, 5 available
}

func exampleSnapshot() *stock.Snapshot {
	snap, err := feed.Load("EUR",
		feed.Source{Format: feed.CSV, R: strings.NewReader("id,kind,lat,lng,country\ndc-paris,warehouse,48.8566,2.3522,FR\nstore-lyon,store,45.764,4.8357,FR\n")},
		feed.Source{Format: feed.CSV, R: strings.NewReader("sku,weight_g\nLAMP,120\n")},
		feed.Source{Format: feed.CSV, R: strings.NewReader("node,sku,on_hand\ndc-paris,LAMP,25\n")},
		feed.Options{})
	if err != nil {
		panic(err)
	}
	return snap
}

// A file's format from its name, as a command taking file names does.
func ExampleFormatOf() {
	for _, name := range []string{"stock-2026-11-27.csv", "nodes.jsonl", "items.json"} {
		f, ok := feed.FormatOf(name)
		fmt.Println(name, f, ok)
	}
	// Output:
	// stock-2026-11-27.csv CSV true
	// nodes.jsonl JSON lines true
	// items.json Format(0) false
}

// Nodes naming a calendar, written with semicolons as a spreadsheet in a
// French locale writes them.
func ExampleReadNodes() {
	fr, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr-mon-sat", Workdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}})
	if err != nil {
		panic(err)
	}
	nodes := "id;kind;lat;lng;country;calendar;cutoff\nstore-lyon;store;45.764;4.8357;FR;fr-mon-sat;17:30\n"
	list, err := feed.ReadNodes(feed.Source{Name: "nodes.csv", Format: feed.CSV, R: strings.NewReader(nodes)},
		feed.Options{Comma: ';', Calendars: map[string]*stock.Calendar{fr.ID(): fr}})
	if err != nil {
		fmt.Println(err)
		return
	}
	n := list[0]
	fmt.Println(n.ID, n.Kind, n.Location, n.Calendar.ID(), n.Cutoff)
	// Output:
	// store-lyon store 45.764,4.8357 fr-mon-sat 17h30m0s
}

// Items, tags separated by "|".
func ExampleReadItems() {
	items := "sku,name,weight_g,tags\nLAMP,\"Lamp, 400 lm\",120,battery|fragile\n"
	list, err := feed.ReadItems(feed.Source{Name: "items.csv", Format: feed.CSV, R: strings.NewReader(items)}, feed.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %q %dg %q\n", list[0].SKU, list[0].Name, list[0].Weight, list[0].Tags)
	// Output:
	// LAMP "Lamp, 400 lm" 120g ["battery" "fragile"]
}
