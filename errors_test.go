package sourcing_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
)

var errOther = errors.New("other sentinel")

func TestFieldErrorError(t *testing.T) {
	tests := []struct {
		name string
		err  *sourcing.FieldError
		want string
	}{
		{
			name: "no value",
			err:  &sourcing.FieldError{Field: "zones", Problem: "must list at least one band"},
			want: "zones: must list at least one band",
		},
		{
			name: "string value is quoted",
			err:  &sourcing.FieldError{Field: "nodes[2].kind", Value: "shop", Problem: "must be warehouse, store or supplier"},
			want: `nodes[2].kind: "shop": must be warehouse, store or supplier`,
		},
		{
			name: "empty string value is shown",
			err:  &sourcing.FieldError{Field: "id", Value: "", Problem: "must not be empty"},
			want: `id: "": must not be empty`,
		},
		{
			name: "integer value",
			err:  &sourcing.FieldError{Field: "nodes[3].capacity", Value: -1, Problem: "must be ≥ 0"},
			want: "nodes[3].capacity: -1: must be ≥ 0",
		},
		{
			name: "float value",
			err:  &sourcing.FieldError{Field: "lat", Value: 91.5, Problem: "out of range"},
			want: "lat: 91.5: out of range",
		},
		{
			name: "Money in minor units, as JSON writes it",
			err:  &sourcing.FieldError{Field: "price", Value: sourcing.Money(-150), Problem: "must be ≥ 0"},
			want: `price: -150: must be ≥ 0`,
		},
		{
			name: "Rate as a decimal",
			err:  &sourcing.FieldError{Field: "weights.per_km", Value: sourcing.Rate(-1_500_000), Problem: "must be ≥ 0"},
			want: `weights.per_km: -1.5: must be ≥ 0`,
		},
		{
			name: "json.Number as written",
			err:  &sourcing.FieldError{Field: "qty", Value: json.Number("1e3"), Problem: "must be a whole number"},
			want: `qty: 1e3: must be a whole number`,
		},
		{
			name: "other Stringer quoted",
			err:  &sourcing.FieldError{Field: "cutoff", Value: time.Duration(90) * time.Minute, Problem: "needs a calendar"},
			want: `cutoff: "1h30m0s": needs a calendar`,
		},
		{
			name: "empty field",
			err:  &sourcing.FieldError{Problem: "broken"},
			want: ": broken",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInvalid(t *testing.T) {
	err := sourcing.Invalid("max_parcel_g", int64(0), "must be > 0")
	want := sourcing.FieldError{Field: "max_parcel_g", Value: int64(0), Problem: "must be > 0", Err: sourcing.ErrInvalid}
	if diff := cmp.Diff(want, *err, cmp.Comparer(errors.Is)); diff != "" {
		t.Errorf("Invalid() mismatch (-want +got):\n%s", diff)
	}
	var e error = err
	require.ErrorIs(t, e, sourcing.ErrInvalid)
	require.NotErrorIs(t, e, errOther)
	var fe *sourcing.FieldError
	require.ErrorAs(t, fmt.Errorf("decoding: %w", e), &fe)
	if fe != err {
		t.Errorf("errors.As found %p, want %p", fe, err)
	}
	if got := errors.Unwrap(e); got != sourcing.ErrInvalid {
		t.Errorf("Unwrap() = %v, want ErrInvalid", got)
	}
}

func TestWithPrefix(t *testing.T) {
	plain := errors.New("boom")
	tests := []struct {
		name   string
		prefix string
		err    error
		want   []sourcing.FieldError
	}{
		{
			name:   "field",
			prefix: "nodes[3]",
			err:    sourcing.Invalid("lat", 91.0, "out of range"),
			want:   []sourcing.FieldError{{Field: "nodes[3].lat", Value: 91.0, Problem: "out of range", Err: sourcing.ErrInvalid}},
		},
		{
			name:   "index goes right after the prefix",
			prefix: "zones",
			err:    sourcing.Invalid("[1].max_km", nil, "must be greater"),
			want:   []sourcing.FieldError{{Field: "zones[1].max_km", Problem: "must be greater", Err: sourcing.ErrInvalid}},
		},
		{
			name:   "empty field becomes the prefix",
			prefix: "carriers[0]",
			err:    sourcing.Invalid("", nil, "malformed"),
			want:   []sourcing.FieldError{{Field: "carriers[0]", Problem: "malformed", Err: sourcing.ErrInvalid}},
		},
		{
			name:   "other sentinel kept",
			prefix: "stock[2]",
			err:    &sourcing.FieldError{Field: "sku", Value: "X", Problem: "no such item", Err: errOther},
			want:   []sourcing.FieldError{{Field: "stock[2].sku", Value: "X", Problem: "no such item", Err: errOther}},
		},
		{
			name:   "join",
			prefix: "profiles[2]",
			err:    errors.Join(sourcing.Invalid("name", "", "must not be empty"), sourcing.Invalid("filters.max_km", -1.0, "must be ≥ 0")),
			want: []sourcing.FieldError{
				{Field: "profiles[2].name", Value: "", Problem: "must not be empty", Err: sourcing.ErrInvalid},
				{Field: "profiles[2].filters.max_km", Value: -1.0, Problem: "must be ≥ 0", Err: sourcing.ErrInvalid},
			},
		},
		{
			name:   "join of joins",
			prefix: "policy",
			err: errors.Join(
				sourcing.Invalid("version", "", "must not be empty"),
				errors.Join(sourcing.Invalid("profiles[0].name", "", "must not be empty"), sourcing.Invalid("[1]", nil, "bad")),
			),
			want: []sourcing.FieldError{
				{Field: "policy.version", Value: "", Problem: "must not be empty", Err: sourcing.ErrInvalid},
				{Field: "policy.profiles[0].name", Value: "", Problem: "must not be empty", Err: sourcing.ErrInvalid},
				{Field: "policy[1]", Problem: "bad", Err: sourcing.ErrInvalid},
			},
		},
		{
			name:   "nested prefixes compose",
			prefix: "policy",
			err:    sourcing.WithPrefix("carriers[0]", sourcing.WithPrefix("zones", sourcing.Invalid("[1].max_km", nil, "bad"))),
			want:   []sourcing.FieldError{{Field: "policy.carriers[0].zones[1].max_km", Problem: "bad", Err: sourcing.ErrInvalid}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := testkit.FieldErrors(tt.err)
			got := sourcing.WithPrefix(tt.prefix, tt.err)
			if diff := cmp.Diff(tt.want, testkit.FieldErrors(got), cmp.Comparer(errors.Is)); diff != "" {
				t.Errorf("WithPrefix(%q) mismatch (-want +got):\n%s", tt.prefix, diff)
			}
			if diff := cmp.Diff(before, testkit.FieldErrors(tt.err), cmp.Comparer(errors.Is)); diff != "" {
				t.Errorf("WithPrefix changed its input (-before +after):\n%s", diff)
			}
			for _, fe := range tt.want {
				require.ErrorIs(t, got, fe.Err, "the sentinel survives the prefix")
			}
		})
	}

	t.Run("nil", func(t *testing.T) {
		require.NoError(t, sourcing.WithPrefix("nodes[0]", nil))
	})
	t.Run("empty prefix returns err itself", func(t *testing.T) {
		err := sourcing.Invalid("lat", 1.0, "bad")
		if got := sourcing.WithPrefix("", err); got != error(err) {
			t.Errorf("WithPrefix(\"\", err) = %v, want err itself", got)
		}
	})
	t.Run("other error gets the prefix in its message", func(t *testing.T) {
		got := sourcing.WithPrefix("nodes[0]", plain)
		require.ErrorIs(t, got, plain)
		if want := "nodes[0]: boom"; got.Error() != want {
			t.Errorf("Error() = %q, want %q", got.Error(), want)
		}
	})
	t.Run("wrapped field error keeps its sentinel", func(t *testing.T) {
		got := sourcing.WithPrefix("nodes[0]", fmt.Errorf("reading: %w", sourcing.Invalid("lat", nil, "bad")))
		require.ErrorIs(t, got, sourcing.ErrInvalid)
		require.Contains(t, got.Error(), "nodes[0]")
	})
	t.Run("join message lists every field", func(t *testing.T) {
		got := sourcing.WithPrefix("nodes[1]", errors.Join(sourcing.Invalid("lat", 91.5, "bad"), sourcing.Invalid("id", "", "empty")))
		if want := "nodes[1].lat: 91.5: bad\nnodes[1].id: \"\": empty"; got.Error() != want {
			t.Errorf("Error() = %q, want %q", got.Error(), want)
		}
	})
}
