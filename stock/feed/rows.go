package feed

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sourcing-go/sourcing"
)

// rowReader reads the rows of one file, each as a JSON object, so that one
// decoder reads both formats, with the messages of a scenario file.
type rowReader interface {
	// next moves to the next row and returns the line it starts on;
	// io.EOF at the end. A row that cannot be read (a CSV row of the wrong
	// length, a line too long) is an *Error, after which reading goes on;
	// any other error ends the file.
	next() (line int, err error)
	// row returns the current row as a JSON object, valid until next.
	row() []byte
	// level decodes the current row of a levels file into j without the
	// JSON decoder, when its values are plain (text that is UTF-8,
	// integers of digits): the JSON decoder would decode them alike. It
	// reports false, j undefined, for any other row.
	level(j *levelJSON) bool
	// column returns the 1-based byte column in the current row of field,
	// a path in the row's object ("tags[1]"), or 0.
	column(field string) int
}

// bom is the UTF-8 byte order mark spreadsheets write at the start of a
// CSV file.
const bom = "\uFEFF"

func skipBOM(br *bufio.Reader) {
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
}

// csvRows reads a CSV file whose header names columns of t.
type csvRows struct {
	file   string
	t      *table
	r      *csv.Reader
	header []int // header position → column of t
	width  int
	rec    []string // the current row
	buf    []byte   // the current row as JSON, once built
	built  bool
	broken bool // a malformed row was met: what follows cannot be trusted
}

// newCSVRows reads the header. Its problems (no header, an unknown column,
// a column given twice, a required column missing) are returned, every
// one; the file cannot be read then.
func newCSVRows(file string, r io.Reader, t *table, comma rune) (*csvRows, []*Error, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	skipBOM(br)
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, []*Error{{File: file, Line: 1, Err: sourcing.Invalid("", nil, "empty: a CSV file starts with a header row naming its columns: "+t.names())}}, nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, []*Error{{File: file, Line: pe.Line, Column: pe.Column, Err: sourcing.Invalid("", nil, "malformed CSV header: "+pe.Err.Error())}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	c := &csvRows{file: file, t: t, r: cr, width: len(head)}
	var probs []*Error
	seen := make([]bool, len(t.columns))
	for i, name := range head {
		_, col := cr.FieldPos(i)
		at := t.index(name)
		switch {
		case name == "":
			// A column without a name, as spreadsheets export after the
			// last: its cells must be empty.
		case at < 0:
			why := "unknown column: " + t.what + " file's columns are " + t.names()
			if low := strings.ToLower(strings.TrimSpace(name)); low != name && t.index(low) >= 0 {
				why = fmt.Sprintf("unknown column: did you mean %s? (names are lower case, without spaces)", low)
			}
			for _, sep := range []rune{';', '\t', ',', '|'} {
				if sep != comma && len(head) == 1 && t.index(strings.Split(name, string(sep))[0]) >= 0 {
					why = fmt.Sprintf("unknown column: the fields are separated by %q, not %q (see feed.Options.Comma)", sep, comma)
				}
			}
			probs = append(probs, &Error{File: file, Line: 1, Column: col, Err: sourcing.Invalid(columnName(name), nil, why)})
		case seen[at]:
			probs = append(probs, &Error{File: file, Line: 1, Column: col, Err: sourcing.Invalid(columnName(name), nil, "given twice in the header")})
		default:
			seen[at] = true
		}
		c.header = append(c.header, at)
	}
	for at, col := range t.columns {
		if col.required && !seen[at] {
			probs = append(probs, &Error{File: file, Line: 1, Err: sourcing.Invalid(col.name, nil, "missing column: "+t.what+" file needs "+required(t))})
		}
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	return c, nil, nil
}

// columnName returns name as a field of an error: quoted unless it is
// plain (letters, digits, '_'), as the JSON decoder quotes odd names.
func columnName(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return strconv.Quote(name)
		}
	}
	return name
}

