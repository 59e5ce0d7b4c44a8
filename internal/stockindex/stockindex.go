package stockindex

import (
	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/sphere"
)

// Level is the stock of one SKU at one node: the fields of stock.Level,
// which converts to and from it.
type Level struct {
	OnHand, Reserved, Safety sourcing.Qty
}

// Available returns max(0, on hand − reserved − safety).
func (l Level) Available() sourcing.Qty { return max(0, l.OnHand-l.Reserved-l.Safety) }

// Holding is one holder of a SKU: a node, by position in node ID order
// (stock.Snapshot.NodeAt), and its level of the SKU.
type Holding struct {
	Node int32
	Level
}

// Holdings is a read-only view of the holders of one SKU, in node ID
// order: the snapshot's SKU → holders index itself, without a copy.
type Holdings struct {
	h []Holding
}

// View returns h as a read-only Holdings; h must not change afterwards.
func View(h []Holding) Holdings { return Holdings{h} }

// Len returns the number of holders.
func (l Holdings) Len() int { return len(l.h) }

// At returns the i-th holder: its node's position and its level.
func (l Holdings) At(i int) Holding { return l.h[i] }

// Node returns the position of the i-th holder's node.
func (l Holdings) Node(i int) int32 { return l.h[i].Node }

// The snapshot's indexes, set by package stock's init. snap is a
// *stock.Snapshot.
var (
	// HoldingsOf returns the holders of sku in snap, in node ID order;
	// none for an unknown SKU.
	HoldingsOf func(snap any, sku string) Holdings
	// Points returns the places of snap's nodes as points, by position in
	// node ID order. The slice is the snapshot's: read it, never write it.
	Points func(snap any) []sphere.Point
	// Nearest returns the positions of the k nodes of snap nearest to p
	// among those for which keep (given a node's position) returns true
	// (all, if keep is nil), nearest first; ties by position. It calls keep
	// only for the nodes nearer than the k-th kept so far, reading the
	// nodes outwards from p's latitude and stopping on each side where the
	// difference in latitude alone puts every node left farther.
	Nearest func(snap any, p sphere.Point, k int, keep func(node int) bool) []int
)
