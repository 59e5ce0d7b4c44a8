package cow

const chunkBits = 8
const chunkSize = 1 << chunkBits

// Array is an immutable array of T stored in fixed-size chunks. The zero
// value is an empty array. Arrays are safe for concurrent readers: nothing
// ever writes to a chunk after the array holding it is returned.
type Array[T any] struct {
	chunks [][]T
	n      int
}

// FromSlice returns an array holding a copy of s.
func FromSlice[T any](s []T) Array[T] {
	a := Array[T]{n: len(s)}
	for i := 0; i < len(s); i += chunkSize {
		end := min(i+chunkSize, len(s))
		c := make([]T, end-i)
		copy(c, s[i:end])
		a.chunks = append(a.chunks, c)
	}
	return a
}

// Len returns the number of elements.
func (a Array[T]) Len() int { return a.n }

// At returns element i. It panics if i is out of range, like a slice.
func (a Array[T]) At(i int) T { return a.chunks[i>>chunkBits][i&(chunkSize-1)] }

// Ptr returns a pointer to element i for reading without a copy. The caller
// must not write through it.
func (a Array[T]) Ptr(i int) *T { return &a.chunks[i>>chunkBits][i&(chunkSize-1)] }

// Editor collects updates to an array; Done returns the updated array. Only
// the chunks an update touches are copied, each once.
type Editor[T any] struct {
	a      Array[T]
	copied map[int]bool
}

// Edit starts a set of updates to a. a itself is never changed.
func (a Array[T]) Edit() *Editor[T] {
	e := &Editor[T]{a: a, copied: map[int]bool{}}
	e.a.chunks = append([][]T(nil), a.chunks...)
	return e
}

// Ptr returns a writable pointer to element i of the new array.
func (e *Editor[T]) Ptr(i int) *T {
	c := i >> chunkBits
	if !e.copied[c] {
		e.a.chunks[c] = append([]T(nil), e.a.chunks[c]...)
		e.copied[c] = true
	}
	return &e.a.chunks[c][i&(chunkSize-1)]
}

// At returns element i of the new array as edited so far.
func (e *Editor[T]) At(i int) T { return e.a.At(i) }

// Done returns the edited array. The editor must not be used afterwards.
func (e *Editor[T]) Done() Array[T] {
	a := e.a
	e.a = Array[T]{}
	return a
}
