package orchestrate_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

// reallocateOrder is a home order to Lyon of lines, in the omnichannel world.
func reallocateOrder(lines ...orchestrate.Line) orchestrate.Order {
	return orchestrate.Order{ID: "rs1", Channel: "web", Mode: rules.Home, Country: "FR", Destination: geo.MustLatLng(45.76, 4.86),
		PlacedAt: thursday10, Lines: lines}
}

func ship(node stock.NodeID, lines ...orchestrate.Line) orchestrate.Shipment {
	return orchestrate.Shipment{Node: node, Lines: lines}
}

func line(sku stock.SKU, qty sourcing.Qty) orchestrate.Line {
	return orchestrate.Line{SKU: sku, Qty: qty}
}

// allocationsOf is what shipments take from stock.
func allocationsOf(shipments []orchestrate.Shipment) []stock.Allocation {
	p := orchestrate.Plan{Shipments: shipments}
	return p.Allocations()
}

// TestResource: what a rejection gives back, keeps and serves again. Each
// case holds the order's shipments (applied first when the rejection says
// Held) and checks the kept shipments, the remainder, the stock the
// remainder was solved on, and that plan 1 for the remainder, applied, has
// every unit of the order reserved exactly once.
func TestResource(t *testing.T) {
	type level struct {
		node             stock.NodeID
		sku              stock.SKU
		onHand, reserved sourcing.Qty
	}
	tests := []struct {
		name      string
		order     orchestrate.Order
		shipments []orchestrate.Shipment
		rejection orchestrate.Rejection
		kept      []orchestrate.Shipment
		remainder []orchestrate.Line
		levels    []level // in the snapshot Reallocate returns
	}{
		{
			name:      "a whole shipment refused, its stock gone",
			order:     reallocateOrder(line("A", 2), line("B", 1)),
			shipments: []orchestrate.Shipment{ship("wh-dijon", line("A", 2)), ship("st-villeurbanne", line("B", 1))},
			rejection: orchestrate.Rejection{Node: "st-villeurbanne", Reason: "not found on shelf", StockGone: true},
			kept:      []orchestrate.Shipment{ship("wh-dijon", line("A", 2))},
			remainder: []orchestrate.Line{line("B", 1)},
			levels:    []level{{"st-villeurbanne", "B", 1, 0}, {"wh-dijon", "A", 10, 0}},
		},
		{
			name:      "every line listed is the whole shipment",
			order:     reallocateOrder(line("A", 2), line("B", 1)),
			shipments: []orchestrate.Shipment{ship("wh-dijon", line("A", 2)), ship("st-villeurbanne", line("B", 1))},
			rejection: orchestrate.Rejection{Node: "st-villeurbanne", Lines: []orchestrate.Line{line("B", 1)}, StockGone: true},
			kept:      []orchestrate.Shipment{ship("wh-dijon", line("A", 2))},
			remainder: []orchestrate.Line{line("B", 1)},
			levels:    []level{{"st-villeurbanne", "B", 1, 0}},
		},
		{
			// The store refuses B and keeps A: A stays reserved there once,
			// and only B is served again.
			name:      "one line of two refused, held",
			order:     reallocateOrder(line("A", 1), line("B", 1)),
			shipments: []orchestrate.Shipment{ship("st-villeurbanne", line("A", 1), line("B", 1))},
			rejection: orchestrate.Rejection{Node: "st-villeurbanne", Lines: []orchestrate.Line{line("B", 1)}, Reason: "damaged", Held: true},
			kept:      []orchestrate.Shipment{ship("st-villeurbanne", line("A", 1))},
			remainder: []orchestrate.Line{line("B", 1)},
			levels:    []level{{"st-villeurbanne", "A", 1, 1}, {"st-villeurbanne", "B", 2, 0}},
		},
		{
			name:      "part of a line refused, held and gone",
			order:     reallocateOrder(line("A", 3)),
			shipments: []orchestrate.Shipment{ship("wh-dijon", line("A", 3))},
			rejection: orchestrate.Rejection{Node: "wh-dijon", Lines: []orchestrate.Line{line("A", 1)}, Held: true, StockGone: true},
			kept:      []orchestrate.Shipment{ship("wh-dijon", line("A", 2))},
			remainder: []orchestrate.Line{line("A", 1)},
			levels:    []level{{"wh-dijon", "A", 9, 2}},
		},
		{
			// After an earlier re-sourcing the warehouse has two shipments:
			// the refused units come off them in order.
			name:  "a node with two shipments",
			order: reallocateOrder(line("A", 3), line("B", 1)),
			shipments: []orchestrate.Shipment{
				ship("wh-dijon", line("A", 1)), ship("st-villeurbanne", line("B", 1)), ship("wh-dijon", line("A", 2)),
			},
			rejection: orchestrate.Rejection{Node: "wh-dijon", Lines: []orchestrate.Line{line("A", 1), line("A", 1)}, Held: true},
			kept:      []orchestrate.Shipment{ship("st-villeurbanne", line("B", 1)), ship("wh-dijon", line("A", 1))},
			remainder: []orchestrate.Line{line("A", 2)},
			levels:    []level{{"wh-dijon", "A", 10, 1}, {"st-villeurbanne", "B", 2, 1}},
		},
		{
			// Units no shipment covered (a plan's backorder) are served
			// again with the refused ones.
			name:      "a backorder served again",
			order:     reallocateOrder(line("A", 4), line("B", 1)),
			shipments: []orchestrate.Shipment{ship("st-villeurbanne", line("A", 1), line("B", 1))},
			rejection: orchestrate.Rejection{Node: "st-villeurbanne", Lines: []orchestrate.Line{line("A", 1)}, Held: true},
			kept:      []orchestrate.Shipment{ship("st-villeurbanne", line("B", 1))},
			remainder: []orchestrate.Line{line("A", 4)},
			levels:    []level{{"st-villeurbanne", "A", 1, 0}, {"st-villeurbanne", "B", 2, 1}},
		},
	}
	snap0, carriers := omniWorld(t)
	rs := omniRules(t, carriers, nil)
	split := rs.Spec().Profiles[1].Weights.Split
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := snap0
			if tt.rejection.Held {
				var err error
				snap, err = snap.Apply(allocationsOf(tt.shipments))
				require.NoError(t, err)
			}
			order, shipments, rejection := tt.order, slices.Clone(tt.shipments), tt.rejection
			for i := range shipments {
				shipments[i].Lines = slices.Clone(shipments[i].Lines)
			}
			out, err := orchestrate.Reallocate(context.Background(), order, shipments, rejection, snap, rs, orchestrate.Options{K: 3})
			require.NoError(t, err)
			if diff := cmp.Diff(tt.shipments, shipments); diff != "" {
				t.Errorf("Reallocate changed the shipments given (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(tt.kept, out.Kept); diff != "" {
				t.Errorf("Kept mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.remainder, out.Remainder.Lines); diff != "" {
				t.Errorf("Remainder mismatch (-want +got):\n%s", diff)
			}
			for _, l := range tt.levels {
				got := out.Snapshot.Level(l.node, l.sku)
				require.Equal(t, [2]sourcing.Qty{l.onHand, l.reserved}, [2]sourcing.Qty{got.OnHand, got.Reserved}, "%s/%s on hand and reserved", l.node, l.sku)
			}
			require.NotNil(t, out.Result)
			for _, p := range out.Result.Plans {
				require.NotContains(t, p.Nodes(), rejection.Node)
				require.Equal(t, split*sourcing.Money(len(p.Shipments)), p.Breakdown.Split, "every new shipment pays the split penalty")
			}
			if !rejection.Held {
				return
			}
			// Plan 1 applied: the order's units reserved once each, what is
			// not shipped backordered.
			best := out.Result.Plans[0]
			after, err := out.Snapshot.Apply(best.Allocations())
			require.NoError(t, err)
			reserved := map[stock.SKU]sourcing.Qty{}
			for _, b := range best.Backordered {
				reserved[b.SKU] += b.Qty
			}
			for n := range after.Nodes() {
				for it := range after.Items() {
					if d := after.Level(n.ID, it.SKU).Reserved - snap0.Level(n.ID, it.SKU).Reserved; d != 0 {
						reserved[it.SKU] += d
					}
				}
			}
			ordered := map[stock.SKU]sourcing.Qty{}
			for _, l := range order.Lines {
				ordered[l.SKU] += l.Qty
			}
			if diff := cmp.Diff(ordered, reserved); diff != "" {
				t.Errorf("units reserved by kept and new shipments, plus backordered, differ from the order (-ordered +reserved):\n%s", diff)
			}
		})
	}
}

