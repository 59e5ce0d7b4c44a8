// Package arith is the library's checked integer arithmetic: sums and
// products that report overflow instead of wrapping, and an exact 128-bit
// multiply-divide with rounding half away from zero for fractional rates.
package arith
