package orchestrate_test

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
)

// recorder is an observer that keeps every SolveStats it is given.
type recorder struct {
	mu    sync.Mutex
	stats []orchestrate.SolveStats
}

func (r *recorder) observe(s orchestrate.SolveStats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stats = append(r.stats, s)
}

// TestObserve: one call per Solve, successful or not, with the result's
// figures and the error's sentinel named by Outcome.
func TestObserve(t *testing.T) {
	snap, rs := limitsWorld(t, 10, 100, 10, rules.Weights{Split: 300, Backorder: 10_000})
	usd, err := rules.New(rules.Spec{Version: "usd", Currency: "USD", Profiles: []rules.ProfileSpec{{Name: "p"}}})
	require.NoError(t, err)
	complete, err := rules.New(rules.Spec{Version: "complete", Currency: "EUR", Profiles: []rules.ProfileSpec{{Name: "strict", Filters: rules.Filters{ShipComplete: true}}}})
	require.NoError(t, err)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	ok := limitsOrder(orchestrate.Line{SKU: "A", Qty: 2})
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		order   orchestrate.Order
		rs      *rules.RuleSet
		outcome string
		cut     bool
	}{
		{name: "solved", order: ok, rs: rs, outcome: "ok"},
		{name: "invalid order", order: limitsOrder(orchestrate.Line{SKU: "A", Qty: 0}), rs: rs, outcome: "invalid"},
		{name: "no destination", order: orchestrate.Order{ID: "o", Mode: rules.Home, Lines: ok.Lines}, rs: rs, outcome: "invalid"},
		{name: "unknown SKU", order: limitsOrder(orchestrate.Line{SKU: "NOPE", Qty: 1}), rs: rs, outcome: "unknown_sku"},
		{name: "currency", order: ok, rs: usd, outcome: "currency_mismatch"},
		{name: "infeasible", order: limitsOrder(orchestrate.Line{SKU: "B", Qty: 11}), rs: complete, outcome: "infeasible"},
		{name: "cancelled", ctx: cancelled, order: ok, rs: rs, outcome: "budget", cut: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorder
			ctx := tc.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := orchestrate.Solve(ctx, tc.order, snap, tc.rs, orchestrate.Options{Observe: rec.observe})
			require.Len(t, rec.stats, 1, "one call per Solve")
			s := rec.stats[0]
			require.Equal(t, tc.outcome, s.Outcome(), "%v", s.Err)
			require.Equal(t, err, s.Err)
			want := orchestrate.SolveStats{Order: tc.order.ID, Mode: tc.order.Mode, CutShort: tc.cut}
			if res != nil {
				want = orchestrate.SolveStats{Order: res.Order, Mode: res.Mode, Profile: res.Profile, PolicyVersion: res.PolicyVersion,
					Plans: len(res.Plans), Cost: res.Plans[0].Cost, Optimal: res.Optimal, Work: res.Work}
				require.Positive(t, s.Work)
			}
			if diff := cmp.Diff(want, s, cmpopts.IgnoreFields(orchestrate.SolveStats{}, "Err")); diff != "" {
				t.Errorf("SolveStats mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestObserveBudgetCut: a search the budget ends is counted as cut short,
// with or without plans.
func TestObserveBudgetCut(t *testing.T) {
	net := netgen.Generate(netgen.Config{Seed: 7, Nodes: 60, SKUs: 200})
	snap, rs, err := net.Snapshot()
	require.NoError(t, err)
	var rec recorder
	var cuts int
	for _, o := range net.Orders(7, 20, 3, 8) {
		res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{Budget: 1, Observe: rec.observe})
		s := rec.stats[len(rec.stats)-1]
		if err != nil {
			require.ErrorIs(t, err, orchestrate.ErrBudget)
			require.True(t, s.CutShort, "ErrBudget is a cut")
			require.Equal(t, "budget", s.Outcome())
		}
		if s.CutShort {
			cuts++
			require.False(t, s.Optimal)
			require.True(t, res == nil || !res.Optimal)
		}
	}
	require.Len(t, rec.stats, 20)
	require.Positive(t, cuts, "a budget of 1 cuts searches short")
}

// TestObserveEntryPoints: every search is observed: Promise's, Explain's
// and Reallocate's included; concurrent solves may share an observer.
func TestObserveEntryPoints(t *testing.T) {
	snap, rs := limitsWorld(t, 10, 100, 10, rules.Weights{Split: 300, Backorder: 10_000})
	o := limitsOrder(orchestrate.Line{SKU: "A", Qty: 2})
	ctx := context.Background()
	var rec recorder
	opts := orchestrate.Options{Observe: rec.observe}
	_, err := orchestrate.Explain(ctx, o, snap, rs, "store", opts)
	require.NoError(t, err)
	require.NotEmpty(t, rec.stats, "Explain")
	n := len(rec.stats)
	_, err = orchestrate.Promise(ctx, orchestrate.PromiseRequest{Channel: "web", Destination: o.Destination, Country: "FR", Basket: o.Lines}, snap, rs, opts)
	require.NoError(t, err)
	require.Greater(t, len(rec.stats), n, "Promise")
	n = len(rec.stats)
	res, err := orchestrate.Solve(ctx, o, snap, rs, orchestrate.Options{})
	require.NoError(t, err)
	plan := res.Plans[0]
	require.NotEmpty(t, plan.Shipments)
	_, err = orchestrate.Reallocate(ctx, o, plan.Shipments, orchestrate.Rejection{Node: plan.Shipments[0].Node}, snap, rs, opts)
	require.NoError(t, err)
	require.Equal(t, n+1, len(rec.stats), "Reallocate")

	var wg sync.WaitGroup
	rec.stats = nil
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				_, err := orchestrate.Solve(ctx, o, snap, rs, opts)
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	require.Len(t, rec.stats, 80)
}

// TestLogValue: a result and a plan log as one line of key=value pairs.
func TestLogValue(t *testing.T) {
	snap, rs := limitsWorld(t, 10, 100, 10, rules.Weights{Split: 300, Backorder: 10_000})
	o := limitsOrder(orchestrate.Line{SKU: "A", Qty: 2}, orchestrate.Line{SKU: "B", Qty: 20})
	res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: 2})
	require.NoError(t, err)
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	log.Info("sourced", "result", res, "next", res.Plans[1])
	line := buf.String()
	require.Equal(t, 1, strings.Count(line, "\n"), line)
	p := res.Plans[0]
	for _, kv := range []string{
		"msg=sourced", "result.order=o", "result.mode=home", "result.profile=default", "result.version=limits",
		"result.cost=" + itoa(int64(p.Cost)), "result.shipments=" + itoa(int64(len(p.Shipments))),
		"result.backordered=10", "result.plans=2", "result.optimal=true", "result.work=" + itoa(res.Work),
		"next.rank=2", "next.cost=" + itoa(int64(res.Plans[1].Cost)),
	} {
		require.Contains(t, line, kv)
	}
	require.NotContains(t, line, "result.rank", "the result logs plan 1's figures, not its rank")
	var empty orchestrate.Plan
	require.Equal(t, "rank=0 cost=0 shipments=0 nodes=\"\" backordered=0", slogText(empty))
	two := orchestrate.Plan{Rank: 1, Cost: 500, Shipments: []orchestrate.Shipment{{Node: "a"}, {Node: "b"}},
		Backordered: []orchestrate.Line{{SKU: "X", Qty: 2}, {SKU: "Y", Qty: 1}}}
	require.Equal(t, "rank=1 cost=500 shipments=2 nodes=a,b backordered=3", slogText(two))
}

// slogText returns v as the text handler writes a value without a key:
// its attributes, space-separated.
func slogText(v slog.LogValuer) string {
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey {
			return slog.Attr{}
		}
		return a
	}})).Info("", slog.Any("", v))
	return strings.TrimSpace(buf.String())
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
