package carrier

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
)

// Piece is Count identical units to pack: one line of a shipment. Label (the
// SKU) orders pieces of equal weight.
type Piece struct {
	Label  string
	Weight sourcing.Grams // of one unit
	Count  int64
}

// Run is Count identical parcels, each holding Weight grams and Units units.
type Run struct {
	Weight sourcing.Grams
	Units  int64
	Count  int64
}

// Packing is the parcels of one shipment, as runs of identical parcels in
// the order first fit opened them.
type Packing struct {
	runs []Run
}

// Runs returns a copy of the packing's runs.
func (p Packing) Runs() []Run { return slices.Clone(p.runs) }

// Parcels returns the number of parcels.
func (p Packing) Parcels() int64 {
	var n int64
	for _, r := range p.runs {
		n += r.Count
	}
	return n
}

// Pack packs pieces into parcels of at most s.MaxParcel grams by first fit,
// units taken by weight descending, then label. It returns an error wrapping
// [ErrCannotCarry] if a unit is heavier than a parcel may be. pieces is not
// modified.
func (s *Service) Pack(pieces []Piece) (Packing, error) {
	return pack(pieces, s.spec.MaxParcel, s.spec.ID)
}

func pack(pieces []Piece, maxParcel sourcing.Grams, id ServiceID) (Packing, error) {
	order := make([]int, 0, len(pieces))
	for i, pc := range pieces {
		if pc.Count < 0 || pc.Weight < 0 {
			return Packing{}, fmt.Errorf("%w: %s: piece %q has a negative weight or count", ErrCannotCarry, id, pc.Label)
		}
		if pc.Count == 0 {
			continue
		}
		if pc.Weight > maxParcel {
			return Packing{}, fmt.Errorf("%w: %s: a unit of %q weighs %d g, over the %d g parcel limit", ErrCannotCarry, id, pc.Label, pc.Weight, maxParcel)
		}
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(pieces[b].Weight, pieces[a].Weight); c != 0 {
			return c
		}
		return cmp.Compare(pieces[a].Label, pieces[b].Label)
	})
	var runs []Run
	for _, i := range order {
		w, left := pieces[i].Weight, pieces[i].Count
		// Fill the open parcels in order; a run whose parcels take some units
		// splits into the parcels that took them and those that did not.
		for r := 0; r < len(runs) && left > 0; r++ {
			fit := fitCount(maxParcel-runs[r].Weight, w, left)
			if fit == 0 {
				continue
			}
			full := min(runs[r].Count, left/fit) // parcels taking fit units each
			rest := left - full*fit              // units after those parcels
			var split []Run
			if full > 0 {
				split = append(split, Run{Weight: runs[r].Weight + sourcing.Grams(fit)*w, Units: runs[r].Units + fit, Count: full})
			}
			remaining := runs[r].Count - full
			if remaining > 0 && rest > 0 {
				split = append(split, Run{Weight: runs[r].Weight + sourcing.Grams(rest)*w, Units: runs[r].Units + rest, Count: 1})
				remaining--
				rest = 0
			}
			if remaining > 0 {
				split = append(split, Run{Weight: runs[r].Weight, Units: runs[r].Units, Count: remaining})
			}
			runs = slices.Replace(runs, r, r+1, split...)
			r += len(split) - 1
			left = rest
		}
		if left > 0 {
			per := fitCount(maxParcel, w, left)
			if full := left / per; full > 0 {
				runs = append(runs, Run{Weight: sourcing.Grams(per) * w, Units: per, Count: full})
			}
			if rest := left % per; rest > 0 {
				runs = append(runs, Run{Weight: sourcing.Grams(rest) * w, Units: rest, Count: 1})
			}
		}
	}
	return Packing{runs: runs}, nil
}

// fitCount returns how many units of weight w fit in room, at most limit.
func fitCount(room, w sourcing.Grams, limit int64) int64 {
	if room < 0 {
		return 0
	}
	if w == 0 {
		return limit
	}
	return min(int64(room/w), limit)
}
