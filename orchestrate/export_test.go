package orchestrate

import (
	"context"

	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// SolveGreedyForTest runs the search Solve uses for orders beyond the exact
// search on any order, for tests that measure it against the exact search.
func SolveGreedyForTest(o Order, snap *stock.Snapshot, rs *rules.RuleSet) (Plan, error) {
	oc := o.clone()
	prof, _ := rs.Match(oc.facts())
	p := newProblem(&oc, snap, rs, prof, &Options{}, 0)
	p.gather(nil)
	s := &searcher{p: p, k: 1, budget: DefaultBudget, ctx: context.Background()}
	entries, err := s.greedy()
	if err != nil {
		return Plan{}, err
	}
	return p.assemble(entries[0])
}
