package orchestrate_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/netgen"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// limitsWorld is a supplier and a store with stock of A and B as given,
// one carrier service, and a profile with the weights given.
func limitsWorld(t *testing.T, pickCost sourcing.Money, weight sourcing.Grams, onHand sourcing.Qty, w rules.Weights) (*stock.Snapshot, *rules.RuleSet) {
	t.Helper()
	nodes := []stock.Node{
		{ID: "sup", Kind: stock.Supplier, Location: geo.MustLatLng(48.8, 2.3), Country: "FR", Ships: true, HandlingCost: 100, PickCost: pickCost},
		{ID: "store", Kind: stock.Store, Location: geo.MustLatLng(45.7, 4.8), Country: "FR", Ships: true, HandlingCost: 300, PickCost: 30},
	}
	items := []stock.Item{{SKU: "A", Weight: weight}, {SKU: "B", Weight: 500}}
	levels := []stock.Record{
		{Node: "sup", SKU: "A", Level: stock.Level{OnHand: onHand}},
		{Node: "sup", SKU: "B", Level: stock.Level{OnHand: onHand}},
		{Node: "store", SKU: "A", Level: stock.Level{OnHand: 5}},
	}
	snap, err := stock.NewSnapshot("EUR", nodes, items, levels)
	require.NoError(t, err)
	rs, err := rules.New(rules.Spec{Version: "limits", Currency: "EUR",
		Carriers: []carrier.Spec{{ID: carrier.ServiceID{Carrier: "colis", Service: "home"}, MaxParcel: 30000,
			Zones: []carrier.Zone{{MaxDistance: 2000 * geo.Kilometre, Days: 2}},
			Rates: []carrier.RateRow{{MaxWeight: 30000, Prices: []sourcing.Money{1190}}}}},
		Profiles: []rules.ProfileSpec{{Name: "default", Weights: w}}})
	require.NoError(t, err)
	return snap, rs
}

func limitsOrder(lines ...orchestrate.Line) orchestrate.Order {
	return orchestrate.Order{ID: "o", Channel: "web", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(45.76, 4.84), Lines: lines}
}

// TestLimits: the largest quantities are served exactly, costs that would
// overflow int64 are an error and never a wrapped value, and bad orders are
// refused naming the field and value.
func TestLimits(t *testing.T) {
	plain := rules.Weights{Split: 300, PerKm: 500_000, Backorder: 10_000}
	type want struct {
		err    error  // errors.Is; nil = a feasible result
		field  string // the FieldError's field, if any
		inText string
	}
	for _, tc := range []struct {
		name     string
		pickCost sourcing.Money
		weight   sourcing.Grams
		onHand   sourcing.Qty
		w        rules.Weights
		order    orchestrate.Order
		want     want
	}{
		{name: "a billion units on one line", pickCost: 10, weight: 100, onHand: 2_000_000_000, w: plain,
			order: limitsOrder(orchestrate.Line{SKU: "A", Qty: 1_000_000_000})},
		{name: "a billion units over two lines of one SKU", pickCost: 10, weight: 100, onHand: 1_500_000_000, w: plain,
			order: limitsOrder(orchestrate.Line{SKU: "A", Qty: 1_000_000_000}, orchestrate.Line{SKU: "A", Qty: 1_000_000_000})},
		{name: "picking cost overflows", pickCost: 1e13, weight: 100, onHand: 2_000_000_000, w: plain,
			order: limitsOrder(orchestrate.Line{SKU: "A", Qty: 1_000_000_000}), want: want{err: orchestrate.ErrOverflow, inText: "cost overflows"}},
		{name: "backorder penalty overflows", pickCost: 10, weight: 100, onHand: 0, w: rules.Weights{Backorder: 1e12},
			order: limitsOrder(orchestrate.Line{SKU: "B", Qty: 1_000_000_000_000}), want: want{err: orchestrate.ErrOverflow}},
		{name: "empty order", w: plain, weight: 100, onHand: 1,
			order: limitsOrder(), want: want{err: sourcing.ErrInvalid, field: "order.lines"}},
		{name: "unknown SKU", w: plain, weight: 100, onHand: 1,
			order: limitsOrder(orchestrate.Line{SKU: "A", Qty: 1}, orchestrate.Line{SKU: "NOPE", Qty: 1}), want: want{err: stock.ErrUnknownSKU, field: "order.lines[1].sku", inText: `"NOPE"`}},
		{name: "zero quantity", w: plain, weight: 100, onHand: 1,
			order: limitsOrder(orchestrate.Line{SKU: "A", Qty: 0}), want: want{err: sourcing.ErrInvalid, field: "order.lines[0].qty"}},
		{name: "quantity beyond MaxQty", w: plain, weight: 100, onHand: 1,
			order: limitsOrder(orchestrate.Line{SKU: "A", Qty: stock.MaxQty + 1}), want: want{err: sourcing.ErrInvalid, field: "order.lines[0].qty"}},
		{name: "total beyond MaxQty", w: plain, weight: 100, onHand: 1,
			order: limitsOrder(orchestrate.Line{SKU: "A", Qty: stock.MaxQty}, orchestrate.Line{SKU: "B", Qty: 1}), want: want{err: sourcing.ErrInvalid, field: "order.lines"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap, rs := limitsWorld(t, tc.pickCost, tc.weight, tc.onHand, tc.w)
			res, err := orchestrate.Solve(context.Background(), tc.order, snap, rs, orchestrate.Options{})
			if tc.want.err == nil {
				require.NoError(t, err)
				checkFeasible(t, snap, tc.order, res)
				return
			}
			require.ErrorIs(t, err, tc.want.err)
			require.Nil(t, res)
			if tc.want.field != "" {
				var fe *sourcing.FieldError
				require.True(t, errors.As(err, &fe), "%v", err)
				require.Equal(t, tc.want.field, fe.Field)
			}
			require.Contains(t, err.Error(), tc.want.inText)
		})
	}
}

