package orchestrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
)

// FuzzSolve solves small worlds: one of the exhaustive property test's
// random instances (by seed), then changed by the fuzzer's bytes — stock
// levels, line quantities, capacities, committed units, item weights and
// volumes, node costs. On every input Solve either refuses it with an
// error naming the problem, or answers exactly what the exhaustive
// enumerator answers: never more than available per (node, SKU) or
// capacity per node, shipped + backordered = ordered, every hard filter
// honoured, plans sorted, breakdowns summing to the costs. The same input
// gives the same output, and a search cut short by the budget still
// returns feasible plans and a lower bound below the optimum.
func FuzzSolve(f *testing.F) {
	for seed := range uint64(24) {
		f.Add(seed, uint16(0), []byte{})
	}
	f.Add(uint64(7), uint16(3), []byte{0, 0, 200, 1, 1, 0, 2, 0, 255, 3, 1, 9})
	f.Add(uint64(12), uint16(50), []byte{4, 2, 250, 5, 0, 0, 6, 1, 77})
	f.Fuzz(func(t *testing.T, seed uint64, budget uint16, edits []byte) {
		in := exhGenerate(seed)
		if len(edits) > 96 {
			edits = edits[:96]
		}
		for i := 0; i+2 < len(edits); i += 3 {
			applyEdit(in, edits[i], int(edits[i+1]), edits[i+2])
		}
		snap, rs, err := in.build()
		if err != nil {
			var fe *sourcing.FieldError
			if !errors.As(err, &fe) || fe.Field == "" {
				t.Fatalf("invalid world refused without naming a field: %v", err)
			}
			return
		}
		c := exhCase{order: in.order, snap: snap, rs: rs, opts: in.opts}
		if verr := c.order.Validate(snap); verr != nil {
			_, err := orchestrate.Solve(context.Background(), c.order, snap, rs, c.opts)
			var fe *sourcing.FieldError
			if !errors.Is(err, sourcing.ErrInvalid) || !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "order.") {
				t.Fatalf("an invalid order (%v) got %v", verr, err)
			}
			return
		}
		var log strings.Builder
		res := exhCheckCase(t, c, 3, nil, &log)
		if t.Failed() {
			t.Log(in.describe() + log.String())
			return
		}
		// The same input, the same output.
		again, err := orchestrate.Solve(context.Background(), c.order, snap, rs, withK(c.opts, 3))
		if (res == nil) != (again == nil) {
			t.Fatalf("a second solve answered differently: %v then %v (%v)", res, again, err)
		}
		if res != nil {
			a, _ := json.Marshal(res)
			b, _ := json.Marshal(again)
			if string(a) != string(b) {
				t.Fatalf("a second solve answered differently:\n%s\n%s", a, b)
			}
		}
		if budget == 0 || res == nil {
			return
		}
		opts := withK(c.opts, 3)
		opts.Budget = int64(budget)
		cut, err := orchestrate.Solve(context.Background(), c.order, snap, rs, opts)
		if err != nil {
			if !errors.Is(err, orchestrate.ErrBudget) && !errors.Is(err, orchestrate.ErrInfeasible) {
				t.Fatalf("budget %d: %v", budget, err)
			}
			return
		}
		checkFeasible(t, snap, c.order, cut)
		if len(cut.Attempts) > len(res.Attempts) {
			t.Fatalf("budget %d: %d attempts; without a budget, %d", budget, len(cut.Attempts), len(res.Attempts))
		}
		if len(cut.Attempts) < len(res.Attempts) {
			return // a chain cut short: another profile's plans
		}
		if cut.LowerBound > res.Plans[0].Cost || cut.Plans[0].Cost < res.Plans[0].Cost {
			t.Fatalf("budget %d: plan %d, bound %d; the optimum is %d", budget, cut.Plans[0].Cost, cut.LowerBound, res.Plans[0].Cost)
		}
	})
}

func withK(o orchestrate.Options, k int) orchestrate.Options {
	o.K = k
	return o
}

// applyEdit changes one number of the instance: what selects the field,
// at which element (modulo their count), v the new value.
func applyEdit(in *exhInstance, what byte, at int, v byte) {
	pick := func(n int) int { return at % n }
	switch what % 8 {
	case 0:
		if len(in.levels) > 0 {
			in.levels[pick(len(in.levels))].Level.OnHand = sourcing.Qty(v)
		}
	case 1:
		if len(in.levels) > 0 {
			l := &in.levels[pick(len(in.levels))].Level
			l.Reserved, l.Safety = sourcing.Qty(v%4), sourcing.Qty(v/64)
		}
	case 2:
		if len(in.order.Lines) > 0 {
			in.order.Lines[pick(len(in.order.Lines))].Qty = sourcing.Qty(v % 8)
		}
	case 3:
		if len(in.nodes) > 0 {
			in.nodes[pick(len(in.nodes))].Capacity = sourcing.Qty(v % 16)
		}
	case 4:
		if len(in.nodes) > 0 {
			in.nodes[pick(len(in.nodes))].Committed = sourcing.Qty(v % 16)
		}
	case 5:
		if len(in.items) > 0 {
			in.items[pick(len(in.items))].Weight = sourcing.Grams(v) * 200
		}
	case 6:
		if len(in.items) > 0 {
			in.items[pick(len(in.items))].Volume = sourcing.CubicCm(v) * 500
		}
	case 7:
		if len(in.nodes) > 0 {
			n := &in.nodes[pick(len(in.nodes))]
			n.HandlingCost, n.PickCost = sourcing.Money(v)*10, sourcing.Money(v%32)
		}
	}
}
