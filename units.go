package sourcing

import (
	"strconv"

	"github.com/sourcing-go/sourcing/internal/arith"
)

// Money is an amount in the minor units of a currency (cents for EUR). The
// currency is not carried by the value: a rule set, a snapshot and everything
// solved with them share one [Currency].
type Money int64

// Add returns m+o, or false if the sum overflows int64.
func (m Money) Add(o Money) (Money, bool) {
	s, ok := arith.Add(int64(m), int64(o))
	return Money(s), ok
}

// Mul returns m×n, or false if the product overflows int64.
func (m Money) Mul(n int64) (Money, bool) {
	p, ok := arith.Mul(int64(m), n)
	return Money(p), ok
}

// String formats m as a decimal amount with two fractional digits, the
// common case of currencies with cents: Money(1234).String() == "12.34".
func (m Money) String() string {
	neg := m < 0
	u := uint64(m)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u/100, 10) + "." + strconv.FormatUint(u/10%10, 10) + strconv.FormatUint(u%10, 10)
	if neg {
		s = "-" + s
	}
	return s
}

// Currency is an ISO 4217 code such as "EUR".
type Currency string

// Valid reports whether c is three upper-case ASCII letters.
func (c Currency) Valid() bool {
	if len(c) != 3 {
		return false
	}
	for i := range 3 {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

// Grams is a mass in grams.
type Grams int64

// CubicCm is a volume in cubic centimetres.
type CubicCm int64

// Days is a whole number of days.
type Days int

// Qty is a number of units of stock.
type Qty int64
