package orchestrate

import (
	"slices"
	"unsafe"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
	"github.com/sourcing-go/sourcing/internal/arith"
)

// part is what one part of the order (a lattice vector, or any quantities
// per line) holds, with its packing and prices per carrier service of the
// rule set (svc[p.svcAt[si]] for p.services[si]), built once and shared by
// every candidate that may ship it — and, through held, by the solves of
// one Promise.
type part struct {
	built  bool
	units  sourcing.Qty
	sku    []sourcing.Qty // per SKU
	skus   []int          // the SKUs with a quantity
	weight sourcing.Grams
	heavy  bool // the weight overflows: no service carries it
	volume sourcing.CubicCm
	svc    []partService
}

// partService is a part's packing for one service, and its prices per zone.
type partService struct {
	state   uint8 // 0 not packed yet, 1 packed, 2 cannot carry
	packing carrier.Packing
	parcels int64
	priced  uint32 // bit z: price of zone z known
	badZone uint32 // bit z: zone z cannot price it
	prices  [8]sourcing.Money
	floored bool
	floor   [8]sourcing.Money // floor[z]: the lowest price in zones ≥ z; -1 = none
}

// part returns the part of lattice vector v.
func (p *problem) part(v int) *part {
	pt := p.held.parts.at(v)
	if pt == nil {
		pt = p.freshChunk(v) // apart, so that part inlines
	}
	if !pt.built {
		p.makePart(pt, v)
	}
	return pt
}

// parts is the table of a lattice's parts, by vector, in chunks of
// partChunk made (or cleared, keeping their arrays) when first used: a
// table of 65,536 parts takes 9 MB, which made in one piece would pass a
// deadline by milliseconds.
type parts struct {
	chunks [][]part
	fresh  []bool // per chunk: cleared for the lattice listed
	size   int
}

// partChunk is how many parts a chunk of the table holds.
const partChunk = 1024

// reset readies the table for a lattice of size vectors: every chunk to
// be cleared when first used.
func (t *parts) reset(size int) {
	t.size = size
	n := (size + partChunk - 1) / partChunk
	if cap(t.chunks) < n {
		t.chunks = slices.Grow(t.chunks[:0], n)
	}
	t.chunks = t.chunks[:n]
	t.fresh = sized(t.fresh, n)
}

// at returns the part of vector v, or nil when its chunk is not ready.
func (t *parts) at(v int) *part {
	c := v / partChunk
	if !t.fresh[c] {
		return nil
	}
	return &t.chunks[c][v%partChunk]
}

// freshChunk readies the chunk of vector v — made, or cleared keeping its
// parts' arrays, its work counted — and returns v's part.
func (p *problem) freshChunk(v int) *part {
	t := &p.held.parts
	c := v / partChunk
	n := min(partChunk, t.size-c*partChunk)
	p.m.tick(int64(n) * (int64(unsafe.Sizeof(part{})) / bytesPerUnit))
	chunk := t.chunks[c]
	if cap(chunk) < n {
		chunk = make([]part, partChunk)
	}
	chunk = chunk[:n]
	for i := range chunk {
		pt := &chunk[i]
		*pt = part{sku: pt.sku[:0], skus: pt.skus[:0], svc: pt.svc[:0]}
	}
	t.chunks[c], t.fresh[c] = chunk, true
	return &chunk[v%partChunk]
}

// partArrays is the bytes of a part's arrays: its SKUs, its packing and
// prices per service of the rule set.
func (p *problem) partArrays() int64 {
	return 16*int64(len(p.skus)) + int64(p.allServices)*int64(unsafe.Sizeof(partService{}))
}

// makePart fills pt, the part of lattice vector v. Its arrays were paid
// for by listParts; making them is work.
func (p *problem) makePart(pt *part, v int) {
	p.m.tick(int64(len(p.lines)+len(p.skus)) + p.partArrays()/bytesPerUnit)
	clear(p.qty)
	p.lat.lineQty(v, p.qty)
	p.fill(pt, p.qty)
}

// partOf returns the part holding qty (per line), in p's scratch part.
func (p *problem) partOf(qty []sourcing.Qty) *part {
	pt := &p.scratch
	*pt = part{sku: pt.sku[:0], skus: pt.skus[:0], svc: pt.svc[:0]}
	p.fill(pt, qty)
	return pt
}

