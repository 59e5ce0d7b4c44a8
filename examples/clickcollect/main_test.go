package main

import (
	"bytes"
	"context"
	"flag"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

var update = flag.Bool("update", false, "rewrite testdata/clickcollect.golden")

// TestRun compares the whole printed walk-through with the golden file
// (-update rewrites it), and checks it is the same on a second run.
func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(nil, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	require.Empty(t, stderr.String())

	var again, stderr2 bytes.Buffer
	require.Equal(t, 0, run(nil, &again, &stderr2))
	require.Equal(t, stdout.String(), again.String(), "two runs printed different output")

	path := filepath.Join("testdata", "clickcollect.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, stdout.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
		t.Fatalf("run() mismatch (-want +got):\n%s", diff)
	}
}

// story loads the scenario and returns it with a helper that solves one of
// its orders.
func story(t *testing.T) (*simulate.Scenario, func(id string) (orchestrate.Order, *orchestrate.Result)) {
	t.Helper()
	sc, err := loadScenario()
	require.NoError(t, err)
	return sc, func(id string) (orchestrate.Order, *orchestrate.Result) {
		t.Helper()
		o, err := orderByID(sc, id)
		require.NoError(t, err)
		res, err := orchestrate.Solve(context.Background(), o, sc.Snapshot, sc.Rules, orchestrate.Options{})
		require.NoError(t, err)
		require.True(t, res.Optimal)
		require.NotEmpty(t, res.Plans)
		return o, res
	}
}

// TestStory checks what each scenario is meant to show on the library's
// results, independently of how they are printed.
func TestStory(t *testing.T) {
	ctx := context.Background()
	sc, solve := story(t)
	snap := sc.Snapshot
	serviceOf := func(id carrier.ServiceID) *carrier.Service {
		i := slices.IndexFunc(sc.Rules.Carriers(), func(s *carrier.Service) bool { return s.ID() == id })
		require.GreaterOrEqual(t, i, 0, "no service %s", id)
		return sc.Rules.Carriers()[i]
	}

	t.Run("collect uses the shelf and a transfer by the transfer service", func(t *testing.T) {
		o, res := solve(collectOrder)
		best := res.Plans[0]
		require.Empty(t, best.Backordered)
		require.Len(t, best.Shipments, 2)
		var shelf, transfer *orchestrate.Shipment
		for i, s := range best.Shipments {
			if s.Node == o.PickupNode {
				shelf = &best.Shipments[i]
			} else {
				transfer = &best.Shipments[i]
			}
		}
		require.NotNil(t, shelf, "nothing from the pickup store's shelf")
		require.NotNil(t, transfer, "no transfer")
		require.Zero(t, shelf.Carrier)
		require.Zero(t, shelf.Parcels)
		require.Zero(t, shelf.Breakdown.Carrier+shelf.Breakdown.Distance)

		n, _ := snap.Node(transfer.Node)
		require.Equal(t, stock.Warehouse, n.Kind)
		spec := serviceOf(transfer.Carrier).Spec()
		if diff := cmp.Diff([]string{carrier.ToStore}, spec.To); diff != "" {
			t.Fatalf("%s is not a store-only transfer service (-want +got):\n%s", transfer.Carrier, diff)
		}

		reqs := orchestrate.FulfilmentRequests(o, best)
		require.Len(t, reqs, 2)
		for _, r := range reqs {
			require.Equal(t, o.PickupNode, r.PickupNode)
		}
	})

	t.Run("reservation ranks stores, holds and releases", func(t *testing.T) {
		o, res := solve(reserveOrder)
		require.GreaterOrEqual(t, len(res.Plans), 2)
		for i, p := range res.Plans {
			require.Len(t, p.Shipments, 1)
			n, _ := snap.Node(p.Shipments[0].Node)
			require.True(t, n.Reserve && n.Kind == stock.Store, "%s", n.ID)
			require.Zero(t, p.Shipments[0].Carrier)
			if i > 0 {
				require.GreaterOrEqual(t, p.Cost, res.Plans[i-1].Cost)
			}
		}
		best := res.Plans[0]
		store := best.Shipments[0].Node
		held, err := snap.Apply(best.Allocations())
		require.NoError(t, err)
		back, err := held.Release(best.Allocations())
		require.NoError(t, err)
		for _, l := range o.Lines {
			require.Equal(t, snap.Level(store, l.SKU).Reserved+l.Qty, held.Level(store, l.SKU).Reserved, "%s", l.SKU)
			require.Equal(t, snap.Level(store, l.SKU), back.Level(store, l.SKU), "%s", l.SKU)
		}
	})

	t.Run("endless aisle leaves the origin store's stock alone", func(t *testing.T) {
		o, res := solve(aisleOrder)
		require.NotEmpty(t, o.OriginNode)
		lacks := slices.ContainsFunc(o.Lines, func(l orchestrate.Line) bool {
			return snap.Level(o.OriginNode, l.SKU).Available() < l.Qty
		})
		require.True(t, lacks, "the origin store has every item")
		require.True(t, slices.ContainsFunc(res.Excluded(), func(x orchestrate.Exclusion) bool {
			return x.Node == o.OriginNode && x.Reason == orchestrate.ReasonOrigin
		}), "excluded: %v", res.Excluded())
		for _, p := range res.Plans {
			require.NotContains(t, p.Nodes(), o.OriginNode)
		}
		require.Empty(t, res.Plans[0].Backordered)
		require.Equal(t, rules.Home, o.Mode)
	})

	t.Run("dropship ships the supplier's range from the supplier", func(t *testing.T) {
		o, res := solve(dropshipOrder)
		best := res.Plans[0]
		require.Empty(t, best.Backordered)
		var fromSupplier bool
		for _, s := range best.Shipments {
			n, _ := snap.Node(s.Node)
			fromSupplier = fromSupplier || n.Kind == stock.Supplier
		}
		require.True(t, fromSupplier)

		// Without the tag, the rules do not let suppliers ship.
		o.Tags = nil
		plain, err := orchestrate.Solve(ctx, o, snap, sc.Rules, orchestrate.Options{})
		require.NoError(t, err)
		require.NotEqual(t, "dropship", plain.Profile)
		require.NotEmpty(t, plain.Plans[0].Backordered)
	})

	t.Run("the Friday evening order's ETA counts the weekend", func(t *testing.T) {
		o, res := solve(fridayOrder)
		best := res.Plans[0]
		require.Len(t, best.Shipments, 1)
		s := best.Shipments[0]
		n, _ := snap.Node(s.Node)
		require.NotNil(t, n.Calendar)
		local := o.PlacedAt.In(n.Calendar.Location())
		require.Equal(t, time.Friday, local.Weekday())
		require.GreaterOrEqual(t, time.Duration(local.Hour())*time.Hour+time.Duration(local.Minute())*time.Minute, n.Cutoff)

		require.Equal(t, time.Monday, s.CarrierPickup.Weekday(), "collected %s", s.CarrierPickup)
		_, transit, ok := serviceOf(s.Carrier).ZoneFor(s.Distance)
		require.True(t, ok)
		// Friday after the cut-off, Saturday and Sunday: three days lost.
		require.Equal(t, n.PrepDays+transit+3, s.ETADays)
		ordered := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
		arrival := time.Date(s.Arrival.Year, s.Arrival.Month, s.Arrival.Day, 0, 0, 0, 0, time.UTC)
		require.Equal(t, int(s.ETADays), int(arrival.Sub(ordered).Hours()/24))

		// The on-time rule could not keep the promise; its fallback could.
		require.GreaterOrEqual(t, len(res.Attempts), 2)
		require.False(t, res.Attempts[0].Met)
		require.True(t, res.Attempts[len(res.Attempts)-1].Met)
	})

	t.Run("the bulky tent is billed on its volume", func(t *testing.T) {
		_, res := solve(fridayOrder)
		s := res.Plans[0].Shipments[0]
		svc := serviceOf(s.Carrier)
		tent, _ := snap.Item("TENT-2P")
		require.Greater(t, svc.Billable(tent.Weight, tent.Volume), tent.Weight)
	})

	t.Run("re-sourcing never uses the rejected node and keeps the accepted shipment", func(t *testing.T) {
		o, res := solve(rejectOrder)
		plan := res.Plans[0]
		r, err := reject(ctx, sc, o, plan, rejectingNode)
		require.NoError(t, err)
		rz := r.reallocation

		// The remainder is exactly what the rejecting node refused.
		require.Equal(t, r.rejection.Lines, rz.Remainder.Lines)
		require.NotEmpty(t, rz.Result.Plans)
		for _, p := range rz.Result.Plans {
			require.NotContains(t, p.Nodes(), rejectingNode)
			require.Empty(t, p.Backordered)
			require.Positive(t, p.Breakdown.Split, "the accepted shipment is not counted")
		}
		// The kept shipments are plan 1's others, still held as they were.
		require.Len(t, rz.Kept, len(plan.Shipments)-1)
		for _, s := range rz.Kept {
			require.Contains(t, plan.Shipments, s)
			for _, l := range s.Lines {
				require.Equal(t, r.held.Level(s.Node, l.SKU), r.after.Level(s.Node, l.SKU), "%s/%s", s.Node, l.SKU)
			}
		}
		// The missing units are gone from the rejecting node's stock, and
		// so is its hold for this order.
		for _, l := range r.rejection.Lines {
			was := snap.Level(rejectingNode, l.SKU)
			now := r.after.Level(rejectingNode, l.SKU)
			require.Equal(t, was.OnHand-l.Qty, now.OnHand)
			require.Equal(t, was.Reserved, now.Reserved)
		}
	})

	t.Run("the promise offers express sooner than standard, and says why not", func(t *testing.T) {
		req := checkout()
		pr, err := orchestrate.Promise(ctx, req, snap, sc.Rules, orchestrate.Options{})
		require.NoError(t, err)
		home := map[carrier.ServiceID]orchestrate.PromiseOption{}
		collect := 0
		var reserve bool
		for _, opt := range pr.Options {
			require.NotEqual(t, stock.Date{}, opt.Date)
			require.Empty(t, opt.Plan.Backordered)
			switch opt.Mode {
			case rules.Home:
				home[opt.Service] = opt
			case rules.Collect:
				collect++
			case rules.Reserve:
				reserve = true
			}
		}
		express, ok := home[carrier.ServiceID{Carrier: "chronopost", Service: "express-13h"}]
		require.True(t, ok, "no express option")
		standard, ok := home[carrier.ServiceID{Carrier: "colissimo", Service: "domicile"}]
		require.True(t, ok, "no standard option")
		require.Less(t, express.Days, standard.Days)
		require.Greater(t, express.Cost, standard.Cost)
		require.True(t, reserve, "no reservation offered")

		require.NotEmpty(t, pr.Unavailable)
		for _, u := range pr.Unavailable {
			require.NotEmpty(t, u.Why)
			if u.Mode == rules.Collect {
				collect++
			}
		}
		require.Equal(t, 3, collect, "collect is not considered at the 3 nearest stores")
	})
}

// TestModuleRoot checks that the module root is found from a subdirectory.
func TestModuleRoot(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "examples", "clickcollect")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/x\n"), 0o644))
	got, err := moduleRoot(sub)
	require.NoError(t, err)
	require.Equal(t, root, got)
}

// TestHelp checks that -h prints the usage and exits 0 without running the
// command, and that a bad flag exits 2 with the usage.
func TestHelp(t *testing.T) { testkit.CheckHelp(t, "clickcollect", run) }
