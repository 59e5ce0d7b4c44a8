package rules

import (
	"errors"
	"fmt"
	"slices"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/carrier"
)

// ErrNoProfile is returned by [RuleSet.Match] when no profile's condition
// holds for an order.
var ErrNoProfile = errors.New("no profile matches")

// Spec describes a rule set. Field comments give the JSON names.
type Spec struct {
	Version  string            // version: required, recorded in every result
	Currency sourcing.Currency // currency: of every amount in the rule set
	Carriers []carrier.Spec    // carriers: the carrier services
	Profiles []ProfileSpec     // profiles: in order; the first that matches applies
}

// RuleSet is a validated, immutable rule set: the merchant's policy and
// carrier services, safe for concurrent use. "Changing" it means building
// another. Build one with [New] or [Parse].
//
// The zero RuleSet has no version, no currency, no carrier service and no
// profile: Match returns [ErrNoProfile] for every order, and
// orchestrate.Solve with it returns orchestrate.ErrCurrencyMismatch against
// a snapshot in a currency. A [Registry] started with it holds rules in no
// currency, which no swap can change: start one with a rule set from New
// or Parse. The functions of package orchestrate refuse a nil *RuleSet
// with an error wrapping sourcing.ErrInvalid; [Diff] reads it as the zero
// RuleSet.
type RuleSet struct {
	version  string
	currency sourcing.Currency
	carriers []*carrier.Service // by ID
	profiles []*Profile
	byName   map[string]int // the first profile of each name
}

// New validates spec and returns the rule set. Every problem is reported at
// once, each a [sourcing.FieldError] with its path ("profiles[2].filters.max_km").
// spec is copied.
func New(spec Spec) (*RuleSet, error) {
	var errs []error
	if spec.Version == "" {
		errs = append(errs, sourcing.Invalid("version", "", "must not be empty"))
	}
	if !spec.Currency.Valid() {
		errs = append(errs, sourcing.Invalid("currency", string(spec.Currency), "must be an ISO 4217 code such as EUR"))
	}
	rs := &RuleSet{version: spec.Version, currency: spec.Currency}
	for i, cs := range spec.Carriers {
		s, err := carrier.NewService(cs)
		if err != nil {
			errs = append(errs, sourcing.WithPrefix(fmt.Sprintf("carriers[%d]", i), err))
			continue
		}
		rs.carriers = append(rs.carriers, s)
	}
	slices.SortStableFunc(rs.carriers, func(a, b *carrier.Service) int { return a.ID().Compare(b.ID()) })
	for i := 1; i < len(rs.carriers); i++ {
		if rs.carriers[i].ID() == rs.carriers[i-1].ID() {
			errs = append(errs, sourcing.Invalid("carriers", rs.carriers[i].ID().String(), "service appears twice"))
		}
	}
	if len(spec.Profiles) == 0 {
		errs = append(errs, sourcing.Invalid("profiles", nil, "must list at least one profile"))
	}
	names := map[string]int{}
	for i, ps := range spec.Profiles {
		prefix := fmt.Sprintf("profiles[%d]", i)
		for _, e := range ps.validate() {
			errs = append(errs, sourcing.WithPrefix(prefix, e))
		}
		if j, dup := names[ps.Name]; dup && ps.Name != "" {
			errs = append(errs, sourcing.Invalid(prefix+".name", ps.Name, fmt.Sprintf("already the name of profiles[%d]", j)))
		} else if !dup {
			names[ps.Name] = i
		}
		rs.profiles = append(rs.profiles, newProfile(ps))
	}
	rs.byName = names
	errs = append(errs, checkFallbacks(spec.Profiles, names, nil)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rs, nil
}

// checkFallbacks checks that fallbacks name existing profiles and never
// loop. The fallbacks form a functional graph (each profile names at most
// one other), so a depth-first walk with three colours finds every loop in
// O(profiles): each profile is visited once, a walk stops at a profile
// already done, and a walk that meets a profile on its own path has found a
// loop, reported once, on the loop's first profile in file order. index maps
// a name to the first profile of that name. steps, if not nil, counts the
// profiles visited (for a test that the work is linear).
func checkFallbacks(profiles []ProfileSpec, index map[string]int, steps *int) []error {
	const (
		unseen = iota
		onPath
		done
	)
	var errs []error
	colour := make([]uint8, len(profiles))
	next := func(i int) (int, bool) {
		fb := profiles[i].Fallback.Profile
		if fb == "" || fb == profiles[i].Name {
			return 0, false // none, or reported by validate
		}
		j, ok := index[fb]
		return j, ok
	}
	for i, p := range profiles {
		if fb := p.Fallback.Profile; fb != "" && fb != p.Name {
			if _, ok := index[fb]; !ok {
				errs = append(errs, sourcing.Invalid(fmt.Sprintf("profiles[%d].fallback.profile", i), fb, "no profile of that name"))
			}
		}
	}
	var path []int
	for start := range profiles {
		if colour[start] != unseen {
			continue
		}
		path = path[:0]
		at, loop := start, -1
		for {
			if steps != nil {
				*steps++
			}
			colour[at] = onPath
			path = append(path, at)
			j, ok := next(at)
			if !ok || colour[j] == done {
				break
			}
			if colour[j] == onPath {
				loop = j
				break
			}
			at = j
		}
		if loop >= 0 {
			// The loop is path from loop to its end; report it on its
			// first profile in file order.
			first, n := loop, 0
			for _, k := range path[slices.Index(path, loop):] {
				first, n = min(first, k), n+1
			}
			errs = append(errs, sourcing.Invalid(fmt.Sprintf("profiles[%d].fallback.profile", first), profiles[first].Fallback.Profile,
				fmt.Sprintf("fallbacks loop back to %s (a loop of %d profiles)", profiles[first].Name, n)))
		}
		for _, k := range path {
			colour[k] = done
		}
	}
	return errs
}

// Version returns the rule set's version.
func (rs *RuleSet) Version() string { return rs.version }

// Currency returns the currency of every amount in the rule set.
func (rs *RuleSet) Currency() sourcing.Currency { return rs.currency }

// Carriers returns the carrier services in ID order. The slice is a copy;
// the services are immutable.
func (rs *RuleSet) Carriers() []*carrier.Service { return slices.Clone(rs.carriers) }

// Profiles returns the profiles in order. The slice is a copy; the profiles
// are immutable.
func (rs *RuleSet) Profiles() []*Profile { return slices.Clone(rs.profiles) }

// Profile returns the profile named name.
func (rs *RuleSet) Profile(name string) (*Profile, bool) {
	i, ok := rs.byName[name]
	if !ok {
		return nil, false
	}
	return rs.profiles[i], true
}

// Match returns the first profile whose condition holds for f, or an error
// wrapping [ErrNoProfile].
func (rs *RuleSet) Match(f Facts) (*Profile, error) {
	for _, p := range rs.profiles {
		if p.spec.When.Matches(f) {
			return p, nil
		}
	}
	return nil, fmt.Errorf("%w (rule set %s, %d profiles)", ErrNoProfile, rs.version, len(rs.profiles))
}

// Spec returns a deep copy of the rule set's description.
func (rs *RuleSet) Spec() Spec {
	s := Spec{Version: rs.version, Currency: rs.currency}
	for _, c := range rs.carriers {
		s.Carriers = append(s.Carriers, c.Spec())
	}
	for _, p := range rs.profiles {
		s.Profiles = append(s.Profiles, p.Spec())
	}
	return s
}
