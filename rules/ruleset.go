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
// another.
type RuleSet struct {
	version  string
	currency sourcing.Currency
	carriers []*carrier.Service // by ID
	profiles []*Profile
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
		}
		names[ps.Name] = i
		rs.profiles = append(rs.profiles, newProfile(ps))
	}
	errs = append(errs, checkFallbacks(spec.Profiles, names)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rs, nil
}

// checkFallbacks checks that fallbacks name existing profiles and never
// loop.
func checkFallbacks(profiles []ProfileSpec, index map[string]int) []error {
	var errs []error
	for i, p := range profiles {
		if p.Fallback.Profile == "" || p.Fallback.Profile == p.Name {
			continue
		}
		field := fmt.Sprintf("profiles[%d].fallback.profile", i)
		if _, ok := index[p.Fallback.Profile]; !ok {
			errs = append(errs, sourcing.Invalid(field, p.Fallback.Profile, "no profile of that name"))
			continue
		}
		seen := map[string]bool{p.Name: true}
		for next := p.Fallback.Profile; next != ""; next = profiles[index[next]].Fallback.Profile {
			if seen[next] {
				errs = append(errs, sourcing.Invalid(field, p.Fallback.Profile, "fallbacks loop back to "+next))
				break
			}
			seen[next] = true
			if _, ok := index[next]; !ok {
				break
			}
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
	for _, p := range rs.profiles {
		if p.spec.Name == name {
			return p, true
		}
	}
	return nil, false
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
