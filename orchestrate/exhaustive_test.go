package orchestrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
// go test ./orchestrate/ -run TestSolveMatchesExhaustive -exhaustive.n 200000 -exhaustive.first 1000001.
var (
	exhFlagN     = flag.Int("exhaustive.n", 0, "instances TestSolveMatchesExhaustive checks (0 = default)")
	exhFlagFirst = flag.Uint64("exhaustive.first", 1, "first seed TestSolveMatchesExhaustive checks")
)

// exhInstances is how many seeded instances TestSolveMatchesExhaustive
// checks: 100,000 in a long run (SOURCING_LONG=1, as CI runs), 5,000 by
// default, fewer under the race detector (about six times slower) and with
// -short.
func exhInstances() int {
	n := 5_000
	if longRun() {
		n = 100_000
	}
	switch {
	case *exhFlagN > 0:
		return *exhFlagN
	case testing.Short():
		return 1_000
	case raceEnabled:
		return n / 20
	default:
		return n
	}
}

// exhInstance is one small random world, one order and the options of its
// solve.
type exhInstance struct {
	seed   uint64
	nodes  []stock.Node
	items  []stock.Item
	levels []stock.Record
	spec   rules.Spec
	order  orchestrate.Order
	opts   orchestrate.Options // K aside
}

// exhKm returns km kilometres plus mm millimetres.
func exhKm(km, mm int64) geo.Distance { return geo.Distance(km)*geo.Kilometre + geo.Distance(mm) }

