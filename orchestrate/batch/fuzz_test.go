package batch_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate/batch"
)

// FuzzOptimize draws a small world and batch from the fuzzer's seed and
// checks what Optimize guarantees on any of them, at any budget, with and
// without grouping: every order once, never worse than the plans given,
// never oversold, every unit conserved, every promise kept that was.
func FuzzOptimize(f *testing.F) {
	f.Add(uint64(1), false, true, uint32(0), uint8(0))
	f.Add(uint64(2), true, false, uint32(50_000), uint8(1))
	f.Add(uint64(3), false, false, uint32(1), uint8(9))
	f.Fuzz(func(t *testing.T, seed uint64, singles, group bool, budget uint32, k uint8) {
		r := rand.New(rand.NewPCG(seed, 7))
		c, err := randomBatch(r, singles)
		if err != nil {
			t.Fatal(err)
		}
		opts := batch.Options{Budget: int64(budget), K: int(k % 12)}
		if group {
			opts.Group = time.Hour
		}
		res, err := batch.Optimize(context.Background(), c.open, c.snap, c.rs, opts)
		if err != nil {
			t.Fatalf("Optimize: %v", err)
		}
		checkInvariants(t, c, c.open, res)
	})
}
