package cow_test

import (
	"fmt"

	"github.com/sourcing-go/sourcing/internal/cow"
)

func ExampleArray_Edit() {
	stock := cow.FromSlice([]int{5, 3, 8})

	e := stock.Edit()
	*e.Ptr(1) -= 2
	next := e.Done()

	fmt.Println(stock.At(1), next.At(1), next.Len())
	// Output: 3 1 3
}

func ExampleFromSlice() {
	s := []string{"dc-paris", "store-lyon"}
	a := cow.FromSlice(s)
	s[0] = "changed"
	fmt.Println(a.Len(), a.At(0))
	// Output: 2 dc-paris
}
