package cow

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the random tests (0: a new seed each run)")

func testSeed(t *testing.T) uint64 {
	t.Helper()
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", s, s)
	return s
}

// sizes straddle the chunk boundaries.
var sizes = []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 1000, 3 * chunkSize}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i * 10
	}
	return s
}

// contents reads a back through At and Ptr, checking they agree.
func contents[T comparable](t *testing.T, a Array[T]) []T {
	t.Helper()
	var out []T
	for i := range a.Len() {
		v := a.At(i)
		if p := a.Ptr(i); *p != v {
			t.Fatalf("Ptr(%d) = %v, At(%d) = %v", i, *p, i, v)
		}
		out = append(out, v)
	}
	return out
}

func TestFromSlice(t *testing.T) {
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			src := seq(n)
			a := FromSlice(src)
			require.Equal(t, n, a.Len())
			if diff := cmp.Diff(src, contents(t, a), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("FromSlice(%d) mismatch (-want +got):\n%s", n, diff)
			}
			if want := (n + chunkSize - 1) / chunkSize; len(a.chunks) != want {
				t.Errorf("%d elements in %d chunks, want %d", n, len(a.chunks), want)
			}
			// The array holds a copy.
			for i := range src {
				src[i] = -1
			}
			for i := range n {
				if got := a.At(i); got != i*10 {
					t.Fatalf("after changing the source, At(%d) = %d, want %d", i, got, i*10)
				}
			}
		})
	}
}

func TestZeroArray(t *testing.T) {
	var a Array[string]
	require.Equal(t, 0, a.Len())
	b := a.Edit().Done()
	require.Equal(t, 0, b.Len())
	require.Panics(t, func() { a.At(0) })
}

func TestAtOutOfRangePanics(t *testing.T) {
	a := FromSlice(seq(chunkSize + 1))
	for _, i := range []int{-1, chunkSize + 1, 2 * chunkSize, 1 << 20} {
		require.Panics(t, func() { a.At(i) }, "At(%d)", i)
	}
}

func TestEdit(t *testing.T) {
	for _, n := range sizes {
		if n == 0 {
			continue
		}
		for _, edits := range [][]int{
			{0},
			{n - 1},
			{0, n - 1},
			{min(chunkSize-1, n-1), min(chunkSize, n-1)},
			{n / 2, n / 2, n / 3}, // the same element twice, and one more in the chunk
		} {
			t.Run(fmt.Sprintf("%d/%v", n, edits), func(t *testing.T) {
				orig := FromSlice(seq(n))
				want := seq(n)
				e := orig.Edit()
				for k, i := range edits {
					*e.Ptr(i) += 1000 * (k + 1)
					want[i] += 1000 * (k + 1)
					if got := e.At(i); got != want[i] {
						t.Fatalf("Editor.At(%d) = %d during the edit, want %d", i, got, want[i])
					}
				}
				edited := e.Done()

				if diff := cmp.Diff(want, contents(t, edited)); diff != "" {
					t.Errorf("edited array mismatch (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(seq(n), contents(t, orig)); diff != "" {
					t.Errorf("Edit changed the original (-want +got):\n%s", diff)
				}

				// Untouched chunks are shared; touched ones are not.
				touched := map[int]bool{}
				for _, i := range edits {
					touched[i>>chunkBits] = true
				}
				for c := range orig.chunks {
					shared := &orig.chunks[c][0] == &edited.chunks[c][0]
					if shared == touched[c] {
						t.Errorf("chunk %d: shared = %v, touched = %v", c, shared, touched[c])
					}
				}
			})
		}
	}
}

func TestEditWithoutChanges(t *testing.T) {
	orig := FromSlice(seq(1000))
	e := orig.Edit()
	_ = e.At(999)
	same := e.Done()
	for c := range orig.chunks {
		if &orig.chunks[c][0] != &same.chunks[c][0] {
			t.Errorf("chunk %d copied though nothing was written", c)
		}
	}
}

func TestDoneResetsEditor(t *testing.T) {
	e := FromSlice(seq(10)).Edit()
	*e.Ptr(3) = 7
	a := e.Done()
	require.Equal(t, 7, a.At(3))
	// The editor must not be used after Done: it no longer holds the array,
	// so it cannot write into the one it returned.
	require.Panics(t, func() { *e.Ptr(3) = 8 })
	require.Equal(t, 7, a.At(3))
}

// TestPersistence derives many generations of arrays by random edits, keeping
// every generation, and checks each still reads as its model: an edit never
// shows in an earlier array or in a sibling derived from the same parent.
func TestPersistence(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	n := 1000
	type version struct {
		a     Array[int]
		model []int
	}
	versions := []version{{FromSlice(seq(n)), seq(n)}}
	for g := range 300 {
		parent := versions[rng.IntN(len(versions))]
		model := slices.Clone(parent.model)
		e := parent.a.Edit()
		for range rng.IntN(20) {
			i := rng.IntN(n)
			if rng.IntN(2) == 0 {
				i = rng.IntN(3) + chunkSize*rng.IntN(n/chunkSize+1) - 1 // near a boundary
				i = min(max(i, 0), n-1)
			}
			v := rng.Int()
			*e.Ptr(i) = v
			model[i] = v
		}
		versions = append(versions, version{e.Done(), model})
		if g%100 == 0 || g == 299 {
			for k, v := range versions {
				if got := contents(t, v.a); !slices.Equal(v.model, got) {
					diff := cmp.Diff(v.model, got)
					t.Fatalf("generation %d, version %d mismatch (seed %d) (-want +got):\n%s", g, k, seed, diff)
				}
			}
		}
	}
}

// TestConcurrentReadersAndEditors reads one array from many goroutines
// while others derive new arrays from it. Run with -race.
func TestConcurrentReadersAndEditors(t *testing.T) {
	base := FromSlice(seq(3*chunkSize + 5))
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 50 {
				if g%2 == 0 {
					for i := range base.Len() {
						if v := *base.Ptr(i); v != i*10 {
							errs <- fmt.Errorf("reader: element %d = %d", i, v)
							return
						}
					}
					continue
				}
				e := base.Edit()
				i := (g*97 + round*31) % base.Len()
				*e.Ptr(i) = -g
				if a := e.Done(); a.At(i) != -g {
					errs <- fmt.Errorf("editor: element %d = %d, want %d", i, a.At(i), -g)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