// TestDestinationRequired: a home or reserve order without a destination
// (the zero LatLng) is refused naming order.lat, where it used to be
// solved to the point (0°, 0°); the point (0°, 0°) itself is a destination,
// and a collect order needs none.
func TestDestinationRequired(t *testing.T) {
	snap, rs := limitsWorld(t, 10, 100, 10, rules.Weights{Split: 300, Backorder: 10_000})
	lines := []orchestrate.Line{{SKU: "A", Qty: 1}}
	for _, tc := range []struct {
		name    string
		order   orchestrate.Order
		wantErr bool
	}{
		{name: "home without destination", order: orchestrate.Order{ID: "o", Mode: rules.Home, Country: "FR", Lines: lines}, wantErr: true},
		{name: "reserve without destination", order: orchestrate.Order{ID: "o", Mode: rules.Reserve, Country: "FR", Lines: lines}, wantErr: true},
		{name: "home to (0, 0)", order: orchestrate.Order{ID: "o", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(0, 0), Lines: lines}},
		{name: "collect without destination", order: orchestrate.Order{ID: "o", Mode: rules.Collect, Country: "FR", PickupNode: "store", Lines: lines}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.order.Validate(snap)
			if !tc.wantErr {
				// collect is refused for its pickup node (not a pickup
				// point), never for its destination.
				for _, e := range sourcing.Errors(err) {
					var fe *sourcing.FieldError
					require.True(t, errors.As(e, &fe), "%v", e)
					require.NotEqual(t, "order.lat", fe.Field)
				}
				return
			}
			require.ErrorIs(t, err, sourcing.ErrInvalid)
			var fe *sourcing.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			require.Equal(t, "order.lat", fe.Field)
			require.Contains(t, err.Error(), "needs the customer's location")
			res, err := orchestrate.Solve(context.Background(), tc.order, snap, rs, orchestrate.Options{})
			require.ErrorIs(t, err, sourcing.ErrInvalid)
			require.Nil(t, res)
		})
	}
	_, err := orchestrate.Promise(context.Background(), orchestrate.PromiseRequest{Channel: "web", Country: "FR", Basket: lines}, snap, rs, orchestrate.Options{})
	require.ErrorContains(t, err, "order.lat")
}

