package batch_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/batch"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// benchNetwork is the generated 500-node network (10,000 SKUs).
var benchNetwork = sync.OnceValues(func() (*netgen.Network, error) {
	return netgen.Generate(netgen.Config{Seed: 1, Nodes: 500, SKUs: 10_000}), nil
})

type benchBatch struct {
	open []batch.Assignment
	snap *stock.Snapshot
	rs   *rules.RuleSet
}

var benchBatches sync.Map // size → *benchBatch

// openBatch returns n open orders of 1 to 6 lines on the 500-node
// network, placed a second apart, a quarter of them a second order of an
// earlier customer to the same address, assigned first come, first
// served.
func openBatch(b *testing.B, n int) *benchBatch {
	b.Helper()
	if v, ok := benchBatches.Load(n); ok {
		return v.(*benchBatch)
	}
	net, _ := benchNetwork()
	snap, rs, err := net.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	orders := net.Orders(uint64(n), n, 1, 6)
	for i := range orders {
		orders[i].Customer = fmt.Sprintf("c%06d", i)
		if i%4 == 3 {
			prev := orders[i-1-i%3]
			orders[i].Customer, orders[i].Destination = prev.Customer, prev.Destination
		}
	}
	var open []batch.Assignment
	for _, o := range orders {
		res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: 1})
		if err != nil {
			b.Fatal(err)
		}
		if snap, err = snap.Apply(res.Plans[0].Allocations()); err != nil {
			b.Fatal(err)
		}
		open = append(open, batch.Assignment{Orders: []orchestrate.Order{o}, Plan: res.Plans[0]})
	}
	bb := &benchBatch{open: open, snap: snap, rs: rs}
	benchBatches.Store(n, bb)
	return bb
}

// BenchmarkOptimize is the batch step on 100, 1,000 and 10,000 open
// orders on the generated 500-node network, grouping within the hour:
// its time, and what it saves (percent of the batch's cost) and changes.
// SOURCING_BATCH_BUDGET sets Options.Budget (default: DefaultBudget).
func BenchmarkOptimize(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000} {
		b.Run(fmt.Sprintf("orders=%d", n), func(b *testing.B) {
			bb := openBatch(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			var res *batch.Result
			opts := batch.Options{Group: time.Hour}
			if v, err := strconv.ParseInt(os.Getenv("SOURCING_BATCH_BUDGET"), 10, 64); err == nil {
				opts.Budget = v
			}
			for b.Loop() {
				var err error
				res, err = batch.Optimize(context.Background(), bb.open, bb.snap, bb.rs, opts)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(100*float64(res.Before-res.After)/float64(res.Before), "%saved")
			b.ReportMetric(float64(len(res.Changes)), "changes")
			b.ReportMetric(float64(res.Work), "work")
		})
	}
}
