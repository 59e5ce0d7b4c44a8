package orchestrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// fingerprint hashes everything a snapshot holds: nodes with their
// committed units, and every level.
func fingerprint(snap *stock.Snapshot) uint64 {
	h := fnv.New64a()
	for n := range snap.Nodes() {
		fmt.Fprintf(h, "%s %d;", n.ID, n.Committed)
	}
	for it := range snap.Items() {
		for id, l := range snap.Holders(it.SKU) {
			fmt.Fprintf(h, "%s %s %d %d %d;", it.SKU, id, l.OnHand, l.Reserved, l.Safety)
		}
	}
	return h.Sum64()
}

// TestConcurrentSolves: solvers on many goroutines read the current
// snapshot and rule set while one goroutine applies plans and restocks
// (replacing the snapshot) and another swaps the rule set. Every result is
// feasible on the snapshot it was solved on, is what a lone solve of the
// same inputs returns, and no snapshot ever changes once made. Run with
// -race.
func TestConcurrentSolves(t *testing.T) {
	f := networkOf(t, 50)
	orders := f.net.Orders(41, 40, 1, 5)
	sets := make([]*rules.RuleSet, 3)
	for i := range sets {
		spec := f.rs.Spec()
		spec.Version = fmt.Sprintf("swap-%d", i)
		for p := range spec.Profiles {
			spec.Profiles[p].Weights.Split += sourcing.Money(200 * i)
		}
		rs, err := rules.New(spec)
		require.NoError(t, err)
		sets[i] = rs
	}
	reg := rules.NewRegistry(sets[0])
	var current atomic.Pointer[stock.Snapshot]
	current.Store(f.snap)

	type made struct {
		snap *stock.Snapshot
		fp   uint64
	}
	var mu sync.Mutex
	snaps := []made{{f.snap, fingerprint(f.snap)}}
	type solved struct {
		order orchestrate.Order
		snap  *stock.Snapshot
		rs    *rules.RuleSet
		res   *orchestrate.Result
	}
	var results []solved

	ctx := context.Background()
	stop := make(chan struct{})
	var writers sync.WaitGroup
	errs := make(chan error, 16)
	writers.Add(2)
	go func() { // applies best plans, restocks now and then
		defer writers.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			snap := current.Load()
			o := orders[i%len(orders)]
			res, err := orchestrate.Solve(ctx, o, snap, reg.Current(), orchestrate.Options{K: 1})
			if errors.Is(err, orchestrate.ErrInfeasible) {
				continue
			}
			if err != nil {
				errs <- err
				return
			}
			next, err := snap.Apply(res.Plans[0].Allocations())
			if err != nil {
				errs <- fmt.Errorf("applying a plan solved on the same snapshot: %w", err)
				return
			}
			if i%5 == 4 { // restock the first line's SKU at the DC
				next, err = next.WithLevels([]stock.Record{{Node: "dc-00", SKU: o.Lines[0].SKU, Level: stock.Level{OnHand: 50}}})
				if err != nil {
					errs <- err
					return
				}
			}
			mu.Lock()
			snaps = append(snaps, made{next, fingerprint(next)})
			mu.Unlock()
			current.Store(next)
		}
	}()
	go func() { // swaps rule sets
		defer writers.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := reg.Swap(sets[i%len(sets)]); err != nil {
				errs <- err
				return
			}
		}
	}()
	var solvers sync.WaitGroup
	for g := range 4 {
		solvers.Add(1)
		go func() {
			defer solvers.Done()
			replaced := func() int {
				mu.Lock()
				defer mu.Unlock()
				return len(snaps) - 1
			}
			for i := 0; i < 60 || replaced() < 20; i++ {
				o := orders[(g*17+i)%len(orders)]
				snap, rs := current.Load(), reg.Current()
				res, err := orchestrate.Solve(ctx, o, snap, rs, orchestrate.Options{K: 3})
				if errors.Is(err, orchestrate.ErrInfeasible) {
					continue
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				results = append(results, solved{o, snap, rs, res})
				mu.Unlock()
			}
		}()
	}
	solvers.Wait()
	close(stop)
	writers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	require.Greater(t, len(snaps), 1, "the snapshot was never replaced")
	require.NotEmpty(t, results)
	for _, m := range snaps {
		require.Equal(t, m.fp, fingerprint(m.snap), "a snapshot changed after it was made")
	}
	for _, r := range results {
		checkFeasible(t, r.snap, r.order, r.res)
		alone, err := orchestrate.Solve(ctx, r.order, r.snap, r.rs, orchestrate.Options{K: 3})
		require.NoError(t, err)
		a, err := json.Marshal(alone)
		require.NoError(t, err)
		b, err := json.Marshal(r.res)
		require.NoError(t, err)
		require.JSONEq(t, string(a), string(b), "order %s under %s", r.order.ID, r.rs.Version())
	}
}
