package orchestrate_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/internal/stockindex"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// fixture is a generated network with its snapshot and rule set, built once
// per size for all benchmarks.
type fixture struct {
	net  *netgen.Network
	snap *stock.Snapshot
	rs   *rules.RuleSet
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[int]*fixture{}
)

func networkOf(tb testing.TB, nodes int) *fixture {
	tb.Helper()
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if f, ok := fixtures[nodes]; ok {
		return f
	}
	net := netgen.Generate(netgen.Config{Seed: 42, Nodes: nodes, SKUs: 10_000})
	snap, rs, err := net.Snapshot()
	if err != nil {
		tb.Fatal(err)
	}
	// The generator's records are in the snapshot now; dropping them keeps
	// the garbage collector from scanning them during the benchmarks.
	net.Nodes, net.Items, net.Levels = nil, nil, nil
	f := &fixture{net: net, snap: snap, rs: rs}
	fixtures[nodes] = f
	return f
}

var benchSizes = []struct{ nodes, lines int }{
	{50, 1}, {50, 5}, {50, 20},
	{500, 1}, {500, 5}, {500, 20},
	{5000, 1}, {5000, 5}, {5000, 20},
}

// BenchmarkSolve solves generated home orders of exactly L lines on
// generated networks of N nodes, K = 3.
func BenchmarkSolve(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("nodes=%d/lines=%d", sz.nodes, sz.lines), func(b *testing.B) {
			f := networkOf(b, sz.nodes)
			orders := f.net.Orders(7, 256, sz.lines, sz.lines)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := orchestrate.Solve(ctx, orders[i%len(orders)], f.snap, f.rs, orchestrate.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScan is the floor any exact algorithm pays: for each order line,
// the available quantity at every node holding the SKU, summed through the
// snapshot's own index, as the search reads it (stockindex.HoldingsOf).
func BenchmarkScan(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("nodes=%d/lines=%d", sz.nodes, sz.lines), func(b *testing.B) {
			f := networkOf(b, sz.nodes)
			orders := f.net.Orders(7, 256, sz.lines, sz.lines)
			b.ReportAllocs()
			b.ResetTimer()
			var sink sourcing.Qty
			for i := 0; b.Loop(); i++ {
				for _, l := range orders[i%len(orders)].Lines {
					hs := stockindex.HoldingsOf(f.snap, string(l.SKU))
					for j := range hs.Len() {
						sink += hs.At(j).Available()
					}
				}
			}
			if sink < 0 {
				b.Fatal("negative stock")
			}
		})
	}
}

// BenchmarkPromise answers a checkout for a 3-line basket on the 500-node
// network: home by each carrier service, collect at the 3 nearest pickup
// stores, reserve.
func BenchmarkPromise(b *testing.B) {
	f := networkOf(b, 500)
	orders := f.net.Orders(9, 256, 3, 3)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		o := orders[i%len(orders)]
		_, err := orchestrate.Promise(ctx, orchestrate.PromiseRequest{Basket: o.Lines, Destination: o.Destination,
			Country: o.Country, Channel: o.Channel, PlacedAt: o.PlacedAt, PromiseDays: o.PromiseDays}, f.snap, f.rs, orchestrate.Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkThroughput solves a stream of orders sequentially on the
// 500-node network, applying each plan 1 to the stock before the next order
// (the -sequential semantics of examples/solve), and reports orders per
// second on one goroutine. The stock and the day's capacity start afresh
// every 5,000 orders (a day), so the network neither runs dry nor fills up.
// Run it with -benchtime 100000x for the 100,000 orders.
func BenchmarkThroughput(b *testing.B) {
	f := networkOf(b, 500)
	orders := f.net.Orders(21, 10_000, 1, 8)
	ctx := context.Background()
	snap := f.snap
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%5000 == 0 {
			snap = f.snap
		}
		res, err := orchestrate.Solve(ctx, orders[i%len(orders)], snap, f.rs, orchestrate.Options{K: 1})
		if err != nil {
			b.Fatal(err)
		}
		if next, err := snap.Apply(res.Plans[0].Allocations()); err != nil {
			b.Fatal(err)
		} else {
			snap = next
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}

// BenchmarkLargeOrders solves orders of 20, 50 and 100 lines on the
// 500-node network, and orders of the most popular SKUs (thousands of
// holders each) on the 5,000-node network, each under a 1 ms deadline. It
// reports how often the answer is proven optimal ("optimal%") and the mean
// gap between plan 1 and the lower bound ("gap%").
func BenchmarkLargeOrders(b *testing.B) {
	cases := []struct {
		name         string
		nodes, lines int
		popular      bool
	}{
		{"nodes=500/lines=20", 500, 20, false},
		{"nodes=500/lines=50", 500, 50, false},
		{"nodes=500/lines=100", 500, 100, false},
		{"nodes=5000/popular/lines=1", 5000, 1, true},
		{"nodes=5000/popular/lines=3", 5000, 3, true},
		{"nodes=5000/popular/lines=5", 5000, 5, true},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			f := networkOf(b, tc.nodes)
			orders := f.net.Orders(31, 64, tc.lines, tc.lines)
			if tc.popular {
				for i := range orders {
					for j := range orders[i].Lines {
						orders[i].Lines[j].SKU = netgen.SKU((i + j*7) % 20) // the 20 most popular
					}
				}
			}
			optimal, gap, n := 0, 0.0, 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
				res, err := orchestrate.Solve(ctx, orders[i%len(orders)], f.snap, f.rs, orchestrate.Options{K: 1})
				cancel()
				if err != nil {
					continue // cut before any plan: counted as not optimal
				}
				n++
				if res.Optimal {
					optimal++
				}
				if c := res.Plans[0].Cost; c > 0 {
					gap += float64(c-res.LowerBound) / float64(c)
				}
			}
			b.ReportMetric(100*float64(optimal)/float64(b.N), "optimal%")
			if n > 0 {
				b.ReportMetric(100*gap/float64(n), "gap%")
			}
		})
	}
}
