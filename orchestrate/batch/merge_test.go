package batch

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sourcing-go/sourcing/geo"
	"github.com/sourcing-go/sourcing/orchestrate"
)

func TestMerge(t *testing.T) {
	a := orchestrate.Order{ID: "a", Lines: []orchestrate.Line{{SKU: "X", Qty: 1}, {SKU: "Y", Qty: 1}}, ShipTogether: [][]int{{0, 1}}}
	b := orchestrate.Order{ID: "b", Lines: []orchestrate.Line{{SKU: "Z", Qty: 2}, {SKU: "X", Qty: 1}, {SKU: "W", Qty: 1}}, ShipTogether: [][]int{{0, 2}}}
	got := merge([]orchestrate.Order{a, b})
	want := orchestrate.Order{ID: "a+b",
		Lines:        []orchestrate.Line{{SKU: "X", Qty: 1}, {SKU: "Y", Qty: 1}, {SKU: "Z", Qty: 2}, {SKU: "X", Qty: 1}, {SKU: "W", Qty: 1}},
		ShipTogether: [][]int{{0, 1}, {2, 4}}}
	if diff := cmp.Diff(want, got, cmpopts.EquateComparable(geo.LatLng{})); diff != "" {
		t.Errorf("merge() mismatch (-want +got):\n%s", diff)
	}
	if a.ID != "a" || len(a.Lines) != 2 || len(b.ShipTogether[0]) != 2 || b.ShipTogether[0][1] != 2 {
		t.Error("merge changed its orders")
	}
	if got := merge([]orchestrate.Order{a}); got.ID != "a" || len(got.ShipTogether) != 1 {
		t.Errorf("merge of one order: %+v", got)
	}
}
