package rules_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

func TestDiff(t *testing.T) {
	a := mustNew(t, validSpec())
	spec := validSpec()
	spec.Version = "2026-11-26.2"
	spec.Profiles[0].Weights.Split = 800                                    // black-friday: 500 → 800
	spec.Profiles[1].Filters.ExcludeNodes = []stock.NodeID{"st-lyon"}       // vip: new exclusion
	spec.Profiles[2], spec.Profiles[1] = spec.Profiles[1], spec.Profiles[2] // vip and default swap
	spec.Profiles = append(spec.Profiles, rules.ProfileSpec{Name: "clearance"})
	spec.Carriers = spec.Carriers[:1] // express removed
	b := mustNew(t, spec)
	var got []string
	for _, c := range rules.Diff(a, b) {
		got = append(got, c.String())
	}
	want := []string{
		"version 2026-11-26.1 → 2026-11-26.2",
		"carrier parcel/express removed",
		"split 500 → 800 in profile black-friday (weights.split)",
		"profile default moved from position 2 to 1",
		"profile vip moved from position 1 to 2",
		`exclude_nodes (none) → ["st-lyon"] in profile vip (filters.exclude_nodes)`,
		"profile clearance added",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Diff mismatch (-want +got):\n%s", diff)
	}
	require.Empty(t, rules.Diff(a, a))
}

func TestRegistryUpdate(t *testing.T) {
	reg := rules.NewRegistry(mustNew(t, validSpec()))
	// A file without carriers or currency keeps those in force.
	rs, err := reg.Update([]byte(`{"version": "v2", "profiles": [{"name": "only", "weights": {"split": 1}}]}`))
	require.NoError(t, err)
	require.Equal(t, "v2", reg.Current().Version())
	require.Equal(t, sourcing.Currency("EUR"), rs.Currency())
	require.Len(t, rs.Carriers(), 2)
	// Invalid rules are refused, every problem named, and the rules in force stay.
	_, err = reg.Update([]byte(`{"version": "v3", "profiles": [{"name": "", "filters": {"max_km": -1, "max_shipments": -2}}]}`))
	require.Error(t, err)
	for _, want := range []string{"profiles[0].name", "profiles[0].filters.max_km", "profiles[0].filters.max_shipments"} {
		require.ErrorContains(t, err, want)
	}
	require.Equal(t, "v2", reg.Current().Version())
	// The same version with other content is refused; with the same content it is a no-op.
	_, err = reg.Update([]byte(`{"version": "v2", "profiles": [{"name": "only", "weights": {"split": 2}}]}`))
	require.ErrorIs(t, err, rules.ErrVersionReused)
	_, err = reg.Update([]byte(`{"version": "v2", "profiles": [{"name": "only", "weights": {"split": 1}}]}`))
	require.NoError(t, err)
	var empty rules.Registry
	require.Nil(t, empty.Current())
	_, err = empty.Swap(nil)
	require.ErrorIs(t, err, sourcing.ErrInvalid)
}

func TestNewFeatureValidation(t *testing.T) {
	spec := validSpec()
	p := &spec.Profiles[2]
	p.Filters.ShipTogether = [][]stock.SKU{{"A"}, {"B", "C", "B"}}
	p.Filters.ExcludeNodes = []stock.NodeID{""}
	p.Filters.ToleranceDays = -1
	p.Fallback = rules.Fallback{WidenDays: []sourcing.Days{3, 0}, Profile: "default"}
	_, err := rules.New(spec)
	require.Error(t, err)
	got := testkit.FieldNames(err)
	want := []string{
		"profiles[2].filters.exclude_nodes[0]",
		"profiles[2].filters.ship_together[0]",
		"profiles[2].filters.ship_together[1][2]",
		"profiles[2].filters.tolerance_days",
		"profiles[2].fallback.widen_days[1]",
		"profiles[2].fallback.profile",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("field errors mismatch (-want +got):\n%s\n%v", diff, err)
	}
	require.True(t, strings.Contains(err.Error(), `"B": already in ship_together[1]`), err.Error())
}

