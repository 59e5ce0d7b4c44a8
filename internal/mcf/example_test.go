package mcf_test

import (
	"fmt"

	"github.com/sourcing-go/sourcing/internal/mcf"
)

// Three orders want one unit of a SKU; the near node holds one, the far
// node two. The least-cost allocation gives the near unit to the order
// that saves most by it; the potentials price a unit at each node.
func Example() {
	const near, far, sink = 3, 4, 5
	g := mcf.New(6)
	costs := [3][2]int64{{5, 9}, {4, 12}, {6, 8}} // per order: near, far
	for o, c := range costs {
		g.SetSupply(o, 1)
		g.AddArc(o, near, 1, c[0])
		g.AddArc(o, far, 1, c[1])
	}
	nearArc := g.AddArc(near, sink, 1, 0)
	g.AddArc(far, sink, 2, 0)
	g.SetSupply(sink, -3)
	cost, err := g.Solve()
	if err != nil {
		fmt.Println(err)
		return
	}
	for o := range costs {
		fmt.Printf("order %d: near %d, far %d\n", o, g.Flow(2*o), g.Flow(2*o+1))
	}
	fmt.Println("cost", cost, "near used", g.Flow(nearArc))
	fmt.Println("a near unit is worth", g.Potential(far)-g.Potential(near), "more than a far one")
	// Output:
	// order 0: near 0, far 1
	// order 1: near 1, far 0
	// order 2: near 0, far 1
	// cost 21 near used 1
	// a near unit is worth 4 more than a far one
}
