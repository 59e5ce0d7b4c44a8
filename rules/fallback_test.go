package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/rules"
)

// chain returns n profiles p0 → p1 → … → p(n-1); with loop, the last falls
// back to p0.
func chain(n int, loop bool) []rules.ProfileSpec {
	ps := make([]rules.ProfileSpec, n)
	for i := range ps {
		ps[i].Name = fmt.Sprintf("p%d", i)
		if i+1 < n {
			ps[i].Fallback.Profile = fmt.Sprintf("p%d", i+1)
		} else if loop {
			ps[i].Fallback.Profile = "p0"
		}
	}
	return ps
}

// TestFallbacksLinear checks that validating the fallbacks visits each
// profile once, whatever the shape: a chain, a loop, chains feeding a loop,
// profiles in reverse order. Before, every profile walked its whole chain:
// n²/2 steps.
func TestFallbacksLinear(t *testing.T) {
	const n = 8192
	reversed := chain(n, false)
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	feeding := chain(n, true)
	for i := n / 2; i < n; i++ { // half the profiles feed into p0's loop of n/2
		feeding[i].Fallback.Profile = fmt.Sprintf("p%d", i-n/2)
	}
	feeding[n/2-1].Fallback.Profile = "p0"
	tests := []struct {
		name     string
		profiles []rules.ProfileSpec
		problems int
	}{
		{"chain", chain(n, false), 0},
		{"chain in reverse order", reversed, 0},
		{"loop", chain(n, true), 1},
		{"chains feeding a loop", feeding, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, steps := rules.FallbackSteps(tt.profiles)
			require.Equal(t, tt.problems, problems)
			require.Equal(t, n, steps, "profiles visited")
		})
	}
}

// TestFallbackLoopsReportedOnce checks that a loop is one problem, on its
// first profile in file order, and that a long chain and a long loop
// through New and Parse are checked (quickly: a benchmark measures it).
func TestFallbackLoopsReportedOnce(t *testing.T) {
	tests := []struct {
		name     string
		profiles []rules.ProfileSpec
		want     []string
	}{
		{"two", []rules.ProfileSpec{{Name: "a", Fallback: rules.Fallback{Profile: "b"}}, {Name: "b", Fallback: rules.Fallback{Profile: "a"}}},
			[]string{`profiles[0].fallback.profile: "b": fallbacks loop back to a (a loop of 2 profiles)`}},
		{"entered late", []rules.ProfileSpec{
			{Name: "x", Fallback: rules.Fallback{Profile: "c"}}, {Name: "a", Fallback: rules.Fallback{Profile: "b"}},
			{Name: "b", Fallback: rules.Fallback{Profile: "c"}}, {Name: "c", Fallback: rules.Fallback{Profile: "a"}},
			{Name: "y", Fallback: rules.Fallback{Profile: "b"}},
		}, []string{`profiles[1].fallback.profile: "b": fallbacks loop back to a (a loop of 3 profiles)`}},
		{"two loops and a missing profile", []rules.ProfileSpec{
			{Name: "a", Fallback: rules.Fallback{Profile: "b"}}, {Name: "b", Fallback: rules.Fallback{Profile: "a"}},
			{Name: "c", Fallback: rules.Fallback{Profile: "d"}}, {Name: "d", Fallback: rules.Fallback{Profile: "c"}},
			{Name: "e", Fallback: rules.Fallback{Profile: "zz"}},
		}, []string{
			`profiles[4].fallback.profile: "zz": no profile of that name`,
			`profiles[0].fallback.profile: "b": fallbacks loop back to a (a loop of 2 profiles)`,
			`profiles[2].fallback.profile: "d": fallbacks loop back to c (a loop of 2 profiles)`,
		}},
		{"8,000 in a loop", chain(8000, true), []string{`profiles[0].fallback.profile: "p1": fallbacks loop back to p0 (a loop of 8000 profiles)`}},
		{"8,000 in a chain", chain(8000, false), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.New(rules.Spec{Version: "v", Currency: "EUR", Profiles: tt.profiles})
			var got []string
			for _, fe := range testkit.FieldErrors(err) {
				got = append(got, fe.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("New() errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// BenchmarkParseFallbacks parses rule files of 8,000 profiles in a chain
// and in a loop: linear validation takes milliseconds (it took 51 s for
// the loop when every profile walked its chain).
func BenchmarkParseFallbacks(b *testing.B) {
	for _, loop := range []bool{false, true} {
		var sb strings.Builder
		sb.WriteString(`{"version": "v", "currency": "EUR", "profiles": [`)
		for i, p := range chain(8000, loop) {
			if i > 0 {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, `{"name": %q, "fallback": {"profile": %q}}`, p.Name, p.Fallback.Profile)
		}
		sb.WriteString("]}")
		data := []byte(strings.ReplaceAll(sb.String(), `, "fallback": {"profile": ""}`, ""))
		b.Run(fmt.Sprintf("loop=%v", loop), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := rules.Parse(data)
				if (err != nil) != loop {
					b.Fatal(err)
				}
			}
		})
	}
}
