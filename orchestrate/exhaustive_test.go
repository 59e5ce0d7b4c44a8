package orchestrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Flags for longer or shifted runs of TestSolveMatchesExhaustive, such as
// go test -run TestSolveMatchesExhaustive -exhaustive.n 200000 -exhaustive.first 1000001.
var (
	exhFlagN     = flag.Int("exhaustive.n", 0, "instances TestSolveMatchesExhaustive checks (0 = default)")
	exhFlagFirst = flag.Uint64("exhaustive.first", 1, "first seed TestSolveMatchesExhaustive checks")
)

// exhInstances is how many seeded instances TestSolveMatchesExhaustive
// checks: fewer under the race detector (about six times slower) and with
// -short.
func exhInstances() int {
	switch {
	case *exhFlagN > 0:
		return *exhFlagN
	case testing.Short():
		return 1_000
	case raceEnabled:
		return 3_000
	default:
		return 20_000
	}
}

// exhInstance is one small random world and one order.
type exhInstance struct {
	seed   uint64
	nodes  []stock.Node
	items  []stock.Item
	levels []stock.Record
	spec   rules.Spec
	order  orchestrate.Order
}

// exhKm returns km kilometres plus mm millimetres.
func exhKm(km, mm int64) geo.Distance { return geo.Distance(km)*geo.Kilometre + geo.Distance(mm) }

