// Package console is what the example commands share about the terminal
// they run in: whether a person watches, and the progress lines they then
// print on stderr.
package console

import (
	"io"
	"os"
	"time"

	"github.com/sourcing-go/sourcing/internal/progress"
)

// IsTerminal reports whether w is a terminal (a character device), where a
// person watches; not a file or a pipe.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// StartProgress returns a meter printing prog's progress on w every
// interval (every step when 0), its time read from now, or nil (which
// prints nothing) if on is false.
func StartProgress(on bool, w io.Writer, prog string, every time.Duration, now func() time.Time) *progress.Meter {
	if !on {
		return nil
	}
	var ticks <-chan time.Time
	if every > 0 {
		// Unreferenced once the run ends, the ticker is collected.
		ticks = time.NewTicker(every).C
	}
	return progress.Start(w, prog, every, now, ticks)
}
