package rules

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Change is one difference between two rule sets, for audit.
type Change struct {
	Kind ChangeKind
	// Where: "version", "currency", "carrier colis/standard",
	// "profile black-friday".
	Where string
	// Field is the JSON path inside it ("weights.split") for a Changed
	// value.
	Field string
	// From and To are the JSON values of a Changed field ("" when absent),
	// or the positions of a Moved profile.
	From, To string
}

// ChangeKind says what happened to a part of a rule set.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Moved   ChangeKind = "moved"
	Changed ChangeKind = "changed"
)

// String renders the change for a human: "split 300 → 500 in profile
// black-friday (weights.split)".
func (c Change) String() string {
	switch c.Kind {
	case Added, Removed:
		return c.Where + " " + string(c.Kind)
	case Moved:
		return fmt.Sprintf("%s moved from position %s to %s", c.Where, c.From, c.To)
	}
	name := c.Field[strings.LastIndexByte(c.Field, '.')+1:]
	from, to := cmp.Or(c.From, "(none)"), cmp.Or(c.To, "(none)")
	if c.Where == "version" || c.Where == "currency" {
		return fmt.Sprintf("%s %s → %s", c.Where, from, to)
	}
	return fmt.Sprintf("%s %s → %s in %s (%s)", name, from, to, c.Where, c.Field)
}

// Diff lists what changed from a to b: version and currency, carriers by
// ID, profiles by name (including a change of position, which changes which
// profile matches first), and every field inside them. The list is in a
// fixed order: version, currency, carriers by ID, profiles in b's order then
// removed ones.
//
// A nil rule set is an empty one, as a nil map reads as an empty map:
// Diff(nil, rs) lists everything in rs as added (the audit of a first
// deployment), Diff(rs, nil) as removed.
func Diff(a, b *RuleSet) []Change {
	if a == nil {
		a = &RuleSet{}
	}
	if b == nil {
		b = &RuleSet{}
	}
	var out []Change
	if a.version != b.version {
		out = append(out, Change{Kind: Changed, Where: "version", Field: "version", From: a.version, To: b.version})
	}
	if a.currency != b.currency {
		out = append(out, Change{Kind: Changed, Where: "currency", Field: "currency", From: string(a.currency), To: string(b.currency)})
	}
	ac, bc := map[string]any{}, map[string]any{}
	for _, c := range a.carriers {
		ac[c.ID().String()] = generic(c.Spec())
	}
	for _, c := range b.carriers {
		bc[c.ID().String()] = generic(c.Spec())
	}
	for _, id := range slices.Sorted(maps.Keys(union(ac, bc))) {
		out = append(out, diffNamed("carrier "+id, ac[id], bc[id])...)
	}
	ap, bp := map[string]any{}, map[string]any{}
	apos, bpos := map[string]int{}, map[string]int{}
	for i, p := range a.profiles {
		ap[p.spec.Name] = generic(encodeProfile(p.spec))
		apos[p.spec.Name] = i
	}
	var names []string
	for i, p := range b.profiles {
		bp[p.spec.Name] = generic(encodeProfile(p.spec))
		bpos[p.spec.Name] = i
		names = append(names, p.spec.Name)
	}
	for _, p := range a.profiles {
		if _, ok := bp[p.spec.Name]; !ok {
			names = append(names, p.spec.Name)
		}
	}
	for _, name := range names {
		where := "profile " + name
		ia, inA := apos[name]
		ib, inB := bpos[name]
		if inA && inB && ia != ib {
			out = append(out, Change{Kind: Moved, Where: where, From: fmt.Sprint(ia), To: fmt.Sprint(ib)})
		}
		out = append(out, diffNamed(where, ap[name], bp[name])...)
	}
	return out
}

func union(a, b map[string]any) map[string]any {
	u := maps.Clone(a)
	maps.Copy(u, b)
	return u
}

func diffNamed(where string, a, b any) []Change {
	switch {
	case a == nil:
		return []Change{{Kind: Added, Where: where}}
	case b == nil:
		return []Change{{Kind: Removed, Where: where}}
	}
	var out []Change
	diffValue(where, "", a, b, &out)
	return out
}

// diffValue compares two generic JSON values and appends one Change per
// differing leaf (objects are walked key by key; arrays are compared whole).
func diffValue(where, path string, a, b any, out *[]Change) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		for _, k := range slices.Sorted(maps.Keys(union(am, bm))) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			diffValue(where, p, am[k], bm[k], out)
		}
		return
	}
	as, bs := render(a), render(b)
	if as != bs {
		*out = append(*out, Change{Kind: Changed, Where: where, Field: path, From: as, To: bs})
	}
}

func render(v any) string {
	if v == nil {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// generic turns a value into its generic JSON form.
func generic(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var g any
	_ = json.Unmarshal(b, &g)
	return g
}