// TestReallocateRefuses: a rejection or shipments that do not fit the order
// are refused, every problem named, and nothing is written off.
func TestReallocateRefuses(t *testing.T) {
	order := reallocateOrder(line("A", 2), line("B", 1))
	plan := []orchestrate.Shipment{ship("wh-dijon", line("A", 2)), ship("wh-paris", line("B", 1))}
	type fieldErr struct {
		Field string
		Err   error
	}
	tests := []struct {
		name      string
		shipments []orchestrate.Shipment
		rejection orchestrate.Rejection
		want      []fieldErr
	}{
		{name: "an unknown node", rejection: orchestrate.Rejection{Node: "st-nowhere"}, want: []fieldErr{{"rejection.node", stock.ErrUnknownNode}}},
		{name: "a node that ships nothing of the order", rejection: orchestrate.Rejection{Node: "st-lyon", StockGone: true}, want: []fieldErr{{"rejection.node", sourcing.ErrInvalid}}},
		{
			// Once wrote off 7 of the warehouse's 10 units of A.
			name:      "a SKU not in the order",
			shipments: []orchestrate.Shipment{ship("wh-dijon", line("B", 1))},
			rejection: orchestrate.Rejection{Node: "wh-dijon", Lines: []orchestrate.Line{line("A", 7)}, StockGone: true},
			want:      []fieldErr{{"rejection.lines[0].sku", sourcing.ErrInvalid}},
		},
		{
			name:      "a SKU the node does not ship",
			rejection: orchestrate.Rejection{Node: "wh-paris", Lines: []orchestrate.Line{line("A", 1)}, StockGone: true},
			want:      []fieldErr{{"rejection.lines[0].sku", sourcing.ErrInvalid}},
		},
		{
			name:      "more than the node ships",
			rejection: orchestrate.Rejection{Node: "wh-paris", Lines: []orchestrate.Line{line("B", 5)}, StockGone: true},
			want:      []fieldErr{{"rejection.lines[0]", sourcing.ErrInvalid}},
		},
		{
			name:      "more than the node ships, in two lines",
			rejection: orchestrate.Rejection{Node: "wh-dijon", Lines: []orchestrate.Line{line("A", 2), line("A", 1)}},
			want:      []fieldErr{{"rejection.lines[1]", sourcing.ErrInvalid}},
		},
		{
			name:      "no units, fewer than none",
			rejection: orchestrate.Rejection{Node: "wh-dijon", Lines: []orchestrate.Line{line("A", 0), line("A", -1)}},
			want:      []fieldErr{{"rejection.lines[0].qty", sourcing.ErrInvalid}, {"rejection.lines[1].qty", sourcing.ErrInvalid}},
		},
		{
			name:      "a shipment of a SKU not in the order",
			shipments: []orchestrate.Shipment{ship("wh-dijon", line("A", 2)), ship("sup-alpes", line("TENT", 1))},
			rejection: orchestrate.Rejection{Node: "wh-dijon"},
			want:      []fieldErr{{"shipments[1].lines[0].sku", sourcing.ErrInvalid}},
		},
		{
			name:      "shipments beyond the order",
			shipments: []orchestrate.Shipment{ship("wh-dijon", line("A", 2)), ship("st-lyon", line("A", 1))},
			rejection: orchestrate.Rejection{Node: "wh-dijon"},
			want:      []fieldErr{{"shipments[1].lines[0]", sourcing.ErrInvalid}},
		},
		{
			name:      "malformed shipments",
			shipments: []orchestrate.Shipment{ship("wh-nowhere", line("A", 1)), ship("wh-dijon"), ship("wh-paris", line("B", 0))},
			rejection: orchestrate.Rejection{Node: "wh-paris"},
			want: []fieldErr{
				{"shipments[0].node", stock.ErrUnknownNode}, {"shipments[1].lines", sourcing.ErrInvalid},
				{"shipments[2].lines[0].qty", sourcing.ErrInvalid},
			},
		},
	}
	snap, carriers := omniWorld(t)
	rs := omniRules(t, carriers, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shipments := tt.shipments
			if shipments == nil {
				shipments = plan
			}
			out, err := orchestrate.Reallocate(context.Background(), order, shipments, tt.rejection, snap, rs, orchestrate.Options{})
			require.Error(t, err)
			require.Nil(t, out)
			var got []fieldErr
			for _, fe := range testkit.FieldErrors(err) {
				got = append(got, fieldErr{fe.Field, fe.Err})
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("Reallocate() errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
	t.Run("held units that are not reserved", func(t *testing.T) {
		_, err := orchestrate.Reallocate(context.Background(), order, plan, orchestrate.Rejection{Node: "wh-paris", Held: true}, snap, rs, orchestrate.Options{})
		require.ErrorIs(t, err, stock.ErrConflict)
		require.ErrorContains(t, err, "wh-paris/B: 1 released, 0 reserved")
	})
}
