package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

var update = flag.Bool("update", false, "rewrite testdata/networks/fr-50.json and testdata/seasons/fr-week.json")

// The committed 50-node network is what the command writes with its
// defaults, byte for byte, and a valid scenario.
func TestCommittedNetwork(t *testing.T) {
	const golden = "../../testdata/networks/fr-50.json"
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(nil, &out, &errOut), errOut.String())
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatalf("netgen's output differs from %s; run go test ./examples/netgen -update if the generator changed on purpose", golden)
	}
	sc, err := simulate.Parse(want)
	require.NoError(t, err)
	require.Equal(t, 50, sc.Snapshot.NumNodes())
	require.Equal(t, 10_000, sc.Snapshot.NumItems())
	require.Len(t, sc.Orders, 100)
}

// seasonArgs are the flags testdata/seasons/fr-week.json is written with.
var seasonArgs = []string{"-season", "-nodes", "60", "-skus", "400", "-orders", "3000"}

// The committed season is what the command writes with seasonArgs, byte
// for byte, and a scenario fit to simulate.
func TestCommittedSeason(t *testing.T) {
	const golden = "../../testdata/seasons/fr-week.json"
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(seasonArgs, &out, &errOut), errOut.String())
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatalf("netgen's output differs from %s; run go test ./examples/netgen -update if the generator changed on purpose", golden)
	}
	require.Less(t, len(want), 2<<20, "the committed season stays under 2 MB")
	sc, err := simulate.Parse(want)
	require.NoError(t, err)
	require.NoError(t, sc.Check())
	require.Len(t, sc.Orders, 3000)
	require.NotEmpty(t, sc.Events)
	require.NotEmpty(t, sc.Simulation.Reject.Nodes)
}

func TestSameFlagsSameFile(t *testing.T) {
	args := []string{"-nodes", "120", "-skus", "500", "-seed", "7", "-orders", "5", "-max-lines", "3"}
	var a, b, errOut bytes.Buffer
	require.Equal(t, 0, run(args, &a, &errOut), errOut.String())
	require.Equal(t, 0, run(args, &b, &errOut), errOut.String())
	require.Equal(t, a.String(), b.String())
	var c bytes.Buffer
	require.Equal(t, 0, run([]string{"-nodes", "120", "-skus", "500", "-seed", "8", "-orders", "5", "-max-lines", "3"}, &c, &errOut))
	require.NotEqual(t, a.String(), c.String(), "another seed gives another network")
}

func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-nodes", "2"}, "-nodes 2"},
		{[]string{"-skus", "0"}, "-skus 0"},
		{[]string{"-orders", "-1"}, "-orders -1"},
		{[]string{"-min-lines", "5", "-max-lines", "4"}, "-min-lines 5, -max-lines 4"},
		{[]string{"-skus", "3", "-max-lines", "4"}, "-max-lines 4"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-season", "-days", "0"}, "-days 0"},
		{[]string{"-season", "-orders", "0"}, "a season needs at least one order"},
		{[]string{"-nodes", "many"}, "invalid value"},
	} {
		var out, errOut bytes.Buffer
		require.Equal(t, 2, run(tc.args, &out, &errOut), tc.args)
		require.Empty(t, out.String(), tc.args)
		require.Contains(t, errOut.String(), tc.want, tc.args)
		if tc.want != "invalid value" { // the flag package adds its usage
			require.Equal(t, 1, strings.Count(strings.TrimSpace(errOut.String()), "\n")+1, "one line: %q", errOut.String())
		}
	}
}

// TestHelp checks that -h prints the usage and exits 0 without running the
// command, and that a bad flag or argument exits 2 with the usage.
func TestHelp(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"h", []string{"-h"}, 0},
		{"help", []string{"--help"}, 0},
		{"unknown flag", []string{"-nope"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, tt.code, run(tt.args, &stdout, &stderr), "stderr: %s", stderr.String())
			require.Empty(t, stdout.String())
			require.Contains(t, stderr.String(), "usage: netgen")
		})
	}
}