// exhGenerate builds the instance of seed: at most 6 nodes, 5 items, 3
// carrier services and 3 order lines of at most 3 units, in and around
// France, exercising every weight and filter of the contract. One instance
// in ten is "coarse": amounts are 0 or 100 and rates 0, so that plans, node
// sets and carrier services tie and the tie-breaks decide.
func exhGenerate(seed uint64) *exhInstance {
	r := rand.New(rand.NewPCG(seed, 0x5eed_0f_0dd5))
	chance := func(p float64) bool { return r.Float64() < p }
	coarse := chance(0.1)
	money := func(n int) sourcing.Money {
		if coarse {
			return sourcing.Money(100 * r.IntN(2))
		}
		return sourcing.Money(r.IntN(n))
	}
	rate := func(n int64) sourcing.Rate {
		if coarse {
			return 0
		}
		return sourcing.Rate(r.Int64N(n))
	}
	in := &exhInstance{seed: seed}

	// Nodes.
	nNodes := 3 + r.IntN(4)
	if chance(0.1) {
		nNodes = 1 + r.IntN(2)
	}
	for i := range nNodes {
		var kind stock.NodeKind
		switch x := r.IntN(10); {
		case x < 3:
			kind = stock.Warehouse
		case x < 8:
			kind = stock.Store
		default:
			kind = stock.Supplier
		}
		prefix := map[stock.NodeKind]string{stock.Warehouse: "wa", stock.Store: "st", stock.Supplier: "su"}[kind]
		lat, lng := 43+r.Float64()*7.5, -1.5+r.Float64()*9
		country := "FR"
		switch {
		case chance(0.1): // around France
			lat, lng = 40+r.Float64()*13, -6+r.Float64()*18
			country = []string{"ES", "BE", "DE", "IT", "GB"}[r.IntN(5)]
		case chance(0.12):
			country = "BE"
		}
		n := stock.Node{
			ID:           stock.NodeID(fmt.Sprintf("%s-%d", prefix, i)),
			Kind:         kind,
			Location:     geo.MustLatLng(lat, lng),
			Country:      country,
			Ships:        chance(0.9),
			Priority:     r.IntN(4),
			HandlingCost: money(500),
			PickCost:     money(60),
			PrepDays:     sourcing.Days(r.IntN(3)),
		}
		if kind == stock.Store {
			n.Pickup = chance(0.5)
			n.Reserve = chance(0.5)
		}
		if chance(0.5) {
			n.Capacity = sourcing.Qty(1 + r.IntN(10))
			n.Committed = sourcing.Qty(r.IntN(int(n.Capacity)))
			if chance(0.15) {
				n.Committed = n.Capacity + sourcing.Qty(r.IntN(2)) // exhausted, or over
			}
		} else if chance(0.2) {
			n.Committed = sourcing.Qty(r.IntN(6)) // no capacity: no workload term
		}
		in.nodes = append(in.nodes, n)
	}

	// Order: mode and destination first, so that filters and zones can be
	// drawn on the distances that matter.
	order := orchestrate.Order{
		ID:          fmt.Sprintf("o%d", seed),
		Channel:     "web",
		Mode:        rules.Home,
		Destination: geo.MustLatLng(43+r.Float64()*7.5, -1.5+r.Float64()*9),
		Country:     "FR",
		Tier:        "gold",
		PlacedAt:    time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC),
	}
	if chance(0.5) {
		order.PromiseDays = sourcing.Days(1 + r.IntN(4))
	}
	dest := order.Destination
	switch x := r.IntN(100); {
	case x < 20:
		var pickups []stock.Node
		for _, n := range in.nodes {
			if n.Pickup {
				pickups = append(pickups, n)
			}
		}
		if len(pickups) > 0 {
			p := pickups[r.IntN(len(pickups))]
			order.Mode, order.PickupNode, dest = rules.Collect, p.ID, p.Location
		}
	case x < 35:
		order.Mode = rules.Reserve
	}
	dists := make([]geo.Distance, nNodes)
	for i, n := range in.nodes {
		dists[i] = n.Location.Distance(dest)
	}
	someDist := func() geo.Distance { return dists[r.IntN(nNodes)] }

	// Rule set: the profile that applies exercises every weight and filter
	// (each often zero, so that ties and free terms occur too).
	weights := func() rules.Weights {
		var w rules.Weights
		if chance(0.6) {
			w.Split = money(600)
		}
		if chance(0.8) {
			w.PerKm = rate(2_000_000)
		}
		if chance(0.5) {
			w.PerUnitKm = rate(500_000)
		}
		if chance(0.5) {
			w.Priority = money(100)
		}
		if chance(0.5) {
			w.LowStock = money(200)
			w.LowStockBelow = sourcing.Qty(r.IntN(4))
		}
		switch {
		case chance(0.2):
			w.Workload = sourcing.Money(1 + r.IntN(3)) // halves to round
		case chance(0.4):
			w.Workload = money(300)
		}
		if chance(0.5) {
			w.LatePerDay = money(1500)
		}
		if chance(0.4) {
			w.CO2PerKg = rate(200_000_000)
		}
		if chance(0.15) {
			w.Backorder = money(600) // backordering competes
		} else {
			w.Backorder = 2_000 + money(28_000)
		}
		return w
	}
	var f rules.Filters
	switch x := r.IntN(10); {
	case x < 2:
		f.Kinds = []stock.NodeKind{stock.Warehouse, stock.Store, stock.Supplier}
	case x < 4:
		for _, k := range stock.Kinds {
			if chance(0.6) {
				f.Kinds = append(f.Kinds, k)
			}
		}
		if len(f.Kinds) == 0 {
			f.Kinds = []stock.NodeKind{stock.Store}
		}
	}
	switch x := r.IntN(10); {
	case x < 2:
		f.Countries = []string{"FR"}
	case x < 3:
		f.Countries = []string{"FR", "BE"}
	}
	if chance(0.25) {
		if chance(0.3) {
			f.MaxDistance = someDist() // exactly at a node's distance
		} else {
			f.MaxDistance = exhKm(250+r.Int64N(750), r.Int64N(1_000_000))
		}
	}
	if chance(0.5) {
		f.MaxShipments = 1 + r.IntN(3)
	}
	f.WholeLines = chance(0.3)
	f.ShipComplete = chance(0.25)
	if chance(0.5) {
		f.Keep = map[stock.NodeKind]sourcing.Qty{stock.Store: sourcing.Qty(r.IntN(3))}
		if chance(0.3) {
			f.Keep[stock.Warehouse] = sourcing.Qty(r.IntN(2))
		}
		if chance(0.3) {
			f.Keep[stock.Supplier] = sourcing.Qty(r.IntN(2))
		}
	}
	if chance(0.7) {
		f.ForbidTags = map[stock.NodeKind][]string{}
		if chance(0.7) {
			f.ForbidTags[stock.Store] = []string{"hazmat"}
		}
		if chance(0.3) {
			f.ForbidTags[stock.Supplier] = []string{"oversize"}
		}
		if chance(0.15) {
			f.ForbidTags[stock.Warehouse] = []string{"hazmat", "oversize"}
		}
	}
	in.spec.Version = fmt.Sprintf("exh-%d", seed)
	in.spec.Currency = "EUR"
	if chance(0.3) {
		// A profile before the one that applies, whose condition fails.
		in.spec.Profiles = append(in.spec.Profiles, rules.ProfileSpec{
			Name: "platinum", When: rules.Condition{Tiers: []string{"platinum"}},
			Weights: weights(), Filters: rules.Filters{Kinds: []stock.NodeKind{stock.Supplier}},
		})
	}
	w := weights()
	in.spec.Profiles = append(in.spec.Profiles, rules.ProfileSpec{Name: "default", Weights: w, Filters: f})

	// Carrier services.
	nServices := 1 + r.IntN(3)
	for i := range nServices {
		id := carrier.ServiceID{Carrier: fmt.Sprintf("car%d", i), Service: "std"}
		if i > 0 && chance(0.3) {
			id = carrier.ServiceID{Carrier: "car0", Service: []string{"eco", "express"}[i-1]}
		}
		if i > 0 && chance(0.25) {
			// The service before under another ID: they tie, and the ID
			// decides. Or one day slower and cheaper by a day's lateness:
			// they tie on price + lateness when both are late, and the
			// lower price decides.
			prev := in.spec.Carriers[i-1]
			cs := carrier.Spec{ID: id, MaxParcel: prev.MaxParcel, CO2PerTonneKm: prev.CO2PerTonneKm}
			slower := chance(0.5)
			for _, z := range prev.Zones {
				if slower {
					z.Days++
				}
				cs.Zones = append(cs.Zones, z)
			}
			for _, rr := range prev.Rates {
				rr.Prices = slices.Clone(rr.Prices)
				for z := range rr.Prices {
					if slower {
						rr.Prices[z] = max(0, rr.Prices[z]-w.LatePerDay)
					}
				}
				cs.Rates = append(cs.Rates, rr)
			}
			in.spec.Carriers = append(in.spec.Carriers, cs)
			continue
		}
		cs := carrier.Spec{ID: id, MaxParcel: sourcing.Grams(8_000 + r.IntN(22_000))}
		nZones := 2 + r.IntN(2)
		bound := exhKm(50+r.Int64N(200), r.Int64N(1_000_000))
		days := sourcing.Days(1 + r.IntN(2))
		for z := range nZones {
			if z > 0 {
				bound += exhKm(100+r.Int64N(400), r.Int64N(1_000_000))
				days += sourcing.Days(r.IntN(3))
			}
			if z == nZones-1 && chance(0.85) {
				bound = max(bound, exhKm(700+r.Int64N(800), r.Int64N(1_000_000)))
			}
			cs.Zones = append(cs.Zones, carrier.Zone{MaxDistance: bound, Days: days})
		}
		if chance(0.25) {
			// A band ending exactly at a node's distance (or 1 mm short).
			d := someDist() - geo.Distance(r.IntN(2))
			z := r.IntN(nZones)
			if (z == 0 || cs.Zones[z-1].MaxDistance < d) && (z == nZones-1 || d < cs.Zones[z+1].MaxDistance) && d >= 0 {
				cs.Zones[z].MaxDistance = d
			}
		}
		nRows := 2 + r.IntN(2)
		maxG := sourcing.Grams(500 + r.IntN(1500))
		for row := range nRows {
			if row > 0 {
				maxG += sourcing.Grams(1_000 + r.IntN(12_000))
			}
			if row == nRows-1 {
				if chance(0.7) {
					maxG = max(maxG, 30_000)
				} else {
					maxG = max(maxG, cs.MaxParcel/2) // some full parcels cannot be priced
				}
			}
			base := 300 + money(500) + sourcing.Money(400*row)
			if coarse {
				base = sourcing.Money(100 * r.IntN(2))
			}
			rr := carrier.RateRow{MaxWeight: maxG}
			for z := range nZones {
				rr.Prices = append(rr.Prices, base+sourcing.Money(z)*(50+money(200)))
			}
			cs.Rates = append(cs.Rates, rr)
		}
		if chance(0.5) {
			cs.CO2PerTonneKm = sourcing.Rate(r.Int64N(300_000_000))
		}
		in.spec.Carriers = append(in.spec.Carriers, cs)
	}
	minParcel, maxParcel := sourcing.Grams(1<<40), sourcing.Grams(0)
	for _, cs := range in.spec.Carriers {
		minParcel = min(minParcel, cs.MaxParcel)
		maxParcel = max(maxParcel, cs.MaxParcel)
	}

	// Items, one of them often heavier than some service's parcels.
	nItems := 2 + r.IntN(4)
	heavy := r.IntN(nItems)
	if chance(0.3) {
		heavy = -1
	}
	for i := range nItems {
		it := stock.Item{SKU: stock.SKU(fmt.Sprintf("SKU-%c", 'A'+i)), Weight: sourcing.Grams(50 + r.IntN(6_000))}
		if i == heavy {
			it.Weight = minParcel + 1 + sourcing.Grams(r.Int64N(int64(maxParcel-minParcel)+1_000))
		} else if chance(0.1) {
			it.Weight = sourcing.Grams(3_000 + r.IntN(12_000))
		} else if chance(0.05) {
			it.Weight = 0 // a gift card
		}
		if chance(0.2) {
			it.Tags = append(it.Tags, "hazmat")
		}
		if chance(0.1) {
			it.Tags = append(it.Tags, "oversize")
		}
		in.items = append(in.items, it)
	}

	// Order lines: sometimes the same SKU twice.
	nLines := 1 + r.IntN(3)
	for i := range nLines {
		sku := in.items[r.IntN(nItems)].SKU
		if i > 0 && chance(0.2) {
			sku = order.Lines[i-1].SKU
		}
		order.Lines = append(order.Lines, orchestrate.Line{SKU: sku, Qty: sourcing.Qty(1 + r.IntN(3))})
	}
	in.order = order

	// Stock: sparse, with reserved and safety.
	for _, n := range in.nodes {
		for _, it := range in.items {
			if !chance(0.75) {
				continue
			}
			lvl := stock.Level{OnHand: sourcing.Qty(r.IntN(9))}
			if chance(0.25) {
				lvl.Reserved = sourcing.Qty(r.IntN(3))
			}
			if chance(0.25) {
				lvl.Safety = sourcing.Qty(r.IntN(3))
			}
			in.levels = append(in.levels, stock.Record{Node: n.ID, SKU: it.SKU, Level: lvl})
		}
	}
	if order.Mode == rules.Reserve && chance(0.6) {
		// Stock a store that takes reservations with the whole basket, so
		// that reservations are often possible.
		var stores []stock.NodeID
		for _, n := range in.nodes {
			if n.Reserve {
				stores = append(stores, n.ID)
			}
		}
		if len(stores) > 0 {
			id := stores[r.IntN(len(stores))]
			for _, l := range order.Lines {
				i := slices.IndexFunc(in.levels, func(rec stock.Record) bool { return rec.Node == id && rec.SKU == l.SKU })
				if i < 0 {
					in.levels = append(in.levels, stock.Record{Node: id, SKU: l.SKU})
					i = len(in.levels) - 1
				}
				in.levels[i].OnHand += sourcing.Qty(3 + r.IntN(6))
			}
		}
	}
	return in
}

