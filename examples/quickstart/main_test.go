package main

import (
	"bytes"
	"context"
	"flag"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/stock"
)

var update = flag.Bool("update", false, "rewrite testdata/quickstart.golden")

// TestRun compares the whole printed story with the golden file (-update
// rewrites it), and checks it is the same on a second run.
func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(nil, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	require.Empty(t, stderr.String())

	var again, stderr2 bytes.Buffer
	require.Equal(t, 0, run(nil, &again, &stderr2))
	require.Equal(t, stdout.String(), again.String(), "two runs printed different output")

	path := filepath.Join("testdata", "quickstart.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, stdout.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
		t.Fatalf("run() mismatch (-want +got):\n%s", diff)
	}
}

// TestStory checks the essentials of the story on the library's results,
// independently of how they are printed.
func TestStory(t *testing.T) {
	ctx := context.Background()
	sc, err := loadScenario()
	require.NoError(t, err)
	order := sc.Orders[0]
	snap := sc.Snapshot
	res, err := orchestrate.Solve(ctx, order, snap, sc.Rules, orchestrate.Options{})
	require.NoError(t, err)
	require.True(t, res.Optimal)
	require.NotEmpty(t, res.Plans)
	best := res.Plans[0]

	t.Run("central warehouse has nothing available", func(t *testing.T) {
		for _, l := range order.Lines {
			require.Zero(t, snap.Level("dc-paris", l.SKU).Available(), "dc-paris, %s", l.SKU)
		}
	})

	t.Run("plan 1 ships whole from the nearest store holding both items", func(t *testing.T) {
		prof, ok := sc.Rules.Profile(res.Profile)
		require.True(t, ok)
		keep := prof.Keep(stock.Store)
		var units int64
		for _, l := range order.Lines {
			units += int64(l.Qty)
		}
		var nearest stock.NodeID
		var nearestKm geo.Distance
		for n := range snap.Nodes() {
			if n.Kind != stock.Store {
				continue
			}
			if left, limited := n.Remaining(); limited && int64(left) < units {
				continue
			}
			holdsAll := true
			for _, l := range order.Lines {
				holdsAll = holdsAll && snap.Level(n.ID, l.SKU).Available()-keep >= l.Qty
			}
			if d := n.Location.Distance(order.Destination); holdsAll && (nearest == "" || d < nearestKm) {
				nearest, nearestKm = n.ID, d
			}
		}
		require.Equal(t, stock.NodeID("store-grenoble"), nearest)
		if diff := cmp.Diff([]stock.NodeID{nearest}, best.Nodes()); diff != "" {
			t.Fatalf("best.Nodes() mismatch (-want +got):\n%s", diff)
		}
		require.Empty(t, best.Backordered)
		want := slices.Clone(order.Lines)
		slices.SortFunc(want, func(a, b orchestrate.Line) int { return strings.Compare(string(a.SKU), string(b.SKU)) })
		require.Equal(t, want, best.Shipments[0].Lines)
		require.Equal(t, int64(1), best.Shipments[0].Parcels)
	})

	t.Run("a rule excludes a store", func(t *testing.T) {
		i := slices.IndexFunc(res.Excluded(), func(x orchestrate.Exclusion) bool {
			n, _ := snap.Node(x.Node)
			return n.Kind == stock.Store
		})
		require.GreaterOrEqual(t, i, 0, "excluded: %v", res.Excluded())
	})

	t.Run("other stores lose on cost", func(t *testing.T) {
		var dearer, split int
		for n := range snap.Nodes() {
			if n.Kind != stock.Store || slices.Contains(best.Nodes(), n.ID) {
				continue
			}
			ex, err := orchestrate.Explain(ctx, order, snap, sc.Rules, n.ID, orchestrate.Options{})
			require.NoError(t, err)
			if ex.Plan == nil {
				continue
			}
			require.True(t, ex.Optimal)
			require.Greater(t, ex.Plan.Cost, ex.Best.Cost, "%s", n.ID)
			require.Equal(t, ex.Plan.Cost-ex.Best.Cost, ex.Delta.Total(), "%s", n.ID)
			dearer++
			if len(ex.Plan.Shipments) > 1 {
				require.Positive(t, ex.Delta.Split, "%s", n.ID)
				split++
			}
		}
		require.Positive(t, dearer, "no store loses on cost")
		require.Positive(t, split, "no store loses for needing a split")
	})
}

// TestModuleRoot checks that the module root is found from a subdirectory.
func TestModuleRoot(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "examples", "quickstart")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/x\n"), 0o644))
	got, err := moduleRoot(sub)
	require.NoError(t, err)
	require.Equal(t, root, got)
}

// TestHelp checks that -h prints the usage and exits 0 without running the
// command, and that a bad flag exits 2 with the usage.
func TestHelp(t *testing.T) { testkit.CheckHelp(t, "quickstart", run) }
