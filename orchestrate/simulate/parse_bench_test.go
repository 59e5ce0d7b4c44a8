package simulate_test

import (
	"os"
	"testing"

	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// BenchmarkParse parses the scenario files examples/netgen writes: the
// committed 50-node network, and the 5,000-node one of
// `go run ./examples/netgen -nodes 5000` (about 50 MB, 630,000 stock
// levels), generated in memory first. It reports the rows (nodes, items,
// levels and orders) parsed per second and the bytes allocated per row.
func BenchmarkParse(b *testing.B) {
	small, err := os.ReadFile("../../testdata/networks/fr-50.json")
	if err != nil {
		b.Fatal(err)
	}
	files := []struct {
		name string
		data func(b *testing.B) []byte
	}{
		{"nodes=50", func(*testing.B) []byte { return small }},
		{"nodes=5000", func(b *testing.B) []byte {
			n := netgen.Generate(netgen.Config{Seed: 1, Nodes: 5000, SKUs: 10_000})
			sc, err := n.Scenario("fr-5000", n.Orders(1, 100, 1, 20))
			if err != nil {
				b.Fatal(err)
			}
			data, err := sc.MarshalJSON()
			if err != nil {
				b.Fatal(err)
			}
			return data
		}},
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			data := f.data(b)
			sc, err := simulate.Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			rows := sc.Snapshot.NumNodes() + sc.Snapshot.NumItems() + sc.Snapshot.NumLevels() + len(sc.Orders)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := simulate.Parse(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
