package arith_test

import (
	"fmt"
	"math"

	"github.com/sourcing-go/sourcing/internal/arith"
)

func ExampleAdd() {
	fmt.Println(arith.Add(40, 2))
	_, ok := arith.Add(math.MaxInt64, 1)
	fmt.Println(ok)
	// Output:
	// 42 true
	// false
}

func ExampleMul() {
	fmt.Println(arith.Mul(-6, 7))
	_, ok := arith.Mul(math.MinInt64, -1)
	fmt.Println(ok)
	// Output:
	// -42 true
	// false
}

func ExampleMulDivRound() {
	// 0.5 cent per km (500000 millionths) over 391.5 km, in millionths of a
	// km: 195.75 cents, rounded once to 196.
	fmt.Println(arith.MulDivRound(500_000, 391_500_000, 1_000_000*1_000_000))
	// 2.5 rounds away from zero.
	fmt.Println(arith.MulDivRound(5, 1, 2))
	// No division by zero.
	fmt.Println(arith.MulDivRound(1, 1, 0))
	// Output:
	// 196 true
	// 3 true
	// 0 false
}