func (in *exhInstance) build() (*stock.Snapshot, *rules.RuleSet, error) {
	snap, err := stock.NewSnapshot("EUR", in.nodes, in.items, in.levels)
	if err != nil {
		return nil, nil, fmt.Errorf("snapshot: %w", err)
	}
	rs, err := rules.New(in.spec)
	if err != nil {
		return nil, nil, fmt.Errorf("rule set: %w", err)
	}
	return snap, rs, nil
}

// describe formats the instance compactly, to reproduce a failure by hand.
func (in *exhInstance) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: go test ./orchestrate/ -run 'TestSolveMatchesExhaustive/seed=%d$' -exhaustive.first %d -exhaustive.n 1\n",
		in.seed, in.seed, in.seed)
	o := in.order
	fmt.Fprintf(&b, "order %s mode=%s dest=%v pickup=%q promise=%d lines=", o.ID, o.Mode, o.Destination, o.PickupNode, o.PromiseDays)
	for _, l := range o.Lines {
		fmt.Fprintf(&b, " %s×%d", l.SKU, l.Qty)
	}
	b.WriteString("\nnodes:\n")
	for _, n := range in.nodes {
		fmt.Fprintf(&b, "  %s %s %v %s ships=%t pickup=%t reserve=%t prio=%d handling=%d pick=%d cap=%d committed=%d prep=%d\n",
			n.ID, n.Kind, n.Location, n.Country, n.Ships, n.Pickup, n.Reserve, n.Priority, int64(n.HandlingCost), int64(n.PickCost), n.Capacity, n.Committed, n.PrepDays)
	}
	b.WriteString("items:")
	for _, it := range in.items {
		fmt.Fprintf(&b, " %s=%dg%v", it.SKU, it.Weight, it.Tags)
	}
	b.WriteString("\nstock (on_hand/reserved/safety):")
	for _, l := range in.levels {
		fmt.Fprintf(&b, " %s/%s=%d/%d/%d", l.Node, l.SKU, l.OnHand, l.Reserved, l.Safety)
	}
	b.WriteString("\ncarriers:\n")
	for _, c := range in.spec.Carriers {
		fmt.Fprintf(&b, "  %v max_parcel=%d co2=%v zones=", c.ID, c.MaxParcel, c.CO2PerTonneKm)
		for _, z := range c.Zones {
			fmt.Fprintf(&b, "[%dmm %dd]", z.MaxDistance, z.Days)
		}
		b.WriteString(" rates=")
		for _, rr := range c.Rates {
			fmt.Fprintf(&b, "[≤%dg %d]", rr.MaxWeight, rr.Prices)
		}
		b.WriteString("\n")
	}
	for _, p := range in.spec.Profiles {
		w, f := p.Weights, p.Filters
		fmt.Fprintf(&b, "profile %s when.tiers=%v\n  weights: split=%d per_km=%v per_unit_km=%v priority=%d low_stock=%d below=%d workload=%d late=%d co2=%v backorder=%d\n",
			p.Name, p.When.Tiers, int64(w.Split), w.PerKm, w.PerUnitKm, int64(w.Priority), int64(w.LowStock), w.LowStockBelow, int64(w.Workload), int64(w.LatePerDay), w.CO2PerKg, int64(w.Backorder))
		fmt.Fprintf(&b, "  filters: kinds=%v countries=%v max=%dmm max_shipments=%d whole_lines=%t ship_complete=%t keep=%v forbid=%v\n",
			f.Kinds, f.Countries, f.MaxDistance, f.MaxShipments, f.WholeLines, f.ShipComplete, f.Keep, f.ForbidTags)
	}
	return b.String()
}