// Weights whose sum would overflow: a unit no service can carry (here a
// tonne, for parcels of 30 kg) is listed as such, per node and SKU, and the
// plan backorders it; its cost is exact, not wrapped.
func TestUncarriableUnits(t *testing.T) {
	snap, rs := limitsWorld(t, 10, 1_000_000_000, stock.MaxQty, rules.Weights{Backorder: 100})
	o := limitsOrder(orchestrate.Line{SKU: "A", Qty: stock.MaxQty})
	res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{})
	require.NoError(t, err)
	checkFeasible(t, snap, o, res)
	require.Empty(t, res.Plans[0].Shipments)
	require.Equal(t, sourcing.Money(100*stock.MaxQty), res.Plans[0].Cost)
	var tooLarge []stock.NodeID
	for _, x := range res.Excluded() {
		if x.Reason == orchestrate.ReasonTooLarge && x.SKU == "A" {
			tooLarge = append(tooLarge, x.Node)
			require.Contains(t, x.Detail(), "1000000000 g")
		}
	}
	if diff := cmp.Diff([]stock.NodeID{"store", "sup"}, tooLarge); diff != "" {
		t.Fatalf("tooLarge mismatch (-want +got):\n%s", diff)
	}
}

// Coordinates: NaN, infinities and out-of-range values never make a
// LatLng, and order JSON carrying them is refused naming the field.
func TestBadCoordinates(t *testing.T) {
	for _, c := range [][2]float64{{math.NaN(), 2}, {48, math.NaN()}, {math.Inf(1), 2}, {48, math.Inf(-1)}, {90.0001, 0}, {-91, 0}, {0, 180.5}, {0, -181}} {
		_, err := geo.LatLngFromDegrees(c[0], c[1])
		require.ErrorIs(t, err, geo.ErrCoordinates, "%v", c)
	}
	for _, doc := range []string{
		`{"id":"o","channel":"web","mode":"home","lat":91,"lng":2,"country":"FR","lines":[{"sku":"A","qty":1}]}`,
		`{"id":"o","channel":"web","mode":"home","lat":48,"lng":1e999,"country":"FR","lines":[{"sku":"A","qty":1}]}`,
		`{"id":"o","channel":"web","mode":"home","lat":"NaN","lng":2,"country":"FR","lines":[{"sku":"A","qty":1}]}`,
	} {
		_, err := orchestrate.DecodeOrder([]byte(doc), "orders[3]")
		require.Error(t, err, doc)
		var fe *sourcing.FieldError
		require.True(t, errors.As(err, &fe), "%v", err)
		require.True(t, strings.HasPrefix(fe.Field, "orders[3].l"), "field %q", fe.Field)
	}
}

