package orchestrate

import (
	"cmp"
	"slices"

	"github.com/sourcing-go/sourcing"
)

// A lattice numbers the ways a node can take part of an order.
//
// Each line becomes a position with a radix: a line that may be split has
// radix qty+1 (digit d = d units); a line that must ship whole has radix 2
// (digit 1 = the whole line); lines that must ship together from one node
// (a kit) share one position of radix 2 (digit 1 = all of them). A vector of digits, one per position, is one
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
	lines []posLine // the order lines it moves
	radix int       // digits 0..radix-1
}

type posLine struct {
	line int
	per  sourcing.Qty // units of the line per digit
}

// maxStates bounds the lattice the exact search works on; larger orders are
// coarsened (see newLattice).
const maxStates = 1 << 16

// newLattice builds the lattice of an order's lines, where groups lists the
// sets of lines (by index, each of two or more) that must ship together. It
// returns ok false if the lattice would exceed maxStates vectors.
func newLattice(lines []Line, groups [][]int, wholeLines bool) (lattice, bool) {
	var lat lattice
	grouped := make([]bool, len(lines))
	var positions []position
	for _, g := range groups {
		pos := position{radix: 2}
		for _, l := range g {
			grouped[l] = true
			pos.lines = append(pos.lines, posLine{line: l, per: lines[l].Qty})
		}
		positions = append(positions, pos)
	}
	for i, l := range lines {
		switch {
		case grouped[i]:
		case wholeLines:
			positions = append(positions, position{lines: []posLine{{i, l.Qty}}, radix: 2})
		case l.Qty >= maxStates:
			return lattice{}, false
		default:
			positions = append(positions, position{lines: []posLine{{i, 1}}, radix: int(l.Qty) + 1})
		}
	}
	// Positions in order of their first line, so vectors read like the order.
	slices.SortStableFunc(positions, func(a, b position) int { return cmp.Compare(a.lines[0].line, b.lines[0].line) })
	size := 1
	for _, p := range positions {
		if size > maxStates/p.radix {
			return lattice{}, false
		}
		lat.stride = append(lat.stride, size)
		size *= p.radix
	}
	lat.pos = positions
	lat.size = size
	lat.units = make([]sourcing.Qty, size)
	perDigit := make([]sourcing.Qty, len(positions))
	for p, pos := range positions {
		for _, pl := range pos.lines {
			perDigit[p] += pl.per
		}
	}
	for v := 1; v < size; v++ {
		// units[v] = units[v without one step of its lowest non-zero digit] + that step.
		for p := range lat.pos {
			if lat.digit(v, p) > 0 {
				lat.units[v] = lat.units[v-lat.stride[p]] + perDigit[p]
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
		d := sourcing.Qty(l.digit(v, p))
		if d == 0 {
			continue
		}
		for _, pl := range pos.lines {
			q[pl.line] += d * pl.per
		}
	}
}
