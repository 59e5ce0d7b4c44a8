package orchestrate_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
)

// exhScale multiplies an instance's money by large powers of two: node
// costs and carrier prices by moneyScale, the rule weights by weightScale
// (rules.MaxWeight bounds them). Costs then reach 2^54 minor units and
// more, where a float64 holds a cost only to within several units.
func exhScale(in *exhInstance, moneyScale, weightScale sourcing.Money) {
	for i := range in.nodes {
		in.nodes[i].HandlingCost *= moneyScale
		in.nodes[i].PickCost *= moneyScale
	}
	spec := &in.spec
	spec.Carriers = slices.Clone(spec.Carriers)
	for ci := range spec.Carriers {
		c := &spec.Carriers[ci]
		c.ParcelSurcharge *= moneyScale
		c.Rates = slices.Clone(c.Rates)
		for ri := range c.Rates {
			c.Rates[ri].Prices = slices.Clone(c.Rates[ri].Prices)
			for z := range c.Rates[ri].Prices {
				c.Rates[ri].Prices[z] *= moneyScale
			}
		}
	}
	spec.Profiles = slices.Clone(spec.Profiles)
	for pi := range spec.Profiles {
		w := &spec.Profiles[pi].Weights
		for _, m := range []*sourcing.Money{&w.Split, &w.Priority, &w.LowStock, &w.Workload, &w.LatePerDay, &w.Backorder} {
			*m = min(*m*weightScale, rules.MaxWeight)
		}
	}
	in.order.Value *= moneyScale
}

// TestSolveMatchesExhaustiveAtExtremeMagnitudes runs the exhaustive
// comparison on instances whose costs reach 2^54 minor units and beyond:
// the search's bounds, computed in floating point, must stay below the
// exact costs at any magnitude, so that a plan marked optimal is.
func TestSolveMatchesExhaustiveAtExtremeMagnitudes(t *testing.T) {
	n := 500
	if longRun() {
		n = 20_000
	}
	if raceEnabled {
		n = 100
	}
	tally := exhTally{}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			in := exhGenerate(seed)
			exhScale(in, 1<<42, 1<<30)
			exhCheckInstance(t, in, tally)
		})
	}
}
