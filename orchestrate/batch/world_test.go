package batch_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/batch"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// The small world of the examples and table tests: a warehouse near
// Paris, one near Lyon, stores in Paris, Lyon and Lille; a tent on
// promotion, a mug, a lamp.
var (
	paris     = geo.MustLatLng(48.8566, 2.3522)
	lyon      = geo.MustLatLng(45.7640, 4.8357)
	lille     = geo.MustLatLng(50.6292, 3.0573)
	marseille = geo.MustLatLng(43.2965, 5.3698)
	dijon     = geo.MustLatLng(47.322, 5.041)
	monday    = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
)

// smallWorld returns the snapshot and rules of the small world, with
// levels of stock given per (node, SKU).
func smallWorld(levels map[[2]string]sourcing.Qty) (*stock.Snapshot, *rules.RuleSet) {
	return smallWorldWith(levels, nil)
}

// smallWorldWith is smallWorld with capacities per node (units a day, the
// day's first unit already committed).
func smallWorldWith(levels map[[2]string]sourcing.Qty, capacity map[string]sourcing.Qty) (*stock.Snapshot, *rules.RuleSet) {
	nodes := []stock.Node{
		{ID: "dc-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.75, 2.45), Country: "FR", Ships: true, HandlingCost: 200, PickCost: 15, PrepDays: 1},
		{ID: "dc-lyon", Kind: stock.Warehouse, Location: geo.MustLatLng(45.70, 4.90), Country: "FR", Ships: true, HandlingCost: 200, PickCost: 15, PrepDays: 1},
		{ID: "store-paris", Kind: stock.Store, Location: paris, Country: "FR", Ships: true, Pickup: true, Priority: 1, HandlingCost: 300, PickCost: 40},
		{ID: "store-lyon", Kind: stock.Store, Location: lyon, Country: "FR", Ships: true, Pickup: true, Priority: 1, HandlingCost: 100, PickCost: 10},
		{ID: "store-lille", Kind: stock.Store, Location: lille, Country: "FR", Ships: true, Pickup: true, Priority: 1, HandlingCost: 300, PickCost: 40},
	}
	for i := range nodes {
		if q := capacity[string(nodes[i].ID)]; q > 0 {
			nodes[i].Capacity, nodes[i].Committed = q, 1
		}
	}
	items := []stock.Item{{SKU: "TENT", Weight: 2500, Volume: 9000}, {SKU: "MUG", Weight: 400, Volume: 800}, {SKU: "LAMP", Weight: 1200, Volume: 3000}}
	var recs []stock.Record
	for _, n := range nodes {
		for _, it := range items {
			if q := levels[[2]string{string(n.ID), string(it.SKU)}]; q > 0 {
				recs = append(recs, stock.Record{Node: n.ID, SKU: it.SKU, Level: stock.Level{OnHand: q}})
			}
		}
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, recs)
	if err != nil {
		panic(err)
	}
	rs, err := rules.New(rules.Spec{Version: "small-1", Currency: "EUR", Carriers: netgen.Carriers(),
		Profiles: []rules.ProfileSpec{{Name: "default", Weights: rules.Weights{Split: 350, PerKm: sourcing.MustRate("1.5"),
			Priority: 40, LatePerDay: 300, Backorder: 5000}}}})
	if err != nil {
		panic(err)
	}
	return snap, rs
}

// home returns a home order to an address.
func home(id, customer string, to geo.LatLng, at time.Time, promise sourcing.Days, lines ...orchestrate.Line) orchestrate.Order {
	return orchestrate.Order{ID: id, Customer: customer, Channel: "web", Mode: rules.Home, Country: "FR", Destination: to,
		PlacedAt: at, PromiseDays: promise, Lines: lines}
}

func line(sku string, qty sourcing.Qty) orchestrate.Line {
	return orchestrate.Line{SKU: stock.SKU(sku), Qty: qty}
}

// firstComeFirstServed assigns each order in turn plan 1 of its solve on
// the stock the ones before left, as the engine does: the open batch and
// the stock with its plans applied.
func firstComeFirstServed(orders []orchestrate.Order, snap *stock.Snapshot, rs *rules.RuleSet) ([]batch.Assignment, *stock.Snapshot, error) {
	var open []batch.Assignment
	for _, o := range orders {
		res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: 1})
		if err != nil {
			return nil, nil, err
		}
		next, err := snap.Apply(res.Plans[0].Allocations())
		if err != nil {
			return nil, nil, err
		}
		snap = next
		open = append(open, batch.Assignment{Orders: []orchestrate.Order{o}, Plan: res.Plans[0]})
	}
	return open, snap, nil
}

