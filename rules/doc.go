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
// and every result records the version and profile it used. A registry
// keeps one currency, the stock's. [Registry.Prepare] validates a rule file
// without swapping it in, so a host can check it against its stock first
// (orchestrate.CheckRules). [Diff] lists what changed between two rule
// sets, for audit.
//
// [Presets] reproduce well-known platforms (Magento MSI's priority and
// distance algorithms, Shopify's fewest locations) from weights and filters
// alone; [LoadPreset] returns them (they are embedded in the package).
//
// # Errors
//
// Rules that do not decode or validate are refused with
// [*sourcing.FieldError] values naming the path and value, each wrapping
// [sourcing.ErrInvalid] (get one with [errors.As]). Decoding ([DecodeSpec])
// reports every problem of the JSON (a value of the wrong type, an unknown
// field, a field given twice, null in a list, a string that is not UTF-8;
// malformed JSON is one problem that stops it) and validation ([New])
// every problem of the values, each joined ([sourcing.Errors] lists them);
// [Parse] and [Registry.Update] report both at once, [LoadPreset] those of
// decoding. The caller should fix the rules: the same input fails again. [ParseMode] wraps
// sourcing.ErrInvalid with fmt.Errorf's %w. Test for the sentinels with
// [errors.Is]:
//
//   - [ErrNoProfile] is returned by [RuleSet.Match], wrapped with
//     fmt.Errorf's %w and naming the rule set's version, when no profile's
//     condition holds for the facts; orchestrate.Solve returns it for the
//     order, and orchestrate.Promise lists such options as unavailable.
//     The order is well formed but the rules do not cover it: the caller
//     should refuse it as not serviceable under the current rules, and fix
//     the rules (a last profile without a condition matches every order).
//   - [ErrVersionReused] is returned, wrapped with fmt.Errorf's %w, by
//     [Registry.Swap] and [Registry.Update] when the new rule set has the
//     version of the rule set in force but another content (compared by
//     their JSON encoding); the rules in force stay in force (Swap returns
//     them too). Swapping in the same content again is not an error. The
//     caller should give the changed rules a new version and retry.
//   - [ErrCurrencyChanged] is returned, in a [*sourcing.FieldError] on
//     "currency", by [Registry.Swap] and [Registry.Update] when the new rule
//     set is in another currency than the rule set in force; the rules in
//     force stay. The stock the rules
//     price is in one currency: the caller should fix the rule file, or
//     build a new snapshot and a new registry to change currency.
package rules
