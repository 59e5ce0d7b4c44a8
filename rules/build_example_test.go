package rules_test

import (
	"fmt"
	"log"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// A rule set built in Go, as a host that keeps its policy in its own
// configuration does: a carrier service, a profile for gold customers
// whose promise is a hard rule with a fallback, and a default profile.
// Weights in money are minor units; per-km and CO2 weights are rates
// (sourcing.MustRate for literals). New validates and copies the spec.
func ExampleRuleSet() {
	parcel := carrier.Spec{
		ID:        carrier.ServiceID{Carrier: "colissimo", Service: "home"},
		MaxParcel: 30_000,
		Zones:     []carrier.Zone{{MaxDistance: 100 * geo.Kilometre, Days: 1}, {MaxDistance: 1000 * geo.Kilometre, Days: 2}},
		Rates: []carrier.RateRow{
			{MaxWeight: 1_000, Prices: []sourcing.Money{825, 925}},
			{MaxWeight: 30_000, Prices: []sourcing.Money{3340, 3540}},
		},
	}
	rs, err := rules.New(rules.Spec{
		Version:  "2026-11-26.1",
		Currency: "EUR",
		Carriers: []carrier.Spec{parcel},
		Profiles: []rules.ProfileSpec{
			{
				Name:     "gold-express",
				When:     rules.Condition{Tiers: []string{"gold"}, Modes: []rules.Mode{rules.Home}},
				Weights:  rules.Weights{Split: 300, PerKm: sourcing.MustRate("0.5"), LatePerDay: 1500, Backorder: 100_000},
				Filters:  rules.Filters{OnTime: true, MaxShipments: 2},
				Fallback: rules.Fallback{WidenDays: []sourcing.Days{2}, Profile: "default"},
			},
			{
				Name:    "default",
				Weights: rules.Weights{Split: 350, PerKm: sourcing.MustRate("0.4"), Priority: 40, Backorder: 100_000},
				Filters: rules.Filters{
					Countries:    []string{"FR", "BE"},
					Keep:         map[stock.NodeKind]sourcing.Qty{stock.Store: 1},
					ExcludeNodes: []stock.NodeID{"store-lille-3"},
				},
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rs.Version(), rs.Currency(), len(rs.Carriers()), "carrier,", len(rs.Profiles()), "profiles")
	for _, tier := range []string{"gold", "silver"} {
		p, err := rs.Match(rules.Facts{Channel: "web", Mode: rules.Home, Country: "FR", Tier: tier})
		if err != nil {
			log.Fatal(err)
		}
		onTime, tolerance := p.OnTime()
		fmt.Printf("%s customer: profile %s, split %d, per km %s, on time %v (+%d days), keep in store %d, fallback %v\n",
			tier, p.Name(), p.Weights().Split, p.Weights().PerKm, onTime, tolerance, p.Keep(stock.Store), p.Fallback())
	}
	def, _ := rs.Profile("default")
	fmt.Println(def.AllowsCountry("DE"), def.ExcludesNode("store-lille-3"), def.MaxShipments())
	// Output:
	// 2026-11-26.1 EUR 1 carrier, 2 profiles
	// gold customer: profile gold-express, split 300, per km 0.5, on time true (+0 days), keep in store 0, fallback {[2] default}
	// silver customer: profile default, split 350, per km 0.4, on time false (+0 days), keep in store 1, fallback {[] }
	// false true 0
}
