package simulate_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// Parse reads a scenario file; Run solves its orders.
func ExampleParse() {
	data, err := os.ReadFile("../../testdata/scenarios/example-004.json")
	if err != nil {
		log.Fatal(err)
	}
	sc, err := simulate.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	outcomes, err := sc.Run(context.Background(), orchestrate.Options{K: 3}, false)
	if err != nil {
		log.Fatal(err)
	}
	for _, oc := range outcomes {
		for _, p := range oc.Result.Plans {
			fmt.Println(oc.Order, p.Rank, p.Cost.Format(sc.Rules.Currency()), sc.Rules.Currency(), p.Nodes())
		}
	}
	// Output:
	// o0 1 18.60 EUR [wa-1]
	// o0 2 18.72 EUR [wa-0]
	// o0 3 20.23 EUR [st-2]
}

// A malformed file is refused with the path and value of every problem:
// those of the JSON first, then those of the values that decoded.
func ExampleParse_error() {
	_, err := simulate.Parse([]byte(`{"name": "x", "currency": "EUR", "nodes": [{"id": "a", "kind": "shop", "lat": 1, "lng": 181, "lat": 2}]}`))
	for _, e := range sourcing.Errors(err) {
		fmt.Println(e)
	}
	// Output:
	// nodes[0].lat: given twice in the object
	// nodes[0].lng: 181: must be in [-180, 180]
	// nodes[0].kind: "shop": must be warehouse, store or supplier
	// policy: missing
	// nodes[0].country: "": must not be empty
}
