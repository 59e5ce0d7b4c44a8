package arith

import "math/bits"

// Add returns a+b, or false if the sum overflows int64.
func Add(a, b int64) (int64, bool) {
	s := a + b
	if (s > a) != (b > 0) {
		return s, false
	}
	return s, true
}

// Mul returns a×b, or false if the product overflows int64.
func Mul(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == -1<<63) || (b == -1 && a == -1<<63) {
		return p, false
	}
	return p, true
}

// MulDivRound returns a×b/d rounded half away from zero (all operands are
// non-negative, so half up), computed exactly on 128 bits, or false if the
// result does not fit an int64 or d is zero.
func MulDivRound(a, b, d uint64) (int64, bool) {
	if d == 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(a, b)
	// Adding ⌊d/2⌋ before the floor division rounds halves up; with an odd
	// d no exact half exists. A carry goes into hi.
	var c uint64
	lo, c = bits.Add64(lo, d/2, 0)
	hi += c
	if hi >= d {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, d)
	if q > 1<<63-1 {
		return 0, false
	}
	return int64(q), true
}
