package main

import (
	"bytes"
	"flag"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestValidate(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		stderrOnly bool // the answer is on stderr, nothing on stdout
	}{
		{"valid", []string{"../../testdata/rules/retailer.json"}, 0, false},
		{"against", []string{"-against", "../../testdata/rules/retailer.json", "../../testdata/rules/retailer-v2.json"}, 0, false},
		{"invalid", []string{"../../testdata/rules/retailer-invalid.json"}, 1, false},
		{"scenario", []string{"-scenario", "../../testdata/quickstart.json"}, 0, false},
		{"scenario-rules", []string{"-scenario", "../../testdata/quickstart.json", "testdata/quickstart-rules.json"}, 0, false},
		{"scenario-currency", []string{"-scenario", "../../testdata/quickstart.json", "testdata/usd-rules.json"}, 1, false},
		{"scenario-unknown-names", []string{"-scenario", "../../testdata/quickstart.json", "../../testdata/rules/retailer.json"}, 1, false},
		{"scenario-as-rules", []string{"../../testdata/quickstart.json"}, 1, false},
		{"usage", []string{}, 2, true},
		{"two files", []string{"a.json", "b.json"}, 2, true},
		{"missing file", []string{"nope.json"}, 1, true},
		{"missing scenario", []string{"-scenario", "nope.json", "../../testdata/rules/retailer.json"}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			require.Equal(t, tt.code, code, "stderr: %s", stderr.String())
			if tt.stderrOnly {
				require.Empty(t, stdout.String())
				require.NotEmpty(t, stderr.String())
				return
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, stdout.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run with -update to create it")
			if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHelp checks that -h prints the usage and exits 0 without running the
// command, and that a bad flag exits 2 with the usage.
func TestHelp(t *testing.T) { testkit.CheckHelp(t, "validate", run) }
