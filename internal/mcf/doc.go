// Package mcf solves minimum-cost flow problems exactly, on integers: the
// transportation and assignment problems the batch re-optimisation of
// orchestrate/batch poses (which open orders get a scarce SKU's near
// stock, which the far, which wait), and any network whose node balances
// are integers.
//
// # The problem
//
// A [Graph] has nodes with a supply b(v) (positive: units to send;
// negative: units to receive; Σ b = 0) and arcs (u, v) with a capacity
// u(a) ≥ 0 and a cost c(a) per unit, of either sign. A flow x meets
// 0 ≤ x(a) ≤ u(a) on every arc and, at every node, what leaves less what
// arrives equals b(v); [Graph.Solve] finds one of least total cost
// Σ c(a)·x(a), or says that none exists ([ErrInfeasible]: the supplies
// cannot be routed; the flow is then a least-cost flow of the most that
// can be). It does not cancel cycles: a graph whose arcs form a cycle of
// negative total cost is refused ([ErrNegativeCycle]).
//
// # The algorithm: successive shortest paths with potentials
//
// A super-source s feeds every node of positive supply and every node of
// negative supply drains into a super-sink t. Starting from the zero
// flow, each step sends flow along a shortest s–t path of the residual
// network (forward arcs with room left, at cost c; backward arcs with
// flow, at cost −c), as much as the path's bottleneck allows (Busacker &
// Gowen 1960; Edmonds & Karp 1972; Tomizawa 1971). Every flow it goes
// through is a least-cost flow of its amount, so the last is optimal.
//
// The shortest paths use Dijkstra's algorithm on the reduced costs
// c_π(u, v) = c(u, v) + π(u) − π(v), which stay ≥ 0 on every residual arc
// (the invariant): π starts at the shortest distances from a virtual root
// (0 if no cost is negative; else by Bellman–Ford, which also detects a
// negative cycle), and after each search every node's potential grows by
// min(d(v), d(t)), d the search's distances, which keeps the invariant
// for the arcs the augmentation creates (they lie on a shortest path, at
// reduced cost 0) and for the nodes it did not reach.
//
// # Duals
//
// At the end, π is an optimal solution of the dual problem: every arc with
// room left has c_π(a) ≥ 0 and every arc with flow has c_π(a) ≤ 0
// (complementary slackness), which certifies the flow optimal. A node's
// potential is what one more unit of supply there would cost less one at
// the sink's side: [Graph.Potential] exposes it, for callers that price
// resources (the opportunity cost of a unit of stock at a node).
//
// # Complexity
//
// Each augmentation sends at least one unit and costs one Dijkstra search,
// O((V + E) log V) with a binary heap; so Solve is O(F·(V + E) log V) for
// a total supply F — pseudo-polynomial, and exact. Bellman–Ford, when some
// cost is negative, adds O(V·E) once. Memory is O(V + E).
//
// # Limits
//
// Capacities and supplies are in [0, MaxCapacity] (supplies in
// [−MaxCapacity, MaxCapacity]) and |costs| ≤ MaxCost, so that no path
// length can overflow; the total cost is computed with overflow checks
// ([ErrOverflow]). A Graph is not safe for concurrent use.
package mcf
