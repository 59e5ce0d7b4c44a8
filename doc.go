// Package sourcing holds the units and errors shared by every package of the
// sourcing library: money in integer minor units, fixed-point rates, grams,
// cubic centimetres, days, quantities, and the field error every validation
// returns.
//
// The library itself decides where each line of an order ships from. Its
// packages, from the leaves up:
//
//   - [github.com/sourcing-go/sourcing/geo]: validated coordinates and
//     great-circle distances.
//   - [github.com/sourcing-go/sourcing/carrier]: carrier services, zones, rate
//     grids, packing into parcels and quotes.
//   - [github.com/sourcing-go/sourcing/stock]: nodes, items, stock levels and
//     the immutable, indexed inventory snapshot.
//   - [github.com/sourcing-go/sourcing/rules]: the merchant's policy as data:
//     profiles, conditions, filters, weights and carrier services.
//   - [github.com/sourcing-go/sourcing/orchestrate]: orders, the exact Solve,
//     ranked plans with their cost breakdowns and explanations.
//   - [github.com/sourcing-go/sourcing/orchestrate/simulate]: scenario files.
//
// All values here are small comparable integers. Arithmetic on them that can
// overflow is checked where the library does it; a caller adding Money values
// of its own should use [Money.Add] and [Money.Mul], which report overflow
// instead of wrapping.
package sourcing
