package main

import (
	"io"
	"os"
	"time"

	"github.com/sourcing-go/sourcing/internal/progress"
)

// progressEvery and clock pace the progress lines; tests set them.
var (
	progressEvery = time.Second
	clock         = time.Now
)

// startProgress returns a meter printing on w every progressEvery, or nil
// (which prints nothing) if on is false.
func startProgress(on bool, w io.Writer, prog string) *progress.Meter {
	if !on {
		return nil
	}
	var ticks <-chan time.Time
	if progressEvery > 0 {
		// Unreferenced once the run ends, the ticker is collected.
		ticks = time.NewTicker(progressEvery).C
	}
	return progress.Start(w, prog, progressEvery, clock, ticks)
}

// isTerminal reports whether w is a terminal (a character device), where a
// person watches; not a file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
