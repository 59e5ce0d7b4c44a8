package mcf

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// MaxCapacity bounds an arc's capacity and a node's supply.
const MaxCapacity = 1 << 40

// MaxCost bounds an arc's cost per unit, in absolute value: a path of up
// to MaxNodes arcs stays far from overflow.
const MaxCost = 1 << 40

// MaxNodes bounds a graph's nodes.
const MaxNodes = 1 << 20

// The errors of Solve.
var (
	// ErrInfeasible: the supplies cannot all be routed. The flow left is a
	// least-cost flow of the most that can be.
	ErrInfeasible = errors.New("mcf: the supplies cannot be routed")
	// ErrNegativeCycle: arcs with room form a cycle of negative total
	// cost, which successive shortest paths does not cancel.
	ErrNegativeCycle = errors.New("mcf: a cycle of negative cost")
	// ErrOverflow: the total cost does not fit in int64.
	ErrOverflow = errors.New("mcf: the total cost overflows int64")
	// ErrUnbalanced: the supplies do not sum to 0.
	ErrUnbalanced = errors.New("mcf: the supplies do not sum to 0")
)

// Graph is a flow network: nodes numbered from 0, with supplies, and arcs
// with capacities and costs. The zero value is an empty graph.
type Graph struct {
	supply []int64
	// Arcs in pairs: arc 2k is the k-th arc added, 2k+1 its reverse
	// (capacity 0, cost −c). head and next make the adjacency lists.
	to, next []int32
	cap      []int64 // residual capacity
	cost     []int64
	head     []int32 // per node, its first arc, or −1
	pot      []int64
	total    int64
	solved   bool
	negative bool
}

