// Package orchestrate decides where each line of an order ships from. Given
// an [Order], a stock snapshot (stock.Snapshot) and a rule set
// (rules.RuleSet), [Solve] returns ranked split-shipment plans, each priced
// term by term, with the nodes the rules excluded and why.
//
// # The objective
//
// A plan is a set of shipments, at most one per node, plus backordered
// units. Its cost is the sum of these terms, each reported in its
// [Breakdown], with the weights of the profile that applies to the order:
//
//	term       per       definition
//	carrier    shipment  the chosen service's price for the shipment's parcels
//	handling   shipment  the node's handling cost
//	picking    shipment  the node's pick cost × units
//	distance   shipment  (per_km + per_unit_km × units) × km, node → destination
//	priority   unit      priority weight × node priority
//	low_stock  unit      low_stock for each unit leaving the node's available
//	                     stock of the SKU below low_stock_below
//	workload   shipment  workload × (committed + units) / capacity, capacity > 0
//	lateness   shipment  late_per_day × days the ETA exceeds the promise
//	carbon     shipment  co2_per_kg × kg CO2 (service g/t·km × tonnes × km)
//	split      plan      split × (shipments − 1)
//	backorder  unit      backorder × units not allocated
//
// Fractional products (distance, workload, carbon) are computed exactly and
// rounded once per shipment and term, half away from zero. The carrier
// service of a shipment is the one with the lowest price + lateness (ties:
// lower price, then service ID); ETA = the node's preparation days + the
// zone's transit days. A click & collect shipment from the pickup store's
// own shelf has no carrier, no distance cost and an ETA of its preparation
// days. A reservation has no carrier and no lateness.
//
// Hard rules remove options instead of pricing them: node kinds and
// countries, item tags a kind may not ship, max distance, capacity, display
// stock to keep, max shipments, whole lines, ship complete.
//
// # Modes
//
//   - Home: ship to the customer's address from warehouses, stores
//     (ship-from-store) and suppliers (dropship), as the rules allow.
//   - Collect (click & collect): the destination is the pickup store
//     (Order.PickupNode, which must have Pickup). It may serve from its own
//     shelf — no carrier, no distance cost, ETA its preparation — and other
//     nodes (with Ships) transfer to it, priced like a delivery to its
//     location, with the carrier services that serve stores (carrier.Spec.To
//     "store": a replenishment truck may serve only stores).
//   - Reserve (e-reservation): nothing moves. Plans are single-store plans,
//     one per node with Reserve that holds the whole basket, cheapest first,
//     priced without carrier, lateness, split or backorder. Applying a plan
//     (stock.Snapshot.Apply) holds the units; Release gives them back.
//   - Endless aisle: an order taken in a store (Order.OriginNode), delivered
//     home or collected there, from anywhere; the profile's origin_stock
//     excludes the store's own stock or prefers it (its priority counts as 0).
//   - Dropship: supplier nodes are nodes like any other, with their own
//     preparation days, costs and stock records (their range); profiles
//     allow them by kind, per order (e.g. when tags_any has "dropship").
//
// Filters apply to every node that gives stock in every mode: the pickup
// store's own shelf and a reserving store included.
//
// # Time
//
// A node without a calendar has ETA = preparation days + the zone's
// transit days. A node with a stock.Calendar and a carrier pick-up cut-off
// follows the clock: the order is taken the day it is placed (Order.PlacedAt,
// in the node's time zone) if that is a working day before the cut-off, else
// the next working day; preparation then takes its days in working days; the
// carrier collects at the cut-off and delivers after the zone's transit days,
// in working days; the ETA is the number of calendar days from the order's
// date to the arrival. Shipments then carry their pick-up deadline and
// arrival date. Time is always an input, never read from the clock.
//
// The lateness term prices the days an ETA exceeds the promise, and the
// carrier service of a shipment is the one with the lowest price + lateness,
// so a late standard service loses to an on-time express one when lateness
// costs more than the difference. With the profile's on_time rule the
// promise (plus tolerance_days) is a hard limit instead.
//
// # Around a decision
//
//   - [Reallocate] re-sources what a node refuses of its shipment. Given
//     the order's shipments and the rejection, it keeps every unit not
//     refused (the node's own included), gives back the refused units'
//     hold or writes them off, exactly those, and solves the remainder
//     without that node (each new shipment pays the split penalty and
//     max_shipments counts them all, but for a reservation): no unit is
//     served twice or lost.
//   - [Price] prices a plan made elsewhere (by other rules, by hand) as
//     Solve prices its own: the same carrier choice, ETA and terms, with no
//     hard rule applied, so that a simulation compares strategies in one
//     money. Price of a plan Solve returned is that plan.
//   - [FulfilmentRequests] are the payloads a host turns into notifications
//     for the stores and warehouses; FulfilmentRequest.Text renders one.
//   - [Promise] answers a checkout before the order exists: home delivery by
//     each carrier service, collect at the nearest pickup stores, reserve in
//     store, each with its earliest date and cost. Its solves read the
//     basket's holders once (per profile) and find exactly what Solve finds
//     for each option alone.
//   - [Explain] and [Sensitivity] say why a node was not chosen and what
//     would make it win.
//
// # JSON, logs and metrics
//
// The values a host puts on a queue or in a database marshal to JSON and
// back with encoding/json, in snake_case: an [Order] in the form of a
// scenario file's orders (lat, lng, pickup_node, promise_days, placed_at…;
// [DecodeOrder] decodes one at a path of a larger document), a [Result],
// [Plan] and [Shipment] in the form of the solve command's output
// (distances as km, to the metre), a [FulfilmentRequest] with the same
// names. Zero times and dates are left out. Decoding is strict: an unknown
// field, a value of the wrong type or a bad value (a mode, a coordinate, a
// time, a cost that is not its breakdown's sum) is a [*sourcing.FieldError]
// naming the field's path; whatever decodes writes back to the same JSON.
// Decoding checks form, not meaning: [Order.Validate] checks an order
// against a snapshot.
//
// [Result] and [Plan] implement slog.LogValuer: logging a result gives the
// decision in one line (order, profile, version, cost, shipments, nodes,
// optimal, work). [Options.Observe] is called once per search with a
// [SolveStats] value, for a host's metrics (solves, work, budget cuts,
// errors by sentinel with [SolveStats.Outcome]); the library itself holds
// no metrics and no global state.
//
// # Guarantees
//
//  1. Feasible: no plan takes more than is available per (node, SKU) after
//     the display stock, more than a node's remaining capacity, or breaks a
//     hard rule.
//  2. Ranked: plans sort by cost, then fewer shipments, then node IDs. When
//     the search completes (Result.Optimal), plan 1 is the minimum-cost plan
//     and plan i the cheapest plan on the i-th cheapest distinct set of
//     shipping nodes. Where backorders are allowed, "everything
//     backordered" is a candidate plan whose node set is empty.
//  3. Budgeted: Solve honours its context and Options.Budget; cut short, it
//     returns the best plans found (all feasible), Optimal false and a
//     lower bound on the optimum.
//  4. Explained: per plan a Breakdown, per shipment its own; per order the
//     excluded nodes with the rule that excluded each, the profile and the
//     rule-set version used.
//  5. Actionable: per shipment the node, lines, parcels, carrier service,
//     distance and ETA: what a host turns into a notification.
//
// Deterministic: the same inputs give the same output, whatever GOMAXPROCS.
//
// # The search
//
// Solve is exact. Lines that no rule tells apart are one line to the
// search (sixteen one-unit lines of a SKU are one line of sixteen units;
// with whole lines, equal lines of a SKU are one line of so many pieces):
// a plan's cost depends only on the units of each SKU each node ships.
// Each node's possible shipments (parts of the order it can ship, with
// their cost) are listed, options that cannot appear in the top K plans
// are pruned by an exchange argument, and a dynamic program over the parts
// of the order keeps, for every part served so far, the K best partial
// plans on distinct node sets. The lower bounds it prunes by are computed
// in floating point with a margin relative to their magnitude, so they
// hold at any cost that fits in int64 (a property test compares every plan
// with an exhaustive enumeration at costs beyond 2⁵⁴ minor units). An
// order whose parts number more than 65,536 (for instance 17 lines of
// different SKUs, or a line of 70,000 units that may be split), or whose
// exact tables the budget cannot pay for, is served instead by a greedy
// plan improved by local search (dropping, adding or swapping a node,
// moving a line between shipments) for as long as Options.Budget and ctx
// allow, reported with Optimal false and a lower bound. On orders small
// enough for both, it comes within 1–2% of the optimum on average (a test
// measures it); an order of more than 4,096 parts starts the exact search
// from its plans, kept if the exact search is cut short before it finds
// better. A reservation is held whole by one store, so ranking the stores
// is exact at any size. DESIGN.md, beside this package's source, walks an
// order through the steps of the search and says why each is exact.
//
// # Budgets, deadlines and memory
//
// One budget bounds a whole call: Solve and every solve of a fallback
// chain, Promise, Explain, Sensitivity. Options.Budget counts the work of
// every stage, from reading the holders to assembling the plans, in units
// of at most about 5 ns of one core (1–5 ns on the paths measured; a test
// checks that no path costs more than four times the others per unit);
// DefaultBudget, 200,000,000 units, is about a second at most. Result.Work
// and Promises.Work report what a call spent: at most the budget, plus
// one step of the search and, once it is cut short, the lower bound's 2¹⁸
// units and the assembly of the plans it returns (about 200 units per
// shipment and SKU). A step is at most 2¹⁷ units, but for making a table,
// which counts a unit per 8 bytes: the largest, the parts of an order of
// 65,536, take 9 MB (1.1 M units, a few milliseconds).
//
// The budget bounds memory too: a call's tables (the holders read, the
// parts and their listings, the program's entries and steps) take at most
// one byte per unit of budget, beyond a fixed few megabytes and the
// result — 200 MB at the default budget. A table is paid for before it is
// made: an order whose exact tables the budget cannot pay for goes to the
// large-order search, and a call that cannot pay for reading the holders
// ends with ErrBudget.
//
// ctx is looked at every 4,096 units of work (about 20 µs), and before a
// table of more than 32 KB is made. Once it is done, the call stops within
// a step, spends at most 2¹⁸ units (about a millisecond) on the lower
// bound, and returns the best plans it found, Optimal false — or
// ErrBudget, wrapping ctx.Err(), if it found none. So a deadline is kept
// to within about a millisecond of work, plus the time to assemble the
// plans returned (which grows with their size: orders of thousands of
// lines pay a few milliseconds) and, on a large heap, the garbage
// collector's assists. A context already done when Solve is called is
// ErrBudget.
//
// A solve takes its tables from a pool shared by the goroutines of the
// process and gives them back before it returns, so that a stream of
// orders allocates little beyond its results; nothing a Result holds
// points into them.
//
// # Errors
//
// Test errors with [errors.Is]: each may be wrapped with context (the order
// ID, the reason). A bad input is a [*sourcing.FieldError] naming the field
// and value, to get with [errors.As]; [Order.Validate], which Solve,
// Reallocate, Promise and ExportMIP call, reports every problem of an order
// at once, joined ([sourcing.Errors] lists them), with fields under
// "order.". Solve returns:
//
//   - [sourcing.ErrInvalid] for a malformed value: an order's mode, its
//     destination (a home or reserve order needs one: the zero geo.LatLng
//     is "unset"), lines,
//     ship_together groups, pickup store, promise or value; Options.K
//     outside [0, MaxK], a negative Options.Budget or ExistingShipments, a
//     service of Options.Services the rule set does not have. A nil
//     snapshot or rule set (every function here, [Order.Validate]
//     included) and, for [ExportMIP], a
//     reservation or an order with too many parts wrap it with
//     fmt.Errorf's %w instead. The caller should fix the input: the same
//     input fails again.
//   - [stock.ErrUnknownSKU] and [stock.ErrUnknownNode] when the order names
//     a SKU or node (pickup_node, origin_node) the snapshot does not have,
//     or Options.Require or Options.Exclude a node it does not have; also
//     for the node of [Explain] and [Sensitivity] and the Rejection.Node
//     and shipments' nodes of [Reallocate]. The caller should fix the
//     reference, or solve on a snapshot that has it.
//   - [rules.ErrNoProfile] when no profile of the rule set applies to the
//     order: the rules do not cover it. The caller should refuse the order
//     as not serviceable under the current rules and fix the rules.
//   - [ErrCurrencyMismatch] when the snapshot and the rule set are in
//     different currencies, before the order is looked at. A configuration
//     error: the caller should build both in the same currency, and check a
//     rule set against the stock with [CheckRules] before swapping it in.
//   - [ErrInfeasible] when no plan satisfies the hard rules: a profile with
//     ship_complete whose allowed nodes cannot ship every unit; a node of
//     Options.Require that is excluded or holds none of the order's SKUs,
//     or no plan shipping from every required node; a reservation that no
//     allowed store can hold whole. The error says why; after a fallback
//     chain (rules.Fallback) it ends "(after N attempts)", the last attempt
//     having had no plan. Without ship_complete or Options.Require, a home
//     or collect order always has a plan, at worst one that backorders
//     everything: check Plan.Backordered too. The order cannot be served
//     now as asked: the caller should backorder or cancel it, or offer
//     another mode or date ([Promise] lists the options); solving again
//     gives the same answer until the stock or the rules change.
//   - [ErrBudget] when ctx was already done when Solve was called, or the
//     search was cut short, by Options.Budget or by ctx, before it found any
//     plan; when ctx cut it, the error also wraps ctx.Err()
//     (context.Canceled or context.DeadlineExceeded). When it found
//     some, Solve returns them instead, with Result.Optimal false and no
//     error. The failure is temporary: the caller may retry with a larger
//     budget or a later deadline, or ask the client to try again. In a
//     fallback chain it ends the chain.
//   - [ErrOverflow] when a term of a cost does not fit in int64; the error
//     names the term (and the node, for a shipment's). The data is absurd (prices, weights,
//     quantities): the caller should fix it; retrying fails again.
//
// A nil ctx is a programmer's error, as everywhere in the standard library
// ("Do not pass a nil Context"): the functions here panic on it rather
// than return an error. Pass context.Background() when there is no
// deadline.
//
// [Explain], [Reallocate], [Sensitivity] and [Promise] solve with Solve and
// return its errors, except that the second solve of Explain answers
// ErrInfeasible in its summary, and Promise lists an option whose solve
// fails with ErrInfeasible or rules.ErrNoProfile as unavailable. They
// return sourcing.ErrInvalid for their own arguments too (Promise's
// Stores, Sensitivity's limit, Reallocate's shipments and rejection).
// Besides:
//
//   - [ErrNotLinear] is returned by [Sensitivity] for a weight whose terms
//     are rounded per shipment (per_km, per_unit_km, workload, co2_per_kg);
//     an unknown weight name is a sourcing.ErrInvalid. The caller should
//     ask about one of [LinearWeights].
//   - [Reallocate] refuses, with a sourcing.ErrInvalid field error for each
//     problem, all reported at once, a rejection that does not fit the
//     order's shipments — a node none of them is from
//     (rejection.node), a SKU the node does not ship or the order does not
//     have (rejection.lines[i].sku), more units of a SKU than the node
//     ships (rejection.lines[i]), a quantity below 1 — and shipments that
//     are not the order's: a SKU it does not have, more units than it has
//     (shipments[i].lines[j]), a shipment without lines. Nothing is given
//     back or written off. The caller should pass the shipments the order
//     has now and what the node refused of them. It returns the error of
//     stock.Snapshot.Release, wrapping [stock.ErrConflict], when a Held
//     rejection gives back more than the node holds reserved in snap: the
//     host had not applied the shipments to it, and should say Held false
//     or pass the snapshot it applied them to.
//   - Sensitivity and ExportMIP return ErrBudget, wrapping ctx.Err(), when
//     ctx ends before they are done.
//   - [Price] refuses shipments that are not the order's, each problem a
//     sourcing.ErrInvalid field error (shipments[i].node given twice,
//     shipments[i].lines[j].sku not ordered, more units than ordered, a
//     shipment without lines) or stock.ErrUnknownNode (shipments[i].node),
//     all at once, and returns ErrInfeasible for a shipment no carrier
//     service carries (too heavy, or beyond every service's reach), and
//     rules.ErrNoProfile as Solve does.
package orchestrate
