package mcf

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

type arc struct {
	u, v      int
	cap, cost int64
}

// bruteForce returns the least cost of a flow meeting the supplies, by
// trying every integral flow, and whether one exists.
func bruteForce(n int, supply []int64, arcs []arc) (int64, bool) {
	x := make([]int64, len(arcs))
	best, found := int64(math.MaxInt64), false
	var rec func(i int)
	rec = func(i int) {
		if i == len(arcs) {
			bal := make([]int64, n)
			var cost int64
			for k, a := range arcs {
				bal[a.u] += x[k]
				bal[a.v] -= x[k]
				cost += x[k] * a.cost
			}
			for v := range n {
				if bal[v] != supply[v] {
					return
				}
			}
			if cost < best {
				best, found = cost, true
			}
			return
		}
		for f := int64(0); f <= arcs[i].cap; f++ {
			x[i] = f
			rec(i + 1)
		}
	}
	rec(0)
	return best, found
}

// randomProblem draws a small network: balanced supplies, a few arcs.
// With dag, arcs go from lower to higher nodes (no cycle), and costs may
// be negative.
func randomProblem(r *rand.Rand, dag bool) (int, []int64, []arc) {
	n := 2 + r.IntN(4)
	supply := make([]int64, n)
	for range 1 + r.IntN(3) {
		u, v := r.IntN(n), r.IntN(n)
		q := int64(1 + r.IntN(2))
		supply[u] += q
		supply[v] -= q
	}
	var arcs []arc
	for range 1 + r.IntN(6) {
		u, v := r.IntN(n), r.IntN(n)
		if dag {
			if u == v {
				continue
			}
			u, v = min(u, v), max(u, v)
		}
		c := int64(r.IntN(10))
		if dag {
			c -= 4
		}
		arcs = append(arcs, arc{u, v, int64(r.IntN(3)), c})
	}
	return n, supply, arcs
}

// checkSolution checks the flow's bounds and conservation, its cost, and
// complementary slackness of the potentials.
func checkSolution(t *testing.T, g *Graph, n int, supply []int64, arcs []arc, cost int64) {
	t.Helper()
	bal := make([]int64, n)
	var total int64
	for k, a := range arcs {
		f := g.Flow(k)
		require.GreaterOrEqual(t, f, int64(0), "arc %d", k)
		require.LessOrEqual(t, f, a.cap, "arc %d", k)
		bal[a.u] += f
		bal[a.v] -= f
		total += f * a.cost
		rc := a.cost + g.Potential(a.u) - g.Potential(a.v)
		if f < a.cap {
			require.GreaterOrEqual(t, rc, int64(0), "arc %d (%d→%d) has room and reduced cost %d", k, a.u, a.v, rc)
		}
		if f > 0 {
			require.LessOrEqual(t, rc, int64(0), "arc %d (%d→%d) has flow and reduced cost %d", k, a.u, a.v, rc)
		}
	}
	require.Equal(t, supply, bal, "conservation")
	require.Equal(t, total, cost, "cost")
}

func TestSolveAgainstBruteForce(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	for _, dag := range []bool{false, true} {
		for i := range 3000 {
			n, supply, arcs := randomProblem(r, dag)
			g := New(n)
			for v, b := range supply {
				g.SetSupply(v, b)
			}
			for k, a := range arcs {
				require.Equal(t, k, g.AddArc(a.u, a.v, a.cap, a.cost))
			}
			want, ok := bruteForce(n, supply, arcs)
			got, err := g.Solve()
			if !ok {
				require.ErrorIs(t, err, ErrInfeasible, "problem %d: %v %v", i, supply, arcs)
				continue
			}
			require.NoError(t, err, "problem %d: %v %v", i, supply, arcs)
			require.Equal(t, want, got, "problem %d: %v %v", i, supply, arcs)
			checkSolution(t, g, n, supply, arcs, got)
		}
	}
}

