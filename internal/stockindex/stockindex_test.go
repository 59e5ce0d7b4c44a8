package stockindex_test

import (
	"testing"

	"github.com/sourcing-go/sourcing/internal/sphere"
	"github.com/sourcing-go/sourcing/internal/stockindex"
	"github.com/sourcing-go/sourcing/stock"
)

// TestLevelIsStocks: the index's level is stock.Level's layout, with the
// same available stock (the search counts what a host sees).
func TestLevelIsStocks(t *testing.T) {
	for _, l := range []stock.Level{
		{}, {OnHand: 10, Reserved: 2, Safety: 1}, {OnHand: 1, Reserved: 3}, {OnHand: 5, Safety: 9},
		{OnHand: stock.MaxQty, Reserved: stock.MaxQty, Safety: stock.MaxQty},
	} {
		il := stockindex.Level(l)
		if got, want := il.Available(), max(0, l.OnHand-l.Reserved-l.Safety); got != want || l.Available() != want {
			t.Errorf("%+v: index available %d, stock %d, want %d", l, got, l.Available(), want)
		}
		if stock.Level(il) != l {
			t.Errorf("%+v does not convert back", l)
		}
	}
}

// TestFilledByStock: importing stock fills every function, and they read
// the zero snapshot as empty.
func TestFilledByStock(t *testing.T) {
	if stockindex.HoldingsOf == nil || stockindex.Points == nil || stockindex.Nearest == nil {
		t.Fatal("package stock did not fill the index functions")
	}
	s := &stock.Snapshot{}
	if n := stockindex.HoldingsOf(s, "X").Len(); n != 0 {
		t.Errorf("HoldingsOf on the zero snapshot: %d holders", n)
	}
	if n := len(stockindex.Points(s)); n != 0 {
		t.Errorf("Points on the zero snapshot: %d", n)
	}
	if got := stockindex.Nearest(s, sphere.FromDegrees(45, 5), 3, nil); len(got) != 0 {
		t.Errorf("Nearest on the zero snapshot: %v", got)
	}
}
