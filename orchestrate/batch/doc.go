// Package batch re-decides open orders together: orders assigned to
// stores and warehouses but not yet released to them for picking. Orders
// usually wait hours before a node picks them (the picking wave, the
// store's next round); in that window, deciding across orders pays:
//
//   - grouping: orders of one customer to one destination within a
//     window are served together — one shipment per node for the group,
//     the carrier, handling and split paid once — each order's lines
//     still traceable ([Requests]);
//   - re-optimisation: an order first served from the stock earlier
//     orders left is solved again, and orders competing for stock
//     exchange it, or move between nodes;
//   - wave allocation: when more open orders want a SKU than its near
//     stock can serve, the near stock goes to whoever saves most by it,
//     the far to others, the rest wait — jointly, instead of first come,
//     first served.
//
// [Optimize] takes the open assignments (each order or group with its
// plan), the stock with their plans applied, and the rule set, and
// returns a new assignment that never costs more in total, never
// oversells, breaks no hard rule and no promise the given plans keep,
// and says per assignment what changed and why, term by term.
//
// It is for a host's release step (re-decide what is still open just
// before releasing it) and for simulations (orchestrate/simulate's
// "batch" strategy). It is not a replacement for orchestrate.Solve at
// checkout: every plan it makes is one Solve makes for an order or a
// group, under the same rules, and it knows nothing of orders not yet
// placed. It does not split the groups it is given, nor decide when to
// release: the host does.
//
// # The batch's cost
//
// Every plan, before and after, is priced with orchestrate.Price under
// the rules on the batch's stock — the snapshot given with every open
// plan's units given back — as if each were the first to take its units:
// the totals then compare in one money, whatever the order the plans
// were made in. (A replay that applies the plans one after the other
// prices the terms that read the stock, low_stock and workload, a little
// higher for the later ones.)
//
// # The search, step by step
//
// An assignment of the batch is a slot: one order, or a group, and its
// plan. Each step moves the state only to one that fits the stock (see
// below) and costs strictly less, so the result never costs more than the
// assignment given; a candidate plan that would break a promise the
// given plan keeps is never considered.
//
//  1. Alone. Each slot is solved alone on the batch's stock: its K
//     cheapest plans on distinct node sets (Options.K) start its pool of
//     candidate plans, with its given plan; plan 1's cost is a lower
//     bound on what it may cost, whatever the others take (a slot at its
//     bound is left alone by the steps below).
//  2. Grouping (Options.Group > 0). The slots of one customer, mode,
//     destination and profile, in the order of their times, form
//     windows; a window's orders become one group (one order to the
//     rules: the first, with the lines of all) when a plan of it costs
//     less than their plans together: their plans as one first (the
//     shipments of one node merged: it fits as it is), else plan 1 of the
//     group alone, else plan 1 on the stock the others leave (see
//     group.go).
//  3. Waves. A SKU is scarce when the slots' cheapest plans alone want
//     more of it at some nodes than those nodes hold; the slots competing
//     there form its wave, allocated as a transportation problem by exact
//     minimum-cost flow (see wave.go): per slot, an option per node it
//     could take the SKU from, and one to wait.
//  4. Local search, in rounds until one improves nothing: each slot in
//     turn takes the cheapest plan of its pool that fits, or its plan 1
//     solved on the stock the others leave ("re-solved": shipments merge
//     or split as the stock allows); then each slot that costs more than
//     its bound takes a cheaper plan of its pool that another slot is in
//     the way of, and that other slot is solved again on the stock left
//     ("exchanged": orders swap nodes, SKUs change hands) — when the two
//     then cost less.
//  5. Exact. The slots are partitioned into sets competing for stock (a
//     pair of node and SKU, or a node's capacity, that their candidates
//     could together overfill); each set is solved exactly over its
//     candidates by branch and bound (see exact.go), within
//     Options.ExactLimit candidates visited. Result.Optimal says every set
//     was: no combination of the candidates costs less. A batch whose
//     slots compete for nothing is then optimal outright, for the groups
//     it has: each slot has its cheapest plan alone (that keeps its
//     promises).
//
// # Fitting the stock
//
// The plans together must take, of each node's SKU, no more than is
// available on the batch's stock less the display stock each order's
// rules keep (with keeps that differ, in some order of the plans each
// within what is left less its own keep: largest keep first decides),
// and from each node no more units than its capacity left. Every other
// hard rule (node kinds and countries, distance, forbidden tags, max
// shipments, whole lines, ship complete, on time) is the rules' own, met
// by every plan Solve makes; a plan given is kept as it is unless a
// cheaper one that fits is found.
//
// # Budgets
//
// One budget bounds the call (Options.Budget, in the units of
// orchestrate.Options.Budget): the work of every Solve, counted from
// their Result.Work, a fixed amount per Price, and the search's own
// steps. When it runs out, or ctx is done, the search stops where it is
// and returns the best state found, Optimal false. Its time grows with
// the slots (a solve or two each, more for those that compete) — see the
// package's benchmarks for 100, 1,000 and 10,000 open orders on a
// 500-node network.
//
// Concurrency: Optimize reads the snapshot and rule set and changes
// nothing passed in; calls may run concurrently.
package batch
