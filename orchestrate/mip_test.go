package orchestrate_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate"
)

var mipCount = flag.Int("mip.n", 200, "instances of TestMIPCrossCheck")

var (
	cbcObjective = regexp.MustCompile(`Objective value:\s+(-?[0-9.e+]+)`)
	cbcSeconds   = regexp.MustCompile(`Total time \(CPU seconds\):\s+([0-9.]+)`)
)

// TestMIPCrossCheck exports medium orders (networks of 20 to 50 nodes, 3 to
// 8 lines) as mixed-integer programs, solves them with COIN-OR CBC, and
// checks that the optimum equals the cost of Solve's plan 1. It skips
// when cbc is not installed (apt-get install coinor-cbc).
func TestMIPCrossCheck(t *testing.T) {
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		t.Skip("cbc not installed (apt-get install coinor-cbc)")
	}
	if testing.Short() {
		t.Skip("long: runs cbc on every instance")
	}
	dir := t.TempDir()
	ctx := context.Background()
	var solveTime, cbcTime, cbcCPU time.Duration
	n := 0
	for seed := uint64(1); n < *mipCount; seed++ {
		nodes := 20 + int(seed*7)%31
		net := netgen.Generate(netgen.Config{Seed: seed, Nodes: nodes, SKUs: 400})
		snap, rs, err := net.Snapshot()
		require.NoError(t, err)
		for _, o := range net.Orders(seed, 4, 3, 8) {
			lp, err := orchestrate.ExportMIP(ctx, o, snap, rs, orchestrate.Options{})
			require.NoError(t, err)
			path := filepath.Join(dir, fmt.Sprintf("m%d.lp", n))
			require.NoError(t, os.WriteFile(path, lp, 0o644))
			start := time.Now()
			out, err := exec.Command(cbc, path, "solve", "quit").CombinedOutput()
			cbcTime += time.Since(start)
			require.NoError(t, err, "%s", out)
			m := cbcObjective.FindSubmatch(out)
			require.NotNil(t, m, "no objective in cbc's output:\n%s", out)
			want, err := strconv.ParseFloat(string(m[1]), 64)
			require.NoError(t, err)
			if c := cbcSeconds.FindSubmatch(out); c != nil {
				secs, _ := strconv.ParseFloat(string(c[1]), 64)
				cbcCPU += time.Duration(secs * float64(time.Second))
			}
			start = time.Now()
			res, err := orchestrate.Solve(ctx, o, snap, rs, orchestrate.Options{K: 1})
			solveTime += time.Since(start)
			require.NoError(t, err)
			require.True(t, res.Optimal)
			if got := float64(res.Plans[0].Cost); got != want {
				t.Errorf("seed %d order %s (%d nodes, %d lines): Solve's plan 1 costs %v, cbc's optimum %v", seed, o.ID, nodes, len(o.Lines), got, want)
			}
			n++
		}
	}
	t.Logf("%d instances: same optimum; Solve %v in all; cbc %v wall clock (%.0f× as long), %v CPU by its own count (%.0f×)",
		n, solveTime, cbcTime, float64(cbcTime)/float64(solveTime), cbcCPU, float64(cbcCPU)/float64(solveTime))
}
