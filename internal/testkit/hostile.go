package testkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// Hostility is a way to turn a valid JSON document into one that
// encoding/json would decode silently wrong.
type Hostility int

// The hostilities of [Hostile].
const (
	// ByteOrderMark prepends a UTF-8 byte order mark: the document must
	// decode as without it.
	ByteOrderMark Hostility = iota
	// DuplicateField gives an object's member twice: the document must be
	// refused.
	DuplicateField
	// NullElement replaces an array's element with null: the document must
	// be refused.
	NullElement
	// InvalidUTF8 puts a byte that is not UTF-8 into a string: the document
	// must be refused.
	InvalidUTF8
)

func (h Hostility) String() string {
	return [...]string{"byte order mark", "duplicate field", "null element", "invalid UTF-8"}[h]
}

// Variant is a hostile version of a document.
type Variant struct {
	Kind Hostility
	Data []byte
}

// Hostile returns hostile variants of data, a valid JSON document (none if
// it is not valid): one of each kind that data has a place for, at the
// place pick chooses (modulo the number of places), so that a fuzz target
// reaches every member, element and string.
func Hostile(data []byte, pick int) []Variant {
	if !json.Valid(data) {
		return nil
	}
	s := &spots{data: data}
	s.value(s.skip(0))
	out := []Variant{{ByteOrderMark, append([]byte("\uFEFF"), data...)}}
	at := func(n int) int { return ((pick % n) + n) % n }
	if n := len(s.members); n > 0 {
		m := s.members[at(n)]
		out = append(out, Variant{DuplicateField, splice(data, m[1], m[1], append([]byte(", "), data[m[0]:m[1]]...))})
	}
	if n := len(s.elements); n > 0 {
		e := s.elements[at(n)]
		out = append(out, Variant{NullElement, splice(data, e[0], e[1], []byte("null"))})
	}
	if n := len(s.strings); n > 0 {
		q := s.strings[at(n)]
		out = append(out, Variant{InvalidUTF8, splice(data, q+1, q+1, []byte{0xff})})
	}
	return out
}

func splice(data []byte, from, to int, with []byte) []byte {
	out := make([]byte, 0, len(data)+len(with))
	out = append(out, data[:from]...)
	out = append(out, with...)
	return append(out, data[to:]...)
}

// spots walks a valid JSON document and records the spans of its objects'
// members (from the key to the end of the value), of its arrays' elements,
// and the offsets of its strings' opening quotes.
type spots struct {
	data     []byte
	members  [][2]int
	elements [][2]int
	strings  []int
}

func (s *spots) skip(i int) int {
	for i < len(s.data) && bytes.IndexByte([]byte(" \t\r\n"), s.data[i]) >= 0 {
		i++
	}
	return i
}

// value records the value at i and returns the offset after it.
func (s *spots) value(i int) int {
	switch s.data[i] {
	case '{':
		i = s.skip(i + 1)
		for s.data[i] != '}' {
			k := len(s.members) // in document order: the member before what it holds
			s.members = append(s.members, [2]int{i, 0})
			i = s.skip(s.value(i)) // the key
			end := s.value(s.skip(i + 1))
			s.members[k][1] = end
			i = s.skip(end)
			if s.data[i] == ',' {
				i = s.skip(i + 1)
			}
		}
		return i + 1
	case '[':
		i = s.skip(i + 1)
		for s.data[i] != ']' {
			k := len(s.elements)
			s.elements = append(s.elements, [2]int{i, 0})
			end := s.value(i)
			s.elements[k][1] = end
			i = s.skip(end)
			if s.data[i] == ',' {
				i = s.skip(i + 1)
			}
		}
		return i + 1
	case '"':
		s.strings = append(s.strings, i)
		for i++; s.data[i] != '"'; i++ {
			if s.data[i] == '\\' {
				i++
			}
		}
		return i + 1
	}
	for i < len(s.data) && bytes.IndexByte([]byte(",]} \t\r\n"), s.data[i]) < 0 {
		i++
	}
	return i
}

// CheckHostile decodes the hostile variants of data (see Hostile) with
// decode, which returns a canonical encoding of what it decoded: a byte
// order mark must change nothing, and every other variant must be refused,
// refused checking the error (that it names a field, say).
func CheckHostile(t testing.TB, data []byte, pick int, decode func([]byte) (string, error), refused func(err error)) {
	t.Helper()
	plain, errPlain := decode(data)
	for _, v := range Hostile(data, pick) {
		got, err := decode(v.Data)
		if v.Kind == ByteOrderMark {
			if got != plain || fmt.Sprint(err) != fmt.Sprint(errPlain) {
				t.Fatalf("with a byte order mark: %s, %v; without: %s, %v", got, err, plain, errPlain)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%v accepted: %q", v.Kind, v.Data)
		}
		refused(err)
	}
}
