package orchestrate

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/sourcing-go/sourcing"
)

// A lattice numbers the ways a node can take part of an order.
//
// Each line becomes a position with a radix: a line that may be split has
// radix qty+1 (digit d = d units); a line that must ship whole has radix 2
// (digit 1 = the whole line), or n+1 when it stands for n equal whole
// lines of one SKU (digit d = d of them; see searchLines); lines that must
// ship together from one node (a kit) share one position of radix 2
// (digit 1 = all of them). A vector
// of digits, one per position, is one "part" of the order, and vectors are
// numbered in mixed radix, so vector v = Σ digit_p × stride_p, 0 = nothing,
// size−1 = everything. Adding two parts that fit within the order never
// carries, so v+x > v for any part x > 0: the search relies on that.
//
// Each vector also has its digits packed in fields with a guard bit
// (packed), so whether two parts fit together is one addition, one
// subtraction and a mask, whatever the number of lines.
type lattice struct {
	pos    []position
	stride []int
	size   int            // number of vectors
	units  []sourcing.Qty // per vector: the units it holds
	packed []uint64       // per vector: its digits, one guarded field each
	// top has radix−1 in each field and every guard bit set; guards the
	// guard bits alone. fits(s, x) iff (top − packed[s] − packed[x]) keeps
	// every guard bit.
	top, guards uint64
	binary      bool // every radix is 2: a vector is a bit mask of positions
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
// served by the greedy search.
const maxStates = 1 << 16

// latticeArrays are the arrays of a lattice and the scratch of building
// it, kept for the next build.
type latticeArrays struct {
	pos      []position
	lines    []posLine
	stride   []int
	units    []sourcing.Qty
	packed   []uint64
	grouped  []bool
	offsets  []uint
	perDigit []sourcing.Qty
	digits   []int
}

// newLattice builds the lattice of an order's lines, where pieces says,
// for lines that must ship whole, how many equal whole lines each stands
// for (a line of qty units is pieces[l] lines of qty/pieces[l] units), and
// groups lists the sets of lines (by index, each of two or more) that must
// ship together, in arrays taken from a, which a keeps for the next build.
// It returns ok false if the lattice would exceed maxStates vectors.
func newLattice(lines []Line, pieces []sourcing.Qty, groups [][]int, wholeLines bool, a *latticeArrays) (lattice, bool) {
	var lat lattice
	a.grouped = sized(a.grouped, len(lines))
	grouped := a.grouped
	positions := a.pos[:0]
	// Every line is in one position: the positions' lines never outgrow
	// this array, so their slices of it stay put.
	posLines := slices.Grow(a.lines[:0], len(lines))
	take := func(pls ...posLine) []posLine {
		start := len(posLines)
		posLines = append(posLines, pls...)
		return posLines[start:len(posLines):len(posLines)]
	}
	for _, g := range groups {
		start := len(posLines)
		for _, l := range g {
			grouped[l] = true
			posLines = append(posLines, posLine{line: l, per: lines[l].Qty})
		}
		positions = append(positions, position{radix: 2, lines: posLines[start:len(posLines):len(posLines)]})
	}
	for i, l := range lines {
		switch {
		case grouped[i]:
		case wholeLines && pieceOf(pieces, i) >= maxStates:
			return lattice{}, false
		case wholeLines:
			n := pieceOf(pieces, i)
			positions = append(positions, position{lines: take(posLine{i, l.Qty / n}), radix: int(n) + 1})
		case l.Qty >= maxStates:
			return lattice{}, false
		default:
			positions = append(positions, position{lines: take(posLine{i, 1}), radix: int(l.Qty) + 1})
		}
	}
	a.pos, a.lines = positions, posLines
	// Positions in order of their first line, so vectors read like the order.
	slices.SortStableFunc(positions, func(a, b position) int { return cmp.Compare(a.lines[0].line, b.lines[0].line) })
	size := 1
	lat.binary = true
	lat.stride = a.stride[:0]
	for _, p := range positions {
		if size > maxStates/p.radix {
			return lattice{}, false
		}
		lat.stride = append(lat.stride, size)
		size *= p.radix
		lat.binary = lat.binary && p.radix == 2
	}
	a.stride = lat.stride
	lat.pos = positions
	lat.size = size
	// Field p holds digits up to radix−1 below a guard bit; the sums of two
	// digits never reach past the guard. Σ widths ≤ 48 bits for 65,536
	// vectors.
	a.offsets = sized(a.offsets, len(positions))
	offsets := a.offsets
	off := uint(0)
	for p, pos := range positions {
		w := uint(bits.Len(uint(pos.radix-1))) + 1
		offsets[p] = off
		lat.top |= uint64(pos.radix-1)<<off | 1<<(off+w-1)
		lat.guards |= 1 << (off + w - 1)
		off += w
	}
	a.units, a.packed = sized(a.units, size), sized(a.packed, size)
	lat.units, lat.packed = a.units, a.packed
	a.perDigit = sized(a.perDigit, len(positions))
	perDigit := a.perDigit
	for p, pos := range positions {
		for _, pl := range pos.lines {
			perDigit[p] += pl.per
		}
	}
	// An odometer over the digits: v+1 adds one to the lowest digit that is
	// not at its largest, the digits below it going back to 0, so v is
	// (v less one step of that digit, its lowest non-zero one) + that step.
	a.digits = sized(a.digits, len(positions))
	digits := a.digits
	for v := 1; v < size; v++ {
		p := 0
		for digits[p] == positions[p].radix-1 {
			digits[p] = 0
			p++
		}
		digits[p]++
		prev := v - lat.stride[p]
		lat.units[v] = lat.units[prev] + perDigit[p]
		lat.packed[v] = lat.packed[prev] + 1<<offsets[p]
	}
	return lat, true
}

// digit returns the digit of position p in vector v.
func (l *lattice) digit(v, p int) int { return v / l.stride[p] % l.pos[p].radix }

// full returns the vector of the whole order.
func (l *lattice) full() int { return l.size - 1 }

// fits reports whether s+x stays within the order, digit by digit.
func (l *lattice) fits(s, x int) bool {
	return (l.top-l.packed[s]-l.packed[x])&l.guards == l.guards
}

// within reports whether x ≤ r digit by digit (x is a part of r).
func (l *lattice) within(x, r int) bool {
	return (l.packed[r]|l.guards-l.packed[x])&l.guards == l.guards
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

// compatible calls visit with every vector s such that s+x fits, in
// decreasing order, until visit returns false. digits is scratch of one int
// per position.
func (l *lattice) compatible(x int, digits []int, visit func(s int) bool) {
	if l.binary {
		// The submasks of the complement of x, from the largest.
		comp := (l.size - 1) &^ x
		for s := comp; ; s = (s - 1) & comp {
			if !visit(s) || s == 0 {
				return
			}
		}
	}
	// An odometer counting down from the largest compatible vector.
	s := 0
	for p := range l.pos {
		digits[p] = l.pos[p].radix - 1 - l.digit(x, p)
		s += digits[p] * l.stride[p]
	}
	for {
		if !visit(s) {
			return
		}
		p := 0
		for ; p < len(l.pos); p++ {
			if digits[p] > 0 {
				digits[p]--
				s -= l.stride[p]
				break
			}
			// Reset this digit to its bound and borrow from the next.
			b := l.pos[p].radix - 1 - l.digit(x, p)
			digits[p] = b
			s += b * l.stride[p]
		}
		if p == len(l.pos) {
			return
		}
	}
}
