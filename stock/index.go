package stock

import (
	"github.com/sourcing-go/sourcing/internal/sphere"
	"github.com/sourcing-go/sourcing/internal/stockindex"
)

// The search reads a snapshot's indexes through package stockindex, so
// that they stay out of this package's API: a host has Snapshot.Holders,
// Snapshot.Level and the nodes by ID or position.
func init() {
	stockindex.HoldingsOf = func(snap any, sku string) stockindex.Holdings {
		s := snap.(*Snapshot)
		it, ok := s.itemIndex[SKU(sku)]
		if !ok {
			return stockindex.Holdings{}
		}
		return stockindex.View(s.holders.At(int(it)))
	}
	stockindex.Points = func(snap any) []sphere.Point { return snap.(*Snapshot).points }
	stockindex.Nearest = func(snap any, p sphere.Point, k int, keep func(int) bool) []int {
		return snap.(*Snapshot).nearest(p, k, keep)
	}
}