// required lists the required columns of t.
func required(t *table) string {
	var names []string
	for _, c := range t.columns {
		if c.required {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

func (c *csvRows) next() (int, error) {
	if c.broken {
		return 0, io.EOF
	}
	rec, err := c.r.Read()
	c.rec, c.built = rec, false
	if err != nil {
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return 0, io.EOF
		case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount):
			return pe.StartLine, &Error{File: c.file, Line: pe.StartLine,
				Err: sourcing.Invalid("", nil, fmt.Sprintf("%d fields: the header has %d", len(rec), c.width))}
		case errors.As(err, &pe):
			c.broken = true
			return pe.StartLine, &Error{File: c.file, Line: pe.Line, Column: pe.Column,
				Err: sourcing.Invalid("", nil, "malformed CSV: "+pe.Err.Error()+"; reading of the file stopped here")}
		}
		return 0, fmt.Errorf("%s: %w", c.file, err)
	}
	line, _ := c.r.FieldPos(0)
	for i, cell := range rec {
		if c.header[i] < 0 && cell != "" {
			_, col := c.r.FieldPos(i)
			return line, &Error{File: c.file, Line: line, Column: col,
				Err: sourcing.Invalid("", cell, "a value in a column without a name in the header")}
		}
	}
	return line, nil
}

func (c *csvRows) row() []byte {
	if c.built {
		return c.buf
	}
	b := append(c.buf[:0], '{')
	first := true
	for i, cell := range c.rec {
		if c.header[i] < 0 {
			continue
		}
		col := c.t.columns[c.header[i]]
		if cell == "" && !col.required {
			continue // the field left out: its default
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, col.name...)
		b = append(b, '"', ':')
		b = appendCell(b, col.kind, cell)
	}
	b = append(b, '}')
	c.buf, c.built = b, true
	return b
}

func (c *csvRows) level(j *levelJSON) bool {
	if c.t != &levelTable {
		return false
	}
	*j = levelJSON{}
	for i, cell := range c.rec {
		at := c.header[i]
		if at < 0 {
			continue
		}
		col := &levelTable.columns[at]
		if col.kind == text {
			if !utf8.ValidString(cell) {
				return false
			}
			switch col.name {
			case "node":
				j.Node = cell
			case "sku":
				j.SKU = cell
			}
			continue
		}
		if cell == "" {
			if col.required {
				return false
			}
			continue // the default, 0
		}
		v, ok := plainInt(cell)
		if !ok {
			return false
		}
		switch col.name {
		case "on_hand":
			j.OnHand = sourcing.Qty(v)
		case "reserved":
			j.Reserved = sourcing.Qty(v)
		case "safety":
			j.Safety = sourcing.Qty(v)
		}
	}
	return true
}

// plainInt returns the value of s if it is an integer in JSON's grammar
// (no '+', no leading zero) of at most 18 digits, so that it fits an int64.
func plainInt(s string) (int64, bool) {
	digits, neg := strings.CutPrefix(s, "-")
	if len(digits) == 0 || len(digits) > 18 || digits[0] == '0' && len(digits) > 1 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

func (c *csvRows) column(field string) int {
	name := field
	if i := strings.IndexAny(field, ".["); i >= 0 {
		name = field[:i]
	}
	at := c.t.index(name)
	for i, h := range c.header {
		if h == at && at >= 0 {
			_, col := c.r.FieldPos(i)
			return col
		}
	}
	return 0
}

// maxLine is the longest line of a JSON lines file: far more than a node,
// an item or a level takes.
const maxLine = 1 << 20

// jsonRows reads a JSON lines file.
type jsonRows struct {
	file string
	br   *bufio.Reader
	line int
	cur  []byte
	long []byte // a line longer than the buffer, gathered
}

func newJSONRows(file string, r io.Reader) *jsonRows {
	br := bufio.NewReaderSize(r, 64<<10)
	skipBOM(br)
	return &jsonRows{file: file, br: br}
}

func (j *jsonRows) next() (int, error) {
	for {
		line, err := j.readLine()
		if err != nil {
			return j.line, err
		}
		if len(bytes.Trim(line, " \t\r")) == 0 {
			continue // blank: JSON's white space only
		}
		j.cur = line
		return j.line, nil
	}
}

func (j *jsonRows) row() []byte { return j.cur }

func (j *jsonRows) level(*levelJSON) bool { return false }

// readLine returns the next line without its end; io.EOF after the last.
func (j *jsonRows) readLine() ([]byte, error) {
	s, err := j.br.ReadSlice('\n')
	if err == nil || err == io.EOF && len(s) > 0 {
		j.line++
		return bytes.TrimSuffix(bytes.TrimSuffix(s, []byte("\n")), []byte("\r")), nil
	}
	if err != bufio.ErrBufferFull {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("%s: %w", j.file, err)
	}
	j.long = append(j.long[:0], s...)
	tooLong := false
	for err == bufio.ErrBufferFull {
		s, err = j.br.ReadSlice('\n')
		if len(j.long)+len(s) > maxLine {
			tooLong = true
			j.long = j.long[:0]
		}
		if !tooLong {
			j.long = append(j.long, s...)
		}
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", j.file, err)
	}
	j.line++
	if tooLong {
		return nil, &Error{File: j.file, Line: j.line, Err: sourcing.Invalid("", nil, fmt.Sprintf("line longer than %d bytes", maxLine))}
	}
	return bytes.TrimSuffix(bytes.TrimSuffix(j.long, []byte("\n")), []byte("\r")), nil
}

func (j *jsonRows) column(field string) int {
	key := field
	if strings.HasPrefix(field, `"`) {
		// A name the decoder quoted (empty, or not UTF-8): an unknown
		// field, reported alone.
		k, err := strconv.Unquote(field)
		if err != nil {
			return 0
		}
		key = k
	} else if i := strings.IndexAny(field, ".["); i >= 0 {
		key = field[:i]
	}
	return keyColumn(j.cur, key)
}

// keyColumn returns the 1-based byte offset of the name of the field key
// of the JSON object in line, or 0. A field given twice is at its second
// name: the one refused.
func keyColumn(line []byte, key string) int {
	depth, at := 0, 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			start := i
			escaped := false
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' {
					escaped = true
					i++
				}
			}
			if depth != 1 || i >= len(line) {
				continue
			}
			j := i + 1
			for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
				j++
			}
			if j == len(line) || line[j] != ':' {
				continue // a value
			}
			name := string(line[start+1 : i])
			if escaped {
				var s string
				if json.Unmarshal(line[start:i+1], &s) != nil {
					continue
				}
				name = s
			}
			if name == key {
				at = start + 1
			}
		}
	}
	return at
}
