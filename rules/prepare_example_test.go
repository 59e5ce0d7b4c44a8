package rules_test

import (
	"fmt"
	"log"
	"os"

	"github.com/sourcing-go/sourcing/rules"
)

// Prepare validates a rule file against the rules in force without swapping
// it in, so the host can check it further before Swap; a rule set in
// another currency is refused at the swap.
func ExampleRegistry_Prepare() {
	v1, err := os.ReadFile("../testdata/rules/retailer.json")
	if err != nil {
		log.Fatal(err)
	}
	first, err := rules.Parse(v1)
	if err != nil {
		log.Fatal(err)
	}
	reg := rules.NewRegistry(first)
	next, err := reg.Prepare([]byte(`{"version": "2026-11-21.1", "currency": "USD",
		"profiles": [{"name": "default", "weights": {"split": 500}}]}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(next.Version(), next.Currency(), len(next.Carriers()), "carriers kept")
	_, err = reg.Swap(next)
	fmt.Println(err)
	fmt.Println("in force:", reg.Current().Version())
	// Output:
	// 2026-11-21.1 USD 2 carriers kept
	// currency: "USD": the rules in force (2026-11-20.1) are in EUR; a swap cannot change the currency
	// in force: 2026-11-20.1
}