// exhDate returns the civil date of t in its own location.
func exhDate(t time.Time) stock.Date {
	return stock.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// exhZones are the time zones of the generated calendars and order times.
var exhZones = []*time.Location{
	time.UTC,
	time.FixedZone("CET", 3600),
	time.FixedZone("EET", 2*3600),
	time.FixedZone("UTC-5", -5*3600),
	time.FixedZone("UTC+9", 9*3600),
	time.FixedZone("UTC+13", 13*3600),
}

// exhGenerate builds the instance of seed: at most 6 nodes, 5 items, 4
// carrier services and 4 order lines of at most 3 units, in and around
// France, exercising every documented weight and filter, carrier
// restrictions and surcharges, calendars and cut-offs, ship-together
// groups, on-time rules and fallbacks, endless-aisle origins and the
// options of a solve. One instance in ten is "coarse": amounts are 0 or 100
// and rates 0, so that plans, node sets and carrier services tie and the
// tie-breaks decide.
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

	// The order's time first, so that holidays fall near it: between
	// Friday 18 December 2026 and Sunday 3 January 2027, at any hour; none
	// at all for some orders.
	var placedAt time.Time
	if !chance(0.12) {
		placedAt = time.Date(2026, 12, 18+r.IntN(17), r.IntN(24), []int{0, 0, 30, 59}[r.IntN(4)], 0, 0, time.UTC)
		if chance(0.2) {
			placedAt = placedAt.In(exhZones[1+r.IntN(len(exhZones)-1)])
		}
	}
	// Calendars, on some instances.
	var calendars []*stock.Calendar
	if chance(0.4) {
		for i := range 1 + r.IntN(2) {
			cs := stock.CalendarSpec{ID: fmt.Sprintf("cal%d", i), Location: exhZones[r.IntN(len(exhZones))]}
			switch x := r.IntN(20); {
			case x < 10: // Monday to Friday
			case x < 15:
				cs.Workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
			case x < 17:
				cs.Workdays = []time.Weekday{time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
			default:
				cs.Workdays = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
			}
			base := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
			if !placedAt.IsZero() {
				base = time.Date(placedAt.Year(), placedAt.Month(), placedAt.Day(), 0, 0, 0, 0, time.UTC)
			}
			for range r.IntN(3) {
				var d time.Time
				if chance(0.5) {
					d = time.Date(2026, 12, []int{24, 25, 26, 31, 32}[r.IntN(5)], 0, 0, 0, 0, time.UTC)
				} else {
					d = base.AddDate(0, 0, r.IntN(5)-1)
				}
				cs.Holidays = append(cs.Holidays, exhDate(d))
			}
			cal, err := stock.NewCalendar(cs)
			if err != nil {
				panic(err)
			}
			calendars = append(calendars, cal)
		}
	}

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
		if len(calendars) > 0 && chance(0.65) {
			n.Calendar = calendars[r.IntN(len(calendars))]
			n.Cutoff = time.Duration(1+r.IntN(24)) * time.Hour
			if chance(0.3) {
				n.Cutoff -= 30 * time.Minute
			}
		}
		in.nodes = append(in.nodes, n)
	}
	nodeID := func() stock.NodeID { return in.nodes[r.IntN(nNodes)].ID }
	someNodes := func(most int) []stock.NodeID {
		ids := []stock.NodeID{nodeID()}
		for len(ids) < most && chance(0.3) {
			if id := nodeID(); !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return ids
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
		PlacedAt:    placedAt,
	}
	if chance(0.06) {
		order.Country = "BE"
	}
	if chance(0.55) {
		order.PromiseDays = sourcing.Days(1 + r.IntN(5))
	}
	dest := order.Destination
	switch x := r.IntN(100); {
	case x < 25:
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
	case x < 40:
		order.Mode = rules.Reserve
	}
	if chance(0.25) {
		// Endless aisle: taken in a store, often the pickup store.
		order.Channel = "store"
		var stores []stock.NodeID
		for _, n := range in.nodes {
			if n.Kind == stock.Store {
				stores = append(stores, n.ID)
			}
		}
		switch {
		case order.Mode == rules.Collect && chance(0.5):
			order.OriginNode = order.PickupNode
		case len(stores) > 0:
			order.OriginNode = stores[r.IntN(len(stores))]
		default:
			order.OriginNode = nodeID()
		}
	}
	dists := make([]geo.Distance, nNodes)
	for i, n := range in.nodes {
		dists[i] = n.Location.Distance(dest)
	}
	someDist := func() geo.Distance { return dists[r.IntN(nNodes)] }

	// Items, then the order's lines: sometimes the same SKU twice.
	nItems := 2 + r.IntN(4)
	for i := range nItems {
		it := stock.Item{SKU: stock.SKU(fmt.Sprintf("SKU-%c", 'A'+i)), Weight: sourcing.Grams(50 + r.IntN(6_000))}
		if chance(0.1) {
			it.Weight = sourcing.Grams(3_000 + r.IntN(12_000))
		} else if chance(0.05) {
			it.Weight = 0 // a gift card
		}
		switch {
		case chance(0.5):
			it.Volume = sourcing.CubicCm(100 + r.IntN(40_000))
		case chance(0.15):
			it.Volume = sourcing.CubicCm(40_000 + r.IntN(160_000)) // bulky
		}
		if chance(0.2) {
			it.Tags = append(it.Tags, "hazmat")
		}
		if chance(0.1) {
			it.Tags = append(it.Tags, "oversize")
		}
		in.items = append(in.items, it)
	}
	nLines, maxQty := 1+r.IntN(3), 3
	if chance(0.1) {
		nLines, maxQty = 4, 2
	}
	for i := range nLines {
		sku := in.items[r.IntN(nItems)].SKU
		if i > 0 && chance(0.15) {
			sku = order.Lines[i-1].SKU
		}
		order.Lines = append(order.Lines, orchestrate.Line{SKU: sku, Qty: sourcing.Qty(1 + r.IntN(maxQty))})
	}
	if nLines >= 2 && chance(0.2) {
		// The customer's own ship-together group, sometimes two.
		perm := r.Perm(nLines)
		size := 2 + r.IntN(nLines-1)
		order.ShipTogether = [][]int{perm[:size]}
		if nLines-size >= 2 && chance(0.5) {
			order.ShipTogether = append(order.ShipTogether, perm[size:])
		}
	}
	var orderSKUs []stock.SKU
	for _, l := range order.Lines {
		if !slices.Contains(orderSKUs, l.SKU) {
			orderSKUs = append(orderSKUs, l.SKU)
		}
	}

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
	filters := func() rules.Filters {
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
		if chance(0.15) {
			f.ExcludeNodes = someNodes(2)
			if chance(0.1) {
				f.ExcludeNodes = append(f.ExcludeNodes, "zz-closed") // not in this network
			}
		}
		if chance(0.25) {
			// A kit: two or three SKUs, mostly the order's, so that the
			// group binds (two lines or more of it) on many orders.
			var pool []stock.SKU
			for _, it := range in.items {
				pool = append(pool, it.SKU)
			}
			if len(orderSKUs) >= 2 && chance(0.7) {
				pool = slices.Clone(orderSKUs)
			}
			r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
			size := min(len(pool), 2+r.IntN(2))
			f.ShipTogether = [][]stock.SKU{pool[:size]}
			if len(pool)-size >= 2 && chance(0.4) {
				f.ShipTogether = append(f.ShipTogether, pool[size:size+2])
			}
		}
		if chance(0.25) {
			f.OnTime = true
			if chance(0.5) {
				f.ToleranceDays = sourcing.Days(1 + r.IntN(2))
			}
		}
		switch {
		case order.OriginNode != "" && chance(0.7):
			f.OriginStock = []string{rules.OriginExclude, rules.OriginPrefer}[r.IntN(2)]
		case chance(0.05):
			f.OriginStock = rules.OriginPrefer // no origin: changes nothing
		}
		return f
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
	def := rules.ProfileSpec{Name: "default", Weights: w, Filters: filters()}
	if order.Mode != rules.Reserve && chance(0.18) {
		// A fallback chain: widen the on-time tolerance, then hand over to
		// a profile no order matches by itself, which may widen too.
		if chance(0.8) {
			def.Filters.OnTime = true
		}
		if order.PromiseDays == 0 && chance(0.8) {
			order.PromiseDays = sourcing.Days(1 + r.IntN(3))
		}
		for _, d := range []sourcing.Days{1, 2, 3, 5} {
			if chance(0.4) {
				def.Fallback.WidenDays = append(def.Fallback.WidenDays, d)
			}
		}
		if len(def.Fallback.WidenDays) == 0 || chance(0.5) {
			def.Fallback.Profile = "relaxed"
			relaxed := rules.ProfileSpec{Name: "relaxed", When: rules.Condition{Tiers: []string{"never"}}, Weights: weights(), Filters: filters()}
			if chance(0.3) {
				relaxed.Fallback.WidenDays = []sourcing.Days{sourcing.Days(1 + r.IntN(3))}
			}
			if chance(0.2) {
				relaxed.Fallback.Profile = "last"
				in.spec.Profiles = append(in.spec.Profiles, rules.ProfileSpec{
					Name: "last", When: rules.Condition{Tiers: []string{"never"}}, Weights: weights(),
				})
			}
			in.spec.Profiles = append(in.spec.Profiles, relaxed)
		}
	}
	in.spec.Profiles = append(in.spec.Profiles, def)

	// Carrier services, with every restriction and surcharge of the model.
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
			cs := prev
			cs.ID = id
			cs.Zones, cs.Rates = nil, nil
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
		exhZonesAndRates(&cs, r, coarse, money, someDist)
		if chance(0.5) {
			cs.CO2PerTonneKm = sourcing.Rate(r.Int64N(300_000_000))
		}
		if chance(0.35) {
			cs.VolumetricDivisor = []int64{4000, 5000, 6000, int64(2000 + r.IntN(7000))}[r.IntN(4)]
		}
		if chance(0.2) {
			cs.MaxParcelVolume = sourcing.CubicCm(10_000 + r.IntN(150_000))
		}
		if chance(0.25) {
			cs.ParcelSurcharge = money(300)
		}
		if chance(0.3) {
			cs.FuelSurcharge = sourcing.Rate(r.Int64N(30 * sourcing.RateScale)) // up to 30 %, six decimals
		}
		if chance(0.12) {
			for _, k := range []string{"warehouse", "store", "supplier"} {
				if chance(0.5) {
					cs.FromKinds = append(cs.FromKinds, k)
				}
			}
			if len(cs.FromKinds) == 0 {
				cs.FromKinds = []string{"warehouse"}
			}
		}
		switch x := r.IntN(20); {
		case x < 5:
			cs.To = []string{carrier.ToHome}
		case x < 7:
			cs.To = []string{carrier.ToStore}
		case x < 8:
			cs.To = []string{carrier.ToStore, carrier.ToHome}
		}
		switch x := r.IntN(20); {
		case x < 2:
			cs.Countries = []string{"FR"}
		case x < 3:
			cs.Countries = []string{"BE", "FR"}
		}
		in.spec.Carriers = append(in.spec.Carriers, cs)
	}
	if chance(map[rules.Mode]float64{rules.Collect: 0.6}[order.Mode] + 0.15) {
		// A replenishment truck: transfers to stores only, cheap.
		cs := carrier.Spec{ID: carrier.ServiceID{Carrier: "truck", Service: "transfer"}, MaxParcel: sourcing.Grams(20_000 + r.IntN(30_000)),
			To: []string{carrier.ToStore}}
		switch x := r.IntN(4); {
		case x < 2:
			cs.FromKinds = []string{"warehouse"}
		case x < 3:
			cs.FromKinds = []string{"warehouse", "store"}
		}
		exhZonesAndRates(&cs, r, coarse, money, someDist)
		in.spec.Carriers = append(in.spec.Carriers, cs)
	}
	// One item often heavier than some service's parcels.
	minParcel, maxParcel := sourcing.Grams(1<<40), sourcing.Grams(0)
	for _, cs := range in.spec.Carriers {
		minParcel = min(minParcel, cs.MaxParcel)
		maxParcel = max(maxParcel, cs.MaxParcel)
	}
	if chance(0.7) {
		it := &in.items[r.IntN(nItems)]
		it.Weight = minParcel + 1 + sourcing.Grams(r.Int64N(int64(maxParcel-minParcel)+1_000))
	}
	in.order = order

	// Stock: sparse, with reserved and safety.
	for _, n := range in.nodes {
		for _, it := range in.items {
			if !chance(0.8) {
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

	// Options of the solve.
	if chance(0.1) {
		in.opts.Require = someNodes(2)
	}
	if chance(0.12) {
		in.opts.Exclude = someNodes(2)
	}
	if chance(0.1) {
		for _, cs := range in.spec.Carriers {
			if chance(0.5) {
				in.opts.Services = append(in.opts.Services, cs.ID)
			}
		}
		if len(in.opts.Services) == 0 {
			in.opts.Services = []carrier.ServiceID{in.spec.Carriers[0].ID}
		}
	}
	if order.Mode != rules.Reserve && chance(0.12) {
		in.opts.ExistingShipments = 1 + r.IntN(2)
		if m := def.Filters.MaxShipments; m > 0 {
			in.opts.ExistingShipments = min(in.opts.ExistingShipments, m)
		}
	}
	return in
}

// exhZonesAndRates draws a service's distance bands and weight-break grid.
func exhZonesAndRates(cs *carrier.Spec, r *rand.Rand, coarse bool, money func(int) sourcing.Money, someDist func() geo.Distance) {
	chance := func(p float64) bool { return r.Float64() < p }
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
	fmt.Fprintf(&b, "order %s mode=%s dest=%v country=%s pickup=%q origin=%q promise=%d placed_at=%s ship_together=%v lines=",
		o.ID, o.Mode, o.Destination, o.Country, o.PickupNode, o.OriginNode, o.PromiseDays, exhTime(o.PlacedAt), o.ShipTogether)
	for _, l := range o.Lines {
		fmt.Fprintf(&b, " %s×%d", l.SKU, l.Qty)
	}
	fmt.Fprintf(&b, "\noptions: require=%v exclude=%v services=%v existing=%d\nnodes:\n",
		in.opts.Require, in.opts.Exclude, in.opts.Services, in.opts.ExistingShipments)
	for _, n := range in.nodes {
		fmt.Fprintf(&b, "  %s %s %v %s ships=%t pickup=%t reserve=%t prio=%d handling=%d pick=%d cap=%d committed=%d prep=%d",
			n.ID, n.Kind, n.Location, n.Country, n.Ships, n.Pickup, n.Reserve, n.Priority, int64(n.HandlingCost), int64(n.PickCost), n.Capacity, n.Committed, n.PrepDays)
		if n.Calendar != nil {
			cs := n.Calendar.Spec()
			fmt.Fprintf(&b, " calendar=%s(%s workdays=%v holidays=%v) cutoff=%v", cs.ID, cs.Location, cs.Workdays, cs.Holidays, n.Cutoff)
		}
		b.WriteString("\n")
	}
	b.WriteString("items:")
	for _, it := range in.items {
		fmt.Fprintf(&b, " %s=%dg/%dcm³%v", it.SKU, it.Weight, it.Volume, it.Tags)
	}
	b.WriteString("\nstock (on_hand/reserved/safety):")
	for _, l := range in.levels {
		fmt.Fprintf(&b, " %s/%s=%d/%d/%d", l.Node, l.SKU, l.OnHand, l.Reserved, l.Safety)
	}
	b.WriteString("\ncarriers:\n")
	for _, c := range in.spec.Carriers {
		fmt.Fprintf(&b, "  %v max_parcel=%d max_cm3=%d divisor=%d surcharge=%d fuel=%v from=%v to=%v countries=%v co2=%v zones=",
			c.ID, c.MaxParcel, c.MaxParcelVolume, c.VolumetricDivisor, int64(c.ParcelSurcharge), c.FuelSurcharge, c.FromKinds, c.To, c.Countries, c.CO2PerTonneKm)
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
		fmt.Fprintf(&b, "profile %s when.tiers=%v fallback=%v→%q\n  weights: split=%d per_km=%v per_unit_km=%v priority=%d low_stock=%d below=%d workload=%d late=%d co2=%v backorder=%d\n",
			p.Name, p.When.Tiers, p.Fallback.WidenDays, p.Fallback.Profile, int64(w.Split), w.PerKm, w.PerUnitKm, int64(w.Priority), int64(w.LowStock), w.LowStockBelow, int64(w.Workload), int64(w.LatePerDay), w.CO2PerKg, int64(w.Backorder))
		fmt.Fprintf(&b, "  filters: kinds=%v countries=%v max=%dmm max_shipments=%d whole_lines=%t ship_complete=%t keep=%v forbid=%v exclude=%v together=%v on_time=%t+%d origin=%q\n",
			f.Kinds, f.Countries, f.MaxDistance, f.MaxShipments, f.WholeLines, f.ShipComplete, f.Keep, f.ForbidTags, f.ExcludeNodes, f.ShipTogether, f.OnTime, f.ToleranceDays, f.OriginStock)
	}
	return b.String()
}

func exhTime(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return t.Format("Mon 2006-01-02T15:04Z07:00")
}

// exhTally counts what the property test covered, by name.
type exhTally map[string]int

func (ty exhTally) add(name string, ok bool) {
	if ok {
		ty[name]++
	}
}

func (ty exhTally) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(ty)) {
		fmt.Fprintf(&b, "\n  %-58s %7d", k, ty[k])
	}
	return b.String()
}

// TestSolveMatchesExhaustive compares Solve with an exhaustive enumeration
// of the plans of small random instances (enumerate_test.go), written from
// the documentation alone. For each instance, Solve with K=3 (and, on a quarter
// of them, with K=MaxK) must:
//
//   - fail with ErrInfeasible exactly when no plan is feasible;
//   - report Optimal;
//   - return the enumerator's ranking: plan i costs what the cheapest plan
//     on the i-th node set costs, on that node set (ranked by cost, fewer
//     shipments, node IDs; the empty set when backorders are allowed);
//   - return plans that, re-priced by the enumerator on exactly their
//     shipments, cost what Solve says, term by term, per plan and per
//     shipment, with the same carrier service, parcels, distance, ETA,
//     pick-up and arrival;
//   - return feasible plans: stock after display stock, capacity, every
//     filter, ship-together groups, on-time rule, required nodes,
//     shipped + backordered = ordered;
//   - list excluded nodes truthfully for the rules of a node by name;
//   - with a fallback, try the attempts of the chain in order, stop at the
//     first that meets the promise, and return that attempt's plans.
//
// On a part of the instances it re-sources: Reallocate after the rejection of
// a node of a plan, whose remainder and plans are checked the same way.
//
// A failure prints the seed, a command to rerun it alone and the instance.
func TestSolveMatchesExhaustive(t *testing.T) {
	n := exhInstances()
	tally := exhTally{}
	start := time.Now()
	for seed := *exhFlagFirst; seed < *exhFlagFirst+uint64(n); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			exhCheckInstance(t, exhGenerate(seed), tally)
		})
	}
	t.Logf("%d instances (seeds %d…) checked in %v (race detector: %t); counts:%s",
		n, *exhFlagFirst, time.Since(start).Round(time.Millisecond), raceEnabled, tally)
}

