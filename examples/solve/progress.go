package main

import (
	"io"
	"time"

	"github.com/sourcing-go/sourcing/examples/internal/console"
	"github.com/sourcing-go/sourcing/internal/progress"
)

// progressEvery and clock pace the progress lines; tests set them.
var (
	progressEvery = time.Second
	clock         = time.Now
)

func startProgress(on bool, w io.Writer, prog string) *progress.Meter {
	return console.StartProgress(on, w, prog, progressEvery, clock)
}