func TestProfileNewAccessors(t *testing.T) {
	spec := validSpec()
	p := &spec.Profiles[2]
	p.Filters.ShipTogether = [][]stock.SKU{{"A", "B"}}
	p.Filters.ExcludeNodes = []stock.NodeID{"st-9"}
	p.Filters.OnTime, p.Filters.ToleranceDays = true, 2
	p.Fallback = rules.Fallback{WidenDays: []sourcing.Days{2, 5}, Profile: "vip"}
	rs := mustNew(t, spec)
	prof, ok := rs.Profile("default")
	require.True(t, ok)
	g, ok := prof.TogetherGroup("B")
	require.True(t, ok)
	require.Equal(t, 0, g)
	_, ok = prof.TogetherGroup("Z")
	require.False(t, ok)
	require.True(t, prof.ExcludesNode("st-9"))
	require.False(t, prof.ExcludesNode("st-1"))
	on, tol := prof.OnTime()
	require.True(t, on)
	require.Equal(t, sourcing.Days(2), tol)
	fb := prof.Fallback()
	fb.WidenDays[0] = 99 // a copy
	if diff := cmp.Diff(rules.Fallback{WidenDays: []sourcing.Days{2, 5}, Profile: "vip"}, prof.Fallback()); diff != "" {
		t.Fatalf("prof.Fallback() mismatch (-want +got):\n%s", diff)
	}
}

// TestRegistryRefusesCurrencyChange: a rule set in another currency than
// the rules in force is refused by Update and Swap, whether it brings its
// own carriers or would keep the ones in force, and the rules in force
// stay.
func TestRegistryRefusesCurrencyChange(t *testing.T) {
	usd := validSpec()
	usd.Version = "usd-1"
	usd.Currency = "USD"
	tests := []struct {
		name string
		swap func(reg *rules.Registry) error
	}{
		{"update keeping the carriers", func(reg *rules.Registry) error {
			_, err := reg.Update([]byte(`{"version": "usd-2", "currency": "USD", "profiles": [{"name": "only"}]}`))
			return err
		}},
		{"swap of a prepared rule set", func(reg *rules.Registry) error {
			rs, err := reg.Prepare([]byte(`{"version": "usd-2", "currency": "USD", "profiles": [{"name": "only"}]}`))
			require.NoError(t, err, "Prepare validates the file alone")
			_, err = reg.Swap(rs)
			return err
		}},
		{"swap of a whole rule set", func(reg *rules.Registry) error {
			_, err := reg.Swap(mustNew(t, usd))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := mustNew(t, validSpec())
			reg := rules.NewRegistry(first)
			err := tt.swap(reg)
			require.ErrorIs(t, err, rules.ErrCurrencyChanged)
			require.ErrorContains(t, err, `currency: "USD"`)
			require.ErrorContains(t, err, "in EUR")
			require.Same(t, first, reg.Current())
		})
	}
}

// TestRegistryPrepare: Prepare validates and fills in what the file leaves
// out from the rules in force, without swapping; Swap then puts it in force.
func TestRegistryPrepare(t *testing.T) {
	first := mustNew(t, validSpec())
	reg := rules.NewRegistry(first)
	rs, err := reg.Prepare([]byte(`{"version": "v2", "profiles": [{"name": "only"}]}`))
	require.NoError(t, err)
	require.Same(t, first, reg.Current(), "Prepare must not swap")
	require.Equal(t, sourcing.Currency("EUR"), rs.Currency())
	require.Len(t, rs.Carriers(), 2)
	_, err = reg.Prepare([]byte(`{"version": "v3", "profiles": [{"name": ""}]}`))
	require.ErrorIs(t, err, sourcing.ErrInvalid)
	old, err := reg.Swap(rs)
	require.NoError(t, err)
	require.Same(t, first, old)
	require.Same(t, rs, reg.Current())
	// A registry without rules takes any currency.
	var empty rules.Registry
	rs, err = empty.Prepare([]byte(`{"version": "v1", "currency": "USD", "profiles": [{"name": "only"}]}`))
	require.NoError(t, err)
	require.Equal(t, sourcing.Currency("USD"), rs.Currency())
}
