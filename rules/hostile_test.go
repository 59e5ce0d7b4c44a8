package rules_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/rules"
	"github.com/sourcing-go/sourcing/stock"
)

func invalid(field string, value any, problem string) sourcing.FieldError {
	return sourcing.FieldError{Field: field, Value: value, Problem: problem, Err: sourcing.ErrInvalid}
}

// TestParseHostile checks rule files encoding/json would decode silently
// wrong, and that Parse reports every problem of a file at once, those of
// the JSON with those of the values.
func TestParseHostile(t *testing.T) {
	doc := func(profiles string) string {
		return `{"version": "v", "currency": "EUR", "profiles": [` + profiles + `]}`
	}
	tests := []struct {
		name string
		json string
		want []sourcing.FieldError
		text string // if not "", the error's text, as a person reads it
	}{
		{name: "currency given twice", json: `{"version": "v", "currency": "EUR", "profiles": [{"name": "d"}], "currency": "USD"}`,
			want: []sourcing.FieldError{invalid("currency", nil, "given twice in the object")}},
		{name: "split given twice", json: doc(`{"name": "d", "weights": {"split": 1, "split": 5}}`),
			want: []sourcing.FieldError{invalid("profiles[0].weights.split", nil, "given twice in the object")}},
		{name: "null kind", json: doc(`{"name": "d", "filters": {"kinds": [null]}}`),
			want: []sourcing.FieldError{invalid("profiles[0].filters.kinds[0]", nil, "must not be null")}},
		{name: "null keep", json: doc(`{"name": "d", "filters": {"keep": {"store": null}}}`),
			want: []sourcing.FieldError{invalid("profiles[0].filters.keep.store", nil, "must not be null")}},
		{name: "null profile", json: doc(`{"name": "d"}, null`),
			want: []sourcing.FieldError{invalid("profiles[1]", nil, "must not be null")}},
		{name: "null fields are left out", json: doc(`{"name": "d", "when": null, "weights": {"per_km": null, "split": null}, "fallback": null}`)},
		{name: "invalid UTF-8 names do not collide", json: doc("{\"name\": \"a\xff\"}, {\"name\": \"a\xfe\"}"),
			want: []sourcing.FieldError{invalid("profiles[0].name", "a\xff", "is not valid UTF-8"), invalid("profiles[1].name", "a\xfe", "is not valid UTF-8")}},
		{name: "lone surrogate", json: doc(`{"name": "d", "filters": {"exclude_nodes": ["\udc00"]}}`),
			want: []sourcing.FieldError{invalid("profiles[0].filters.exclude_nodes[0]", nil, "holds an escaped half of a UTF-16 surrogate pair: not valid Unicode")}},
		{name: "byte order mark", json: "\uFEFF" + doc(`{"name": "d"}`)},
		{name: "per_km too large", json: doc(`{"name": "d", "weights": {"per_km": 1e15}}`),
			want: []sourcing.FieldError{invalid("profiles[0].weights.per_km", json.Number("1e15"), "too large: must be at most 8999999999999.999999")},
			text: "profiles[0].weights.per_km: 1e15: too large: must be at most 8999999999999.999999"},
		{name: "split in the unit written, unquoted", json: doc(`{"name": "d", "weights": {"split": -1}}`),
			want: []sourcing.FieldError{invalid("profiles[0].weights.split", sourcing.Money(-1), "must be ≥ 0")},
			text: "profiles[0].weights.split: -1: must be ≥ 0"},
		{name: "absurd split", json: doc(`{"name": "d", "weights": {"split": 9223372036854775807}}`),
			want: []sourcing.FieldError{invalid("profiles[0].weights.split", sourcing.Money(math.MaxInt64), "must be at most 100000000000000 (rules.MaxWeight)")}},
		{name: "an unknown kind hides nothing", json: doc(`{"name": "d", "weights": {"split": -1}, "filters": {"kinds": ["shop"], "max_km": -5}}`),
			want: []sourcing.FieldError{
				invalid("profiles[0].filters.kinds[0]", "shop", "must be warehouse, store or supplier"),
				invalid("profiles[0].weights.split", sourcing.Money(-1), "must be ≥ 0"),
				invalid("profiles[0].filters.max_km", -5.0, "must be ≥ 0"),
			}},
		{name: "a value of the wrong type is reported once", json: doc(`{"name": 3, "weights": {"backorder": -1}}, {"name": "e", "fallback": {"profile": "nope"}}`),
			want: []sourcing.FieldError{
				invalid("profiles[0].name", json.Number("3"), "must be a string"),
				invalid("profiles[0].weights.backorder", sourcing.Money(-1), "must be ≥ 0"),
				invalid("profiles[1].fallback.profile", "nope", "no profile of that name"),
			}},
		{name: "every problem of every part", json: `{"version": 1, "currency": "EUR", "carriers": [{"id": "c", "zones": [{"max_km": "x"}]}],
		    "profiles": [{"name": "d", "when": {"mode": ["drone"]}, "filters": {"keep": {"shop": 1}}}]}`,
			want: []sourcing.FieldError{
				invalid("version", json.Number("1"), "must be a string"),
				invalid("carriers[0].zones[0].max_km", "x", "must be a number"),
				invalid("profiles[0].filters.keep.shop", nil, "keys must be warehouse, store or supplier"),
				invalid("profiles[0].when.mode[0]", "drone", "must be home, collect or reserve"),
				invalid("carriers[0].service", "", "must not be empty"),
				invalid("carriers[0].max_parcel_g", sourcing.Grams(0), "must be > 0"),
				invalid("carriers[0].rates", nil, "must list at least one weight break"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.Parse([]byte(tt.json))
			if diff := cmp.Diff(tt.want, testkit.FieldErrors(err), cmpopts.EquateErrors()); diff != "" {
				t.Errorf("Parse errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tt.text != "" {
				require.EqualError(t, err, tt.text)
			}
		})
	}
}

// TestNewNamesEnums checks that a value with no JSON name (a Go zero value,
// a number out of range) is reported without a Go-ism such as "NodeKind(0)".
func TestNewNamesEnums(t *testing.T) {
	spec := rules.Spec{Version: "v", Currency: "EUR", Profiles: []rules.ProfileSpec{{
		Name:    "d",
		When:    rules.Condition{Modes: []rules.Mode{0, 9}},
		Filters: rules.Filters{Kinds: []stock.NodeKind{0, 7}, Keep: map[stock.NodeKind]sourcing.Qty{0: 1}},
	}}}
	_, err := rules.New(spec)
	var got []string
	for _, fe := range testkit.FieldErrors(err) {
		got = append(got, fe.Error())
	}
	want := []string{
		"profiles[0].filters.kinds[0]: must be warehouse, store or supplier",
		"profiles[0].filters.kinds[1]: 7: must be warehouse, store or supplier",
		"profiles[0].filters.keep: keys must be node kinds: warehouse, store or supplier",
		"profiles[0].when.mode[0]: must be home, collect or reserve",
		"profiles[0].when.mode[1]: 9: must be home, collect or reserve",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("New errors mismatch (-want +got):\n%s", diff)
	}
}

// TestDiffNil checks that a nil rule set is an empty one, not a panic.
func TestDiffNil(t *testing.T) {
	rs := mustNew(t, rules.Spec{Version: "v1", Currency: "EUR", Profiles: []rules.ProfileSpec{{Name: "d"}}})
	var got []string
	for _, c := range rules.Diff(nil, rs) {
		got = append(got, c.String())
	}
	require.Equal(t, []string{"version (none) → v1", "currency (none) → EUR", "profile d added"}, got)
	require.Len(t, rules.Diff(rs, nil), 3)
	require.Empty(t, rules.Diff(nil, nil))
}