// randomBatch draws a small random world and a batch of orders on it,
// assigned first come, first served. With singles, every order is one
// line of one unit.
type randomCase struct {
	snap   *stock.Snapshot // with the open plans applied
	free   *stock.Snapshot
	rs     *rules.RuleSet
	keep   sourcing.Qty // the stores' display stock, for the orders of the web
	open   []batch.Assignment
	orders []orchestrate.Order
}

// appKeep is the stores' display stock for the orders of the app, when
// the rules have an app profile.
const appKeep = 2

// keepOf returns the display stock the rules keep at a node of kind k for
// order o.
func (c *randomCase) keepOf(o orchestrate.Order, k stock.NodeKind) sourcing.Qty {
	switch {
	case k != stock.Store:
		return 0
	case o.Channel == "app":
		return appKeep
	}
	return c.keep
}

func randomBatch(r *rand.Rand, singles bool) (*randomCase, error) {
	cities := []geo.LatLng{paris, lyon, lille, marseille}
	skus := []string{"TENT", "MUG", "LAMP"}
	levels := map[[2]string]sourcing.Qty{}
	for _, n := range []string{"dc-paris", "dc-lyon", "store-paris", "store-lyon", "store-lille"} {
		for _, s := range skus {
			if r.IntN(3) > 0 {
				levels[[2]string{n, s}] = sourcing.Qty(r.IntN(4))
			}
		}
	}
	capacity := map[string]sourcing.Qty{}
	if r.IntN(3) == 0 {
		// Stores ship a few units a day.
		for _, n := range []string{"store-paris", "store-lyon", "store-lille"} {
			capacity[n] = sourcing.Qty(2 + r.IntN(3))
		}
	}
	snap, rs := smallWorldWith(levels, capacity)
	c := &randomCase{rs: rs}
	spec := rs.Spec()
	if r.IntN(3) == 0 {
		// Stores keep a unit on display.
		c.keep = 1
		spec.Profiles[0].Filters.Keep = map[stock.NodeKind]sourcing.Qty{stock.Store: 1}
	}
	app := r.IntN(3) == 0
	if app {
		// The app's orders keep two.
		p := spec.Profiles[0]
		p.Name, p.When.Channels = "app", []string{"app"}
		p.Filters.Keep = map[stock.NodeKind]sourcing.Qty{stock.Store: appKeep}
		spec.Profiles = append([]rules.ProfileSpec{p}, spec.Profiles...)
	}
	var err error
	if c.rs, err = rules.New(spec); err != nil {
		return nil, err
	}
	n := 2 + r.IntN(4)
	for i := range n {
		at := monday.Add(time.Duration(r.IntN(90)) * time.Minute)
		ci := r.IntN(3)
		cust := fmt.Sprintf("c%d", ci)
		to := cities[ci]
		if r.IntN(5) == 0 {
			to = cities[r.IntN(len(cities))]
		}
		var lines []orchestrate.Line
		if singles {
			lines = []orchestrate.Line{line(skus[r.IntN(len(skus))], 1)}
		} else {
			for _, s := range skus {
				if r.IntN(2) == 0 || len(lines) == 0 && s == skus[len(skus)-1] {
					lines = append(lines, line(s, sourcing.Qty(1+r.IntN(2))))
				}
			}
		}
		promise := sourcing.Days(0)
		if r.IntN(2) == 0 {
			promise = sourcing.Days(1 + r.IntN(3))
		}
		o := home(fmt.Sprintf("o%d", i), cust, to, at, promise, lines...)
		if app && r.IntN(2) == 0 {
			o.Channel = "app"
		}
		c.orders = append(c.orders, o)
	}
	c.open, c.snap, err = firstComeFirstServed(c.orders, snap, c.rs)
	c.free = snap
	return c, err
}