// exhCase is one solve to check: an order, its world and options.
type exhCase struct {
	order orchestrate.Order
	snap  *stock.Snapshot
	rs    *rules.RuleSet
	opts  orchestrate.Options
}

// exhCheckInstance checks Solve on one instance against the enumerator.
func exhCheckInstance(t *testing.T, in *exhInstance, tally exhTally) {
	snap, rs, err := in.build()
	require.NoError(t, err, "generator built an invalid instance:\n%s", in.describe())
	c := exhCase{order: in.order, snap: snap, rs: rs, opts: in.opts}
	exhTallyInstance(in, snap, rs, tally)
	// The bounds the menus prune by are bounds.
	require.NoError(t, orchestrate.CheckBoundsForTest(in.order, snap, rs, 3), "bounds:\n%s", in.describe())

	var log strings.Builder
	defer func() {
		if t.Failed() {
			t.Log(in.describe() + log.String())
		}
	}()
	res := exhCheckCase(t, c, 3, tally, &log)
	// As a Promise solves it: the holders' lists shared and sorted from a
	// centre 40 km off the destination, the menus stopping early.
	opts := c.opts
	opts.K = 3
	off, err := geo.LatLngFromDegrees(math.Mod(in.order.Destination.Lat()+90.36, 180)-90, in.order.Destination.Lng())
	require.NoError(t, err)
	shared, err := orchestrate.SolveSharedForTest(in.order, snap, rs, opts, off)
	exhCheckResult(t, c, 3, shared, err, nil, &log)
	// With every menu read through the parts that fit each state, as long
	// menus are.
	indexed, err := orchestrate.SolveIndexedForTest(context.Background(), in.order, snap, rs, opts)
	exhCheckResult(t, c, 3, indexed, err, nil, &log)
	if in.seed%4 == 0 {
		// The whole ranking too, on a quarter of the instances.
		exhCheckCase(t, c, orchestrate.MaxK, nil, &log)
	}
	r := rand.New(rand.NewPCG(in.seed, 0x2e_5012ce))
	if res != nil && r.Float64() < 0.35 {
		exhCheckReallocate(t, c, res, r, tally, &log)
	}
}

