//go:build race

package orchestrate_test

// raceEnabled is true when the race detector is on: the exhaustive property
// test then checks fewer instances.
const raceEnabled = true
