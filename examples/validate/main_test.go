package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"valid", []string{"../../testdata/rules/retailer.json"}, 0},
		{"against", []string{"-against", "../../testdata/rules/retailer.json", "../../testdata/rules/retailer-v2.json"}, 0},
		{"invalid", []string{"../../testdata/rules/retailer-invalid.json"}, 1},
		{"scenario", []string{"-scenario", "../../testdata/quickstart.json"}, 0},
		{"scenario-as-rules", []string{"../../testdata/quickstart.json"}, 1},
		{"usage", []string{}, 2},
		{"missing file", []string{"nope.json"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			require.Equal(t, tt.code, code, "stderr: %s", stderr.String())
			if tt.code == 2 || tt.name == "missing file" {
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