// New returns a graph of n nodes, each of supply 0. It panics when n is
// outside [0, MaxNodes]: a caller's bug.
func New(n int) *Graph {
	if n < 0 || n > MaxNodes {
		panic(fmt.Sprintf("mcf: %d nodes, outside [0, %d]", n, MaxNodes))
	}
	g := &Graph{supply: make([]int64, n), head: make([]int32, n)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

// Nodes returns the number of nodes.
func (g *Graph) Nodes() int { return len(g.supply) }

// AddNode adds a node of supply 0 and returns its number.
func (g *Graph) AddNode() int {
	if len(g.supply) >= MaxNodes {
		panic(fmt.Sprintf("mcf: more than %d nodes", MaxNodes))
	}
	g.supply = append(g.supply, 0)
	g.head = append(g.head, -1)
	return len(g.supply) - 1
}

// SetSupply sets node v's supply: positive, units it sends; negative,
// units it receives. It panics for a node out of range or a supply beyond
// MaxCapacity: a caller's bug.
func (g *Graph) SetSupply(v int, supply int64) {
	g.node(v)
	if supply < -MaxCapacity || supply > MaxCapacity {
		panic(fmt.Sprintf("mcf: supply %d outside [−%d, %d]", supply, int64(MaxCapacity), int64(MaxCapacity)))
	}
	g.supply[v] = supply
}

// AddArc adds an arc from u to v with a capacity and a cost per unit, and
// returns its number (0 for the first arc, then 1, 2…). It panics for a
// node out of range, a capacity outside [0, MaxCapacity] or a cost beyond
// ±MaxCost: a caller's bug.
func (g *Graph) AddArc(u, v int, capacity, cost int64) int {
	g.node(u)
	g.node(v)
	if capacity < 0 || capacity > MaxCapacity {
		panic(fmt.Sprintf("mcf: capacity %d outside [0, %d]", capacity, int64(MaxCapacity)))
	}
	if cost < -MaxCost || cost > MaxCost {
		panic(fmt.Sprintf("mcf: cost %d outside [−%d, %d]", cost, int64(MaxCost), int64(MaxCost)))
	}
	id := len(g.to) / 2
	g.push(u, v, capacity, cost)
	g.push(v, u, 0, -cost)
	if cost < 0 {
		g.negative = true
	}
	g.solved = false
	return id
}

func (g *Graph) push(u, v int, capacity, cost int64) {
	g.to = append(g.to, int32(v))
	g.cap = append(g.cap, capacity)
	g.cost = append(g.cost, cost)
	g.next = append(g.next, g.head[u])
	g.head[u] = int32(len(g.to) - 1)
}

func (g *Graph) node(v int) {
	if v < 0 || v >= len(g.supply) {
		panic(fmt.Sprintf("mcf: node %d outside [0, %d)", v, len(g.supply)))
	}
}

// Arcs returns the number of arcs added.
func (g *Graph) Arcs() int { return len(g.to) / 2 }

// Flow returns the flow on arc a after Solve.
func (g *Graph) Flow(a int) int64 { return g.cap[2*a+1] }

// Potential returns node v's potential after Solve: the dual value of its
// balance constraint. Every arc (u, v) with room left has
// cost + Potential(u) − Potential(v) ≥ 0, and every arc with flow ≤ 0.
func (g *Graph) Potential(v int) int64 {
	g.node(v)
	if !g.solved {
		return 0
	}
	return g.pot[v]
}

// Cost returns the total cost of the flow after Solve.
func (g *Graph) Cost() int64 { return g.total }

// Solve finds a least-cost flow meeting every node's supply, by
// successive shortest paths (see the package documentation), and returns
// its cost. It returns ErrUnbalanced when the supplies do not sum to 0,
// ErrNegativeCycle when arcs with room form a cycle of negative cost,
// ErrInfeasible when the supplies cannot all be routed (the flow is then
// a least-cost flow of the most that can be), ErrOverflow when the total
// cost does not fit in int64. Solving again starts from the zero flow.
func (g *Graph) Solve() (int64, error) {
	n := len(g.supply)
	var balance, want int64
	for _, b := range g.supply {
		balance += b
		if b > 0 {
			want += b
		}
	}
	if balance != 0 {
		return 0, fmt.Errorf("%w (sum %d)", ErrUnbalanced, balance)
	}
	// Back to the zero flow.
	for a := 0; a < len(g.to); a += 2 {
		g.cap[a] += g.cap[a+1]
		g.cap[a+1] = 0
	}
	// The super-source s and super-sink t, as two more nodes of a working
	// copy of the adjacency: their arcs are appended and cut off after.
	s, t := n, n+1
	arcs := len(g.to)
	head := append(append([]int32(nil), g.head...), -1, -1)
	work := &Graph{to: g.to, next: g.next, cap: g.cap, cost: g.cost, head: head}
	for v, b := range g.supply {
		switch {
		case b > 0:
			work.push(s, v, b, 0)
			work.push(v, s, 0, 0)
		case b < 0:
			work.push(v, t, -b, 0)
			work.push(t, v, 0, 0)
		}
	}
	defer func() {
		// Keep the original arcs' flows; drop the super arcs.
		g.to, g.next, g.cap, g.cost = work.to[:arcs], work.next[:arcs], work.cap[:arcs], work.cost[:arcs]
	}()
	pot := make([]int64, n+2)
	if g.negative {
		if !work.bellmanFord(pot) {
			g.solved = false
			return 0, ErrNegativeCycle
		}
	}
	dist := make([]int64, n+2)
	prev := make([]int32, n+2) // the arc into each node on its shortest path
	h := &heap{}
	var sent int64
	for sent < want {
		if !work.dijkstra(s, pot, dist, prev, h) {
			break
		}
		dt := dist[t]
		for v := range pot {
			pot[v] += min(dist[v], dt)
		}
		// The bottleneck, then the augmentation.
		push := want - sent
		for v := t; v != s; v = int(work.to[prev[v]^1]) {
			push = min(push, work.cap[prev[v]])
		}
		for v := t; v != s; v = int(work.to[prev[v]^1]) {
			work.cap[prev[v]] -= push
			work.cap[prev[v]^1] += push
		}
		sent += push
	}
	g.pot = pot[:n]
	g.solved = true
	var total int64
	overflow := false
	for a := 0; a < arcs; a += 2 {
		f := work.cap[a+1]
		if f == 0 {
			continue
		}
		hi, lo := bits.Mul64(uint64(f), uint64(abs(work.cost[a])))
		if hi != 0 || lo > math.MaxInt64 {
			overflow = true
			break
		}
		c := int64(lo)
		if work.cost[a] < 0 {
			c = -c
		}
		if (c > 0 && total > math.MaxInt64-c) || (c < 0 && total < math.MinInt64-c) {
			overflow = true
			break
		}
		total += c
	}
	g.total = total
	switch {
	case overflow:
		return 0, ErrOverflow
	case sent < want:
		return total, fmt.Errorf("%w: %d of %d units routed", ErrInfeasible, sent, want)
	}
	return total, nil
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// bellmanFord sets pot to the shortest distances from a virtual root
// joined to every node at cost 0, over the arcs with room, and reports
// false if they have a negative cycle. O(V·E).
func (g *Graph) bellmanFord(pot []int64) bool {
	clear(pot)
	n := len(pot)
	for round := 0; round <= n; round++ {
		changed := false
		for u := range n {
			for a := g.head[u]; a >= 0; a = g.next[a] {
				if g.cap[a] == 0 {
					continue
				}
				if v := g.to[a]; pot[u]+g.cost[a] < pot[v] {
					pot[v] = pot[u] + g.cost[a]
					changed = true
				}
			}
		}
		if !changed {
			return true
		}
	}
	return false
}

// dijkstra finds the shortest paths from s over the arcs with room, on
// the reduced costs (≥ 0 by the invariant), and reports whether the sink
// (the last node) is reached. Unreached nodes get the distance
// math.MaxInt64.
func (g *Graph) dijkstra(s int, pot, dist []int64, prev []int32, h *heap) bool {
	const inf = math.MaxInt64
	for v := range dist {
		dist[v] = inf
		prev[v] = -1
	}
	dist[s] = 0
	h.items = h.items[:0]
	h.push(0, int32(s))
	for len(h.items) > 0 {
		d, u := h.pop()
		if d > dist[u] {
			continue
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] == 0 {
				continue
			}
			v := g.to[a]
			nd := d + g.cost[a] + pot[u] - pot[v]
			if nd < dist[v] {
				dist[v] = nd
				prev[v] = a
				h.push(nd, v)
			}
		}
	}
	return dist[len(dist)-1] != inf
}

// heap is a binary min-heap of (distance, node), with lazy deletion.
type heap struct{ items []heapItem }

type heapItem struct {
	d int64
	v int32
}

func (h *heap) push(d int64, v int32) {
	h.items = append(h.items, heapItem{d, v})
	for i := len(h.items) - 1; i > 0; {
		p := (i - 1) / 2
		if h.items[p].d <= h.items[i].d {
			break
		}
		h.items[p], h.items[i] = h.items[i], h.items[p]
		i = p
	}
}

func (h *heap) pop() (int64, int32) {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.items[l].d < h.items[m].d {
			m = l
		}
		if r < last && h.items[r].d < h.items[m].d {
			m = r
		}
		if m == i {
			break
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
	return top.d, top.v
}
