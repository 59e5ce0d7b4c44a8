package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func runOK(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(args, &stdout, &stderr), "stderr: %s", stderr.String())
	require.Empty(t, stderr.String())
	return stdout.Bytes()
}

func TestWalkThrough(t *testing.T) {
	out := runOK(t)
	golden(t, "testdata/walkthrough.golden.txt", out)
	for _, want := range []string{"1 shipment instead of 2", "web-501 line 1: 1 × TENT-2P", "optimal: true"} {
		require.Contains(t, string(out), want)
	}
}

// TestSeason compares batch with engine on the committed season, at its
// own release period.
func TestSeason(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the season twice")
	}
	out := runOK(t, "-season", "../../testdata/seasons/fr-week.json")
	golden(t, "testdata/fr-week.golden.txt", out)
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown flag", []string{"-x"}, "flag provided but not defined: -x"},
		{"an argument", []string{"more"}, `unexpected argument "more"`},
		{"-release without -season", []string{"-release", "60"}, "-release and -group need -season"},
		{"a bad period", []string{"-season", "../../testdata/seasons/fr-week.json", "-release", "60,x"}, `-release: "x": minutes in [0, 1440]`},
		{"a bad window", []string{"-season", "../../testdata/seasons/fr-week.json", "-group", "2000"}, "-group 2000: minutes in [0, 1440]"},
		{"a missing file", []string{"-season", "nowhere.json"}, "nowhere.json: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, 2, run(tt.args, &stdout, &stderr))
			require.Empty(t, stdout.String())
			require.Contains(t, stderr.String(), tt.want)
			if !strings.HasPrefix(stderr.String(), "flag provided") {
				require.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
			}
		})
	}
}
