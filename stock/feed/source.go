package feed

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/sourcing-go/sourcing/stock"
)

// Format is how a file of a feed is written.
type Format uint8

// The formats. The zero value is not a format.
const (
	// CSV is RFC 4180 CSV: a header row naming the columns, in any order,
	// then a row per record. Fields may be quoted; empty lines are skipped.
	CSV Format = iota + 1
	// JSONLines is one JSON object per line, in the form of the elements
	// of a scenario file's nodes, items or stock; blank lines are skipped.
	JSONLines
)

// String returns "CSV" or "JSON lines".
func (f Format) String() string {
	switch f {
	case CSV:
		return "CSV"
	case JSONLines:
		return "JSON lines"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// FormatOf returns the format a file name's extension names: .csv for
// CSV; .jsonl, .ndjson or .jsonlines for JSON lines (in any case). ok is
// false for any other name.
func FormatOf(name string) (f Format, ok bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return CSV, true
	case ".jsonl", ".ndjson", ".jsonlines":
		return JSONLines, true
	}
	return 0, false
}

// Source is one file of a feed: what it holds is said by the function it is
// given to.
type Source struct {
	// Name names the file in errors ("levels.csv"); empty, the errors say
	// "nodes", "items" or "levels".
	Name   string
	Format Format
	// R is read to its end, once, a row at a time: the text is never held
	// whole. It is not closed.
	R io.Reader
}

// Options tunes reading. The zero value reads comma-separated CSV, lists
// up to 100 problems, and knows no calendar.
type Options struct {
	// MaxProblems is how many problems are listed before reading stops;
	// 0 means 100.
	MaxProblems int
	// Comma separates CSV fields; 0 means ','. Spreadsheets in locales
	// whose decimal separator is a comma write ';'. It may not be '|',
	// which separates tags, nor '"', '\r', '\n' or U+FFFD.
	Comma rune
	// Calendars are the calendars a node's "calendar" may name, by ID.
	Calendars map[string]*stock.Calendar
	// Snapshot, if set, is the snapshot whose nodes and SKUs the levels
	// [ReadLevels] reads must name (Load checks them against the nodes
	// and items it reads).
	Snapshot *stock.Snapshot
}

func (o Options) maxProblems() int {
	if o.MaxProblems <= 0 {
		return 100
	}
	return o.MaxProblems
}

func (o Options) comma() rune {
	if o.Comma == 0 {
		return ','
	}
	return o.Comma
}
