package rules_test

import (
	"fmt"
	"log"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// Diff lists what changed between two rule sets, for an audit log or a
// review before a swap.
func ExampleDiff() {
	before, err := rules.Parse([]byte(exampleRules))
	if err != nil {
		log.Fatal(err)
	}
	spec := before.Spec()
	spec.Version = "2026-11-26.2"
	spec.Profiles[0].Weights.Split = 800
	spec.Profiles[1].Filters.Keep = map[stock.NodeKind]sourcing.Qty{stock.Store: 1}
	after, err := rules.New(spec)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range rules.Diff(before, after) {
		fmt.Println(c)
	}
	// Output:
	// version 2026-11-26.1 → 2026-11-26.2
	// split 500 → 800 in profile black-friday (weights.split)
	// keep (none) → {"store":1} in profile default (filters.keep)
}

// Presets are rule sets shipped with the package: LoadPreset returns one
// by name.
func ExamplePresets() {
	fmt.Println(rules.Presets())
	// Output:
	// [priority distance fewest-locations cheapest]
}
