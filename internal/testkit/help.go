package testkit

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// CheckHelp checks a command's run function (its arguments, standard
// output and error, its exit status): -h and --help print the usage, which
// names the command, on standard error and exit 0 without running it, and
// an unknown flag exits 2 with the usage. Nothing goes to standard output.
func CheckHelp(t *testing.T, name string, run func(args []string, stdout, stderr io.Writer) int) {
	t.Helper()
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"-h"}, 0},
		{[]string{"--help"}, 0},
		{[]string{"-nope"}, 2},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit status %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("wrote to standard output: %q", stdout.String())
			}
			if !strings.Contains(stderr.String(), "usage: "+name) {
				t.Errorf("standard error does not show the usage of %s: %q", name, stderr.String())
			}
		})
	}
}
