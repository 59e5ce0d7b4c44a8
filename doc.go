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
//
// # Errors
//
// Every validation in the library returns [*FieldError] values: Field is
// the path of the bad value in the library's JSON vocabulary
// ("profiles[2].filters.max_km"), Value the value, Problem what is wrong
// and Err a sentinel. Get one with [errors.As] and test its sentinel with
// [errors.Is]. A validation of a whole input (a snapshot, a rule set, an
// order) reports every problem at once, joined with [errors.Join]; [Errors]
// lists them.
//
//   - [ErrInvalid] is the Err of every FieldError whose value is malformed
//     ([Invalid] builds one), rather than a reference to something unknown
//     or a duplicate (the stock package's ErrUnknownNode, ErrUnknownSKU and
//     ErrDuplicate). A few functions wrap it with fmt.Errorf's %w instead,
//     naming no field: the parsers of node kinds, dates and modes, and
//     orchestrate.Solve and orchestrate.Promise given a nil snapshot or
//     rule set. The caller should fix the input: the same input fails
//     again.
//   - [ErrRate] is returned, wrapped with fmt.Errorf's %w, by [ParseRate],
//     and so by [Rate.UnmarshalJSON], for text that is not a non-negative
//     decimal number (a sign, a stray character, an exponent below −40)
//     or is above [MaxRate] (just under 9×10¹²): the error says "too
//     large" and gives the limit. The library's own decoders report a bad
//     rate as a FieldError wrapping ErrInvalid instead. The caller should
//     fix the value.
//
// Each package lists its sentinel errors, when each is returned and what
// the caller should do, in the Errors section of its documentation:
//
//   - [github.com/sourcing-go/sourcing/geo]: ErrCoordinates, ErrDistance.
//   - [github.com/sourcing-go/sourcing/carrier]: ErrCannotCarry.
//   - [github.com/sourcing-go/sourcing/stock]: ErrUnknownNode,
//     ErrUnknownSKU, ErrDuplicate, ErrConflict, ErrOverflow.
//   - [github.com/sourcing-go/sourcing/rules]: ErrNoProfile,
//     ErrVersionReused.
//   - [github.com/sourcing-go/sourcing/orchestrate]: ErrInfeasible,
//     ErrBudget, ErrCurrencyMismatch, ErrOverflow, ErrNotLinear, and which
//     of the other packages' errors Solve returns.
//   - [github.com/sourcing-go/sourcing/orchestrate/simulate]: none of its
//     own; the errors of a scenario file and of its orders.
package sourcing
