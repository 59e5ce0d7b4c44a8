// Package simulate reads scenario files and runs them: a scenario is one
// JSON document holding a whole small world (nodes, items, stock, carrier
// services, a rule set and orders), in the format fixed by the project's
// scenario contract. Tests use scenarios table-driven, the examples load
// them, and examples/solve runs them.
//
// [Parse] decodes and validates a scenario: unknown fields, fields given
// twice, null in a list and strings that are not UTF-8 are errors (a byte
// order mark is accepted), and every error is a sourcing.FieldError naming
// the JSON path and value ("nodes[3].lat: 91: …"), every problem of the file
// at once, so a malformed file is refused with a clear line per problem.
// [Scenario.Run] solves its orders, each against the scenario's stock;
// [Scenario.RunSequential], each against the stock the previous plans left.
//
// # Errors
//
// The package has no sentinel errors of its own. [Parse] and [ParseWith]
// refuse a file with [*sourcing.FieldError] values (get one with
// [errors.As]) wrapping [sourcing.ErrInvalid]; [stock.ErrUnknownNode] or
// [stock.ErrUnknownSKU] for a stock record or order naming what the file
// does not have; or [stock.ErrDuplicate] for a node, item, stock level,
// calendar or order ID given twice. The caller should fix the file.
// [Scenario.Run] puts each order's error in Outcome.Err, to test with
// [errors.Is] against the sentinels of the orchestrate package (see its
// Errors section); so does [Scenario.RunSequential]. They fail themselves
// only when ctx is done, or when RunSequential cannot apply an order's plan
// 1 to the stock it was solved on (wrapping [stock.ErrConflict]), which
// would be a bug.
package simulate
