package testkit_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
)

func TestFieldErrors(t *testing.T) {
	a := sourcing.Invalid("a", 1, "bad")
	b := sourcing.Invalid("b[0]", "x", "worse")
	other := errors.New("plain")
	err := errors.Join(a, errors.Join(b, other))
	want := []string{"a", "b[0]", "?"}
	if diff := cmp.Diff(want, testkit.FieldNames(err)); diff != "" {
		t.Errorf("FieldNames (-want +got):\n%s", diff)
	}
	if got := testkit.FieldErrors(err)[2].Problem; got != "plain" {
		t.Errorf("a plain error's problem is %q", got)
	}
	if testkit.FieldErrors(nil) != nil {
		t.Error("nil error, some field errors")
	}
}

func TestHostile(t *testing.T) {
	in := []byte(`{"a": [1, "x"], "b": {"c": null}}`)
	tests := []struct {
		pick int
		want []string
	}{
		{0, []string{"\uFEFF" + string(in), `{"a": [1, "x"], "a": [1, "x"], "b": {"c": null}}`, `{"a": [null, "x"], "b": {"c": null}}`, "{\"\xffa\": [1, \"x\"], \"b\": {\"c\": null}}"}},
		{1, []string{"\uFEFF" + string(in), `{"a": [1, "x"], "b": {"c": null}, "b": {"c": null}}`, `{"a": [1, null], "b": {"c": null}}`, "{\"a\": [1, \"\xffx\"], \"b\": {\"c\": null}}"}},
		{-1, []string{"\uFEFF" + string(in), `{"a": [1, "x"], "b": {"c": null, "c": null}}`, `{"a": [1, null], "b": {"c": null}}`, "{\"a\": [1, \"x\"], \"b\": {\"\xffc\": null}}"}},
	}
	for _, tt := range tests {
		var got []string
		for i, v := range testkit.Hostile(in, tt.pick) {
			if v.Kind != testkit.Hostility(i) {
				t.Errorf("variant %d is a %v", i, v.Kind)
			}
			got = append(got, string(v.Data))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Hostile(pick %d) mismatch (-want +got):\n%s", tt.pick, diff)
		}
	}
	if testkit.Hostile([]byte(`{`), 0) != nil {
		t.Error("variants of invalid JSON")
	}
	if got := testkit.Hostile([]byte(`1`), 3); len(got) != 1 {
		t.Errorf("%d variants of a number, want the byte order mark alone", len(got))
	}
}
