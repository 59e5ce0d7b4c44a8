package simulate_test

import (
	"context"
	"flag"
	"sync"
	"testing"

	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

var benchOrders = flag.Int("simulate.orders", 100_000, "orders of BenchmarkSimulate's season")

var benchSeason = sync.OnceValues(func() (*simulate.Scenario, error) {
	n := netgen.Generate(netgen.Config{Seed: 1, Nodes: 500, SKUs: 10_000})
	return n.Season("bench", netgen.SeasonConfig{Seed: 1, Orders: *benchOrders})
})

// BenchmarkSimulate replays a week of 100,000 orders (-simulate.orders) on
// the generated 500-node network (10,000 SKUs) under four strategies at
// once: engine, priority, distance and fewest-locations. orders/s counts
// the season's orders, each replayed four times; cpu-s/op is the process's
// CPU time (user and system) per run, cpu-µs/replayed-order that over the
// orders times the strategies.
func BenchmarkSimulate(b *testing.B) {
	sc, err := benchSeason()
	if err != nil {
		b.Fatal(err)
	}
	all := strategies(b, sc, "engine", "priority", "distance", "fewest-locations")
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for range b.N {
		if _, err := simulate.Simulate(context.Background(), sc, all, simulate.SimulateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	cpu = processCPU() - cpu
	b.ReportMetric(float64(len(sc.Orders))*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
	// CPU time: the wall clock of a shared machine is noisy; on an idle
	// one, the four replays run on the cores at once.
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	b.ReportMetric(1e6*cpu/float64(b.N)/float64(4*len(sc.Orders)), "cpu-µs/replayed-order")
}
