package orchestrate_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// ruleSet builds a one-profile rule set over the preset world's carriers,
// with realistic cost weights changed by edit.
func ruleSet(t *testing.T, edit func(p *rules.ProfileSpec)) *rules.RuleSet {
	t.Helper()
	_, carriers, _ := presetWorld(t)
	p := rules.ProfileSpec{Name: "default", Weights: rules.Weights{Split: 300, PerKm: 500_000, Backorder: 100_000}}
	if edit != nil {
		edit(&p)
	}
	rs, err := rules.New(rules.Spec{Version: "t1", Currency: "EUR", Carriers: carriers, Profiles: []rules.ProfileSpec{p}})
	require.NoError(t, err)
	return rs
}

func solve(t *testing.T, o orchestrate.Order, snap *stock.Snapshot, rs *rules.RuleSet) *orchestrate.Result {
	t.Helper()
	res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: 5})
	require.NoError(t, err)
	return res
}

func TestShipTogether(t *testing.T) {
	snap, _, order := presetWorld(t)
	free := solve(t, order, snap, ruleSet(t, func(p *rules.ProfileSpec) { p.Weights.Split = 0 }))
	// Without a group, the cheapest plans split A and B.
	split := false
	for _, p := range free.Plans {
		for _, s := range p.Shipments {
			split = split || len(s.Lines) == 1
		}
	}
	require.True(t, split, "the test needs plans that split A from B")

	check := func(t *testing.T, res *orchestrate.Result) {
		for _, p := range res.Plans {
			for _, s := range p.Shipments {
				hasA := slices.ContainsFunc(s.Lines, func(l orchestrate.Line) bool { return l.SKU == "A" })
				hasB := slices.ContainsFunc(s.Lines, func(l orchestrate.Line) bool { return l.SKU == "B" })
				if hasA != hasB {
					t.Errorf("plan %d: %s ships %v, breaking the group", p.Rank, s.Node, s.Lines)
				}
				if hasA && s.Lines[0].Qty != 4 {
					t.Errorf("plan %d: %s ships part of the group: %v", p.Rank, s.Node, s.Lines)
				}
			}
		}
	}
	t.Run("profile kit", func(t *testing.T) {
		rs := ruleSet(t, func(p *rules.ProfileSpec) {
			p.Weights.Split = 0
			p.Filters.ShipTogether = [][]stock.SKU{{"A", "B"}}
		})
		res := solve(t, order, snap, rs)
		check(t, res)
		if diff := cmp.Diff([]stock.NodeID{"wh-dijon"}, res.Plans[0].Nodes()); diff != "" {
			t.Fatalf("res.Plans[0].Nodes() mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("order group", func(t *testing.T) {
		o := order
		o.ShipTogether = [][]int{{0, 1}}
		check(t, solve(t, o, snap, ruleSet(t, func(p *rules.ProfileSpec) { p.Weights.Split = 0 })))
	})
	t.Run("bad order group", func(t *testing.T) {
		o := order
		o.ShipTogether = [][]int{{0, 5}}
		_, err := orchestrate.Solve(context.Background(), o, snap, ruleSet(t, nil), orchestrate.Options{})
		require.ErrorIs(t, err, sourcing.ErrInvalid)
		require.ErrorContains(t, err, "order.ship_together[0][1]: 5")
	})
}

func TestExcludeNodes(t *testing.T) {
	snap, _, order := presetWorld(t)
	rs := ruleSet(t, func(p *rules.ProfileSpec) { p.Filters.ExcludeNodes = []stock.NodeID{"wh-dijon"} })
	res := solve(t, order, snap, rs)
	for _, p := range res.Plans {
		require.NotContains(t, p.Nodes(), stock.NodeID("wh-dijon"))
	}
	require.Contains(t, res.Excluded(), orchestrate.Exclusion{Node: "wh-dijon", Reason: orchestrate.ReasonNamed})
}

func TestRegionCondition(t *testing.T) {
	snap, carriers, order := presetWorld(t)
	rs, err := rules.New(rules.Spec{Version: "r", Currency: "EUR", Carriers: carriers, Profiles: []rules.ProfileSpec{
		{Name: "alps", When: rules.Condition{Regions: []string{"ARA"}}, Weights: rules.Weights{Backorder: 1}},
		{Name: "default", Weights: rules.Weights{Backorder: 100_000}},
	}})
	require.NoError(t, err)
	order.Region = "ARA"
	require.Equal(t, "alps", solve(t, order, snap, rs).Profile)
	order.Region = "IDF"
	require.Equal(t, "default", solve(t, order, snap, rs).Profile)
}

// TestOnTimeFallback: a promise of 1 day only the Lyon store (5 km, 1-day
// zone) can keep, for 3 A of 4; the profile forbids late shipments, and
// backorders are forbidden too. Nothing meets the promise at first; widening
// by 1 day lets the warehouses in; the handover profile is never needed.
func TestOnTimeFallback(t *testing.T) {
	snap, carriers, order := presetWorld(t)
	order.PromiseDays = 1
	strict := rules.ProfileSpec{Name: "strict", Weights: rules.Weights{Split: 300, PerKm: 500_000, Backorder: 100_000},
		Filters:  rules.Filters{OnTime: true, ShipComplete: true},
		Fallback: rules.Fallback{WidenDays: []sourcing.Days{1, 3}, Profile: "relaxed"}}
	relaxed := rules.ProfileSpec{Name: "relaxed", When: rules.Condition{Channels: []string{"never"}}, Weights: rules.Weights{Backorder: 100_000}}
	rs, err := rules.New(rules.Spec{Version: "f1", Currency: "EUR", Carriers: carriers, Profiles: []rules.ProfileSpec{strict, relaxed}})
	require.NoError(t, err)
	res := solve(t, order, snap, rs)
	want := []orchestrate.Attempt{
		{Profile: "strict", ToleranceDays: 0, Error: "order o1: no feasible plan: profile strict requires shipping complete and the allowed nodes cannot ship every unit"},
		{Profile: "strict", ToleranceDays: 1, Met: true},
	}
	require.Equal(t, want, res.Attempts)
	require.Equal(t, "strict", res.Profile)
	for _, s := range res.Plans[0].Shipments {
		require.LessOrEqual(t, s.ETADays, sourcing.Days(2))
	}

	// Hand over: with no widening, the relaxed profile serves; it cannot
	// keep a 1-day promise either (the warehouses are 2 days away), so the
	// result is its plan, marked not met.
	strict.Fallback.WidenDays = nil
	rs, err = rules.New(rules.Spec{Version: "f2", Currency: "EUR", Carriers: carriers, Profiles: []rules.ProfileSpec{strict, relaxed}})
	require.NoError(t, err)
	res = solve(t, order, snap, rs)
	require.Len(t, res.Attempts, 2)
	require.Equal(t, "relaxed", res.Profile)
	if diff := cmp.Diff(orchestrate.Attempt{Profile: "relaxed", Missed: "plan 1 ships from wh-dijon in 2 days, beyond 1 + 0"}, res.Attempts[1]); diff != "" {
		t.Fatalf("res.Attempts[1] mismatch (-want +got):\n%s", diff)
	}
	require.NotEmpty(t, res.Plans)
}

func TestFallbackValidation(t *testing.T) {
	_, carriers, _ := presetWorld(t)
	_, err := rules.New(rules.Spec{Version: "v", Currency: "EUR", Carriers: carriers, Profiles: []rules.ProfileSpec{
		{Name: "a", Fallback: rules.Fallback{Profile: "b", WidenDays: []sourcing.Days{2, 2}}},
		{Name: "b", Fallback: rules.Fallback{Profile: "a"}},
		{Name: "c", Fallback: rules.Fallback{Profile: "nope"}},
	}})
	require.Error(t, err)
	for _, want := range []string{
		"profiles[0].fallback.widen_days[1]: 2",
		`profiles[0].fallback.profile: "b": fallbacks loop back to a`,
		`profiles[2].fallback.profile: "nope": no profile of that name`,
	} {
		require.ErrorContains(t, err, want)
	}
}

// TestSensitivity compares Sensitivity with a scan of every value of the
// weight over a range: the answer is the value closest to the current one
// where plan 1 ships from the node.
func TestSensitivity(t *testing.T) {
	snap, _, order := presetWorld(t)
	for _, tc := range []struct {
		weight string
		node   stock.NodeID
		from   sourcing.Money
	}{
		{"split", "st-lyon", 300},
		{"split", "wh-paris", 300},
		{"backorder", "wh-paris", 2000},
		{"priority", "wh-paris", 0},
		{"priority", "st-lyon", 50},
		{"backorder", "st-lyon", 2000},
		{"backorder", "st-lyon", 100},
		{"backorder", "wh-dijon", 100},
		{"split", "st-lyon", 2500},
	} {
		t.Run(fmt.Sprintf("%s/%s", tc.weight, tc.node), func(t *testing.T) {
			set := func(p *rules.ProfileSpec, v sourcing.Money) {
				switch tc.weight {
				case "split":
					p.Weights.Split = v
				case "backorder":
					p.Weights.Backorder = v
				case "priority":
					p.Weights.Priority = v
				}
			}
			const limit = 3000
			rs := ruleSet(t, func(p *rules.ProfileSpec) { set(p, tc.from) })
			got, err := orchestrate.Sensitivity(context.Background(), order, snap, rs, tc.node, tc.weight, limit, orchestrate.Options{})
			require.NoError(t, err)
			// Brute force over [0, limit].
			uses := func(v sourcing.Money) bool {
				res := solve(t, order, snap, ruleSet(t, func(p *rules.ProfileSpec) { set(p, v) }))
				return slices.Contains(res.Plans[0].Nodes(), tc.node)
			}
			want, found := sourcing.Money(0), false
			for d := sourcing.Money(0); d <= limit && !found; d++ {
				for _, v := range []sourcing.Money{tc.from - d, tc.from + d} {
					if v >= 0 && v <= limit && uses(v) {
						want, found = v, true
						break
					}
				}
			}
			require.Equal(t, found, got.Found, "found (brute force answer %d)", want)
			if found {
				require.Equal(t, want, got.To)
				require.Contains(t, got.Plan.Nodes(), tc.node)
			}
			t.Logf("%s for %s: %d → %v %d in %d solves", tc.weight, tc.node, tc.from, got.Found, got.To, got.Calls)
		})
	}
	_, err := orchestrate.Sensitivity(context.Background(), order, snap, ruleSet(t, nil), "st-lyon", "per_km", 0, orchestrate.Options{})
	require.ErrorIs(t, err, orchestrate.ErrNotLinear)
}

// TestLinearWeightsIsACopy: the list LinearWeights returns is the caller's;
// changing it changes neither the next call's list nor the weights
// Sensitivity answers for.
func TestLinearWeightsIsACopy(t *testing.T) {
	snap, _, order := presetWorld(t)
	want := orchestrate.LinearWeights()
	got := orchestrate.LinearWeights()
	for i := range got {
		got[i] = "per_km"
	}
	require.Equal(t, want, orchestrate.LinearWeights())
	_, err := orchestrate.Sensitivity(context.Background(), order, snap, ruleSet(t, nil), "st-lyon", "split", 0, orchestrate.Options{})
	require.NoError(t, err)
	_, err = orchestrate.Sensitivity(context.Background(), order, snap, ruleSet(t, nil), "st-lyon", "per_km", 0, orchestrate.Options{})
	require.ErrorIs(t, err, orchestrate.ErrNotLinear)
}

// TestRegistrySwapWhileSolving solves from many goroutines while the
// registry swaps rule sets: every result is whole and names a version that
// was in force, and its plans are those of that version.
func TestRegistrySwapWhileSolving(t *testing.T) {
	snap, _, order := presetWorld(t)
	const versions = 8
	sets := make([]*rules.RuleSet, versions)
	wantCost := map[string]sourcing.Money{}
	for i := range versions {
		_, carriers, _ := presetWorld(t)
		rs, err := rules.New(rules.Spec{Version: fmt.Sprintf("v%d", i), Currency: "EUR", Carriers: carriers,
			Profiles: []rules.ProfileSpec{{Name: "p", Weights: rules.Weights{Split: sourcing.Money(100 * i), PerKm: 500_000, Backorder: 100_000}}}})
		require.NoError(t, err)
		sets[i] = rs
		wantCost[rs.Version()] = solve(t, order, snap, rs).Plans[0].Cost
	}
	reg := rules.NewRegistry(sets[0])
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := reg.Swap(sets[i%versions]); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	var solvers sync.WaitGroup
	for range 8 {
		solvers.Add(1)
		go func() {
			defer solvers.Done()
			for range 200 {
				rs := reg.Current()
				res, err := orchestrate.Solve(context.Background(), order, snap, rs, orchestrate.Options{})
				if err != nil {
					t.Error(err)
					return
				}
				if res.PolicyVersion != rs.Version() || res.Plans[0].Cost != wantCost[res.PolicyVersion] {
					t.Errorf("version %s: cost %d, want %d", res.PolicyVersion, res.Plans[0].Cost, wantCost[res.PolicyVersion])
				}
			}
		}()
	}
	solvers.Wait()
	close(stop)
	wg.Wait()
	// A new content under a version in use is refused.
	changed := sets[0].Spec()
	changed.Profiles[0].Weights.Split = 999
	rs, err := rules.New(changed)
	require.NoError(t, err)
	reg2 := rules.NewRegistry(sets[0])
	_, err = reg2.Swap(rs)
	require.True(t, errors.Is(err, rules.ErrVersionReused))
}
