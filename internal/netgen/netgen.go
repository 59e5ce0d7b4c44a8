package netgen

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

//go:embed fr-cities.csv
var citiesCSV string

// City is a French urban area.
type City struct {
	Name       string
	Location   geo.LatLng
	Population int // thousands
}

// Cities returns the 40 largest French urban areas.
func Cities() []City {
	var out []City
	for i, line := range strings.Split(strings.TrimSpace(citiesCSV), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(strings.TrimSpace(line), ",")
		lat, _ := strconv.ParseFloat(f[1], 64)
		lng, _ := strconv.ParseFloat(f[2], 64)
		pop, _ := strconv.Atoi(f[3])
		out = append(out, City{Name: f[0], Location: geo.MustLatLng(lat, lng), Population: pop})
	}
	return out
}

// Config sizes a network. The zero value of a field means its default.
type Config struct {
	Seed  uint64
	Nodes int // total stock points; default 50
	SKUs  int // default 10,000
	// StoreDensity scales how many SKUs a store holds: the probability that a
	// store holds the most popular SKU; default 0.9. Tail SKUs are held with
	// probability falling with popularity.
	StoreDensity float64
	// Progress, if set, is called as the stock levels are drawn, node by
	// node: done of total nodes have their levels.
	Progress func(done, total int)
}

// Network is a generated world.
type Network struct {
	Nodes    []stock.Node
	Items    []stock.Item
	Levels   []stock.Record
	Carriers []carrier.Spec
	Rules    rules.Spec
	Cities   []City
	weights  []float64 // SKU popularity, cumulative
}

