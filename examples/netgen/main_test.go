package main

import (
	"bytes"
	"flag"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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

// seasonArgs are the flags testdata/seasons/fr-week.json is written with,
// and flashArgs those of fr-flash.json.
var (
	seasonArgs = []string{"-season", "-nodes", "60", "-skus", "400", "-orders", "3000"}
	flashArgs  = append(append([]string(nil), seasonArgs...), "-sale-share", "0.4")
)

// The committed seasons are what the command writes with their flags,
// byte for byte, and scenarios fit to simulate.
func TestCommittedSeason(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{{"../../testdata/seasons/fr-week.json", seasonArgs}, {"../../testdata/seasons/fr-flash.json", flashArgs}} {
		t.Run(tt.golden, func(t *testing.T) {
			var out, errOut bytes.Buffer
			require.Equal(t, 0, run(tt.args, &out, &errOut), errOut.String())
			if *update {
				require.NoError(t, os.WriteFile(tt.golden, out.Bytes(), 0o644))
			}
			want, err := os.ReadFile(tt.golden)
			require.NoError(t, err)
			if !bytes.Equal(out.Bytes(), want) {
				t.Fatalf("netgen's output differs from %s; run go test ./examples/netgen -update if the generator changed on purpose", tt.golden)
			}
			require.Less(t, len(want), 2<<20, "the committed season stays under 2 MB")
			sc, err := simulate.Parse(want)
			require.NoError(t, err)
			require.NoError(t, sc.Check())
			require.Len(t, sc.Orders, 3000)
			require.NotEmpty(t, sc.Events)
			require.NotEmpty(t, sc.Simulation.Reject.Nodes)
		})
	}
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
		{[]string{"-season", "-sale-share", "1.5"}, "-sale-share 1.5: must be in [0, 1]"},
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
// command, and that a bad flag exits 2 with the usage.
func TestHelp(t *testing.T) { testkit.CheckHelp(t, "netgen", run) }

// TestProgress checks that -progress prints what the command does on
// stderr and changes nothing on stdout, and that stderr stays quiet
// without it when it is not a terminal (as in tests and pipes).
func TestProgress(t *testing.T) {
	defer func(every time.Duration, now func() time.Time) { progressEvery, clock = every, now }(progressEvery, clock)
	progressEvery, clock = 0, func() time.Time { return time.Time{} } // a line at every step
	args := []string{"-nodes", "4", "-skus", "20", "-orders", "2", "-max-lines", "3"}
	var quiet, quietErr bytes.Buffer
	require.Equal(t, 0, run(args, &quiet, &quietErr))
	require.Empty(t, quietErr.String(), "not a terminal, no -progress: nothing on stderr")

	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(append(args, "-progress"), &out, &errOut), errOut.String())
	require.Equal(t, quiet.String(), out.String(), "progress changes nothing on stdout")
	want := []string{
		"netgen: drawing the network (0s)",
		"netgen: drawing the stock levels: 0 of 4 nodes (0s)",
		"netgen: drawing the stock levels: 1 of 4 nodes (0s)",
		"netgen: drawing the stock levels: 2 of 4 nodes (0s)",
		"netgen: drawing the stock levels: 3 of 4 nodes (0s)",
		"netgen: drawing the orders (0s)",
	}
	lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
	require.GreaterOrEqual(t, len(lines), len(want)+4, errOut.String())
	if diff := cmp.Diff(want, lines[:len(want)]); diff != "" {
		t.Errorf("progress lines mismatch (-want +got):\n%s", diff)
	}
	require.Regexp(t, `^netgen: checking \d+ stock levels and 2 orders \(0s\)$`, lines[len(want)])
	require.Equal(t, "netgen: writing the JSON (0s)", lines[len(want)+1])
	require.Regexp(t, `^netgen: writing to stdout: .* MB \(0s\)$`, lines[len(lines)-2])
	require.Equal(t, "netgen: done (0s)", lines[len(lines)-1])

	var off, offErr bytes.Buffer
	require.Equal(t, 0, run(append(args, "-progress=false"), &off, &offErr))
	require.Empty(t, offErr.String())
}
