// Package rules is the merchant's sourcing policy as data: a versioned
// [RuleSet] of ordered profiles and the carrier services they price with.
//
// The first profile whose condition ([Condition]: channel, mode, country,
// region, customer tier, tags, order value, a date window such as a sales
// event) holds for an order applies. A profile has hard filters
// ([Filters]: node kinds, countries, nodes excluded by name, max distance,
// max shipments, whole lines, ship complete, display stock to keep per kind,
// item tags a kind may not ship, ship-together groups, an on-time rule),
// weights for every term of a plan's cost ([Weights]), and an optional
// [Fallback] when it cannot keep an order's promise.
//
// A rule set is written as JSON ([Parse], [DecodeSpec]) or built in Go
// ([New] from a [Spec]); either way it is validated once, every problem
// reported at once with its path and value ("profiles[2].filters.max_km:
// -5: must be ≥ 0"), and is immutable afterwards, safe for concurrent use.
// A rule set that validates cannot make a solve panic or loop.
//
// Rules change while the engine serves traffic: a [Registry] holds the rule
// set in force behind an atomic pointer and swaps it ([Registry.Swap],
// [Registry.Update]); solves in flight keep the rule set they started with,
// and every result records the version and profile it used. [Diff] lists
// what changed between two rule sets, for audit.
//
// [Presets] reproduce well-known platforms (Magento MSI's priority and
// distance algorithms, Shopify's fewest locations) from weights and filters
// alone; [LoadPreset] reads them.
package rules
