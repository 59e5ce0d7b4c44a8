package orchestrate_test

import (
	"math/rand/v2"
	"testing"

	"github.com/sourcing-go/sourcing/orchestrate"
)

// TestSortTo walks random lists of shippers, sorted a chunk at a time as
// the walks read them (short and long lists, many ties, walks stopping
// anywhere): each shipper walked is the least of those left, and the list
// ends sorted.
func TestSortTo(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	for trial := range 2_000 {
		keys := make([]uint64, r.IntN(300))
		spread := uint64(1) + r.Uint64N(1_000)
		for i := range keys {
			keys[i] = r.Uint64N(spread)
		}
		stops := make([]int, r.IntN(4))
		for i := range stops {
			stops[i] = r.IntN(len(keys) + 2)
		}
		if err := orchestrate.CheckSortToForTest(keys, stops); err != nil {
			t.Fatalf("trial %d, %d shippers, stops %v: %v", trial, len(keys), stops, err)
		}
	}
}
