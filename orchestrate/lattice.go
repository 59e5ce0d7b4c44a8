package orchestrate

import (
	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/rules"
)

// A lattice numbers the ways a node can take part of an order.
//
// Each line becomes a position with a radix: a line that may be split has
// radix qty+1 (digit d = d units); a line that must ship whole has radix 2
// (digit 1 = the whole line). A vector of digits, one per position, is one
// "part" of the order, and vectors are numbered in mixed radix, so vector v
// = Σ digit_p × stride_p, 0 = nothing, size−1 = everything. Adding two parts
// that fit within the order never carries, so v+x > v for any part x > 0:
// the search relies on that.
type lattice struct {
	pos    []position
	stride []int
	size   int            // number of vectors
	units  []sourcing.Qty // per vector: the units it holds
}

type position struct {
	line  int          // the order line
	radix int          // digits 0..radix-1
	per   sourcing.Qty // units of the line per digit
}

// maxStates bounds the lattice the exact search works on; larger orders are
// coarsened (see newLattice).
const maxStates = 1 << 16

// newLattice builds the lattice of an order's lines, or ok false if it would
// exceed maxStates vectors.
func newLattice(lines []Line, prof *rules.Profile) (lattice, bool) {
	var lat lattice
	size := 1
	for i, l := range lines {
		p := position{line: i, radix: 2, per: l.Qty}
		if !prof.WholeLines() {
			if l.Qty >= maxStates {
				return lattice{}, false
			}
			p = position{line: i, radix: int(l.Qty) + 1, per: 1}
		}
		if size > maxStates/p.radix {
			return lattice{}, false
		}
		lat.stride = append(lat.stride, size)
		lat.pos = append(lat.pos, p)
		size *= p.radix
	}
	lat.size = size
	lat.units = make([]sourcing.Qty, size)
	for v := 1; v < size; v++ {
		// units[v] = units[v without its lowest non-zero digit step] + per.
		for p := range lat.pos {
			if lat.digit(v, p) > 0 {
				lat.units[v] = lat.units[v-lat.stride[p]] + lat.pos[p].per
				break
			}
		}
	}
	return lat, true
}

// digit returns the digit of position p in vector v.
func (l *lattice) digit(v, p int) int { return v / l.stride[p] % l.pos[p].radix }

// full returns the vector of the whole order.
func (l *lattice) full() int { return l.size - 1 }

// fits reports whether x+s stays within the order, digit by digit.
func (l *lattice) fits(s, x int) bool {
	for p := range l.pos {
		if l.digit(s, p)+l.digit(x, p) >= l.pos[p].radix {
			return false
		}
	}
	return true
}

// lineQty adds the quantity vector v holds of each line to q.
func (l *lattice) lineQty(v int, q []sourcing.Qty) {
	for p, pos := range l.pos {
		q[pos.line] += sourcing.Qty(l.digit(v, p)) * pos.per
	}
}
