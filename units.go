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

// String formats m as JSON writes it: the integer count of minor units
// ("1234" for 12.34 EUR). Money does not carry its currency; write an amount
// for people with [Money.Format].
func (m Money) String() string { return strconv.FormatInt(int64(m), 10) }

// Grams is a mass in grams.
type Grams int64

// CubicCm is a volume in cubic centimetres.
type CubicCm int64

// Days is a whole number of days.
type Days int

// Qty is a number of units of stock.
type Qty int64
