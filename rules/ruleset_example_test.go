package rules_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

const exampleRules = `{
  "version": "2026-11-26.1",
  "currency": "EUR",
  "profiles": [
    {"name": "black-friday",
     "when": {"from": "2026-11-27T00:00:00+01:00", "to": "2026-11-28T00:00:00+01:00"},
     "weights": {"split": 500, "per_km": 0.25, "backorder": 50000},
     "filters": {"kinds": ["warehouse"]}},
    {"name": "default",
     "weights": {"split": 300, "per_km": 0.5, "backorder": 100000},
     "filters": {"line_split": false, "forbid_tags": {"store": ["hazmat"]}}}
  ]
}`

func ExampleParse() {
	rs, err := rules.Parse([]byte(exampleRules))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rs.Version(), rs.Currency(), len(rs.Profiles()))

	_, err = rules.Parse([]byte(`{"version": "v2", "currency": "EUR",
		"profiles": [{"name": "default", "filters": {"max_km": 50, "linesplit": false}}]}`))
	fmt.Println(err)
	// Output:
	// 2026-11-26.1 EUR 2
	// profiles[0].filters.linesplit: unknown field
}

func ExampleNew() {
	_, err := rules.New(rules.Spec{
		Currency: "EUR",
		Profiles: []rules.ProfileSpec{
			{Name: "default", Filters: rules.Filters{MaxShipments: -1}},
			{Name: "default"},
		},
	})
	fmt.Println(err)
	// Output:
	// version: "": must not be empty
	// profiles[0].filters.max_shipments: -1: must be ≥ 0
	// profiles[1].name: "default": already the name of profiles[0]
}

func ExampleRuleSet_Match() {
	rs, err := rules.Parse([]byte(exampleRules))
	if err != nil {
		fmt.Println(err)
		return
	}
	paris := time.FixedZone("CET", 3600)
	for _, placed := range []time.Time{
		time.Date(2026, 11, 27, 9, 30, 0, 0, paris),
		time.Date(2026, 11, 28, 0, 0, 0, 0, paris), // the window is [from, to)
		{}, // no placed_at: never in a window
	} {
		p, err := rs.Match(rules.Facts{Channel: "web", Mode: rules.Home, PlacedAt: placed})
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(p.Name(), p.Weights().Split)
	}

	strict, _ := rules.New(rules.Spec{Version: "v", Currency: "EUR", Profiles: []rules.ProfileSpec{
		{Name: "gold", When: rules.Condition{Tiers: []string{"gold"}}},
	}})
	_, err = strict.Match(rules.Facts{Tier: "silver"})
	fmt.Println(errors.Is(err, rules.ErrNoProfile))
	// Output:
	// black-friday 500
	// default 300
	// default 300
	// true
}

func ExampleCondition_Matches() {
	c := rules.Condition{Modes: []rules.Mode{rules.Home}, TagsAny: []string{"gift", "b2b"}, MinValue: 10_000}
	fmt.Println(c.Matches(rules.Facts{Mode: rules.Home, Tags: []string{"b2b"}, Value: 12_000}))
	fmt.Println(c.Matches(rules.Facts{Mode: rules.Home, Tags: []string{"b2b"}, Value: 9_000}))
	fmt.Println(c.Matches(rules.Facts{Mode: rules.Collect, Tags: []string{"gift"}, Value: 12_000}))
	// Output:
	// true
	// false
	// false
}

func ExampleProfile_ForbiddenTag() {
	rs, err := rules.Parse([]byte(exampleRules))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := rs.Profile("default")
	fmt.Println(p.ForbiddenTag(stock.Store, []string{"fragile", "hazmat"}))
	fmt.Println(p.ForbiddenTag(stock.Warehouse, []string{"fragile", "hazmat"}))
	fmt.Println(p.WholeLines(), p.AllowsKind(stock.Supplier))
	// Output:
	// hazmat true
	//  false
	// true true
}

func ExampleRuleSet_MarshalJSON() {
	rs, err := rules.New(rules.Spec{Version: "v1", Currency: "EUR", Profiles: []rules.ProfileSpec{
		{Name: "default", Weights: rules.Weights{Split: 300, PerKm: 500_000}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := rs.MarshalJSON()
	fmt.Println(string(b))
	back, err := rules.Parse(b)
	fmt.Println(back.Version(), err)
	// Output:
	// {"version":"v1","currency":"EUR","profiles":[{"name":"default","weights":{"split":300,"per_km":0.5,"per_unit_km":0,"priority":0,"low_stock":0,"low_stock_below":0,"workload":0,"late_per_day":0,"co2_per_kg":0,"backorder":0},"filters":{"max_km":0,"max_shipments":0,"line_split":true,"ship_complete":false}}]}
	// v1 <nil>
}

func ExampleDecodeSpec() {
	// In a scenario file the rules sit under "policy".
	_, err := rules.DecodeSpec([]byte(`{"version": "v1", "profiles": [{"name": "a", "when": {"mode": ["delivery"]}}]}`), "policy")
	fmt.Println(err)
	// Output:
	// policy.profiles[0].when.mode[0]: "delivery": must be home, collect or reserve
}