// The same SKU on several lines: the lines share the SKU's stock, and a
// plan never ships more of it from a node than the node has.
func TestSameSKUOnSeveralLines(t *testing.T) {
	snap, rs := limitsWorld(t, 10, 100, 0, rules.Weights{Split: 300, Backorder: 10_000})
	o := limitsOrder(orchestrate.Line{SKU: "A", Qty: 3}, orchestrate.Line{SKU: "A", Qty: 4})
	res, err := orchestrate.Solve(context.Background(), o, snap, rs, orchestrate.Options{K: 5})
	require.NoError(t, err)
	checkFeasible(t, snap, o, res)
	best := res.Plans[0]
	require.Len(t, best.Shipments, 1)
	if diff := cmp.Diff([]orchestrate.Line{{SKU: "A", Qty: 5}}, best.Shipments[0].Lines); diff != "" {
		t.Fatalf("the store's 5 units, once (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]orchestrate.Line{{SKU: "A", Qty: 2}}, best.Backordered); diff != "" {
		t.Fatalf("best.Backordered mismatch (-want +got):\n%s", diff)
	}
}

// Orders of 10,000 lines and networks of 50,000 nodes are served within
// the work budget: a feasible plan, marked not optimal when cut short, and
// a lower bound below it.
func TestHugeInstances(t *testing.T) {
	if !longRun() || testing.Short() || raceEnabled {
		t.Skip("builds a 50,000-node network: a long run only (SOURCING_LONG=1), single-threaded, so not under the race detector")
	}
	ctx := context.Background()
	f := networkOf(t, 500)
	big := f.net.Orders(2, 1, 1, 1)[0]
	big.Lines = nil
	for i := range orchestrate.MaxLines {
		big.Lines = append(big.Lines, orchestrate.Line{SKU: netgen.SKU(i), Qty: 1})
	}
	res, err := orchestrate.Solve(ctx, big, f.snap, f.rs, orchestrate.Options{K: 1})
	require.NoError(t, err)
	require.False(t, res.Optimal)
	checkFeasible(t, f.snap, big, res)
	require.NotEmpty(t, res.Plans[0].Shipments)
	tooBig := big
	tooBig.Lines = append(big.Lines, orchestrate.Line{SKU: netgen.SKU(0), Qty: 1})
	_, err = orchestrate.Solve(ctx, tooBig, f.snap, f.rs, orchestrate.Options{})
	require.ErrorIs(t, err, sourcing.ErrInvalid)

	huge := netgen.Generate(netgen.Config{Seed: 3, Nodes: 50_000, SKUs: 500})
	snap, rs, err := huge.Snapshot()
	require.NoError(t, err)
	for _, o := range huge.Orders(4, 5, 1, 8) {
		res, err := orchestrate.Solve(ctx, o, snap, rs, orchestrate.Options{K: 3, Budget: 200_000})
		require.NoError(t, err)
		checkFeasible(t, snap, o, res)
		require.LessOrEqual(t, res.Work, int64(200_000)+int64(len(o.Lines))*int64(snap.NumNodes()), "work stays near the budget")
	}
}

// A deadline that passes mid-search ends it: the best plan found so far is
// returned, feasible and marked not optimal — or ErrBudget when none was
// found — for orders small and huge.
func TestDeadlines(t *testing.T) {
	f := networkOf(t, 500)
	orders := f.net.Orders(21, 10, 1, 20)
	big := f.net.Orders(2, 1, 1, 1)[0]
	big.Lines = nil
	lines := 1_000
	if longRun() {
		lines = 2_000
	}
	if raceEnabled {
		lines, orders = 200, orders[:3] // about ten times slower
	}
	for i := range lines {
		big.Lines = append(big.Lines, orchestrate.Line{SKU: netgen.SKU(i), Qty: 1})
	}
	orders = append(orders, big)
	for _, o := range orders {
		full, err := orchestrate.Solve(context.Background(), o, f.snap, f.rs, orchestrate.Options{K: 3})
		require.NoError(t, err)
		for _, d := range []time.Duration{0, time.Microsecond, 100 * time.Microsecond, time.Millisecond} {
			ctx, cancel := context.WithTimeout(context.Background(), d)
			res, err := orchestrate.Solve(ctx, o, f.snap, f.rs, orchestrate.Options{K: 3})
			cancel()
			if err != nil {
				require.ErrorIs(t, err, orchestrate.ErrBudget, "order %s deadline %v", o.ID, d)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				continue
			}
			checkFeasible(t, f.snap, o, res)
			require.LessOrEqual(t, res.LowerBound, full.Plans[0].Cost)
			if res.Optimal {
				require.Equal(t, full.Plans[0].Cost, res.Plans[0].Cost, "order %s deadline %v", o.ID, d)
			} else {
				require.GreaterOrEqual(t, res.Plans[0].Cost, full.Plans[0].Cost)
			}
		}
	}
}

// Every entry point refuses what it cannot use with a clear error, the same
// way: a missing snapshot or rule set, mixed currencies, options naming
// nodes or services that do not exist; and an expired context.
func TestRefusals(t *testing.T) {
	snap, rs := limitsWorld(t, 10, 100, 10, rules.Weights{Split: 300, Backorder: 10_000})
	usd, err := rules.New(rules.Spec{Version: "usd", Currency: "USD", Profiles: []rules.ProfileSpec{{Name: "p"}}})
	require.NoError(t, err)
	o := limitsOrder(orchestrate.Line{SKU: "A", Qty: 2})
	ctx := context.Background()
	type entry func(snap *stock.Snapshot, rs *rules.RuleSet, opts orchestrate.Options) error
	entries := map[string]entry{
		"Solve": func(snap *stock.Snapshot, rs *rules.RuleSet, opts orchestrate.Options) error {
			_, err := orchestrate.Solve(ctx, o, snap, rs, opts)
			return err
		},
		"Explain": func(snap *stock.Snapshot, rs *rules.RuleSet, opts orchestrate.Options) error {
			_, err := orchestrate.Explain(ctx, o, snap, rs, "sup", opts)
			return err
		},
		"Sensitivity": func(snap *stock.Snapshot, rs *rules.RuleSet, opts orchestrate.Options) error {
			_, err := orchestrate.Sensitivity(ctx, o, snap, rs, "sup", "split", 0, opts)
			return err
		},
		"Reallocate": func(snap *stock.Snapshot, rs *rules.RuleSet, opts orchestrate.Options) error {
			shipments := []orchestrate.Shipment{{Node: "store", Lines: o.Lines}}
			_, err := orchestrate.Reallocate(ctx, o, shipments, orchestrate.Rejection{Node: "store"}, snap, rs, opts)
			return err
		},
		"Promise": func(snap *stock.Snapshot, rs *rules.RuleSet, opts orchestrate.Options) error {
			_, err := orchestrate.Promise(ctx, orchestrate.PromiseRequest{Channel: "web", Destination: o.Destination, Country: "FR", Basket: o.Lines}, snap, rs, opts)
			return err
		},
		"ExportMIP": func(snap *stock.Snapshot, rs *rules.RuleSet, opts orchestrate.Options) error {
			_, err := orchestrate.ExportMIP(ctx, o, snap, rs, opts)
			return err
		},
	}
	t.Run("Order.Validate", func(t *testing.T) {
		require.NoError(t, o.Validate(snap))
		require.ErrorIs(t, o.Validate(nil), sourcing.ErrInvalid, "a nil snapshot is refused, not a panic")
		for mode, want := range map[rules.Mode]string{0: "order.mode: must be home, collect or reserve", 7: "order.mode: 7: must be home, collect or reserve"} {
			bad := o
			bad.Mode = mode
			require.EqualError(t, bad.Validate(snap), want, "no Go-ism such as Mode(0)")
		}
	})
	for name, call := range entries {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, call(snap, rs, orchestrate.Options{}))
			require.ErrorIs(t, call(nil, rs, orchestrate.Options{}), sourcing.ErrInvalid)
			require.ErrorIs(t, call(snap, nil, orchestrate.Options{}), sourcing.ErrInvalid)
			require.ErrorIs(t, call(snap, usd, orchestrate.Options{}), orchestrate.ErrCurrencyMismatch)
			for _, tc := range []struct {
				opts  orchestrate.Options
				field string
				err   error
			}{
				{orchestrate.Options{K: -1}, "options.k", sourcing.ErrInvalid},
				{orchestrate.Options{Budget: -1}, "options.budget", sourcing.ErrInvalid},
				{orchestrate.Options{Exclude: []stock.NodeID{"store", "ghost"}}, "options.exclude[1]", stock.ErrUnknownNode},
				{orchestrate.Options{Require: []stock.NodeID{"ghost"}}, "options.require[0]", stock.ErrUnknownNode},
				{orchestrate.Options{Services: []carrier.ServiceID{{Carrier: "colis", Service: "express"}}}, "options.services[0]", sourcing.ErrInvalid},
			} {
				err := call(snap, rs, tc.opts)
				require.ErrorIs(t, err, tc.err, "%+v", tc.opts)
				var fe *sourcing.FieldError
				require.True(t, errors.As(err, &fe), "%v", err)
				require.Equal(t, tc.field, fe.Field)
			}
		})
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = orchestrate.Solve(cancelled, o, snap, rs, orchestrate.Options{})
	require.ErrorIs(t, err, orchestrate.ErrBudget)
	require.ErrorIs(t, err, context.Canceled)
	_, err = orchestrate.Sensitivity(ctx, o, snap, rs, "sup", "per_km", 0, orchestrate.Options{})
	require.ErrorIs(t, err, orchestrate.ErrNotLinear)
	_, err = orchestrate.Sensitivity(ctx, o, snap, rs, "sup", "nonsense", 0, orchestrate.Options{})
	require.ErrorIs(t, err, sourcing.ErrInvalid)
	require.Contains(t, err.Error(), `"nonsense"`)
}