// exhTallyInstance counts the features an instance exercises.
func exhTallyInstance(in *exhInstance, snap *stock.Snapshot, rs *rules.RuleSet, tally exhTally) {
	o := in.order
	tally["instances"]++
	tally["mode "+o.Mode.String()]++
	tally.add("mode endless aisle (origin_node)", o.OriginNode != "")
	volume := false
	for _, l := range o.Lines {
		it, _ := snap.Item(l.SKU)
		volume = volume || it.Volume > 0
	}
	has := func(name string, ok func(cs carrier.Spec) bool) {
		tally.add("carrier: "+name, slices.ContainsFunc(in.spec.Carriers, ok))
	}
	has("volumetric divisor, order with volumes", func(cs carrier.Spec) bool { return cs.VolumetricDivisor > 0 && volume })
	has("max parcel volume, order with volumes", func(cs carrier.Spec) bool { return cs.MaxParcelVolume > 0 && volume })
	has("parcel surcharge", func(cs carrier.Spec) bool { return cs.ParcelSurcharge > 0 })
	has("fuel surcharge", func(cs carrier.Spec) bool { return cs.FuelSurcharge > 0 })
	has("from_kinds", func(cs carrier.Spec) bool { return len(cs.FromKinds) > 0 })
	has("to home only", func(cs carrier.Spec) bool { return slices.Equal(cs.To, []string{carrier.ToHome}) })
	has("to store only", func(cs carrier.Spec) bool { return slices.Equal(cs.To, []string{carrier.ToStore}) })
	has("to store only, collect order", func(cs carrier.Spec) bool {
		return slices.Equal(cs.To, []string{carrier.ToStore}) && o.Mode == rules.Collect
	})
	has("countries", func(cs carrier.Spec) bool { return len(cs.Countries) > 0 })
	cal := slices.ContainsFunc(in.nodes, func(n stock.Node) bool { return n.Calendar != nil })
	tally.add("calendar: instances with calendar nodes", cal)
	tally.add("calendar: calendar nodes and no placed_at", cal && o.PlacedAt.IsZero())
	prof, err := rs.Match(rules.Facts{Channel: o.Channel, Mode: o.Mode, Country: o.Country, Tier: o.Tier, Tags: o.Tags, Value: o.Value, PlacedAt: o.PlacedAt})
	if err != nil {
		return
	}
	f := prof.Spec().Filters
	tally.add("filter: exclude_nodes", len(f.ExcludeNodes) > 0)
	binds := false
	for _, g := range f.ShipTogether {
		n := 0
		for _, l := range o.Lines {
			if slices.Contains(g, l.SKU) {
				n++
			}
		}
		binds = binds || n >= 2
	}
	tally.add("filter: ship_together (profile group binding)", binds)
	tally.add("filter: ship_together (order groups)", len(o.ShipTogether) > 0)
	tally.add("filter: on_time, order with a promise", f.OnTime && o.PromiseDays > 0)
	tally.add("filter: on_time with tolerance_days > 0", f.OnTime && o.PromiseDays > 0 && f.ToleranceDays > 0)
	tally.add("filter: origin_stock exclude, order with origin", f.OriginStock == rules.OriginExclude && o.OriginNode != "")
	tally.add("filter: origin_stock prefer, order with origin", f.OriginStock == rules.OriginPrefer && o.OriginNode != "")
	tally.add("options: require", len(in.opts.Require) > 0)
	tally.add("options: exclude", len(in.opts.Exclude) > 0)
	tally.add("options: services", len(in.opts.Services) > 0)
	tally.add("options: existing shipments", in.opts.ExistingShipments > 0)
	fb := prof.Fallback()
	tally.add("fallback: instances", len(fb.WidenDays) > 0 || fb.Profile != "")
}

// exhStep is one attempt of a fallback chain: a profile and a tolerance.
type exhStep struct {
	profile   *rules.Profile
	tolerance sourcing.Days
}

// exhChain returns the attempts a profile's fallback chain may make, in
// order: the profile with its own tolerance, then widened by each of
// widen_days, then the same for the profile it hands over to, and so on.
// It returns nil when the profile has no fallback.
func exhChain(rs *rules.RuleSet, prof *rules.Profile) []exhStep {
	fb := prof.Fallback()
	if len(fb.WidenDays) == 0 && fb.Profile == "" {
		return nil
	}
	var steps []exhStep
	for p := prof; p != nil; {
		_, tol := p.OnTime()
		steps = append(steps, exhStep{p, tol})
		fb := p.Fallback()
		for _, d := range fb.WidenDays {
			steps = append(steps, exhStep{p, tol + d})
		}
		if fb.Profile == "" {
			break
		}
		next, ok := rs.Profile(fb.Profile)
		if !ok {
			panic("rule set validated with an unknown fallback profile")
		}
		p = next
	}
	return steps
}

// exhCheckCase solves c for k plans and checks the result against the
// enumerator. It returns the result when it has plans. tally, if not nil,
// counts what was seen.
func exhCheckCase(t *testing.T, c exhCase, k int, tally exhTally, log *strings.Builder) *orchestrate.Result {
	t.Helper()
	opts := c.opts
	opts.K = k
	res, err := orchestrate.Solve(context.Background(), c.order, c.snap, c.rs, opts)
	exhCheckResult(t, c, k, res, err, tally, log)
	if err != nil || res == nil || len(res.Plans) == 0 {
		return nil
	}
	return res
}

