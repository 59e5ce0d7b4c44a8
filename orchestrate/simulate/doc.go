// Package simulate reads scenario files and runs them: a scenario is one
// JSON document holding a whole small world (nodes, items, stock, carrier
// services, a rule set and orders), in the format fixed by the project's
// scenario contract. Tests use scenarios table-driven, the examples load
// them, and examples/solve runs them.
//
// [Parse] decodes and validates a scenario: unknown fields are errors, and
// every error is a sourcing.FieldError naming the JSON path and value
// ("nodes[3].lat: 91: …"), so a malformed file is refused with one clear
// line. [Scenario.Run] solves its orders, each against the scenario's stock
// or, sequentially, each against the stock the previous plans left.
package simulate