// Generate builds the network of cfg.
func Generate(cfg Config) *Network {
	if cfg.Nodes == 0 {
		cfg.Nodes = 50
	}
	if cfg.SKUs == 0 {
		cfg.SKUs = 10_000
	}
	if cfg.StoreDensity == 0 {
		cfg.StoreDensity = 0.9
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	n := &Network{Cities: Cities()}
	totalPop := 0
	for _, c := range n.Cities {
		totalPop += c.Population
	}
	pickCity := func() City {
		x := r.IntN(totalPop)
		for _, c := range n.Cities {
			if x < c.Population {
				return c
			}
			x -= c.Population
		}
		return n.Cities[0]
	}
	dcs := max(2, cfg.Nodes/100)
	suppliers := max(1, cfg.Nodes/50)
	stores := max(1, cfg.Nodes-dcs-suppliers)
	width := len(strconv.Itoa(cfg.Nodes))
	id := func(prefix string, i int) stock.NodeID {
		return stock.NodeID(fmt.Sprintf("%s-%0*d", prefix, width, i))
	}
	for i := range dcs {
		c := n.Cities[i%min(len(n.Cities), 8)] // DCs near the largest cities
		n.Nodes = append(n.Nodes, stock.Node{
			ID: id("dc", i), Kind: stock.Warehouse, Location: jitter(r, c.Location, 25), Country: "FR",
			Ships: true, Priority: 0, HandlingCost: 150 + sourcing.Money(r.IntN(100)), PickCost: 10 + sourcing.Money(r.IntN(10)),
			PrepDays: sourcing.Days(r.IntN(2)),
		})
	}
	for i := range suppliers {
		c := pickCity()
		n.Nodes = append(n.Nodes, stock.Node{
			ID: id("sup", i), Kind: stock.Supplier, Location: jitter(r, c.Location, 60), Country: "FR",
			Ships: true, Priority: 2, HandlingCost: 400 + sourcing.Money(r.IntN(200)), PickCost: 20,
			PrepDays: 2 + sourcing.Days(r.IntN(3)),
		})
	}
	for i := range stores {
		c := pickCity()
		capacity := sourcing.Qty(20 + r.IntN(60))
		n.Nodes = append(n.Nodes, stock.Node{
			ID: id("store", i), Kind: stock.Store, Location: jitter(r, c.Location, 15), Country: "FR",
			Ships: r.Float64() < 0.85, Pickup: true, Reserve: r.Float64() < 0.7, Priority: 1,
			HandlingCost: 250 + sourcing.Money(r.IntN(200)), PickCost: 30 + sourcing.Money(r.IntN(30)),
			Capacity: capacity, Committed: sourcing.Qty(r.IntN(int(capacity))), PrepDays: sourcing.Days(r.IntN(2)),
		})
	}
	// SKUs with Zipf popularity: weight of rank k ∝ 1/k^1.1.
	n.weights = make([]float64, cfg.SKUs)
	cum := 0.0
	for k := range cfg.SKUs {
		cum += 1 / math.Pow(float64(k+1), 1.1)
		n.weights[k] = cum
	}
	tags := []string{"", "", "", "", "", "", "", "", "hazmat", "oversize"}
	for k := range cfg.SKUs {
		it := stock.Item{SKU: SKU(k), Weight: sourcing.Grams(100 + r.IntN(2900)), Volume: sourcing.CubicCm(200 + r.IntN(8000))}
		if t := tags[r.IntN(len(tags))]; t != "" {
			it.Tags = []string{t}
			if t == "oversize" {
				it.Weight += 8000
			}
		}
		n.Items = append(n.Items, it)
	}
	// pop[k] is 1 for the top SKU, ~0.006 at 10,000: computed once, not
	// once per node.
	pop := make([]float64, cfg.SKUs)
	for k := range pop {
		pop[k] = 1 / math.Pow(float64(k+1), 0.55)
	}
	for i, node := range n.Nodes {
		if cfg.Progress != nil {
			cfg.Progress(i, len(n.Nodes))
		}
		for k, pop := range pop {
			var p float64
			switch node.Kind {
			case stock.Warehouse:
				p = 0.45 + 0.5*pop
			case stock.Supplier:
				p = 0.08
			case stock.Store:
				p = cfg.StoreDensity * pop * 0.5
			}
			if r.Float64() >= p {
				continue
			}
			onHand := sourcing.Qty(1 + r.IntN(6))
			if node.Kind != stock.Store {
				onHand = sourcing.Qty(5 + r.IntN(200))
			}
			lvl := stock.Level{OnHand: onHand}
			if r.IntN(5) == 0 {
				lvl.Reserved = sourcing.Qty(r.IntN(int(onHand) + 1))
			}
			if node.Kind == stock.Warehouse && r.IntN(4) == 0 {
				lvl.Safety = 2
			}
			n.Levels = append(n.Levels, stock.Record{Node: node.ID, SKU: SKU(k), Level: lvl})
		}
	}
	n.Carriers = Carriers()
	n.Rules = Rules()
	return n
}

// SKU names the SKU of popularity rank k (0 = most popular).
func SKU(k int) stock.SKU { return stock.SKU(fmt.Sprintf("SKU-%05d", k)) }

// jitter moves p by up to about km kilometres in a random direction.
func jitter(r *rand.Rand, p geo.LatLng, km float64) geo.LatLng {
	d := km * math.Sqrt(r.Float64())
	a := 2 * math.Pi * r.Float64()
	lat := p.Lat() + d*math.Cos(a)/111.0
	lng := p.Lng() + d*math.Sin(a)/(111.0*math.Cos(p.Lat()*math.Pi/180))
	return geo.MustLatLng(lat, lng)
}

// Carriers returns a Colissimo-like home service and an express service.
func Carriers() []carrier.Spec {
	zones := []carrier.Zone{{MaxDistance: 150 * geo.Kilometre, Days: 1}, {MaxDistance: 500 * geo.Kilometre, Days: 2}, {MaxDistance: 1200 * geo.Kilometre, Days: 3}}
	grid := func(base []sourcing.Money, step sourcing.Money) []carrier.RateRow {
		weights := []sourcing.Grams{250, 500, 1000, 2000, 5000, 10000, 30000}
		var rows []carrier.RateRow
		for i, w := range weights {
			rows = append(rows, carrier.RateRow{MaxWeight: w, Prices: []sourcing.Money{base[i], base[i] + step, base[i] + 2*step}})
		}
		return rows
	}
	return []carrier.Spec{
		{ID: carrier.ServiceID{Carrier: "colis", Service: "standard"}, MaxParcel: 30000, Zones: zones,
			Rates: grid([]sourcing.Money{495, 670, 825, 955, 1465, 2130, 3340}, 100), CO2PerTonneKm: sourcing.RateFromInt(120)},
		{ID: carrier.ServiceID{Carrier: "colis", Service: "express"}, MaxParcel: 30000,
			Zones: []carrier.Zone{{MaxDistance: 500 * geo.Kilometre, Days: 1}, {MaxDistance: 1200 * geo.Kilometre, Days: 1}},
			Rates: func() []carrier.RateRow {
				rows := grid([]sourcing.Money{1290, 1490, 1690, 1990, 2690, 3590, 5290}, 200)
				for i := range rows {
					rows[i].Prices = rows[i].Prices[:2]
				}
				return rows
			}(), CO2PerTonneKm: sourcing.RateFromInt(600)},
	}
}

// Rules returns a cost-based rule set: one profile, every term priced.
func Rules() rules.Spec {
	return rules.Spec{
		Version: "bench-1", Currency: "EUR", Carriers: Carriers(),
		Profiles: []rules.ProfileSpec{{
			Name: "default",
			Weights: rules.Weights{Split: 350, PerKm: 400_000, PerUnitKm: 20_000, Priority: 40, LowStock: 60, LowStockBelow: 1,
				Workload: 150, LatePerDay: 300, CO2PerKg: 80_000, Backorder: 5000},
			Filters: rules.Filters{Keep: map[stock.NodeKind]sourcing.Qty{stock.Store: 1},
				ForbidTags: map[stock.NodeKind][]string{stock.Store: {"hazmat"}}},
		}},
	}
}

// Orders draws count home orders of minLines to maxLines lines (SKUs by
// popularity, distinct per order, quantity mostly 1), to customers placed
// around the cities in proportion to their population.
func (n *Network) Orders(seed uint64, count, minLines, maxLines int) []orchestrate.Order {
	r := rand.New(rand.NewPCG(seed, 0x0de5))
	totalPop := 0
	for _, c := range n.Cities {
		totalPop += c.Population
	}
	base := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var out []orchestrate.Order
	for i := range count {
		x := r.IntN(totalPop)
		var city City
		for _, c := range n.Cities {
			if x < c.Population {
				city = c
				break
			}
			x -= c.Population
		}
		lines := minLines + r.IntN(maxLines-minLines+1)
		o := orchestrate.Order{
			ID: fmt.Sprintf("o%06d", i), Channel: "web", Mode: rules.Home, Country: "FR",
			Destination: jitter(r, city.Location, 20), PromiseDays: sourcing.Days(2 + r.IntN(2)),
			PlacedAt: base.Add(time.Duration(i) * time.Second),
		}
		seen := map[int]bool{}
		for len(o.Lines) < lines {
			k := n.drawSKU(r)
			if seen[k] {
				continue
			}
			seen[k] = true
			q := sourcing.Qty(1)
			if r.IntN(6) == 0 {
				q = 2
			}
			o.Lines = append(o.Lines, orchestrate.Line{SKU: SKU(k), Qty: q})
		}
		out = append(out, o)
	}
	return out
}

func (n *Network) drawSKU(r *rand.Rand) int {
	x := r.Float64() * n.weights[len(n.weights)-1]
	lo, hi := 0, len(n.weights)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if n.weights[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Snapshot builds the network's snapshot and rule set.
func (n *Network) Snapshot() (*stock.Snapshot, *rules.RuleSet, error) {
	snap, err := stock.NewSnapshot("EUR", n.Nodes, n.Items, n.Levels)
	if err != nil {
		return nil, nil, err
	}
	rs, err := rules.New(n.Rules)
	if err != nil {
		return nil, nil, err
	}
	return snap, rs, nil
}

// Scenario returns the network with orders as a scenario, ready for
// [simulate.Scenario.MarshalJSON] or [simulate.Scenario.Run].
func (n *Network) Scenario(name string, orders []orchestrate.Order) (*simulate.Scenario, error) {
	snap, rs, err := n.Snapshot()
	if err != nil {
		return nil, err
	}
	for i := range orders {
		if err := orders[i].Validate(snap); err != nil {
			return nil, err
		}
	}
	return &simulate.Scenario{Name: name, Snapshot: snap, Rules: rs, Orders: orders}, nil
}
