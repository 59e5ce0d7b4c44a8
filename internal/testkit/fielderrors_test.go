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
