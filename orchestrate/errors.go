package orchestrate

import "errors"

// Errors Solve returns, besides the [sourcing.FieldError] values wrapping
// sourcing.ErrInvalid, stock.ErrUnknownSKU or stock.ErrUnknownNode for a
// malformed order, and rules.ErrNoProfile when no profile applies.
var (
	// ErrInfeasible: no plan satisfies the rules (for instance ship_complete
	// with too little stock, or no store able to hold a reservation). The
	// error names why. The order cannot be served as asked; the caller may
	// relax the rules or tell the customer.
	ErrInfeasible = errors.New("no feasible plan")

	// ErrCurrencyMismatch: the rule set and the snapshot are in different
	// currencies. A configuration error: fix the inputs.
	ErrCurrencyMismatch = errors.New("currency mismatch")

	// ErrOverflow: a cost of this order does not fit in 64 bits (absurd
	// prices, weights or quantities). The error names the term. Nothing
	// wrapped around; fix the data.
	ErrOverflow = errors.New("cost overflows int64")
)