// fill computes what qty (per line) holds. A weight beyond int64 grams
// marks the part as no service can carry.
func (p *problem) fill(pt *part, qty []sourcing.Qty) {
	pt.built = true // (its arrays are paid for by listParts)
	if cap(pt.sku) < len(p.skus) {
		pt.sku = make([]sourcing.Qty, len(p.skus))
	}
	pt.sku = pt.sku[:len(p.skus)]
	clear(pt.sku)
	for l, n := range qty {
		pt.sku[p.lineSKU[l]] += n
		pt.units += n
	}
	pt.skus = pt.skus[:0]
	var weight int64
	for si, n := range pt.sku {
		if n == 0 {
			continue
		}
		pt.skus = append(pt.skus, si)
		w, ok1 := arith.Mul(int64(p.skus[si].Weight), int64(n))
		sum, ok2 := arith.Add(weight, w)
		if !ok1 || !ok2 {
			pt.heavy = true
		}
		weight = sum
	}
	pt.weight = sourcing.Grams(weight)
	var volume int64
	for _, si := range pt.skus {
		v, ok1 := arith.Mul(int64(p.skus[si].Volume), int64(pt.sku[si]))
		sum, ok2 := arith.Add(volume, v)
		if !ok1 || !ok2 {
			volume = -1 // too bulky to sum: packed the long way
			break
		}
		volume = sum
	}
	pt.volume = sourcing.CubicCm(volume)
	if cap(pt.svc) < p.allServices {
		pt.svc = make([]partService, p.allServices)
	}
	pt.svc = pt.svc[:p.allServices]
	clear(pt.svc)
}

// price returns the price of part pt with service si in zone z, or ok
// false if the service cannot carry it.
func (p *problem) price(pt *part, si, z int) (sourcing.Money, bool) {
	ps := &pt.svc[p.svcAt[si]]
	if ps.state == 0 {
		p.m.tick(packWork)
		ps.state = 2
		if pk, ok := p.services[si].OneParcel(pt.weight, pt.volume, int64(pt.units)); ok && !pt.heavy && pt.volume >= 0 {
			// The common case: everything in one parcel, as Pack would.
			ps.state, ps.packing, ps.parcels = 1, pk, 1
		} else if !pt.heavy {
			p.m.tick(packingWork * int64(1+len(pt.skus)))
			pieces := make([]carrier.Piece, 0, len(pt.skus))
			for _, k := range pt.skus {
				it := &p.skus[k]
				pieces = append(pieces, carrier.Piece{Label: string(it.SKU), Weight: it.Weight, Volume: it.Volume, Count: int64(pt.sku[k])})
			}
			if pk, err := p.services[si].Pack(pieces); err == nil {
				ps.state, ps.packing, ps.parcels = 1, pk, pk.Parcels()
			}
		}
	}
	if ps.state != 1 {
		return 0, false
	}
	if z >= len(ps.prices) {
		return p.services[si].Price(ps.packing, z)
	}
	bit := uint32(1) << z
	switch {
	case ps.priced&bit != 0:
		return ps.prices[z], true
	case ps.badZone&bit != 0:
		return 0, false
	}
	price, ok := p.services[si].Price(ps.packing, z)
	if !ok {
		ps.badZone |= bit
		return 0, false
	}
	ps.priced |= bit
	ps.prices[z] = price
	return price, true
}

// priceFrom returns the lowest price of part pt with service si in any
// zone from z on: a lower bound on its price at a distance whose zone is z
// or beyond.
//
// The floors are computed once per part and service (and priceFloor keeps
// their least over a band's services).
func (p *problem) priceFrom(pt *part, si, z int) (sourcing.Money, bool) {
	ps := &pt.svc[p.svcAt[si]]
	if ps.floored {
		return ps.floor[z], ps.floor[z] >= 0
	}
	zones := p.services[si].Zones()
	if zones > len(ps.floor) {
		best, found := sourcing.Money(0), false
		for zz := z; zz < zones; zz++ {
			if price, ok := p.price(pt, si, zz); ok && (!found || price < best) {
				best, found = price, true
			}
		}
		return best, found
	}
	ps.floored = true
	low := sourcing.Money(-1)
	for zz := zones - 1; zz >= 0; zz-- {
		if price, ok := p.price(pt, si, zz); ok && (low < 0 || price < low) {
			low = price
		}
		ps.floor[zz] = low
	}
	return ps.floor[z], ps.floor[z] >= 0
}

// packWork is the work of packing a part for one service in one parcel,
// in the units of Options.Budget; packingWork, per SKU, in several (see
// carrier.Service.Pack).
const (
	packWork    = 8
	packingWork = 64
)
