package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHelp checks that -h prints the usage and exits 0 without serving,
// and that bad flags and settings exit 2 naming the flag.
func TestHelp(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		mention string
	}{
		{"h", []string{"-h"}, 0, "usage: service"},
		{"help", []string{"--help"}, 0, "-solve-timeout"},
		{"unknown flag", []string{"-nope"}, 2, "usage: service"},
		{"argument", []string{"extra"}, 2, `unexpected argument "extra"`},
		{"write timeout below solve timeout", []string{"-solve-timeout", "20s"}, 2, "-write-timeout 15s: must exceed -solve-timeout 20s"},
		{"no solves", []string{"-max-solves", "0"}, 2, "-max-solves 0"},
		{"no body", []string{"-max-body", "0"}, 2, "-max-body 0"},
		{"zero timeout", []string{"-idle-timeout", "0"}, 2, "-idle-timeout 0s: must be positive"},
		{"missing scenario", []string{"-scenario", "nope.json", "-addr", "127.0.0.1:0"}, 2, "nope.json"},
		{"rule file for a scenario", []string{"-scenario", "../../testdata/rules/retailer.json", "-addr", "127.0.0.1:0"}, 2, "cannot load the scenario"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			require.Equal(t, tt.code, run(tt.args, &stderr), stderr.String())
			require.Contains(t, stderr.String(), tt.mention)
		})
	}
}