// exhTally counts what the property test covered.
type exhTally struct {
	checked, infeasible, home, collect, reserve int
	backorderOnly, multiShip, plans             int
}

// TestSolveMatchesExhaustive compares Solve with an exhaustive enumeration
// of the plans of small random instances (enumerate_test.go), written from
// the contract alone. For each instance, Solve with K=3 (and, on a quarter
// of them, with K=MaxK) must:
//
//   - fail with ErrInfeasible exactly when no plan is feasible;
//   - report Optimal;
//   - return the enumerator's ranking: plan i costs what the cheapest plan
//     on the i-th node set costs, on that node set (ranked by cost, fewer
//     shipments, node IDs; the empty set when backorders are allowed);
//   - return plans that, re-priced by the enumerator on exactly their
//     shipments, cost what Solve says, term by term, per plan and per
//     shipment, with the same carrier service, parcels, distance and ETA;
//   - return feasible plans: stock after display stock, capacity, every
//     filter, shipped + backordered = ordered.
//
// A failure prints the seed, a command to rerun it alone and the instance.
func TestSolveMatchesExhaustive(t *testing.T) {
	n := exhInstances()
	var tally exhTally
	start := time.Now()
	for seed := *exhFlagFirst; seed < *exhFlagFirst+uint64(n); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			exhCheckInstance(t, exhGenerate(seed), &tally)
		})
	}
	t.Logf("%d instances checked in %v (race detector: %t): %d infeasible; modes home %d, collect %d, reserve %d; %d plans compared, %d with 2+ shipments, %d best plans backorder everything",
		tally.checked, time.Since(start).Round(time.Millisecond), raceEnabled, tally.infeasible,
		tally.home, tally.collect, tally.reserve, tally.plans, tally.multiShip, tally.backorderOnly)
}

