// Package progress tells a person watching a long run of a command what it
// is doing: a line on a writer (the command's stderr) at most every
// interval, with the stage ("parsing n5000.json"), how far it is ("37 of
// 100 orders") and the time since the start. A run shorter than the
// interval prints nothing.
//
// The clock and the ticks are the caller's (time.Now and a time.Ticker in a
// command, fixed ones in tests), so the package reads no clock itself.
package progress
