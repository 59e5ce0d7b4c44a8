package orchestrate_test

import "os"

// longRun reports whether the long property runs are asked for
// (SOURCING_LONG=1, which CI sets): the 100,000-instance exhaustive
// comparison and the 50,000-node network. The default go test ./... stays
// short enough to run at every change.
func longRun() bool { return os.Getenv("SOURCING_LONG") == "1" }