// exhCheckInstance checks Solve on one instance against the enumerator.
func exhCheckInstance(t *testing.T, in *exhInstance, tally *exhTally) {
	snap, rs, err := in.build()
	require.NoError(t, err, "generator built an invalid instance:\n%s", in.describe())
	enum, err := newExhEnum(in.order, snap, rs)
	require.NoError(t, err, "enumerator:\n%s", in.describe())
	want := enum.plans()

	tally.checked++
	switch in.order.Mode {
	case rules.Home:
		tally.home++
	case rules.Collect:
		tally.collect++
	case rules.Reserve:
		tally.reserve++
	}

	defer func() {
		if t.Failed() {
			var b strings.Builder
			b.WriteString(in.describe())
			fmt.Fprintf(&b, "enumerator (%d node sets feasible), best first:\n", len(want))
			for i, p := range want[:min(len(want), 5)] {
				fmt.Fprintf(&b, "  %d. %s\n", i+1, enum.describePlan(p))
			}
			t.Log(b.String())
		}
	}()

	exhCheckSolve(t, in, snap, rs, enum, want, 3, tally)
	if in.seed%4 == 0 {
		// The whole ranking too, on a quarter of the instances.
		exhCheckSolve(t, in, snap, rs, enum, want, orchestrate.MaxK, nil)
	}
}

