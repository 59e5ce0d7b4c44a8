package netgen

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// SeasonConfig sizes a season of orders on a network. The zero value of a
// field means its default.
type SeasonConfig struct {
	Seed uint64
	// Start is the first day's midnight; default Monday 2026-11-23 at
	// +01:00 (Paris in winter).
	Start time.Time
	Days  int // default 7
	// Orders is the season's orders; default 3,000.
	Orders int
	// SaleShare is the share of the orders placed in the flash sale, in
	// [0, 1]; default 0.125. 0 means the default; a negative value, no
	// sale.
	SaleShare float64
}

// Season returns the network with a season of orders as a scenario, the
// input of simulate.Simulate:
//
//   - orders through the days (Fridays and Saturdays busier, peaks at
//     lunch and in the evening), 1 to 6 lines of 1 or 2 units, SKUs by a
//     Zipf popularity (exponent 0.8); three quarters home delivery with a
//     promise of 2 or 3 days, the rest click & collect at the store
//     nearest the customer (promise 3 days) or e-reservation;
//   - customers with an address each, a few of them frequent, a quarter
//     of the orders a second order of a customer to the same destination
//     10 to 90 minutes after the first (what grouping serves);
//   - a flash sale on the last Friday, 20:00 to 22:00: an eighth of the
//     orders (SeasonConfig.SaleShare), each with one of three promoted
//     SKUs;
//   - restocks: the warehouses every morning at 06:00 for the 40 most
//     popular SKUs, the stores on Mondays and Thursdays at 07:00;
//   - a few unreliable stores (refusing 20 to 35% of their shipments),
//     late parcels (standard 10%, express 3%, a day each), releases every
//     hour, grouping within an hour, reservations held 48 hours and a
//     quarter never collected;
//   - the rules: the network's (netgen's Rules), stores keeping no
//     display stock.
//
// The same network and config always give the same scenario.
func (n *Network) Season(name string, cfg SeasonConfig) (*simulate.Scenario, error) {
	paris := time.FixedZone("+01:00", 3600)
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2026, 11, 23, 0, 0, 0, 0, paris)
	}
	if cfg.Days == 0 {
		cfg.Days = 7
	}
	if cfg.Orders == 0 {
		cfg.Orders = 3000
	}
	if cfg.SaleShare == 0 {
		cfg.SaleShare = 0.125
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5ea5_0ff))
	// The nodes work Monday to Saturday, Paris time; the carriers pick
	// up at 18:00 at the warehouses, 17:00 at the stores, 15:00 at the
	// suppliers; nothing is committed before the season.
	fr, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr", Location: cfg.Start.Location(),
		Workdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}})
	if err != nil {
		return nil, err
	}
	cutoff := map[stock.NodeKind]time.Duration{stock.Warehouse: 18 * time.Hour, stock.Store: 17 * time.Hour, stock.Supplier: 15 * time.Hour}
	nodes := slices.Clone(n.Nodes)
	for i := range nodes {
		nodes[i].Calendar, nodes[i].Cutoff, nodes[i].Committed = fr, cutoff[nodes[i].Kind], 0
	}
	world := *n
	world.Nodes = nodes
	sc, err := world.Scenario(name, nil)
	if err != nil {
		return nil, err
	}
	n = &world
	spec := sc.Rules.Spec()
	spec.Version = "season-1"
	spec.Profiles[0].Filters.Keep = nil
	spec.Profiles[0].Filters.ForbidTags = nil
	if sc.Rules, err = rules.New(spec); err != nil {
		return nil, err
	}

	// Popularity for the season: Zipf, exponent 0.8.
	cum := make([]float64, len(n.Items))
	total := 0.0
	for k := range cum {
		total += 1 / math.Pow(float64(k+1), 0.8)
		cum[k] = total
	}
	drawSKU := func() int {
		i, _ := slices.BinarySearch(cum, r.Float64()*total)
		return min(i, len(cum)-1)
	}
	var stores []stock.Node
	for _, node := range n.Nodes {
		if node.Kind == stock.Store {
			stores = append(stores, node)
		}
	}
	type customer struct {
		id     string
		home   geo.LatLng
		pickup stock.NodeID
	}
	nearest := func(p geo.LatLng) stock.NodeID {
		best, bestD := stores[0].ID, geo.Distance(math.MaxInt64)
		for _, s := range stores {
			if d := p.Distance(s.Location); d < bestD {
				best, bestD = s.ID, d
			}
		}
		return best
	}
	pop := 0
	for _, c := range n.Cities {
		pop += c.Population
	}
	newCustomer := func(i int) customer {
		x := r.IntN(pop)
		city := n.Cities[0]
		for _, c := range n.Cities {
			if x < c.Population {
				city = c
				break
			}
			x -= c.Population
		}
		home := jitter(r, city.Location, 20)
		return customer{id: fmt.Sprintf("c%05d", i), home: home, pickup: nearest(home)}
	}
	customers := make([]customer, max(1, cfg.Orders/2))
	for i := range customers {
		customers[i] = newCustomer(i)
	}

	// When: a day by weekday weight, a minute by the hour's weight.
	weekday := map[time.Weekday]float64{time.Monday: 1, time.Tuesday: 0.9, time.Wednesday: 0.95, time.Thursday: 1,
		time.Friday: 1.25, time.Saturday: 1.3, time.Sunday: 0.8}
	hours := []float64{0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 0.9, 1, 1.1, 1.3, 1.6, 1.5, 1.1, 1, 1, 1.1, 1.3, 1.6, 1.8, 1.7, 1.2, 0.6}
	pick := func(weights []float64) int {
		sum := 0.0
		for _, w := range weights {
			sum += w
		}
		x := r.Float64() * sum
		for i, w := range weights {
			if x < w {
				return i
			}
			x -= w
		}
		return len(weights) - 1
	}
	dayWeights := make([]float64, cfg.Days)
	for d := range dayWeights {
		dayWeights[d] = weekday[cfg.Start.AddDate(0, 0, d).Weekday()]
	}
	sale := -1 // the last Friday
	for d := cfg.Days - 1; d >= 0; d-- {
		if cfg.Start.AddDate(0, 0, d).Weekday() == time.Friday {
			sale = d
			break
		}
	}
	promoted := []int{5, 9, 14}

	type draft struct {
		o    orchestrate.Order
		cust int
	}
	drafts := make([]draft, 0, cfg.Orders)
	lines := func(o *orchestrate.Order, count int) {
		for len(o.Lines) < count {
			k := drawSKU()
			if slices.ContainsFunc(o.Lines, func(l orchestrate.Line) bool { return l.SKU == SKU(k) }) {
				continue
			}
			q := sourcing.Qty(1)
			if r.IntN(7) == 0 {
				q = 2
			}
			o.Lines = append(o.Lines, orchestrate.Line{SKU: SKU(k), Qty: q})
		}
	}
	for len(drafts) < cfg.Orders {
		var o orchestrate.Order
		ci := 0
		switch {
		case len(drafts) > 0 && r.Float64() < 0.25:
			// A second order of a customer, to the same destination.
			prev := drafts[r.IntN(len(drafts))]
			o = prev.o
			o.Lines, ci = nil, prev.cust
			o.PlacedAt = prev.o.PlacedAt.Add(time.Duration(10+r.IntN(81)) * time.Minute)
			lines(&o, 1+pick([]float64{70, 20, 10}))
		default:
			// Frequent customers first: a skewed draw.
			ci = int(math.Pow(r.Float64(), 2) * float64(len(customers)))
			c := customers[ci]
			o = orchestrate.Order{Channel: "web", Customer: c.id, Country: "FR"}
			switch x := r.Float64(); {
			case x < 0.75:
				o.Mode, o.Destination, o.PromiseDays = rules.Home, c.home, sourcing.Days(4+r.IntN(2))
			case x < 0.93:
				o.Mode, o.PickupNode, o.PromiseDays = rules.Collect, c.pickup, 5
			default:
				o.Mode, o.Destination = rules.Reserve, c.home
			}
			var at time.Time
			if sale >= 0 && r.Float64() < cfg.SaleShare {
				at = cfg.Start.AddDate(0, 0, sale).Add(20*time.Hour + time.Duration(r.IntN(120))*time.Minute)
				o.Lines = []orchestrate.Line{{SKU: SKU(promoted[r.IntN(len(promoted))]), Qty: 1}}
				lines(&o, 1+pick([]float64{60, 30, 10}))
			} else {
				at = cfg.Start.AddDate(0, 0, pick(dayWeights)).Add(time.Duration(pick(hours))*time.Hour + time.Duration(r.IntN(60))*time.Minute)
				lines(&o, 1+pick([]float64{55, 25, 12, 4, 2, 2}))
			}
			o.PlacedAt = at
		}
		if o.Mode == rules.Reserve {
			o.PromiseDays = 0
		}
		drafts = append(drafts, draft{o: o, cust: ci})
	}
	slices.SortStableFunc(drafts, func(a, b draft) int { return a.o.PlacedAt.Compare(b.o.PlacedAt) })
	end := cfg.Start.AddDate(0, 0, cfg.Days)
	for i := range drafts {
		o := &drafts[i].o
		o.ID = fmt.Sprintf("o%05d", i)
		if !o.PlacedAt.Before(end) {
			o.PlacedAt = end.Add(-time.Minute) // a second order late on the last night
		}
		sc.Orders = append(sc.Orders, *o)
	}
	slices.SortStableFunc(sc.Orders, func(a, b orchestrate.Order) int { return a.PlacedAt.Compare(b.PlacedAt) })

	// Restocks.
	for d := range cfg.Days {
		day := cfg.Start.AddDate(0, 0, d)
		for _, node := range n.Nodes {
			if node.Kind != stock.Warehouse {
				continue
			}
			for k := range 40 {
				qty := sourcing.Qty(20 + 60/(1+k/4) + r.IntN(10))
				sc.Events = append(sc.Events, simulate.Event{At: day.Add(6 * time.Hour), Restock: &simulate.Restock{Node: node.ID, SKU: SKU(k), Qty: qty}})
			}
		}
		if wd := day.Weekday(); wd == time.Monday || wd == time.Thursday {
			for _, s := range stores {
				for range 3 {
					sc.Events = append(sc.Events, simulate.Event{At: day.Add(7 * time.Hour),
						Restock: &simulate.Restock{Node: s.ID, SKU: SKU(drawSKU()), Qty: sourcing.Qty(1 + r.IntN(3))}})
				}
			}
		}
	}
	slices.SortStableFunc(sc.Events, func(a, b simulate.Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Restock.Node, b.Restock.Node), cmp.Compare(a.Restock.SKU, b.Restock.SKU))
	})

	// The world.
	reject := map[stock.NodeID]float64{}
	shipping := slices.DeleteFunc(slices.Clone(stores), func(s stock.Node) bool { return !s.Ships })
	r.Shuffle(len(shipping), func(i, j int) { shipping[i], shipping[j] = shipping[j], shipping[i] })
	for i, p := range []float64{0.2, 0.25, 0.3, 0.35} {
		if i < len(shipping) {
			reject[shipping[i].ID] = p
		}
	}
	sc.Simulation = simulate.Settings{
		Seed:   7,
		Reject: simulate.Reject{Nodes: reject},
		Late: []simulate.Late{
			{Service: carrier.ServiceID{Carrier: "colis", Service: "express"}, P: 0.03, Days: 1},
			{Service: carrier.ServiceID{Carrier: "colis", Service: "standard"}, P: 0.1, Days: 1},
		},
		ReleaseEvery: time.Hour,
		Group:        time.Hour,
		ReserveHold:  48 * time.Hour,
		NoShow:       0.25,
	}
	if err := sc.Check(); err != nil {
		return nil, err
	}
	return sc, nil
}
