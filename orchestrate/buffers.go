package orchestrate

import (
	"sync"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/stockindex"
)

// buffers are the tables a solve fills and drops: the holders merged, the
// lites and candidates, the parts, the menus' pairs and the program's
// entries. A solve takes them from a pool and gives them back once its
// plans are assembled, so a stream of orders reuses the same memory rather
// than allocating and collecting it per order. Nothing a Result holds
// points into them, and every table is sized and cleared before use, so no
// solve sees what an earlier one left.
type buffers struct {
	// Reading the holders (problem.holders).
	merge merge
	// Gathering (problem.hold, problem.gather): what the holders may give,
	// when no Promise shares it, and the lites kept.
	own   held
	lites []lite
	liOf  []int32 // per lite of held: one more than its index in lites, liUnknown or liOut
	// Candidates: cands point into chunks, reused from the first.
	cands  []*candidate
	chunks [][]candidate
	made   int
	// The lattice's arrays.
	latArrays latticeArrays
	// A scratch part (see partOf) and quantities.
	scratch part
	qty     []sourcing.Qty
	// The menus (menu.go).
	pairs []pair
	next  []int32
	exact []int32 // the lites priced as they are listed (see pairs)
	// The scratch of listParts.
	digits, bound []int
	simple        []simplePos
	tops, topAt   []int32
	byTop         []int32
	kms           []float64
	belowAt       []span
	below         []int32
	// The rest of the menus.
	heads            heads
	start, idx       []int32
	idxSpare         []int32
	listedLite       []bool
	top, costs       []sourcing.Money
	single, liteBest []int64
	bestPart, rest   []int64
	active           []int
	ranks            []orderKey
	candOrder        []int // the candidates in the program's order
	// The program (search.go): a long menu indexed by vector, and the
	// options of it that fit a state.
	optAt    []int32
	fit      []option
	steps    []step
	dp, best kbest
	states   []int32
}

// merge is the scratch of merging several SKUs' holders.
type merge struct {
	nodes []int32
	lists []stockindex.Holdings
	bits  []uint64 // per node: marked
	row   []int32  // per marked node: its row
}

// candChunk is how many candidates one chunk holds: candidates are
// pointed to, so they are made in chunks that never move.
const candChunk = 64

var bufferPool = sync.Pool{New: func() any { return new(buffers) }}

// takeBuffers returns buffers from the pool, emptied for a new solve.
func takeBuffers() *buffers {
	b := bufferPool.Get().(*buffers)
	b.lites, b.cands = b.lites[:0], b.cands[:0]
	b.made = 0
	b.steps = b.steps[:0]
	return b
}

// giveBack returns b to the pool.
func giveBack(b *buffers) { bufferPool.Put(b) }

// newCandidate returns a zero candidate that keeps the arrays its slot had
// before, for its services and menu.
func (b *buffers) newCandidate() *candidate {
	if b.made/candChunk == len(b.chunks) {
		b.chunks = append(b.chunks, make([]candidate, candChunk))
	}
	c := &b.chunks[b.made/candChunk][b.made%candChunk]
	b.made++
	*c = candidate{svc: c.svc[:0], menu: c.menu[:0]}
	return c
}

// sized returns s with length n and every element zero, reusing its array
// when it is large enough.
func sized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}