// exhCheckSolve solves in's order for k plans and checks the result against
// the enumerator's ranking want. tally, if not nil, counts what was seen.
func exhCheckSolve(t *testing.T, in *exhInstance, snap *stock.Snapshot, rs *rules.RuleSet, enum *exhEnum, want []exhPlan, k int, tally *exhTally) {
	t.Helper()
	if tally == nil {
		tally = &exhTally{}
	}
	res, err := orchestrate.Solve(context.Background(), in.order, snap, rs, orchestrate.Options{K: k})
	if len(want) == 0 {
		tally.infeasible++
		if !errors.Is(err, orchestrate.ErrInfeasible) {
			t.Errorf("Solve K=%d: got error %v and %d plans, want ErrInfeasible (no feasible plan)", k, err, exhPlanCount(res))
			if res != nil {
				for _, p := range res.Plans {
					t.Logf("Solve returned %s", describeSolvePlan(p))
					if _, err := enum.reprice(p); err != nil {
						t.Logf("  which breaks the contract: %v", err)
					}
				}
			}
		}
		return
	}
	if err != nil {
		t.Errorf("Solve K=%d: %v; want %d plans, the best %s", k, err, min(k, len(want)), enum.describePlan(want[0]))
		return
	}
	if !res.Optimal {
		t.Errorf("Solve K=%d: Optimal false on a tiny instance", k)
	}
	if res.Profile != enum.profile || res.PolicyVersion != in.spec.Version {
		t.Errorf("Solve K=%d: profile %q version %q, want %q %q", k, res.Profile, res.PolicyVersion, enum.profile, in.spec.Version)
	}
	if len(res.Plans) > 0 && res.LowerBound > res.Plans[0].Cost {
		t.Errorf("Solve K=%d: lower bound %d above the optimum %d", k, res.LowerBound, res.Plans[0].Cost)
	}
	if wantN := min(k, len(want)); len(res.Plans) != wantN {
		t.Errorf("Solve K=%d: %d plans, want %d", k, len(res.Plans), wantN)
	}
	if len(want[0].nodes) == 0 {
		tally.backorderOnly++
	}
	for i, p := range res.Plans {
		tally.plans++
		if len(p.Shipments) > 1 {
			tally.multiShip++
		}
		if p.Rank != i+1 {
			t.Errorf("K=%d plan %d: rank %d", k, i+1, p.Rank)
		}
		if i < len(want) {
			w := want[i]
			if int64(p.Cost) != w.cost || !slices.Equal(p.Nodes(), w.nodes) {
				t.Errorf("K=%d plan %d: cost %d on %v, want cost %d on %v\n  got  %s\n  want %s",
					k, i+1, p.Cost, p.Nodes(), w.cost, w.nodes, describeSolvePlan(p), enum.describePlan(w))
			}
		}
		if p.Cost != p.Breakdown.Total() {
			t.Errorf("K=%d plan %d: cost %d ≠ its breakdown's total %d", k, i+1, p.Cost, p.Breakdown.Total())
		}
		bd, err := enum.reprice(p)
		if err != nil {
			t.Errorf("K=%d plan %d breaks the contract: %v\n  %s", k, i+1, err, describeSolvePlan(p))
			continue
		}
		if bd != p.Breakdown {
			t.Errorf("K=%d plan %d: breakdown %s, repriced %s\n  %s", k, i+1, exhTerms(p.Breakdown), exhTerms(bd), describeSolvePlan(p))
		}
	}
}

