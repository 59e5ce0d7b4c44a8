//go:build race

package feed_test

// raceEnabled is true when the race detector is on: the tests that build
// hundreds of megabytes are then skipped.
const raceEnabled = true