// exhCheckResult checks Solve's answer (res, err) to c with k plans,
// following the fallback chain if the profile has one.
func exhCheckResult(t *testing.T, c exhCase, k int, res *orchestrate.Result, err error, tally exhTally, log *strings.Builder) {
	t.Helper()
	if tally == nil {
		tally = exhTally{}
	}
	o := c.order
	prof, perr := c.rs.Match(rules.Facts{Channel: o.Channel, Mode: o.Mode, Country: o.Country, Region: o.Region, Tier: o.Tier,
		Tags: o.Tags, Value: o.Value, PlacedAt: o.PlacedAt})
	require.NoError(t, perr)
	chain := exhChain(c.rs, prof)
	if chain == nil {
		enum, eerr := newExhEnum(o, c.snap, c.rs, exhQuery{opts: c.opts})
		require.NoError(t, eerr)
		want := enum.plans()
		exhLogWant(log, "enumerator", enum, want)
		if res != nil && len(res.Attempts) > 0 {
			t.Errorf("K=%d: %d attempts for a profile without fallback", k, len(res.Attempts))
		}
		exhComparePlansWith(t, c, enum, want, k, res, err, tally)
		return
	}

	// A fallback chain: enumerate each attempt as Solve reaches it.
	type outcome struct {
		enum             *exhEnum
		want             []exhPlan
		canMeet, canMiss bool
	}
	outcomes := make([]*outcome, len(chain))
	at := func(i int) *outcome {
		if outcomes[i] == nil {
			s := chain[i]
			enum, eerr := newExhEnum(o, c.snap, c.rs, exhQuery{profile: s.profile, tolerance: s.tolerance, widened: true, opts: c.opts})
			require.NoError(t, eerr)
			want := enum.plans()
			oc := &outcome{enum: enum, want: want}
			oc.canMeet, oc.canMiss = enum.metOutcomes(want)
			outcomes[i] = oc
			exhLogWant(log, fmt.Sprintf("attempt %d (%s, tolerance %d): met %t/missed %t;", i+1, s.profile.Name(), s.tolerance, oc.canMeet, oc.canMiss), enum, want)
		}
		return outcomes[i]
	}
	if err != nil {
		// Solve gives up when the attempt it ends on has no plan: the last
		// one, every attempt before it having (possibly) missed.
		for i := range chain {
			if oc := at(i); oc.canMeet && !oc.canMiss {
				t.Errorf("K=%d: Solve failed (%v), but attempt %d (%s, tolerance %d) meets the promise", k, err, i+1, chain[i].profile.Name(), chain[i].tolerance)
				return
			}
		}
		last := at(len(chain) - 1)
		exhComparePlansWith(t, c, last.enum, last.want, k, res, err, tally)
		return
	}
	if res == nil {
		t.Errorf("K=%d: no result and no error", k)
		return
	}
	tally["fallback: attempts"] += len(res.Attempts)
	if len(res.Attempts) == 0 || len(res.Attempts) > len(chain) {
		t.Errorf("K=%d: %d attempts, the chain has %d: %+v", k, len(res.Attempts), len(chain), res.Attempts)
		return
	}
	for i, a := range res.Attempts {
		s, oc := chain[i], at(i)
		if a.Profile != s.profile.Name() || a.ToleranceDays != s.tolerance {
			t.Errorf("K=%d attempt %d: profile %q tolerance %d, want %q %d; attempts %+v", k, i+1, a.Profile, a.ToleranceDays, s.profile.Name(), s.tolerance, res.Attempts)
			return
		}
		if a.Met && !oc.canMeet || !a.Met && !oc.canMiss {
			t.Errorf("K=%d attempt %d (%s, tolerance %d): met %t, want %t; attempts %+v", k, i+1, a.Profile, a.ToleranceDays, a.Met, oc.canMeet, res.Attempts)
		}
		if (a.Error != "") != (len(oc.want) == 0) {
			t.Errorf("K=%d attempt %d: error %q, enumerator finds %d plans", k, i+1, a.Error, len(oc.want))
		}
		if a.Met != (i == len(res.Attempts)-1) && a.Met {
			t.Errorf("K=%d attempt %d met the promise, but Solve tried again: %+v", k, i+1, res.Attempts)
		}
	}
	last := len(res.Attempts) - 1
	if !res.Attempts[last].Met && last != len(chain)-1 {
		t.Errorf("K=%d: stopped after attempt %d, which missed the promise, with %d attempts left: %+v", k, last+1, len(chain)-1-last, res.Attempts)
	}
	tally.add("fallback: met at the first attempt", last == 0 && res.Attempts[0].Met)
	tally.add("fallback: met after widening or handing over", last > 0 && res.Attempts[last].Met)
	tally.add("fallback: ended on a handover profile", res.Attempts[last].Profile != chain[0].profile.Name())
	tally.add("fallback: never met", !res.Attempts[last].Met)
	oc := at(last)
	if a := res.Attempts[last]; a.Met && len(res.Plans) > 0 {
		// Met, as Solve's own plan 1 shows: nothing backordered, nothing
		// later than the promise + tolerance.
		p := res.Plans[0]
		late := slices.ContainsFunc(p.Shipments, func(s orchestrate.Shipment) bool { return oc.enum.beyond(s.ETADays) })
		if len(p.Backordered) > 0 || late {
			t.Errorf("K=%d attempt %d says met, but plan 1 backorders %v or ships late: %s", k, last+1, p.Backordered, describeSolvePlan(p))
		}
	}
	exhComparePlansWith(t, c, oc.enum, oc.want, k, res, nil, tally)
}

func exhLogWant(log *strings.Builder, what string, enum *exhEnum, want []exhPlan) {
	fmt.Fprintf(log, "%s profile %s: %d node sets feasible, best first:\n", what, enum.profile, len(want))
	for i, p := range want[:min(len(want), 5)] {
		fmt.Fprintf(log, "  %d. %s\n", i+1, enum.describePlan(p))
	}
}

