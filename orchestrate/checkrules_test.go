package orchestrate_test

import (
	"fmt"
	"log"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

func TestCheckRules(t *testing.T) {
	snap, rs := network()
	tests := []struct {
		name  string
		edit  func(*rules.Spec)
		want  []string // the problems, in order
		is    []error  // a sentinel each problem wraps
		isNil bool
	}{
		{name: "fits", edit: func(*rules.Spec) {}, isNil: true},
		{name: "known node and SKUs", edit: func(s *rules.Spec) {
			s.Profiles[0].Filters.ExcludeNodes = []stock.NodeID{"store-dijon"}
			s.Profiles[0].Filters.ShipTogether = [][]stock.SKU{{"SHOE-42", "JACKET-M"}}
		}, isNil: true},
		{name: "other currency", edit: func(s *rules.Spec) { s.Currency = "USD" },
			want: []string{`currency: "USD": the stock is in EUR`},
			is:   []error{orchestrate.ErrCurrencyMismatch}},
		{name: "unknown excluded node", edit: func(s *rules.Spec) {
			s.Profiles[0].Filters.ExcludeNodes = []stock.NodeID{"store-dijon", "store-lyom"}
		},
			want: []string{`profiles[0].filters.exclude_nodes[1]: "store-lyom": no such node in the stock`},
			is:   []error{stock.ErrUnknownNode}},
		{name: "every problem", edit: func(s *rules.Spec) {
			s.Currency = "GBP"
			s.Profiles = append(s.Profiles, rules.ProfileSpec{Name: "vip", Filters: rules.Filters{
				ExcludeNodes: []stock.NodeID{"dc-lille"},
				ShipTogether: [][]stock.SKU{{"SHOE-42", "HAT"}},
			}})
		},
			want: []string{
				`currency: "GBP": the stock is in EUR`,
				`profiles[1].filters.exclude_nodes[0]: "dc-lille": no such node in the stock`,
				`profiles[1].filters.ship_together[0][1]: "HAT": no such item in the stock`,
			},
			is: []error{orchestrate.ErrCurrencyMismatch, stock.ErrUnknownNode, stock.ErrUnknownSKU}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := rs.Spec()
			tt.edit(&spec)
			next, err := rules.New(spec)
			require.NoError(t, err)
			err = orchestrate.CheckRules(snap, next)
			if tt.isNil {
				require.NoError(t, err)
				return
			}
			problems := sourcing.Errors(err)
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckRules mismatch (-want +got):\n%s", diff)
			}
			require.Len(t, problems, len(tt.is))
			for i, sentinel := range tt.is {
				require.ErrorIs(t, problems[i], sentinel)
			}
		})
	}
	require.ErrorIs(t, orchestrate.CheckRules(nil, rs), sourcing.ErrInvalid)
	require.ErrorIs(t, orchestrate.CheckRules(snap, nil), sourcing.ErrInvalid)
}

// A host checks a new rule set against its stock before swapping it in: a
// rule file in dollars would make every solve against a stock in euros
// fail.
func ExampleCheckRules() {
	snap, rs := network()
	reg := rules.NewRegistry(rs)
	next, err := reg.Prepare([]byte(`{"version": "2026-11-27.1",
		"profiles": [{"name": "default", "filters": {"exclude_nodes": ["store-lyom"]}}]}`))
	if err != nil {
		log.Fatal(err)
	}
	if err := orchestrate.CheckRules(snap, next); err != nil {
		fmt.Println("refused:", err)
	} else if _, err := reg.Swap(next); err != nil {
		log.Fatal(err)
	}
	fmt.Println("in force:", reg.Current().Version())
	// Output:
	// refused: profiles[0].filters.exclude_nodes[0]: "store-lyom": no such node in the stock
	// in force: 2026-11-26.1
}