func exhPlanCount(res *orchestrate.Result) int {
	if res == nil {
		return 0
	}
	return len(res.Plans)
}

// TestExhaustiveEnumeratorScenarios checks the enumerator's reading of the
// contract on the worked examples, whose expected costs an independent
// solver computed, and Solve on the same examples.
func TestExhaustiveEnumeratorScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "scenarios", "example-*.expected.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, expFile := range files {
		scFile := strings.TrimSuffix(expFile, ".expected.json") + ".json"
		t.Run(filepath.Base(scFile), func(t *testing.T) {
			data, err := os.ReadFile(scFile)
			require.NoError(t, err)
			sc, err := simulate.Parse(data)
			require.NoError(t, err)
			raw, err := os.ReadFile(expFile)
			require.NoError(t, err)
			var exp struct {
				Orders []struct {
					Order     string  `json:"order"`
					Mode      string  `json:"mode"`
					Profile   string  `json:"profile"`
					PlanCosts []int64 `json:"plan_costs"`
					Error     bool    `json:"error"`
				} `json:"orders"`
			}
			require.NoError(t, json.Unmarshal(raw, &exp))
			require.Len(t, exp.Orders, len(sc.Orders))
			for i, o := range sc.Orders {
				e := exp.Orders[i]
				require.Equal(t, e.Order, o.ID)
				enum, err := newExhEnum(o, sc.Snapshot, sc.Rules)
				require.NoError(t, err)
				require.Equal(t, e.Profile, enum.profile, "order %s: profile", o.ID)
				var got []int64
				for _, p := range enum.plans()[:min(3, len(enum.plans()))] {
					got = append(got, p.cost)
				}
				if e.Error {
					require.Empty(t, got, "order %s: enumerator finds plans, expected an error", o.ID)
				} else {
					require.Equal(t, e.PlanCosts, got, "order %s: enumerator's plan costs", o.ID)
				}

				res, err := orchestrate.Solve(context.Background(), o, sc.Snapshot, sc.Rules, orchestrate.Options{K: 3})
				if e.Error {
					require.ErrorIs(t, err, orchestrate.ErrInfeasible, "order %s", o.ID)
					continue
				}
				require.NoError(t, err, "order %s", o.ID)
				var solved []int64
				for _, p := range res.Plans {
					solved = append(solved, int64(p.Cost))
				}
				require.Equal(t, e.PlanCosts, solved, "order %s: Solve's plan costs", o.ID)
			}
		})
	}
}