// exhComparePlansWith checks Solve's answer (res, err) with k plans against
// the enumerator's ranking want.
func exhComparePlansWith(t *testing.T, c exhCase, enum *exhEnum, want []exhPlan, k int, res *orchestrate.Result, err error, tally exhTally) {
	t.Helper()
	if len(want) == 0 {
		tally["infeasible"]++
		if !errors.Is(err, orchestrate.ErrInfeasible) {
			t.Errorf("Solve K=%d: got error %v and %d plans, want ErrInfeasible (no feasible plan)", k, err, exhPlanCount(res))
			if res != nil {
				for _, p := range res.Plans {
					t.Logf("Solve returned %s", describeSolvePlan(p))
					if _, err := enum.reprice(p); err != nil {
						t.Logf("  which the documentation does not allow: %v", err)
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
	if res.Profile != enum.profile || res.PolicyVersion != c.rs.Version() {
		t.Errorf("Solve K=%d: profile %q version %q, want %q %q", k, res.Profile, res.PolicyVersion, enum.profile, c.rs.Version())
	}
	if len(res.Plans) > 0 && res.LowerBound > res.Plans[0].Cost {
		t.Errorf("Solve K=%d: lower bound %d above the optimum %d", k, res.LowerBound, res.Plans[0].Cost)
	}
	if wantN := min(k, len(want)); len(res.Plans) != wantN {
		t.Errorf("Solve K=%d: %d plans, want %d", k, len(res.Plans), wantN)
	}
	if res.Order != c.order.ID || res.Mode != c.order.Mode {
		t.Errorf("Solve K=%d: result for order %q mode %s, want %q %s", k, res.Order, res.Mode, c.order.ID, c.order.Mode)
	}
	tally.add("best plan backorders everything", len(want[0].nodes) == 0)
	tally.add("ship_together blocks in the order", len(enum.blocks) > 0)
	tally.add("ship_together blocks, best plan ships some", len(enum.blocks) > 0 && len(want[0].nodes) > 0)
	exhCheckExcluded(t, c, enum, res, tally)
	for i, p := range res.Plans {
		tally["plans compared"]++
		tally.add("plans with 2+ shipments", len(p.Shipments) > 1)
		for _, s := range p.Shipments {
			n, _ := c.snap.Node(s.Node)
			tally.add("shipments from a calendar node", n.Calendar != nil)
			tally.add("shipments with lateness", s.Breakdown.Lateness > 0)
			if c.order.Mode == rules.Collect {
				tally.add("collect: shipments from the pickup store's shelf", s.Node == c.order.PickupNode)
				tally.add("collect: transfers by a store-only service", s.Carrier == carrier.ServiceID{Carrier: "truck", Service: "transfer"})
			}
			tally.add("shipments from the preferred origin store", c.order.OriginNode == s.Node && enum.f.OriginStock == rules.OriginPrefer)
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
			t.Errorf("K=%d plan %d is not what the documentation allows: %v\n  %s", k, i+1, err, describeSolvePlan(p))
			continue
		}
		if bd != p.Breakdown {
			t.Errorf("K=%d plan %d: breakdown %s, repriced %s\n  %s", k, i+1, exhTerms(p.Breakdown), exhTerms(bd), describeSolvePlan(p))
		}
	}
}

// exhCheckExcluded checks the exclusions of res for the rules that keep a
// whole node out by name or circumstance: each such exclusion is true, and
// each node so kept out that holds a record of the order's SKUs is listed.
func exhCheckExcluded(t *testing.T, c exhCase, enum *exhEnum, res *orchestrate.Result, tally exhTally) {
	t.Helper()
	for i, x := range res.Excluded() {
		if i > 0 && res.Excluded()[i-1].Node > x.Node {
			t.Errorf("exclusions not in node ID order: %s then %s", res.Excluded()[i-1].Node, x.Node)
		}
		if x.SKU != "" {
			continue
		}
		n, ok := c.snap.Node(x.Node)
		var truth bool
		switch x.Reason {
		case orchestrate.ReasonNamed:
			truth = slices.Contains(enum.f.ExcludeNodes, x.Node)
		case orchestrate.ReasonCaller:
			truth = slices.Contains(c.opts.Exclude, x.Node)
		case orchestrate.ReasonOrigin:
			truth = enum.f.OriginStock == rules.OriginExclude && c.order.OriginNode == x.Node
		case orchestrate.ReasonNoClock:
			truth = ok && n.Calendar != nil && c.order.PlacedAt.IsZero()
		default:
			continue
		}
		tally["excluded: listed with a rule-by-name reason, checked"]++
		if !truth {
			t.Errorf("%s excluded with reason %q, which does not hold", x.Node, x.Reason)
		}
	}
	holds := map[stock.NodeID]bool{}
	for _, sku := range enum.skus {
		for id := range c.snap.Holders(sku) {
			holds[id] = true
		}
	}
	for ni, n := range enum.nodes {
		if enum.nodeErr[ni] == nil || !holds[n.ID] {
			continue
		}
		tally["excluded: holders kept out by such a rule, must be listed"]++
		if !slices.ContainsFunc(res.Excluded(), func(x orchestrate.Exclusion) bool { return x.Node == n.ID && x.SKU == "" }) {
			t.Errorf("%s holds the order's SKUs and is kept out (%v), but is not in Excluded: %+v", n.ID, enum.nodeErr[ni], res.Excluded())
		}
	}
}

func exhPlanCount(res *orchestrate.Result) int {
	if res == nil {
		return 0
	}
	return len(res.Plans)
}

// exhCheckReallocate re-sources a plan of res: a node of the plan rejects
// all or part of its shipment (the whole, every line listed, or some units
// of some lines), the host having applied the plan or not (Held), the
// refused units there or gone (StockGone). Reallocate must keep the plan's
// shipments less the refused units; the remainder must be the order less
// the kept shipments, and its plans are checked like any solve's, without
// the rejecting node and counting the kept shipments. Stock is conserved
// through the rejection: at every node and SKU the snapshot Reallocate
// returns holds what the plan's stock held, less exactly the refused units
// (given back when held, written off when gone), and plan 1 of the
// remainder, applied to it, leaves every unit of the order reserved once —
// by a kept shipment or a new one — or backordered: none lost, none
// counted twice.
func exhCheckReallocate(t *testing.T, c exhCase, res *orchestrate.Result, r *rand.Rand, tally exhTally, log *strings.Builder) {
	t.Helper()
	// A plan to re-source: one with several shipments when there is one,
	// so that some stand.
	p := res.Plans[r.IntN(len(res.Plans))]
	if i := slices.IndexFunc(res.Plans, func(p orchestrate.Plan) bool { return len(p.Shipments) > 1 }); i >= 0 && r.Float64() < 0.8 {
		p = res.Plans[i]
	}
	if len(p.Shipments) == 0 {
		return
	}
	ri := r.IntN(len(p.Shipments))
	rejected := p.Shipments[ri]
	rej := orchestrate.Rejection{Node: rejected.Node, Reason: "not found on shelf"}
	switch r.IntN(3) {
	case 1:
		rej.Lines = slices.Clone(rejected.Lines)
	case 2:
		// Some units of some lines; at least one.
		for _, l := range rejected.Lines {
			if r.Float64() < 0.5 {
				rej.Lines = append(rej.Lines, orchestrate.Line{SKU: l.SKU, Qty: 1 + sourcing.Qty(r.Int64N(int64(l.Qty)))})
			}
		}
		if len(rej.Lines) == 0 {
			rej.Lines = []orchestrate.Line{{SKU: rejected.Lines[0].SKU, Qty: 1}}
		}
	}
	rej.StockGone = r.Float64() < 0.5
	rej.Held = r.Float64() < 0.5
	snap := c.snap
	if rej.Held {
		var err error
		snap, err = snap.Apply(p.Allocations())
		require.NoError(t, err, "applying plan %d", p.Rank)
	}
	opts := c.opts
	opts.K = 3
	fmt.Fprintf(log, "re-sourcing plan %d %v: rejection %+v\n", p.Rank, exhNodesOf(p.Shipments), rej)
	shipments := slices.Clone(p.Shipments)
	out, err := orchestrate.Reallocate(context.Background(), c.order, shipments, rej, snap, c.rs, opts)
	tally["reallocate: checked"]++
	tally["mode re-sourcing"]++
	tally.add("reallocate: held", rej.Held)
	if diff := cmp.Diff(p.Shipments, shipments); diff != "" {
		t.Errorf("Reallocate changed the shipments given (-before +after):\n%s", diff)
	}

	// The refused units, per SKU; the shipments that stand.
	refused := map[stock.SKU]sourcing.Qty{}
	refusedLines := rej.Lines
	if len(refusedLines) == 0 {
		refusedLines = rejected.Lines
	}
	for _, l := range refusedLines {
		refused[l.SKU] += l.Qty
	}
	var kept []orchestrate.Shipment
	owed := maps.Clone(refused)
	for i, s := range p.Shipments {
		if i == ri {
			var lines []orchestrate.Line
			for _, l := range s.Lines {
				q := min(l.Qty, owed[l.SKU])
				owed[l.SKU] -= q
				if l.Qty > q {
					lines = append(lines, orchestrate.Line{SKU: l.SKU, Qty: l.Qty - q})
				}
			}
			if len(lines) == 0 {
				continue
			}
			s.Lines = lines
			tally["reallocate: the rejecting node keeps a part"]++
		}
		kept = append(kept, s)
	}
	// What is left, per SKU.
	left := map[stock.SKU]sourcing.Qty{}
	for _, l := range c.order.Lines {
		left[l.SKU] += l.Qty
	}
	for _, s := range kept {
		for _, l := range s.Lines {
			left[l.SKU] -= l.Qty
		}
	}
	next := opts
	next.Exclude = append(slices.Clone(opts.Exclude), rej.Node)
	if c.order.Mode != rules.Reserve {
		next.ExistingShipments += len(kept)
	}
	if err != nil {
		// Solving the remainder failed: it must be infeasible. Which lines
		// of an SKU ordered twice the kept units came from is not
		// specified, nor whether the order's own groups still bind: check
		// only when neither matters.
		require.ErrorIs(t, err, orchestrate.ErrInfeasible, "Reallocate")
		tally["reallocate: infeasible remainder"]++
		rest := c.order
		rest.Lines, rest.ShipTogether = nil, nil
		dup := false
		for i, l := range c.order.Lines {
			if slices.ContainsFunc(c.order.Lines[:i], func(m orchestrate.Line) bool { return m.SKU == l.SKU }) {
				dup = true
				continue
			}
			if left[l.SKU] > 0 {
				rest.Lines = append(rest.Lines, orchestrate.Line{SKU: l.SKU, Qty: left[l.SKU]})
			}
		}
		if dup || len(c.order.ShipTogether) > 0 {
			return
		}
		// The refused units given back or gone, only the rejecting node's
		// stock moved, and it is out.
		exhCheckResult(t, exhCase{order: rest, snap: snap, rs: c.rs, opts: next}, 3, nil, err, tally, log)
		return
	}
	if diff := cmp.Diff(kept, out.Kept); diff != "" {
		t.Errorf("kept shipments mismatch (-want +got):\n%s", diff)
	}
	rem := out.Remainder
	got := map[stock.SKU]sourcing.Qty{}
	for i, l := range rem.Lines {
		if l.Qty <= 0 {
			t.Errorf("remainder line %d: %s × %d", i, l.SKU, l.Qty)
		}
		got[l.SKU] += l.Qty
	}
	for sku, q := range left {
		if got[sku] != q {
			t.Errorf("remainder has %d × %s, want %d (ordered less kept): %v", got[sku], sku, q, rem.Lines)
		}
	}
	same := rem
	same.Lines, same.ShipTogether, same.Tags = c.order.Lines, c.order.ShipTogether, c.order.Tags
	if !exhSameOrder(same, c.order) {
		t.Errorf("remainder %+v differs from the order %+v beyond its lines", rem, c.order)
	}
	if err := rem.Validate(out.Snapshot); err != nil {
		t.Errorf("remainder invalid: %v", err)
	}
	// The stock through the rejection: the plan's stock (the plan applied
	// when held) less the refused units, given back or written off.
	unitsAt := func(ss []orchestrate.Shipment, node stock.NodeID, sku stock.SKU) sourcing.Qty {
		var q sourcing.Qty
		for _, s := range ss {
			for _, l := range s.Lines {
				if s.Node == node && l.SKU == sku {
					q += l.Qty
				}
			}
		}
		return q
	}
	for n := range c.snap.Nodes() {
		committed := n.Committed
		for it := range c.snap.Items() {
			want := c.snap.Level(n.ID, it.SKU)
			if rej.Held {
				want.Reserved += unitsAt(kept, n.ID, it.SKU)
				committed += unitsAt(kept, n.ID, it.SKU)
			}
			if rej.StockGone && n.ID == rej.Node && refused[it.SKU] > 0 {
				want.OnHand = max(0, want.OnHand-refused[it.SKU])
				want.Reserved = min(want.Reserved, want.OnHand)
			}
			if got := out.Snapshot.Level(n.ID, it.SKU); got != want {
				t.Errorf("after the rejection %s/%s is %+v, want %+v (held %t, gone %t)", n.ID, it.SKU, got, want, rej.Held, rej.StockGone)
			}
		}
		if got, _ := out.Snapshot.Node(n.ID); got.Committed != committed {
			t.Errorf("after the rejection %s has %d units committed, want %d", n.ID, got.Committed, committed)
		}
	}
	fmt.Fprintf(log, "kept %v, remainder %v ship_together %v\n", exhNodesOf(kept), rem.Lines, rem.ShipTogether)
	exhCheckResult(t, exhCase{order: rem, snap: out.Snapshot, rs: c.rs, opts: next}, 3, out.Result, nil, tally, log)
	if t.Failed() || len(out.Result.Plans) == 0 {
		return
	}
	// Plan 1 applied: every unit of the order reserved once, by a kept
	// shipment (when held) or a new one, or backordered.
	best := out.Result.Plans[0]
	after, err := out.Snapshot.Apply(best.Allocations())
	require.NoError(t, err, "applying plan 1 of the remainder")
	base := out.Snapshot
	if rej.Held {
		base = c.snap
	}
	for n := range c.snap.Nodes() {
		for it := range c.snap.Items() {
			want := unitsAt(best.Shipments, n.ID, it.SKU)
			if rej.Held {
				want += unitsAt(kept, n.ID, it.SKU)
			}
			if got := after.Level(n.ID, it.SKU).Reserved - base.Level(n.ID, it.SKU).Reserved; got != want {
				t.Errorf("%s/%s: %d units reserved for the order, want %d (held %t)", n.ID, it.SKU, got, want, rej.Held)
			}
		}
	}
	units := map[stock.SKU]sourcing.Qty{}
	for _, ss := range [][]orchestrate.Shipment{kept, best.Shipments, {{Lines: best.Backordered}}} {
		for _, s := range ss {
			for _, l := range s.Lines {
				units[l.SKU] += l.Qty
			}
		}
	}
	ordered := map[stock.SKU]sourcing.Qty{}
	for _, l := range c.order.Lines {
		ordered[l.SKU] += l.Qty
	}
	if diff := cmp.Diff(ordered, units); diff != "" {
		t.Errorf("kept, new and backordered units differ from the order (-ordered +served):\n%s", diff)
	}
	tally["reallocate: stock conserved, checked"]++
}

func exhNodesOf(ss []orchestrate.Shipment) []stock.NodeID {
	var ids []stock.NodeID
	for _, s := range ss {
		ids = append(ids, s.Node)
	}
	return ids
}

// exhSameOrder compares two orders field by field.
func exhSameOrder(a, b orchestrate.Order) bool { return reflect.DeepEqual(a, b) }

// TestExhaustiveEnumeratorScenarios checks the enumerator's reading of the
// documentation on the worked examples, whose expected costs an independent
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
				enum, err := newExhEnum(o, sc.Snapshot, sc.Rules, exhQuery{})
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

// TestExhaustiveEnumeratorReadings pins the enumerator's reading of the
// documentation on a tiny world whose answers are worked out by hand from the
// documentation: a Paris warehouse with a CET calendar (Friday 27 November
// 2026 a holiday, cut-off 15:00, one day of preparation), a Lyon pickup
// store without one; a home parcel service billing volume, with a parcel
// surcharge and a fuel surcharge, and a truck from warehouses to stores.
// Solve is then checked on the same cases like any instance.
func TestExhaustiveEnumeratorReadings(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr", Location: cet, Holidays: []stock.Date{{Year: 2026, Month: 11, Day: 27}}})
	require.NoError(t, err)
	nodes := []stock.Node{
		{ID: "st-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.764, 4.8357), Country: "FR", Ships: true, Pickup: true, Priority: 3},
		{ID: "wh-paris", Kind: stock.Warehouse, Location: geo.MustLatLng(48.8566, 2.3522), Country: "FR", Ships: true,
			PrepDays: 1, Calendar: cal, Cutoff: 15 * time.Hour},
	}
	items := []stock.Item{{SKU: "A", Weight: 1000, Volume: 10_000}, {SKU: "B", Weight: 500}}
	levels := []stock.Record{
		{Node: "wh-paris", SKU: "A", Level: stock.Level{OnHand: 5}},
		{Node: "st-lyon", SKU: "B", Level: stock.Level{OnHand: 5}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	services := []carrier.Spec{
		{ID: carrier.ServiceID{Carrier: "parcel", Service: "home"}, MaxParcel: 30_000, To: []string{carrier.ToHome},
			Zones:             []carrier.Zone{{MaxDistance: 100 * geo.Kilometre, Days: 1}, {MaxDistance: 1000 * geo.Kilometre, Days: 2}},
			Rates:             []carrier.RateRow{{MaxWeight: 2000, Prices: []sourcing.Money{500, 700}}, {MaxWeight: 30_000, Prices: []sourcing.Money{900, 1200}}},
			VolumetricDivisor: 5000, ParcelSurcharge: 50, FuelSurcharge: sourcing.RateFromInt(10)},
		{ID: carrier.ServiceID{Carrier: "truck", Service: "transfer"}, MaxParcel: 30_000, To: []string{carrier.ToStore}, FromKinds: []string{"warehouse"},
			Zones: []carrier.Zone{{MaxDistance: 1000 * geo.Kilometre, Days: 1}}, Rates: []carrier.RateRow{{MaxWeight: 30_000, Prices: []sourcing.Money{300}}}},
	}
	rulesWith := func(edit func(*rules.ProfileSpec)) *rules.RuleSet {
		p := rules.ProfileSpec{Name: "default", Weights: rules.Weights{Backorder: 10_000}}
		if edit != nil {
			edit(&p)
		}
		rs, err := rules.New(rules.Spec{Version: "readings", Currency: "EUR", Carriers: services, Profiles: []rules.ProfileSpec{p}})
		require.NoError(t, err)
		return rs
	}
	thursday10 := time.Date(2026, 11, 26, 10, 0, 0, 0, cet)
	home := orchestrate.Order{ID: "h", Channel: "web", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(48.90, 2.40),
		PlacedAt: thursday10, Lines: []orchestrate.Line{{SKU: "A", Qty: 1}}}
	a1 := exhQty{1}
	enum := func(o orchestrate.Order, rs *rules.RuleSet, q exhQuery) *exhEnum {
		e, err := newExhEnum(o, snap, rs, q)
		require.NoError(t, err)
		return e
	}
	check := func(t *testing.T, o orchestrate.Order, rs *rules.RuleSet, opts orchestrate.Options) {
		t.Helper()
		var log strings.Builder
		exhCheckCase(t, exhCase{order: o, snap: snap, rs: rs, opts: opts}, 3, nil, &log)
		if t.Failed() {
			t.Log(log.String())
		}
	}

	t.Run("calendar, holiday and surcharges", func(t *testing.T) {
		// Taken Thursday before the cut-off; preparation's working day is
		// Monday (Friday is a holiday); the carrier collects Monday 15:00
		// and delivers Tuesday 1 December: 5 calendar days. 6 km: zone 0.
		// Billed on 10,000 cm³ × 1000 / 5000 = 2,000 g: row 0, 500 + 50
		// surcharge, + 10 % fuel = 605.
		rs := rulesWith(nil)
		s, err := enum(home, rs, exhQuery{}).ship(1, a1)
		require.NoError(t, err)
		require.Equal(t, carrier.ServiceID{Carrier: "parcel", Service: "home"}, s.carrier)
		require.Equal(t, sourcing.Money(605), s.bd.Carrier)
		require.Equal(t, sourcing.Days(5), s.eta)
		require.Equal(t, stock.Date{Year: 2026, Month: 12, Day: 1}, s.arrival)
		require.Equal(t, "2026-11-30T15:00:00+01:00", s.pickup.Format(time.RFC3339))
		check(t, home, rs, orchestrate.Options{})

		// After the cut-off: taken Monday, prepared Tuesday, delivered
		// Wednesday 2 December: 6 days.
		late := home
		late.PlacedAt = thursday10.Add(6 * time.Hour)
		s, err = enum(late, rs, exhQuery{}).ship(1, a1)
		require.NoError(t, err)
		require.Equal(t, sourcing.Days(6), s.eta)
		check(t, late, rs, orchestrate.Options{})

		// No order time: the warehouse cannot date anything.
		none := home
		none.PlacedAt = time.Time{}
		_, err = enum(none, rs, exhQuery{}).ship(1, a1)
		require.ErrorContains(t, err, "no order time")
		check(t, none, rs, orchestrate.Options{})
	})
	t.Run("collect by truck", func(t *testing.T) {
		// The parcel service serves homes only: the transfer takes the
		// truck (zone 0, 1 day): Monday's pick-up arrives Tuesday.
		o := home
		o.Mode, o.PickupNode = rules.Collect, "st-lyon"
		rs := rulesWith(nil)
		s, err := enum(o, rs, exhQuery{}).ship(1, a1)
		require.NoError(t, err)
		require.Equal(t, carrier.ServiceID{Carrier: "truck", Service: "transfer"}, s.carrier)
		require.Equal(t, sourcing.Money(300), s.bd.Carrier)
		require.Equal(t, sourcing.Days(5), s.eta)
		check(t, o, rs, orchestrate.Options{})
	})
	t.Run("existing shipments pay the split", func(t *testing.T) {
		rs := rulesWith(func(p *rules.ProfileSpec) { p.Weights.Split = 100; p.Filters.MaxShipments = 2 })
		plans := enum(home, rs, exhQuery{opts: orchestrate.Options{ExistingShipments: 1}}).plans()
		require.Len(t, plans, 2) // the warehouse, or everything backordered
		require.Equal(t, []stock.NodeID{"wh-paris"}, plans[0].nodes)
		require.Equal(t, sourcing.Money(100), plans[0].bd.Split)
		check(t, home, rs, orchestrate.Options{ExistingShipments: 1})
		// max_shipments counts the existing one: no room for two more.
		two := home
		two.Lines = append(two.Lines, orchestrate.Line{SKU: "B", Qty: 1})
		for _, p := range enum(two, rs, exhQuery{opts: orchestrate.Options{ExistingShipments: 1}}).plans() {
			require.LessOrEqual(t, len(p.nodes), 1)
		}
		check(t, two, rs, orchestrate.Options{ExistingShipments: 1})
	})
	t.Run("ship together", func(t *testing.T) {
		// A is in Paris, B in Lyon: a kit of both cannot ship.
		o := home
		o.Lines = []orchestrate.Line{{SKU: "A", Qty: 1}, {SKU: "B", Qty: 1}}
		free := enum(o, rulesWith(nil), exhQuery{}).plans()
		require.Len(t, free, 4)
		rs := rulesWith(func(p *rules.ProfileSpec) { p.Filters.ShipTogether = [][]stock.SKU{{"A", "B"}} })
		kit := enum(o, rs, exhQuery{}).plans()
		require.Len(t, kit, 1)
		require.Empty(t, kit[0].nodes)
		check(t, o, rs, orchestrate.Options{})
		o.ShipTogether = [][]int{{0, 1}}
		require.Len(t, enum(o, rulesWith(nil), exhQuery{}).plans(), 1)
		check(t, o, rulesWith(nil), orchestrate.Options{})
	})
	t.Run("on time and fallback", func(t *testing.T) {
		// Promise 4 days; the warehouse's ETA is 5: out with tolerance 0,
		// in with 1, which the fallback's first widening gives.
		o := home
		o.PromiseDays = 4
		rs := rulesWith(func(p *rules.ProfileSpec) {
			p.Filters.OnTime, p.Filters.ShipComplete = true, true
			p.Fallback.WidenDays = []sourcing.Days{1, 2}
		})
		_, err := enum(o, rs, exhQuery{}).ship(1, a1)
		require.Error(t, err)
		prof, _ := rs.Profile("default")
		require.Equal(t, []exhStep{{prof, 0}, {prof, 1}, {prof, 2}}, exhChain(rs, prof))
		e := enum(o, rs, exhQuery{profile: prof, tolerance: 1, widened: true})
		plans := e.plans()
		require.Len(t, plans, 1)
		meet, miss := e.metOutcomes(plans)
		require.True(t, meet)
		require.False(t, miss)
		check(t, o, rs, orchestrate.Options{})
	})
	t.Run("origin preferred", func(t *testing.T) {
		// B from the Lyon store, the origin: its priority 3 counts as 0.
		o := home
		o.Lines, o.OriginNode = []orchestrate.Line{{SKU: "B", Qty: 2}}, "st-lyon"
		rs := rulesWith(func(p *rules.ProfileSpec) { p.Weights.Priority = 10 })
		s, err := enum(o, rs, exhQuery{}).ship(0, exhQty{2})
		require.NoError(t, err)
		require.Equal(t, sourcing.Money(60), s.bd.Priority)
		rs = rulesWith(func(p *rules.ProfileSpec) { p.Weights.Priority = 10; p.Filters.OriginStock = rules.OriginPrefer })
		s, err = enum(o, rs, exhQuery{}).ship(0, exhQty{2})
		require.NoError(t, err)
		require.Zero(t, s.bd.Priority)
		check(t, o, rs, orchestrate.Options{})
	})
}
