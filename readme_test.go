package sourcing_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeShowsExample checks that README.md shows the body of Example
// (readme_example_test.go) as it is, so that the README's code compiles and
// prints what it says.
func TestReadmeShowsExample(t *testing.T) {
	src, err := os.ReadFile("readme_example_test.go")
	require.NoError(t, err)
	_, body, ok := strings.Cut(string(src), "\nfunc Example() {\n")
	require.True(t, ok, "readme_example_test.go has no func Example")
	body, _, ok = strings.Cut(body, "\n}\n")
	require.True(t, ok, "func Example does not end")
	var lines []string
	for l := range strings.SplitSeq(body, "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	block := "```go\n" + strings.Join(lines, "\n") + "\n```\n"
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	if !strings.Contains(string(readme), block) {
		t.Errorf("README.md does not show Example's body; it should hold this block:\n%s", block)
	}
}
