package rules_test

import (
	"fmt"
	"log"
	"os"

	"github.com/sourcing-go/sourcing/rules"
)

// A registry holds the rules in force; Update validates a new rule file and
// swaps it in while solves run. Diff says what changed.
func ExampleRegistry() {
	v1, err := os.ReadFile("../testdata/rules/retailer.json")
	if err != nil {
		log.Fatal(err)
	}
	first, err := rules.Parse(v1)
	if err != nil {
		log.Fatal(err)
	}
	reg := rules.NewRegistry(first)
	v2, err := os.ReadFile("../testdata/rules/retailer-v2.json")
	if err != nil {
		log.Fatal(err)
	}
	next, err := reg.Update(v2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("in force:", reg.Current().Version())
	for _, c := range rules.Diff(first, next) {
		fmt.Println(c)
	}
	// A broken file is refused, every problem named, and the rules stay.
	bad, err := os.ReadFile("../testdata/rules/retailer-invalid.json")
	if err != nil {
		log.Fatal(err)
	}
	_, err = reg.Update(bad)
	fmt.Println(err)
	fmt.Println("in force:", reg.Current().Version())
	// Output:
	// in force: 2026-11-26.1
	// version 2026-11-20.1 → 2026-11-26.1
	// max_shipments 2 → 3 in profile black-friday (filters.max_shipments)
	// split 600 → 800 in profile black-friday (weights.split)
	// exclude_nodes ["store-lille-3"] → (none) in profile default (filters.exclude_nodes)
	// carriers[0].rates[2].max_g: 400: must be greater than the row before
	// profiles[2].filters.max_km: -10: must be ≥ 0
	// profiles[3].weights.per_km: -2: must be ≥ 0
	// profiles[1].fallback.profile: "defualt": no profile of that name
	// in force: 2026-11-26.1
}

func ExampleLoadPreset() {
	spec, err := rules.LoadPreset("fewest-locations")
	if err != nil {
		log.Fatal(err)
	}
	w := spec.Profiles[0].Weights
	fmt.Println(spec.Version, int64(w.Split), int64(w.Backorder))
	// Output:
	// preset-fewest-locations-1 100000000 10000000000
}
