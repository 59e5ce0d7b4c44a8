package orchestrate_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/internal/sphere"
	"github.com/sourcing-go/sourcing/internal/stockindex"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// omniWorld: the preset world plus a supplier, a Paris calendar with a
// 15:00 cut-off on the warehouses, and three services: a home parcel
// service, an express one, and a replenishment truck from warehouses to
// stores only.
func omniWorld(t *testing.T) (*stock.Snapshot, []carrier.Spec) {
	t.Helper()
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr", Location: time.FixedZone("CET", 3600)})
	require.NoError(t, err)
	nodes := []stock.Node{
		{ID: "st-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.75, 4.85), Country: "FR", Ships: true, Pickup: true, Reserve: true, Priority: 2, HandlingCost: 300, PickCost: 30},
		{ID: "st-villeurbanne", Kind: stock.Store, Location: geo.MustLatLng(45.77, 5.00), Country: "FR", Ships: true, Pickup: true, Reserve: true, Priority: 2, HandlingCost: 300, PickCost: 30},
		{ID: "sup-alpes", Kind: stock.Supplier, Location: geo.MustLatLng(45.19, 5.72), Country: "FR", Ships: true, Priority: 3, HandlingCost: 100, PickCost: 5, PrepDays: 2},
		{ID: "wh-dijon", Kind: stock.Warehouse, Location: geo.MustLatLng(47.32, 5.04), Country: "FR", Ships: true, Priority: 1, HandlingCost: 150, PickCost: 10, Calendar: cal, Cutoff: 15 * time.Hour},
		{ID: "wh-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.86, 2.35), Country: "FR", Ships: true, Priority: 0, HandlingCost: 150, PickCost: 10, Calendar: cal, Cutoff: 15 * time.Hour},
	}
	items := []stock.Item{{SKU: "A", Weight: 500, Volume: 1000}, {SKU: "B", Weight: 800, Volume: 3000}, {SKU: "TENT", Weight: 3000, Volume: 40000, Tags: []string{"dropship"}}}
	levels := []stock.Record{
		{Node: "st-lyon", SKU: "A", Level: stock.Level{OnHand: 3}},
		{Node: "st-villeurbanne", SKU: "A", Level: stock.Level{OnHand: 1}},
		{Node: "st-villeurbanne", SKU: "B", Level: stock.Level{OnHand: 2}},
		{Node: "sup-alpes", SKU: "TENT", Level: stock.Level{OnHand: 50}},
		{Node: "wh-dijon", SKU: "A", Level: stock.Level{OnHand: 10}},
		{Node: "wh-paris", SKU: "B", Level: stock.Level{OnHand: 5}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	zones := []carrier.Zone{{MaxDistance: 150 * geo.Kilometre, Days: 1}, {MaxDistance: 1000 * geo.Kilometre, Days: 2}}
	grid := func(a, b sourcing.Money) []carrier.RateRow {
		return []carrier.RateRow{{MaxWeight: 2000, Prices: []sourcing.Money{a, b}}, {MaxWeight: 30000, Prices: []sourcing.Money{2 * a, 2 * b}}}
	}
	carriers := []carrier.Spec{
		{ID: carrier.ServiceID{Carrier: "colis", Service: "home"}, MaxParcel: 30000, Zones: zones, Rates: grid(700, 900), To: []string{carrier.ToHome}, VolumetricDivisor: 5000},
		{ID: carrier.ServiceID{Carrier: "colis", Service: "express"}, MaxParcel: 30000, Zones: []carrier.Zone{{MaxDistance: 1000 * geo.Kilometre, Days: 1}},
			Rates: []carrier.RateRow{{MaxWeight: 30000, Prices: []sourcing.Money{2500}}}, To: []string{carrier.ToHome}},
		{ID: carrier.ServiceID{Carrier: "truck", Service: "transfer"}, MaxParcel: 30000, Zones: zones, Rates: grid(200, 250),
			To: []string{carrier.ToStore}, FromKinds: []string{"warehouse"}},
	}
	return snap, carriers
}

func omniRules(t *testing.T, carriers []carrier.Spec, edit func(*rules.ProfileSpec)) *rules.RuleSet {
	t.Helper()
	dropship := rules.ProfileSpec{Name: "dropship", When: rules.Condition{TagsAny: []string{"dropship"}},
		Weights: rules.Weights{Split: 300, PerKm: 500_000, Backorder: 100_000}}
	def := rules.ProfileSpec{Name: "default", Weights: rules.Weights{Split: 300, PerKm: 500_000, Priority: 10, LatePerDay: 2000, Backorder: 100_000},
		Filters: rules.Filters{Kinds: []stock.NodeKind{stock.Warehouse, stock.Store}}}
	if edit != nil {
		edit(&def)
	}
	rs, err := rules.New(rules.Spec{Version: "omni-1", Currency: "EUR", Carriers: carriers, Profiles: []rules.ProfileSpec{dropship, def}})
	require.NoError(t, err)
	return rs
}

var thursday10 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("CET", 3600))

func TestCollectShelfAndTransfer(t *testing.T) {
	snap, carriers := omniWorld(t)
	rs := omniRules(t, carriers, nil)
	o := orchestrate.Order{ID: "cc1", Channel: "web", Mode: rules.Collect, Country: "FR", PickupNode: "st-lyon", PlacedAt: thursday10,
		Lines: []orchestrate.Line{{SKU: "A", Qty: 2}, {SKU: "B", Qty: 1}}}
	res := solve(t, o, snap, rs)
	best := res.Plans[0]
	if diff := cmp.Diff([]stock.NodeID{"st-lyon", "wh-paris"}, best.Nodes()); diff != "" {
		t.Fatalf("A from the shelf, B transferred from Paris (-want +got):\n%s", diff)
	}
	shelf, transfer := best.Shipments[0], best.Shipments[1]
	if diff := cmp.Diff(carrier.ServiceID{}, shelf.Carrier); diff != "" {
		t.Fatalf("shelf.Carrier mismatch (-want +got):\n%s", diff)
	}
	require.Zero(t, shelf.Breakdown.Distance)
	if diff := cmp.Diff(carrier.ServiceID{Carrier: "truck", Service: "transfer"}, transfer.Carrier); diff != "" {
		t.Fatalf("transfers to a store take the truck (-want +got):\n%s", diff)
	}
	require.Equal(t, "2026-11-30", transfer.Arrival.String(), "zone 2: two working days after Thursday")
	require.Equal(t, "2026-11-26T15:00:00+01:00", transfer.CarrierPickup.Format(time.RFC3339))
	for _, x := range res.Excluded() {
		if x.Node == "st-villeurbanne" {
			require.Equal(t, orchestrate.ReasonNoCarrier, x.Reason, "no service carries from a store to a store")
		}
	}

	// Home delivery cannot take the truck.
	o.Mode, o.PickupNode, o.Destination = rules.Home, "", geo.MustLatLng(45.76, 4.84)
	for _, p := range solve(t, o, snap, rs).Plans {
		for _, s := range p.Shipments {
			require.NotEqual(t, "truck", s.Carrier.Carrier)
		}
	}
	// Fulfilment requests of the collect plan.
	reqs := orchestrate.FulfilmentRequests(orchestrate.Order{ID: "cc1", Mode: rules.Collect, PickupNode: "st-lyon"}, best)
	require.Len(t, reqs, 2)
	want := "Order cc1 (click & collect) for wh-paris\nPick:\n  1 × B\nPack 1 parcel for truck/transfer, transfer to st-lyon\n" +
		"Ready for the carrier by Thu 2026-11-26 15:00 CET\nPromised to the customer for 2026-11-30 (4 days)\n"
	require.Equal(t, want, reqs[1].Text())
	require.Contains(t, reqs[0].Text(), "Keep at the pickup desk for the customer")
}

func TestReserveHoldAndRelease(t *testing.T) {
	snap, carriers := omniWorld(t)
	rs := omniRules(t, carriers, nil)
	o := orchestrate.Order{ID: "r1", Channel: "web", Mode: rules.Reserve, Country: "FR", Destination: geo.MustLatLng(45.77, 4.99), PlacedAt: thursday10,
		Lines: []orchestrate.Line{{SKU: "A", Qty: 1}}}
	res := solve(t, o, snap, rs)
	if diff := cmp.Diff([]stock.NodeID{"st-villeurbanne"}, res.Plans[0].Nodes()); diff != "" {
		t.Fatalf("the nearest store holding the basket (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]stock.NodeID{"st-lyon"}, res.Plans[1].Nodes()); diff != "" {
		t.Fatalf("res.Plans[1].Nodes() mismatch (-want +got):\n%s", diff)
	}
	reqs := orchestrate.FulfilmentRequests(o, res.Plans[0])
	require.True(t, reqs[0].Hold)
	require.Contains(t, reqs[0].Text(), "Pick and hold for the customer:")
	held, err := snap.Apply(res.Plans[0].Allocations())
	require.NoError(t, err)
	require.Equal(t, sourcing.Qty(0), held.Level("st-villeurbanne", "A").Available())
	require.Equal(t, sourcing.Qty(1), snap.Level("st-villeurbanne", "A").Available(), "the old snapshot is unchanged")
	// Held, the next reservation goes elsewhere.
	next := solve(t, o, held, rs)
	if diff := cmp.Diff([]stock.NodeID{"st-lyon"}, next.Plans[0].Nodes()); diff != "" {
		t.Fatalf("next.Plans[0].Nodes() mismatch (-want +got):\n%s", diff)
	}
	back, err := held.Release(res.Plans[0].Allocations())
	require.NoError(t, err)
	require.Equal(t, sourcing.Qty(1), back.Level("st-villeurbanne", "A").Available())
}

func TestEndlessAisle(t *testing.T) {
	snap, carriers := omniWorld(t)
	o := orchestrate.Order{ID: "ea1", Channel: "store", Mode: rules.Home, Country: "FR", OriginNode: "st-lyon",
		Destination: geo.MustLatLng(45.70, 4.80), PlacedAt: thursday10, Lines: []orchestrate.Line{{SKU: "A", Qty: 1}}}
	neutral := solve(t, o, snap, omniRules(t, carriers, nil))
	if diff := cmp.Diff([]stock.NodeID{"st-lyon"}, neutral.Plans[0].Nodes()); diff != "" {
		t.Fatalf("nearest holder (-want +got):\n%s", diff)
	}
	excl := solve(t, o, snap, omniRules(t, carriers, func(p *rules.ProfileSpec) { p.Filters.OriginStock = rules.OriginExclude }))
	for _, p := range excl.Plans {
		require.NotContains(t, p.Nodes(), stock.NodeID("st-lyon"))
	}
	require.Contains(t, excl.Excluded(), orchestrate.Exclusion{Node: "st-lyon", Reason: orchestrate.ReasonOrigin})
	// Preferring the origin zeroes its priority cost.
	pref := solve(t, o, snap, omniRules(t, carriers, func(p *rules.ProfileSpec) {
		p.Filters.OriginStock = rules.OriginPrefer
		p.Weights.Priority = 1000
	}))
	if diff := cmp.Diff([]stock.NodeID{"st-lyon"}, pref.Plans[0].Nodes()); diff != "" {
		t.Fatalf("pref.Plans[0].Nodes() mismatch (-want +got):\n%s", diff)
	}
	require.Zero(t, pref.Plans[0].Breakdown.Priority)
}

func TestDropship(t *testing.T) {
	snap, carriers := omniWorld(t)
	rs := omniRules(t, carriers, nil)
	o := orchestrate.Order{ID: "d1", Channel: "web", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(45.2, 5.7),
		PlacedAt: thursday10, Lines: []orchestrate.Line{{SKU: "TENT", Qty: 1}}}
	_, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{})
	require.NoError(t, err, "backordering is a plan")
	res := solve(t, o, snap, rs)
	require.Empty(t, res.Plans[0].Shipments, "the default profile does not allow suppliers")
	o.Tags = []string{"dropship"}
	res = solve(t, o, snap, rs)
	require.Equal(t, "dropship", res.Profile)
	if diff := cmp.Diff([]stock.NodeID{"sup-alpes"}, res.Plans[0].Nodes()); diff != "" {
		t.Fatalf("res.Plans[0].Nodes() mismatch (-want +got):\n%s", diff)
	}
	require.Equal(t, sourcing.Days(3), res.Plans[0].Shipments[0].ETADays, "the supplier's 2 preparation days + 1")
}

// TestCutoffChoosesExpress: the calendar's cut-off and the lateness term
// decide between the standard and the express service.
func TestCutoffChoosesExpress(t *testing.T) {
	snap, carriers := omniWorld(t)
	rs := omniRules(t, carriers, func(p *rules.ProfileSpec) { p.Filters.Kinds = []stock.NodeKind{stock.Warehouse} })
	o := orchestrate.Order{ID: "x1", Channel: "web", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(48.5, 2.5),
		PromiseDays: 1, Lines: []orchestrate.Line{{SKU: "B", Qty: 1}}}
	o.PlacedAt = thursday10
	res := solve(t, o, snap, rs)
	s := res.Plans[0].Shipments[0]
	require.Equal(t, stock.NodeID("wh-paris"), s.Node)
	require.Equal(t, "home", s.Carrier.Service, "before the cut-off the standard service arrives Friday, on time")
	require.Equal(t, sourcing.Days(1), s.ETADays)
	// After the cut-off the standard service (zone 1, 1 day) arrives
	// Monday too, like express: still standard, 3 days late.
	o.PlacedAt = thursday10.Add(6 * time.Hour)
	res = solve(t, o, snap, rs)
	s = res.Plans[0].Shipments[0]
	require.Equal(t, sourcing.Days(4), s.ETADays)
	// Far from Paris (zone 2, 2 days), express's 1 day pays for itself.
	o.PlacedAt = thursday10
	o.Destination = geo.MustLatLng(43.6, 1.44) // Toulouse
	res = solve(t, o, snap, rs)
	s = res.Plans[0].Shipments[0]
	require.Equal(t, "express", s.Carrier.Service, "2000 per late day beats the express premium")
	require.Equal(t, sourcing.Days(1), s.ETADays)
}

func TestPromise(t *testing.T) {
	snap, carriers := omniWorld(t)
	rs := omniRules(t, carriers, nil)
	got, err := orchestrate.Promise(context.Background(), orchestrate.PromiseRequest{
		Basket: []orchestrate.Line{{SKU: "A", Qty: 1}}, Destination: geo.MustLatLng(45.77, 4.99), Country: "FR",
		Channel: "web", PlacedAt: thursday10, Stores: 2,
	}, snap, rs, orchestrate.Options{})
	require.NoError(t, err)
	var kinds []string
	for _, o := range got.Options {
		k := o.Mode.String() + ":" + o.Service.String()
		if o.Store != "" {
			k += "/" + string(o.Store)
		}
		kinds = append(kinds, k)
		require.Empty(t, o.Plan.Backordered)
		require.Equal(t, o.Plan.Cost, o.Cost)
	}
	want := []string{"home:colis/home", "home:colis/express", "collect:no carrier/st-lyon", "collect:no carrier/st-villeurbanne", "reserve:no carrier/st-villeurbanne"}
	slices.Sort(want)
	slices.Sort(kinds)
	require.Equal(t, want, kinds)
	require.Empty(t, got.Unavailable)
	// A basket nobody holds whole near the customer: collect unavailable where a rule bites.
	got, err = orchestrate.Promise(context.Background(), orchestrate.PromiseRequest{
		Basket: []orchestrate.Line{{SKU: "TENT", Qty: 1}}, Destination: geo.MustLatLng(45.76, 4.86), Country: "FR", Channel: "web", PlacedAt: thursday10,
	}, snap, rs, orchestrate.Options{})
	require.NoError(t, err)
	require.Empty(t, got.Options, "the default profile allows no supplier")
	require.NotEmpty(t, got.Unavailable)
	for _, u := range got.Unavailable {
		require.True(t, strings.Contains(u.Why, "cannot serve 1 × TENT") || strings.Contains(u.Why, "no feasible plan"), u.Why)
	}
}

// TestPromiseMatchesSolve checks every option and refusal of Promise
// against Solve run alone on the order behind it, on the generated
// 500-node network, with a profile of its own for click & collect (other
// weights, keeping more stock on the shelf): the solves of a promise share
// what the basket's holders may give, per profile, and must find exactly
// what lone solves find.
func TestPromiseMatchesSolve(t *testing.T) {
	f := networkOf(t, 500)
	spec := netgen.Rules()
	collect := spec.Profiles[0]
	collect.Name, collect.When = "collect", rules.Condition{Modes: []rules.Mode{rules.Collect}}
	collect.Weights.Split, collect.Weights.Priority = 900, 0
	collect.Filters.Keep = map[stock.NodeKind]sourcing.Qty{stock.Store: 3}
	spec.Profiles = append([]rules.ProfileSpec{collect}, spec.Profiles...)
	rs, err := rules.New(spec)
	require.NoError(t, err)
	ctx := context.Background()
	n := 40
	if testing.Short() {
		n = 10
	}
	for i, o := range f.net.Orders(33, n, 1, 4) {
		req := orchestrate.PromiseRequest{Basket: o.Lines, Destination: o.Destination, Country: o.Country,
			Channel: o.Channel, PlacedAt: o.PlacedAt, PromiseDays: o.PromiseDays, Stores: 1 + i%4}
		got, err := orchestrate.Promise(ctx, req, f.snap, rs, orchestrate.Options{})
		require.NoError(t, err)
		alone := func(mode rules.Mode, service carrier.ServiceID, store stock.NodeID) (*orchestrate.Result, error) {
			lone := orchestrate.Order{ID: "promise", Channel: o.Channel, Mode: mode, Destination: o.Destination,
				Country: o.Country, Lines: o.Lines, PlacedAt: o.PlacedAt, PromiseDays: o.PromiseDays}
			opts := orchestrate.Options{K: 1}
			switch mode {
			case rules.Home:
				opts.Services = []carrier.ServiceID{service}
			case rules.Collect:
				lone.PickupNode = store
			}
			return orchestrate.Solve(ctx, lone, f.snap, rs, opts)
		}
		for _, opt := range got.Options {
			store := opt.Store
			if opt.Mode == rules.Reserve {
				store = ""
			}
			res, err := alone(opt.Mode, opt.Service, store)
			require.NoError(t, err, "order %d: %v %v %s", i, opt.Mode, opt.Service, opt.Store)
			if diff := cmp.Diff(res.Plans[0], opt.Plan); diff != "" {
				t.Fatalf("order %d: %v %v %s: the promise's plan differs from a lone solve's (-alone +promise):\n%s", i, opt.Mode, opt.Service, opt.Store, diff)
			}
		}
		for _, u := range got.Unavailable {
			res, err := alone(u.Mode, u.Service, u.Store)
			if err == nil {
				require.NotEmpty(t, res.Plans[0].Backordered, "order %d: %v %v %s is unavailable (%s) but a lone solve serves it", i, u.Mode, u.Service, u.Store, u.Why)
			}
		}
	}
}

// TestBoundsBelowCosts checks the bounds the menus prune by against exact
// costs on the 500-node network, for deliveries home and collects: no
// node's key nor any listed part's bound exceeds an exact cost.
func TestBoundsBelowCosts(t *testing.T) {
	f := networkOf(t, 500)
	orders := f.net.Orders(11, 60, 1, 4)
	for i, o := range orders {
		if i%2 == 1 {
			dest := sphere.FromDegrees(o.Destination.Lat(), o.Destination.Lng())
			pick := stockindex.Nearest(f.snap, dest, 1, func(i int) bool { return f.snap.NodeAt(i).Pickup })
			if len(pick) == 0 {
				continue
			}
			o.Mode, o.PickupNode = rules.Collect, f.snap.NodeAt(pick[0]).ID
		}
		require.NoError(t, orchestrate.CheckBoundsForTest(o, f.snap, f.rs, 1), "order %d", i)
	}
}
