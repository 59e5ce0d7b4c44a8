package arith_test

import (
	"flag"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sourcing-go/sourcing/internal/arith"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the random tests (0: a new seed each run)")

func testSeed(t *testing.T) uint64 {
	t.Helper()
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", s, s)
	return s
}

func TestAdd(t *testing.T) {
	tests := []struct {
		name   string
		a, b   int64
		want   int64
		wantOK bool
	}{
		{name: "small", a: 2, b: 3, want: 5, wantOK: true},
		{name: "zeros", a: 0, b: 0, want: 0, wantOK: true},
		{name: "negative", a: -2, b: -3, want: -5, wantOK: true},
		{name: "mixed signs", a: math.MaxInt64, b: math.MinInt64, want: -1, wantOK: true},
		{name: "max plus zero", a: math.MaxInt64, b: 0, want: math.MaxInt64, wantOK: true},
		{name: "zero plus min", a: 0, b: math.MinInt64, want: math.MinInt64, wantOK: true},
		{name: "reaches max", a: math.MaxInt64 - 1, b: 1, want: math.MaxInt64, wantOK: true},
		{name: "reaches min", a: math.MinInt64 + 1, b: -1, want: math.MinInt64, wantOK: true},
		{name: "max plus one", a: math.MaxInt64, b: 1, wantOK: false},
		{name: "one plus max", a: 1, b: math.MaxInt64, wantOK: false},
		{name: "max plus max", a: math.MaxInt64, b: math.MaxInt64, wantOK: false},
		{name: "min minus one", a: math.MinInt64, b: -1, wantOK: false},
		{name: "minus one plus min", a: -1, b: math.MinInt64, wantOK: false},
		{name: "min plus min", a: math.MinInt64, b: math.MinInt64, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := arith.Add(tt.a, tt.b)
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("Add(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestMul(t *testing.T) {
	tests := []struct {
		name   string
		a, b   int64
		want   int64
		wantOK bool
	}{
		{name: "small", a: 6, b: 7, want: 42, wantOK: true},
		{name: "zero by min", a: 0, b: math.MinInt64, want: 0, wantOK: true},
		{name: "min by zero", a: math.MinInt64, b: 0, want: 0, wantOK: true},
		{name: "negative by negative", a: -6, b: -7, want: 42, wantOK: true},
		{name: "min by one", a: math.MinInt64, b: 1, want: math.MinInt64, wantOK: true},
		{name: "one by min", a: 1, b: math.MinInt64, want: math.MinInt64, wantOK: true},
		{name: "max by minus one", a: math.MaxInt64, b: -1, want: -math.MaxInt64, wantOK: true},
		{name: "minus one by max", a: -1, b: math.MaxInt64, want: -math.MaxInt64, wantOK: true},
		{name: "exactly min", a: 1 << 62, b: -2, want: math.MinInt64, wantOK: true},
		{name: "exactly min, other order", a: -2, b: 1 << 62, want: math.MinInt64, wantOK: true},
		{name: "largest square", a: 3037000499, b: 3037000499, want: 3037000499 * 3037000499, wantOK: true},
		{name: "min by minus one", a: math.MinInt64, b: -1, wantOK: false},
		{name: "minus one by min", a: -1, b: math.MinInt64, wantOK: false},
		{name: "min by two", a: math.MinInt64, b: 2, wantOK: false},
		{name: "min by minus two", a: math.MinInt64, b: -2, wantOK: false},
		{name: "min by min", a: math.MinInt64, b: math.MinInt64, wantOK: false},
		{name: "max by two", a: math.MaxInt64, b: 2, wantOK: false},
		{name: "two to the 63", a: 1 << 62, b: 2, wantOK: false},
		{name: "first square over", a: 3037000500, b: 3037000500, wantOK: false},
		{name: "wraps to a small positive", a: 1 << 32, b: 1<<32 + 1, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := arith.Mul(tt.a, tt.b)
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("Mul(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// randInt64 draws an int64 of a random magnitude, with the extremes and
// their neighbours often enough to matter.
func randInt64(rng *rand.Rand) int64 {
	switch rng.IntN(8) {
	case 0:
		edges := []int64{0, 1, -1, 2, -2, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1, 1 << 31, 1 << 32, -1 << 32, 3037000499, 3037000500}
		return edges[rng.IntN(len(edges))]
	default:
		return int64(rng.Uint64()) >> rng.UintN(64)
	}
}

var (
	bigMinInt64 = big.NewInt(math.MinInt64)
	bigMaxInt64 = big.NewInt(math.MaxInt64)
)

func fitsInt64(x *big.Int) bool { return x.Cmp(bigMinInt64) >= 0 && x.Cmp(bigMaxInt64) <= 0 }

// TestAddMulBig compares Add and Mul with math/big on random operands.
func TestAddMulBig(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	for range 100_000 {
		a, b := randInt64(rng), randInt64(rng)
		sum := new(big.Int).Add(big.NewInt(a), big.NewInt(b))
		got, ok := arith.Add(a, b)
		if ok != fitsInt64(sum) || (ok && got != sum.Int64()) {
			t.Fatalf("Add(%d, %d) = %d, %v; math/big says %v (seed %d)", a, b, got, ok, sum, seed)
		}
		prod := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
		got, ok = arith.Mul(a, b)
		if ok != fitsInt64(prod) || (ok && got != prod.Int64()) {
			t.Fatalf("Mul(%d, %d) = %d, %v; math/big says %v (seed %d)", a, b, got, ok, prod, seed)
		}
	}
}

func TestMulDivRound(t *testing.T) {
	const max64 = math.MaxUint64
	tests := []struct {
		name    string
		a, b, d uint64
		want    int64
		wantOK  bool
	}{
		{name: "exact", a: 6, b: 7, d: 2, want: 21, wantOK: true},
		{name: "below half rounds down", a: 1, b: 4, d: 10, want: 0, wantOK: true},
		{name: "half rounds up", a: 1, b: 5, d: 10, want: 1, wantOK: true},
		{name: "above half rounds up", a: 1, b: 6, d: 10, want: 1, wantOK: true},
		{name: "2.5 rounds to 3, not to even", a: 5, b: 1, d: 2, want: 3, wantOK: true},
		{name: "3.5 rounds to 4", a: 7, b: 1, d: 2, want: 4, wantOK: true},
		{name: "odd divisor has no half", a: 1, b: 1, d: 3, want: 0, wantOK: true},
		{name: "two thirds", a: 2, b: 1, d: 3, want: 1, wantOK: true},
		{name: "rate per km", a: 500_000, b: 391_500, d: 1_000_000, want: 195_750, wantOK: true},
		{name: "half a millionth", a: 500_000, b: 1, d: 1_000_000, want: 1, wantOK: true},
		{name: "just under half a millionth", a: 499_999, b: 1, d: 1_000_000, want: 0, wantOK: true},
		{name: "zero numerator", a: 0, b: max64, d: 7, want: 0, wantOK: true},
		{name: "divide by one", a: math.MaxInt64, b: 1, d: 1, want: math.MaxInt64, wantOK: true},
		{name: "product beyond 64 bits", a: 1 << 40, b: 1 << 40, d: 1 << 20, want: 1 << 60, wantOK: true},
		{name: "max squared over max", a: max64, b: max64, d: max64, wantOK: false}, // max64 does not fit int64
		{name: "max squared over max, halved", a: max64, b: max64 / 2, d: max64, want: math.MaxInt64, wantOK: true},
		{name: "result max int64", a: math.MaxInt64, b: 3, d: 3, want: math.MaxInt64, wantOK: true},
		{name: "result 2^63", a: 1 << 63, b: 1, d: 1, wantOK: false},
		{name: "rounding reaches 2^63", a: 1<<64 - 1, b: 1, d: 2, wantOK: false},
		{name: "rounding stays under 2^63", a: 1<<64 - 3, b: 1, d: 2, want: math.MaxInt64, wantOK: true},
		{name: "quotient beyond 64 bits", a: max64, b: max64, d: 2, wantOK: false},
		{name: "carry from the rounding term", a: max64, b: 1, d: max64, want: 1, wantOK: true},
		{name: "low word carry", a: 1<<64 - 1, b: 2, d: 4, wantOK: false}, // (2^65 − 2)/4 rounds to 2^63
		{name: "divide by zero", a: 1, b: 1, d: 0, wantOK: false},
		{name: "zero by zero", a: 0, b: 0, d: 0, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := arith.MulDivRound(tt.a, tt.b, tt.d)
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("MulDivRound(%d, %d, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.d, got, ok, tt.want, tt.wantOK)
			}
			if want, wantOK := bigMulDivRound(tt.a, tt.b, tt.d); ok != wantOK || (ok && got != want) {
				t.Errorf("MulDivRound(%d, %d, %d) = %d, %v; math/big says %d, %v", tt.a, tt.b, tt.d, got, ok, want, wantOK)
			}
		})
	}
}

// bigMulDivRound is MulDivRound done with math/big: ⌊(a×b + ⌊d/2⌋) / d⌋ is
// a×b/d rounded half up, since for an odd d no exact half exists.
func bigMulDivRound(a, b, d uint64) (int64, bool) {
	if d == 0 {
		return 0, false
	}
	bd := new(big.Int).SetUint64(d)
	n := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
	// Round with the remainder rather than with ⌊d/2⌋, to check the trick
	// independently: round up when 2×remainder ≥ d.
	q, r := new(big.Int).QuoRem(n, bd, new(big.Int))
	if r.Lsh(r, 1).Cmp(bd) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

func randUint64(rng *rand.Rand) uint64 {
	switch rng.IntN(10) {
	case 0:
		edges := []uint64{0, 1, 2, 3, 1_000_000, 1<<63 - 1, 1 << 63, 1<<63 + 1, math.MaxUint64, math.MaxUint64 - 1}
		return edges[rng.IntN(len(edges))]
	default:
		return rng.Uint64() >> rng.UintN(64)
	}
}

// TestMulDivRoundBig compares MulDivRound with math/big on random operands of
// every magnitude, including divisors near the product (results near the
// int64 limit) and exact halves.
func TestMulDivRoundBig(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
	var fits, halves int
	for i := range 200_000 {
		a, b, d := randUint64(rng), randUint64(rng), randUint64(rng)
		switch i % 4 {
		case 1:
			// An even divisor that divides 2ab: an exact half or an exact
			// quotient.
			if a != 0 && b != 0 {
				d = 2 * (a >> rng.UintN(8))
			}
		case 2:
			// A divisor that brings the quotient near 2^63.
			p := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
			if q := p.Rsh(p, 62+rng.UintN(3)); q.Sign() > 0 && q.IsUint64() {
				d = q.Uint64() + rng.Uint64N(3) - 1
			}
		}
		got, ok := arith.MulDivRound(a, b, d)
		want, wantOK := bigMulDivRound(a, b, d)
		if ok != wantOK || (ok && got != want) {
			t.Fatalf("MulDivRound(%d, %d, %d) = %d, %v; math/big says %d, %v (seed %d)", a, b, d, got, ok, want, wantOK, seed)
		}
		if ok {
			fits++
			p := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
			if d%2 == 0 && p.Mod(p, new(big.Int).SetUint64(d)).Uint64() == d/2 {
				halves++
			}
		}
	}
	// The generator must exercise both outcomes and exact halves, or the
	// comparison proves little.
	if fits < 10_000 || halves < 100 {
		t.Errorf("weak sample: %d results fit, %d exact halves", fits, halves)
	}
	t.Logf("%d results fit, %d exact halves", fits, halves)
}
