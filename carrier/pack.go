package carrier

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/arith"
)

// Piece is Count identical units to pack: one line of a shipment. Label (the
// SKU) orders pieces of equal weight.
type Piece struct {
	Label  string
	Weight sourcing.Grams   // of one unit
	Volume sourcing.CubicCm // of one unit
	Count  int64
}

// Run is Count identical parcels, each holding Weight grams and Volume cm³
// in Units units.
type Run struct {
	Weight sourcing.Grams
	Volume sourcing.CubicCm
	Units  int64
	Count  int64
}

// Packing is the parcels of one shipment, as runs of identical parcels in
// the order first fit opened them.
type Packing struct {
	// runs, or, when runs is nil, one: the packing of a single run (one
	// parcel, the common case) needs no array of its own.
	runs []Run
	one  [1]Run
}

// list returns the packing's runs.
func (p *Packing) list() []Run {
	if p.runs != nil || p.one[0].Count == 0 {
		return p.runs
	}
	return p.one[:]
}

// OneParcel packs units, of total weight and volume, into one parcel of s:
// a quick answer to "does it fit in one box?". It is what Pack returns for
// them when they fit, without sorting or allocating; ok is false when they
// do not fit in one parcel (Pack then spreads them over several).
func (s *Service) OneParcel(weight sourcing.Grams, volume sourcing.CubicCm, units int64) (Packing, bool) {
	if units <= 0 || weight > s.spec.MaxParcel || s.spec.MaxParcelVolume > 0 && volume > s.spec.MaxParcelVolume {
		return Packing{}, false
	}
	return Packing{one: [1]Run{{Weight: weight, Volume: volume, Units: units, Count: 1}}}, true
}

// Runs returns a copy of the packing's runs.
func (p Packing) Runs() []Run { return slices.Clone(p.list()) }

// Parcels returns the number of parcels.
func (p Packing) Parcels() int64 {
	var n int64
	for _, r := range p.list() {
		n += r.Count
	}
	return n
}

// Pack packs pieces into parcels of at most s.MaxParcel grams (and, if the
// service limits it, MaxParcelVolume cm³) by first fit, units taken by
// weight descending, then label. It returns an error wrapping
// [ErrCannotCarry] if a unit is heavier or bulkier than a parcel may be, or
// if the shipment has more units than an int64 counts. pieces is not
// modified.
func (s *Service) Pack(pieces []Piece) (Packing, error) {
	return pack(pieces, s.spec.MaxParcel, s.spec.MaxParcelVolume, s.spec.ID)
}

// noVolumeLimit stands for a service without a parcel volume limit.
const noVolumeLimit = sourcing.CubicCm(1<<62 - 1)

func pack(pieces []Piece, maxParcel sourcing.Grams, maxVolume sourcing.CubicCm, id ServiceID) (Packing, error) {
	if maxVolume == 0 {
		maxVolume = noVolumeLimit
	}
	order := make([]int, 0, len(pieces))
	var units int64 // bounds every run's Units and the parcel count
	for i, pc := range pieces {
		if pc.Count < 0 || pc.Weight < 0 || pc.Volume < 0 {
			return Packing{}, fmt.Errorf("%w: %s: piece %q has a negative weight, volume or count", ErrCannotCarry, id, pc.Label)
		}
		if pc.Count == 0 {
			continue
		}
		var ok bool
		if units, ok = arith.Add(units, pc.Count); !ok {
			return Packing{}, fmt.Errorf("%w: %s: the shipment has more than %d units", ErrCannotCarry, id, int64(math.MaxInt64))
		}
		if pc.Weight > maxParcel {
			return Packing{}, fmt.Errorf("%w: %s: a unit of %q weighs %d g, over the %d g parcel limit", ErrCannotCarry, id, pc.Label, pc.Weight, maxParcel)
		}
		if pc.Volume > maxVolume {
			return Packing{}, fmt.Errorf("%w: %s: a unit of %q takes %d cm³, over the %d cm³ parcel limit", ErrCannotCarry, id, pc.Label, pc.Volume, maxVolume)
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
		w, v, left := pieces[i].Weight, pieces[i].Volume, pieces[i].Count
		add := func(r Run, n int64) Run {
			// Weight stays within maxParcel; volume saturates when no limit
			// bounds it, which prices a parcel out of any grid.
			return Run{Weight: r.Weight + sourcing.Grams(n)*w, Volume: satVolume(r.Volume, n, v), Units: r.Units + n}
		}
		// Fill the open parcels in order; a run whose parcels take some units
		// splits into the parcels that took them and those that did not.
		for r := 0; r < len(runs) && left > 0; r++ {
			fit := min(fitCount(int64(maxParcel-runs[r].Weight), int64(w), left), fitCount(int64(maxVolume-runs[r].Volume), int64(v), left))
			if fit == 0 {
				continue
			}
			full := min(runs[r].Count, left/fit) // parcels taking fit units each
			rest := left - full*fit              // units after those parcels
			var split []Run
			if full > 0 {
				split = append(split, withCount(add(runs[r], fit), full))
			}
			remaining := runs[r].Count - full
			if remaining > 0 && rest > 0 {
				split = append(split, withCount(add(runs[r], rest), 1))
				remaining--
				rest = 0
			}
			if remaining > 0 {
				split = append(split, withCount(runs[r], remaining))
			}
			runs = slices.Replace(runs, r, r+1, split...)
			r += len(split) - 1
			left = rest
		}
		if left > 0 {
			per := min(fitCount(int64(maxParcel), int64(w), left), fitCount(int64(maxVolume), int64(v), left))
			if full := left / per; full > 0 {
				runs = append(runs, withCount(add(Run{}, per), full))
			}
			if rest := left % per; rest > 0 {
				runs = append(runs, withCount(add(Run{}, rest), 1))
			}
		}
	}
	return Packing{runs: runs}, nil
}

// satVolume returns have + n×each, saturating at noVolumeLimit.
func satVolume(have sourcing.CubicCm, n int64, each sourcing.CubicCm) sourcing.CubicCm {
	if each != 0 && n > int64(noVolumeLimit-have)/int64(each) {
		return noVolumeLimit
	}
	return have + sourcing.CubicCm(n)*each
}

func withCount(r Run, n int64) Run {
	r.Count = n
	return r
}

// fitCount returns how many units of size each fit in room, at most limit.
func fitCount(room, each, limit int64) int64 {
	if room < 0 {
		return 0
	}
	if each == 0 {
		return limit
	}
	return min(room/each, limit)
}
