package feed

import (
	"strings"
	"unicode/utf8"
)

// cellKind says how a CSV cell is written in the row's JSON object.
type cellKind uint8

const (
	text    cellKind = iota // a JSON string
	number                  // a JSON number if it is one, else a string (refused by the decoder with the value as written)
	boolean                 // true or false if it is one, else a string (refused likewise)
	list                    // a JSON array of the strings between '|'
)

// column is a column of a CSV file: its name is the JSON field's.
type column struct {
	name     string
	kind     cellKind
	required bool // the header must name it; its empty cells are not defaults but values ("")
}

// table lists the columns of one kind of file.
type table struct {
	what    string // "a node", "an item", "a level": in messages
	columns []column
}

var (
	nodeTable = table{what: "a node", columns: []column{
		{"id", text, true}, {"kind", text, true}, {"lat", number, true}, {"lng", number, true}, {"country", text, true},
		{"ships", boolean, false}, {"pickup", boolean, false}, {"reserve", boolean, false},
		{"priority", number, false}, {"handling_cost", number, false}, {"pick_cost", number, false},
		{"capacity", number, false}, {"committed", number, false}, {"prep_days", number, false},
		{"calendar", text, false}, {"cutoff", text, false},
	}}
	itemTable = table{what: "an item", columns: []column{
		{"sku", text, true}, {"weight_g", number, true}, {"name", text, false}, {"volume_cm3", number, false}, {"tags", list, false},
	}}
	levelTable = table{what: "a level", columns: []column{
		{"node", text, true}, {"sku", text, true}, {"on_hand", number, true}, {"reserved", number, false}, {"safety", number, false},
	}}
)

// names returns the column names, joined with ", ".
func (t *table) names() string {
	var b strings.Builder
	for i, c := range t.columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.name)
	}
	return b.String()
}

func (t *table) index(name string) int {
	for i, c := range t.columns {
		if c.name == name {
			return i
		}
	}
	return -1
}

// tagSeparator separates the tags of an item in a CSV cell.
const tagSeparator = '|'

// appendCell appends the JSON value of a cell of kind k.
func appendCell(b []byte, k cellKind, cell string) []byte {
	switch k {
	case number:
		if isJSONNumber(cell) {
			return append(b, cell...)
		}
	case boolean:
		if cell == "true" || cell == "false" {
			return append(b, cell...)
		}
	case list:
		b = append(b, '[')
		for i, tag := range strings.Split(cell, string(tagSeparator)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, tag)
		}
		return append(b, ']')
	}
	return appendJSONString(b, cell)
}

// isJSONNumber reports whether s is a number in JSON's grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// appendJSONString appends s as a JSON string. Bytes that are not UTF-8 are
// kept as they are, so that the decoder refuses them as it refuses them in
// a JSON file, showing the value.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// validComma reports whether r may separate CSV fields here.
func validComma(r rune) bool {
	return r != tagSeparator && r != '"' && r != '\r' && r != '\n' && r != utf8.RuneError && utf8.ValidRune(r)
}