func TestSolveAgainIsTheSame(t *testing.T) {
	g := New(3)
	g.SetSupply(0, 2)
	g.SetSupply(2, -2)
	g.AddArc(0, 1, 2, 1)
	g.AddArc(1, 2, 1, 1)
	g.AddArc(0, 2, 2, 5)
	first, err := g.Solve()
	require.NoError(t, err)
	second, err := g.Solve()
	require.NoError(t, err)
	require.Equal(t, int64(7), first) // one unit by 0→1→2 (2), one by 0→2 (5)
	require.Equal(t, first, second)
	require.Equal(t, []int64{1, 1, 1}, []int64{g.Flow(0), g.Flow(1), g.Flow(2)})
}

func TestSolveErrors(t *testing.T) {
	tests := []struct {
		name   string
		supply []int64
		arcs   []arc
		want   error
	}{
		{"unbalanced", []int64{1, 0}, []arc{{0, 1, 1, 1}}, ErrUnbalanced},
		{"no route", []int64{1, -1}, []arc{{1, 0, 1, 1}}, ErrInfeasible},
		{"too little room", []int64{3, -3}, []arc{{0, 1, 2, 1}}, ErrInfeasible},
		{"negative cycle", []int64{0, 0}, []arc{{0, 1, 1, -3}, {1, 0, 1, 1}}, ErrNegativeCycle},
		{"overflow", []int64{MaxCapacity, -MaxCapacity}, []arc{{0, 1, MaxCapacity, MaxCost}}, ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(len(tt.supply))
			for v, b := range tt.supply {
				g.SetSupply(v, b)
			}
			for _, a := range tt.arcs {
				g.AddArc(a.u, a.v, a.cap, a.cost)
			}
			_, err := g.Solve()
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestInfeasibleKeepsTheMostThatCanBeRouted(t *testing.T) {
	// 3 units to send, 2 can go: by the cheaper arc first.
	g := New(2)
	g.SetSupply(0, 3)
	g.SetSupply(1, -3)
	g.AddArc(0, 1, 1, 7)
	g.AddArc(0, 1, 1, 2)
	cost, err := g.Solve()
	require.True(t, errors.Is(err, ErrInfeasible))
	require.Equal(t, int64(9), cost)
	require.Equal(t, int64(1), g.Flow(0))
	require.Equal(t, int64(1), g.Flow(1))
}

func TestBadArgumentsPanic(t *testing.T) {
	g := New(2)
	require.Panics(t, func() { g.AddArc(0, 2, 1, 1) })
	require.Panics(t, func() { g.AddArc(0, 1, -1, 1) })
	require.Panics(t, func() { g.AddArc(0, 1, 1, MaxCost+1) })
	require.Panics(t, func() { g.SetSupply(-1, 1) })
	require.Panics(t, func() { New(-1) })
}

func FuzzSolve(f *testing.F) {
	f.Add(uint64(1), false)
	f.Add(uint64(2), true)
	f.Fuzz(func(t *testing.T, seed uint64, dag bool) {
		r := rand.New(rand.NewPCG(seed, 2))
		n, supply, arcs := randomProblem(r, dag)
		g := New(n)
		for v, b := range supply {
			g.SetSupply(v, b)
		}
		for _, a := range arcs {
			g.AddArc(a.u, a.v, a.cap, a.cost)
		}
		want, ok := bruteForce(n, supply, arcs)
		got, err := g.Solve()
		if !ok {
			require.ErrorIs(t, err, ErrInfeasible)
			return
		}
		require.NoError(t, err)
		require.Equal(t, want, got)
		checkSolution(t, g, n, supply, arcs, got)
	})
}

func BenchmarkAssignment(b *testing.B) {
	// 200 orders, 20 nodes of 8 units each: a flash-sale wave.
	r := rand.New(rand.NewPCG(1, 1))
	costs := make([][]int64, 200)
	for i := range costs {
		costs[i] = make([]int64, 20)
		for j := range costs[i] {
			costs[i][j] = int64(500 + r.IntN(3000))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		g := New(200 + 20 + 1)
		wait := 220
		for i := range 200 {
			g.SetSupply(i, 1)
			for j := range 20 {
				g.AddArc(i, 200+j, 1, costs[i][j])
			}
			g.AddArc(i, wait, 1, 5000)
		}
		for j := range 20 {
			g.AddArc(200+j, wait, 8, 0)
		}
		g.SetSupply(wait, -200)
		if _, err := g.Solve(); err != nil {
			b.Fatal(err)
		}
	}
}
