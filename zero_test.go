package sourcing_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

var ctxType = reflect.TypeFor[context.Context]()

// TestZeroValuesDoNotPanic calls every exported method of the zero value of
// the library's types, with zero arguments (nil pointers and slices
// included; a background context for a context), and checks that none
// panics: a zero value or a nil argument is refused with an error or
// answered as empty. Accessors by position, which panic on a position out
// of range as a slice index does (a programmer's error, as in the standard
// library), are left out; so is a nil context, which the library, like the
// standard library, takes as a programmer's error.
func TestZeroValuesDoNotPanic(t *testing.T) {
	byPosition := map[string]bool{"*stock.Snapshot.NodeAt": true, "*carrier.Service.ZoneLimit": true}
	for _, v := range []any{
		&stock.Snapshot{}, &stock.Calendar{}, &stock.Node{}, &stock.Item{}, stock.Level{}, stock.Date{},
		&rules.RuleSet{}, &rules.Profile{}, &rules.Registry{}, rules.Spec{}, rules.Change{}, &rules.Condition{},
		&carrier.Service{}, carrier.ServiceID{}, carrier.Spec{}, carrier.Packing{},
		&orchestrate.Order{}, &orchestrate.Result{}, &orchestrate.Plan{}, orchestrate.Breakdown{}, orchestrate.FulfilmentRequest{},
		&simulate.Scenario{},
	} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumMethod() {
			m := rv.Type().Method(i)
			name := fmt.Sprintf("%s.%s", rv.Type(), m.Name)
			if byPosition[name] {
				continue
			}
			t.Run(name, func(t *testing.T) {
				args := make([]reflect.Value, m.Type.NumIn()-1)
				for j := range args {
					at := m.Type.In(j + 1)
					if at == ctxType {
						args[j] = reflect.ValueOf(context.Background())
					} else {
						args[j] = reflect.Zero(at)
					}
				}
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s on the zero value panics: %v", name, r)
					}
				}()
				rv.Method(i).Call(args)
			})
		}
	}
}

// TestZeroValuesAsDocumented checks what the documentation says the zero
// stock.Snapshot, rules.RuleSet and carrier.Service do.
func TestZeroValuesAsDocumented(t *testing.T) {
	ctx := context.Background()
	snap, err := stock.NewSnapshot("EUR",
		[]stock.Node{{ID: "store-lyon", Kind: stock.Store, Location: geo.MustLatLng(45.764, 4.8357), Country: "FR", Ships: true}},
		[]stock.Item{{SKU: "SHOE-42", Weight: 900}},
		[]stock.Record{{Node: "store-lyon", SKU: "SHOE-42", Level: stock.Level{OnHand: 3}}})
	require.NoError(t, err)
	rs, err := rules.New(rules.Spec{Version: "v1", Currency: "EUR", Profiles: []rules.ProfileSpec{{Name: "default"}}})
	require.NoError(t, err)
	order := orchestrate.Order{ID: "o1", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(45.19, 5.72),
		Lines: []orchestrate.Line{{SKU: "SHOE-42", Qty: 1}}}
	alloc := []stock.Allocation{{Node: "store-lyon", SKU: "SHOE-42", Qty: 1}}

	t.Run("stock.Snapshot", func(t *testing.T) {
		var zero stock.Snapshot
		require.Equal(t, sourcing.Currency(""), zero.Currency())
		require.Zero(t, zero.NumNodes())
		require.Zero(t, zero.NumItems())
		require.Zero(t, zero.NumLevels())
		require.Equal(t, stock.Level{}, zero.Level("store-lyon", "SHOE-42"))
		for id := range zero.Holders("SHOE-42") {
			t.Errorf("the zero Snapshot has a holder: %s", id)
		}
		for name, derive := range map[string]func([]stock.Allocation) (*stock.Snapshot, error){
			"Apply": zero.Apply, "Release": zero.Release,
			"WithLevels": func(a []stock.Allocation) (*stock.Snapshot, error) {
				var rec []stock.Record
				for _, x := range a {
					rec = append(rec, stock.Record{Node: x.Node, SKU: x.SKU})
				}
				return zero.WithLevels(rec)
			},
			"WithCommitted": func(a []stock.Allocation) (*stock.Snapshot, error) {
				var cs []stock.Commitment
				for _, x := range a {
					cs = append(cs, stock.Commitment{Node: x.Node})
				}
				return zero.WithCommitted(cs)
			},
		} {
			next, err := derive(nil)
			require.NoError(t, err, "%s of nothing", name)
			require.Zero(t, next.NumNodes(), "%s of nothing", name)
			_, err = derive(alloc)
			require.ErrorIs(t, err, stock.ErrUnknownNode, "%s of a node", name)
		}
		_, err := orchestrate.Solve(ctx, order, &zero, rs, orchestrate.Options{})
		require.ErrorIs(t, err, orchestrate.ErrCurrencyMismatch)
		_, err = orchestrate.Solve(ctx, order, nil, rs, orchestrate.Options{})
		require.ErrorIs(t, err, sourcing.ErrInvalid)
	})
	t.Run("rules.RuleSet", func(t *testing.T) {
		var zero rules.RuleSet
		require.Empty(t, zero.Version())
		require.Equal(t, sourcing.Currency(""), zero.Currency())
		require.Empty(t, zero.Carriers())
		require.Empty(t, zero.Profiles())
		_, err := zero.Match(rules.Facts{Mode: rules.Home, Country: "FR"})
		require.ErrorIs(t, err, rules.ErrNoProfile)
		_, err = orchestrate.Solve(ctx, order, snap, &zero, orchestrate.Options{})
		require.ErrorIs(t, err, orchestrate.ErrCurrencyMismatch)
		_, err = orchestrate.Solve(ctx, order, snap, nil, orchestrate.Options{})
		require.ErrorIs(t, err, sourcing.ErrInvalid)
		_, err = rules.NewRegistry(&zero).Swap(rs)
		require.ErrorIs(t, err, rules.ErrCurrencyChanged, "a registry of the zero RuleSet takes no currency")
		if diff := cmp.Diff(rules.Diff(&zero, rs), rules.Diff(nil, rs)); diff != "" {
			t.Errorf("Diff reads nil as the zero RuleSet (-zero +nil):\n%s", diff)
		}
	})
	t.Run("carrier.Service", func(t *testing.T) {
		var zero carrier.Service
		require.Equal(t, "no carrier", zero.ID().String())
		require.Zero(t, zero.Zones())
		require.Zero(t, zero.Reach())
		require.Zero(t, zero.MaxParcel())
		_, _, ok := zero.ZoneFor(0)
		require.False(t, ok, "ZoneFor")
		unit := []carrier.Piece{{Label: "SHOE-42", Weight: 900, Count: 1}}
		_, err := zero.Pack(unit)
		require.ErrorIs(t, err, carrier.ErrCannotCarry, "Pack")
		_, err = zero.Quote(unit, 0)
		require.ErrorIs(t, err, carrier.ErrCannotCarry, "Quote")
		_, ok = zero.Price(carrier.Packing{}, 0)
		require.False(t, ok, "Price")
		require.True(t, zero.Serves("store", carrier.ToHome, "FR"), "Serves")
	})
}
