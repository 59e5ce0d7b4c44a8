package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcing-go/sourcing"
)

// MaxProblems is the most problems one call of Unmarshal lists; past it, a
// last problem says that more were not listed, and decoding stops.
const MaxProblems = 1000

// maxDepth bounds the nesting of arrays and objects, as encoding/json does.
const maxDepth = 10_000

var bom = []byte("\uFEFF")

// errSyntax is the Err of the FieldError reporting malformed JSON: a
// problem after which nothing of the document is decoded.
var errSyntax = fmt.Errorf("%w: malformed JSON", sourcing.ErrInvalid)

// Unmarshal decodes data into v (a non-nil pointer), strictly:
//
//   - unknown fields, values of the wrong type, numbers out of the range of
//     their Go type, and data after the JSON value are errors;
//   - a field given twice in one object is an error (encoding/json keeps the
//     last silently);
//   - a string that is not valid UTF-8, or holds an escaped half of a UTF-16
//     surrogate pair, is an error (encoding/json replaces it with U+FFFD, so
//     that distinct IDs could collide);
//   - null is accepted for an object's field only, and means the same as
//     leaving the field out; as an array element, a map value or the whole
//     document it is an error;
//   - a UTF-8 byte order mark at the start of data is skipped.
//
// path is the location of data in the whole document ("" at the top); errors
// are sourcing.FieldErrors wrapping sourcing.ErrInvalid that name the full
// path of the offending value, array indexes included
// ("orders[2].lines[0].qty"). Every problem is reported (up to
// [MaxProblems]), joined with errors.Join, except that malformed JSON is one
// problem that stops decoding. On error, v holds what did decode: a value
// in error is left as it was (except a string that is not UTF-8, kept as it
// is so that it is told apart from others), so that the caller can go on
// checking the rest and report every problem at once.
//
// Fields of type json.RawMessage are left for the caller to decode (with
// their own path); they hold a slice of data.
func Unmarshal(data []byte, path string, v any) error {
	var dec Decoder
	return dec.Unmarshal(data, path, v)
}

// Decoder decodes documents one after another, as [Unmarshal] does, with
// the memory of the last: for the rows of a long file, decoded one at a
// time. Its zero value is ready. It is not safe for concurrent use.
type Decoder struct{ d decoder }

// Unmarshal is [Unmarshal] with dec's memory. It keeps neither data nor v.
func (dec *Decoder) Unmarshal(data []byte, path string, v any) (err error) {
	data = bytes.TrimPrefix(data, bom)
	d := &dec.d
	*d = decoder{data: data, base: path, path: d.path[:0], lastType: d.lastType, lastFields: d.lastFields}
	if cap(d.path) == 0 {
		d.path = d.pathBuf[:0]
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("strictjson: Unmarshal needs a non-nil pointer")
	}
	defer func() {
		d.data = nil
		if r := recover(); r != nil {
			if _, ok := r.(stop); !ok {
				panic(r)
			}
			err = d.result()
		}
	}()
	d.space()
	if d.pos == len(d.data) {
		d.truncated()
	}
	d.value(rv.Elem(), specialOf(rv.Elem().Type()), false, 0)
	d.space()
	if d.pos < len(d.data) {
		d.errs = append(d.errs, sourcing.Invalid(orTop(path), nil, "unexpected data after the JSON value"))
	}
	return d.result()
}

// IsSyntax reports whether err, from Unmarshal, is malformed JSON: nothing
// of the document decoded, so that checking the (empty) value further would
// only report problems that are not there.
func IsSyntax(err error) bool { return errors.Is(err, errSyntax) }

// syntaxError is the Err of the FieldError reporting malformed JSON, with
// where it is.
type syntaxError struct {
	line, col int // 1-based
	why       string
}

func (e *syntaxError) Error() string { return errSyntax.Error() }
func (e *syntaxError) Unwrap() error { return errSyntax }

// SyntaxPosition returns where the malformed JSON that err (from
// Unmarshal) reports is: the 1-based line and column in the document, and
// why it is malformed ("invalid character '}' looking for beginning of
// value"); for a truncated document, its end. ok is false if err is not
// malformed JSON.
func SyntaxPosition(err error) (line, col int, why string, ok bool) {
	var se *syntaxError
	if !errors.As(err, &se) {
		return 0, 0, "", false
	}
	return se.line, se.col, se.why, true
}

// Join returns path.field, or field at the top.
func Join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// Index returns path[i].
func Index(path string, i int) string {
	var num [20]byte
	var b strings.Builder // one allocation: Index names every row of a list
	b.Grow(len(path) + 22)
	b.WriteString(path)
	b.WriteByte('[')
	b.Write(strconv.AppendInt(num[:0], int64(i), 10))
	b.WriteByte(']')
	return b.String()
}

// Merge joins the problems found decoding a document (decodeErr) with those
// found validating what decoded (validateErr), leaving out every validation
// problem on a field at or under one the decoder reported: a value in error
// is left as it was by the decoder, and validation would only repeat it
// ("must not be empty" after "must be a string"). If decodeErr is malformed
// JSON, it is returned alone.
func Merge(decodeErr, validateErr error) error {
	if decodeErr == nil || validateErr == nil {
		return errors.Join(decodeErr, validateErr)
	}
	if IsSyntax(decodeErr) {
		return decodeErr
	}
	var decoded []string
	for _, e := range sourcing.Errors(decodeErr) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) {
			decoded = append(decoded, fe.Field)
			// lat and lng are one value, a location, written as two
			// fields: a problem with either is the location's.
			if at, ok := strings.CutSuffix(fe.Field, ".lng"); ok {
				decoded = append(decoded, at+".lat")
			} else if at, ok := strings.CutSuffix(fe.Field, ".lat"); ok {
				decoded = append(decoded, at+".lng")
			}
		}
	}
	out := []error{decodeErr}
	for _, e := range sourcing.Errors(validateErr) {
		var fe *sourcing.FieldError
		if errors.As(e, &fe) && under(fe.Field, decoded) {
			continue
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// under reports whether field is one of paths or under one of them; every
// field is under "(document)", the whole document.
func under(field string, paths []string) bool {
	for _, p := range paths {
		if p == orTop("") {
			return true
		}
		if rest, ok := strings.CutPrefix(field, p); ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
			return true
		}
	}
	return false
}

func orTop(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}

// stop is what the decoder panics with to end decoding: malformed JSON, or
// too many problems. Unmarshal recovers it.
type stop struct{}

// decoder decodes one document with reflection, in one pass over the bytes.
type decoder struct {
	data []byte
	pos  int
	base string
	path []byte // the path below base of the value being decoded
	// pathBuf holds path while it is short, as it is in the small objects
	// a document is decoded from one at a time (a row of a list).
	pathBuf [32]byte
	errs    []error
	// skipping counts the skips in progress: a value skipped (an unknown
	// field's, one of the wrong type, a raw message the caller decodes
	// later) has its syntax checked, but its content is not reported on.
	skipping int
	// lastType and lastFields are the struct type last decoded and its
	// fields, kept by a Decoder from one document to the next.
	lastType   reflect.Type
	lastFields *structFields
}

func (d *decoder) result() error {
	if len(d.errs) == 1 {
		return d.errs[0]
	}
	return errors.Join(d.errs...)
}

// field returns the full path of the value being decoded.
func (d *decoder) field() string {
	if len(d.path) == 0 {
		return orTop(d.base)
	}
	if d.base == "" {
		return strings.TrimPrefix(string(d.path), ".")
	}
	return d.base + string(d.path)
}

// problem records a problem with the value being decoded.
func (d *decoder) problem(value any, why string) {
	if d.skipping > 0 {
		return
	}
	if len(d.errs) == MaxProblems {
		d.errs = append(d.errs, sourcing.Invalid(orTop(d.base), nil, fmt.Sprintf("more than %d problems: the first %d are listed", MaxProblems, MaxProblems)))
		panic(stop{})
	}
	d.errs = append(d.errs, sourcing.Invalid(d.field(), value, why))
}

// syntax reports malformed JSON at d.pos and stops.
func (d *decoder) syntax(why string) {
	line, col := position(d.data, d.pos)
	d.errs = []error{&sourcing.FieldError{Field: orTop(d.base), Problem: fmt.Sprintf("malformed JSON at line %d, column %d: %s", line, col, why), Err: &syntaxError{line, col, why}}}
	panic(stop{})
}

func (d *decoder) truncated() {
	line, col := position(d.data, len(d.data))
	d.errs = []error{&sourcing.FieldError{Field: orTop(d.base), Problem: "empty or truncated JSON", Err: &syntaxError{line, col, "empty or truncated JSON"}}}
	panic(stop{})
}

func (d *decoder) unexpected(context string) {
	if d.pos >= len(d.data) {
		d.truncated()
	}
	d.syntax("invalid character " + quoteByte(d.data, d.pos) + " " + context)
}

func quoteByte(data []byte, pos int) string {
	c := data[pos]
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c < utf8.RuneSelf:
		s := strconv.Quote(string(rune(c)))
		return "'" + s[1:len(s)-1] + "'"
	}
	if r, _ := utf8.DecodeRune(data[pos:]); r != utf8.RuneError {
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("byte 0x%02X (not UTF-8)", c)
}

func (d *decoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) peek() byte {
	if d.pos >= len(d.data) {
		d.truncated()
	}
	return d.data[d.pos]
}

// pushKey and pushIndex extend the path; the returned length restores it.
func (d *decoder) pushKey(key []byte, ok bool) int {
	n := len(d.path)
	d.path = append(d.path, '.')
	if len(key) == 0 || !ok {
		d.path = strconv.AppendQuote(d.path, string(key)) // an empty or invalid name stays visible
	} else {
		d.path = append(d.path, key...)
	}
	return n
}

func (d *decoder) pushIndex(i int) int {
	n := len(d.path)
	d.path = append(d.path, '[')
	d.path = strconv.AppendInt(d.path, int64(i), 10)
	d.path = append(d.path, ']')
	return n
}

var (
	rawType    = reflect.TypeFor[json.RawMessage]()
	numberType = reflect.TypeFor[json.Number]()
	textType   = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonType   = reflect.TypeFor[json.Unmarshaler]()
)

// special says how a type is decoded when not by its kind.
type special uint8

const (
	byKind          special = iota
	rawMessage              // json.RawMessage: left for the caller
	number                  // json.Number
	jsonUnmarshaler         // *T implements json.Unmarshaler
	textUnmarshaler         // *T implements encoding.TextUnmarshaler
)

func specialOf(t reflect.Type) special {
	switch {
	case t == rawType:
		return rawMessage
	case t == numberType:
		return number
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(jsonType):
		return jsonUnmarshaler
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(textType):
		return textUnmarshaler
	}
	return byKind
}

// value decodes the JSON value at d.pos into rv, or, when rv is not valid,
// checks its syntax and skips it. sp is specialOf(rv.Type()), computed
// once per type by the callers that decode many values of one type.
// member says the value is an object's field, where null means "left
// out".
func (d *decoder) value(rv reflect.Value, sp special, member bool, depth int) {
	c := d.peek()
	if c == 'n' {
		d.literal("null")
		if !member {
			d.problem(nil, "must not be null")
		}
		return
	}
	if !rv.IsValid() {
		d.skip(depth)
		return
	}
	t := rv.Type()
	switch sp {
	case rawMessage:
		start := d.pos
		d.skip(depth)
		rv.SetBytes(d.data[start:d.pos:d.pos])
		return
	case number:
		if c != '-' && (c < '0' || c > '9') {
			d.mismatch("a number", depth)
			return
		}
		rv.SetString(d.number())
		return
	case jsonUnmarshaler:
		start := d.pos
		d.skip(depth)
		raw := d.data[start:d.pos]
		if err := rv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			d.problem(literalValue(raw), strings.TrimPrefix(err.Error(), "json: "))
		}
		return
	case textUnmarshaler:
		if c != '"' {
			d.mismatch("a string", depth)
			return
		}
		s, ok := d.string()
		if !ok {
			return
		}
		if err := rv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			d.problem(s, err.Error())
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			rv.Set(reflect.New(t.Elem()))
		}
		d.value(rv.Elem(), specialOf(t.Elem()), member, depth)
	case reflect.Struct:
		if c != '{' {
			d.mismatch("an object", depth)
			return
		}
		d.object(rv, d.fieldsOf(t), depth)
	case reflect.Map:
		if c != '{' || t.Key().Kind() != reflect.String {
			d.mismatch("an object", depth)
			return
		}
		if rv.IsNil() {
			rv.Set(reflect.MakeMap(t))
		}
		d.object(rv, nil, depth)
	case reflect.Slice, reflect.Array:
		if c != '[' {
			d.mismatch("an array", depth)
			return
		}
		d.array(rv, depth)
	case reflect.String:
		if c != '"' {
			d.mismatch("a string", depth)
			return
		}
		// A string that is not Unicode is reported, and kept as it is, so
		// that the checks that follow tell it apart from others (two IDs
		// that differ in their invalid bytes are not reported as twins).
		s, _ := d.string()
		rv.SetString(s)
	case reflect.Bool:
		switch c {
		case 't':
			d.literal("true")
			rv.SetBool(true)
		case 'f':
			d.literal("false")
			rv.SetBool(false)
		default:
			d.mismatch("true or false", depth)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if c != '-' && (c < '0' || c > '9') {
			d.mismatch("an integer", depth)
			return
		}
		nb := d.numberBytes()
		if v, ok := plainInt(nb); ok && !rv.OverflowInt(v) {
			rv.SetInt(v)
			return
		}
		n := string(nb)
		v, err := strconv.ParseInt(n, 10, t.Bits())
		switch {
		case err == nil:
			rv.SetInt(v)
		case strings.ContainsAny(n, ".eE"):
			d.problem(json.Number(n), "must be a whole number")
		default:
			lo := int64(-1) << (t.Bits() - 1)
			hi := -(lo + 1)
			d.problem(json.Number(n), fmt.Sprintf("out of range: must be in [%d, %d]", lo, hi))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if c != '-' && (c < '0' || c > '9') {
			d.mismatch("a non-negative integer", depth)
			return
		}
		n := d.number()
		v, err := strconv.ParseUint(n, 10, t.Bits())
		if err != nil {
			d.problem(json.Number(n), fmt.Sprintf("must be a whole number in [0, %d]", ^uint64(0)>>(64-t.Bits())))
			return
		}
		rv.SetUint(v)
	case reflect.Float32, reflect.Float64:
		if c != '-' && (c < '0' || c > '9') {
			d.mismatch("a number", depth)
			return
		}
		n := d.number()
		v, err := strconv.ParseFloat(n, t.Bits())
		if err != nil {
			d.problem(json.Number(n), "out of range")
			return
		}
		rv.SetFloat(v)
	case reflect.Interface:
		start := d.pos
		d.skip(depth)
		var x any
		_ = json.Unmarshal(d.data[start:d.pos], &x) // the syntax is checked
		if x != nil {
			rv.Set(reflect.ValueOf(x))
		}
	default:
		d.problem(nil, "cannot be decoded into a Go "+t.String())
		d.skip(depth)
	}
}

// plainInt returns the value of n, a JSON number, if it is an integer of at
// most 18 digits (so that it fits an int64) without fraction or exponent:
// the common case, decoded without a string.
func plainInt(n []byte) (int64, bool) {
	digits, neg := n, false
	if len(digits) > 0 && digits[0] == '-' {
		digits, neg = digits[1:], true
	}
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range digits {
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

// bitset records which fields of a struct an object gave.
type bitset struct {
	small uint64 // fields 0 to 63
	large []bool // all fields, for a struct of more than 64
}

func newBitset(n int) bitset {
	if n > 64 {
		return bitset{large: make([]bool, n)}
	}
	return bitset{}
}

func (b *bitset) has(i int) bool {
	if b.large != nil {
		return b.large[i]
	}
	return b.small&(1<<i) != 0
}

func (b *bitset) add(i int) {
	if b.large != nil {
		b.large[i] = true
		return
	}
	b.small |= 1 << i
}

// mismatch reports a value of the wrong type, and skips it.
func (d *decoder) mismatch(want string, depth int) {
	switch c := d.peek(); {
	case c == '"':
		if s, ok := d.string(); ok {
			d.problem(s, "must be "+want)
		}
	case c == '-' || c >= '0' && c <= '9':
		d.problem(json.Number(d.number()), "must be "+want)
	case c == 't' || c == 'f':
		d.skip(depth)
		d.problem(c == 't', "must be "+want)
	case c == '[':
		d.skip(depth)
		d.problem(nil, "must be "+want+", not an array")
	case c == '{':
		d.skip(depth)
		d.problem(nil, "must be "+want+", not an object")
	default:
		d.unexpected("looking for beginning of value")
	}
}

// literalValue returns raw as an error shows it: a number bare, a string
// unquoted (FieldError quotes it again), anything else as it is.
func literalValue(raw []byte) any {
	switch {
	case len(raw) == 0:
		return nil
	case raw[0] == '"':
		if s, err := strconv.Unquote(string(raw)); err == nil {
			return s
		}
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return json.Number(raw)
	}
	return string(raw)
}

// structFields describes how a struct type's fields are named in JSON.
type structFields struct {
	index   map[string]int // JSON name → field index
	special []special      // by field index
	name    []string       // by field index: the JSON name, or "" for none
}

var fieldCache sync.Map // reflect.Type → *structFields

// fieldsOf returns the fields of t, a struct type.
func (d *decoder) fieldsOf(t reflect.Type) *structFields {
	if t == d.lastType {
		return d.lastFields
	}
	f := fieldsOf(t)
	d.lastType, d.lastFields = t, f
	return f
}

func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	f := &structFields{index: map[string]int{}, special: make([]special, t.NumField()), name: make([]string, t.NumField())}
	for i := range t.NumField() {
		sf := t.Field(i)
		f.special[i] = specialOf(sf.Type)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" || !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f.index[name] = i
		f.name[i] = name
	}
	fieldCache.Store(t, f)
	return f
}

// object decodes an object into a struct (fields given) or a map.
func (d *decoder) object(rv reflect.Value, fields *structFields, depth int) {
	if depth >= maxDepth {
		d.syntax("exceeded max depth")
	}
	d.pos++ // '{'
	var seenField bitset
	var seenKey map[string]bool
	var elem special // of a map's values
	next := 0        // the field expected next: fields often come in the struct's order
	switch {
	case fields != nil:
		seenField = newBitset(rv.NumField())
	case rv.IsValid():
		seenKey = map[string]bool{}
		elem = specialOf(rv.Type().Elem())
	}
	d.space()
	if d.peek() == '}' {
		d.pos++
		return
	}
	for {
		d.space()
		if d.peek() != '"' {
			d.unexpected("looking for beginning of object key string")
		}
		key, ok := d.stringBytes()
		d.space()
		if d.peek() != ':' {
			d.unexpected("after object key")
		}
		d.pos++
		d.space()
		mark := d.pushKey(key, ok)
		var target reflect.Value
		sp := elem
		switch {
		case !ok:
			d.problem(nil, "the field name is not valid UTF-8 or holds half of a UTF-16 surrogate pair")
		case fields != nil:
			i, known := next, next < len(fields.name) && fields.name[next] != "" && fields.name[next] == string(key)
			if !known {
				i, known = fields.index[string(key)] // no copy of key
			}
			next = i + 1
			switch {
			case !known:
				d.problem(nil, "unknown field")
			case seenField.has(i):
				d.problem(nil, "given twice in the object")
			default:
				seenField.add(i)
				target, sp = rv.Field(i), fields.special[i]
			}
		case !rv.IsValid(): // skipping
		case seenKey[string(key)]:
			d.problem(nil, "given twice in the object")
		default:
			seenKey[string(key)] = true
			target = reflect.New(rv.Type().Elem()).Elem()
		}
		before := len(d.errs)
		d.value(target, sp, fields != nil, depth+1)
		if fields == nil && target.IsValid() && len(d.errs) == before {
			rv.SetMapIndex(reflect.ValueOf(string(key)).Convert(rv.Type().Key()), target)
		}
		d.path = d.path[:mark]
		d.space()
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return
		default:
			d.unexpected("after object key:value pair")
		}
	}
}

// array decodes an array into a slice or an array.
func (d *decoder) array(rv reflect.Value, depth int) {
	if depth >= maxDepth {
		d.syntax("exceeded max depth")
	}
	d.pos++ // '['
	skipping := !rv.IsValid()
	isSlice := !skipping && rv.Kind() == reflect.Slice
	if isSlice {
		rv.Set(reflect.MakeSlice(rv.Type(), 0, 0))
	}
	var elem special
	if !skipping {
		elem = specialOf(rv.Type().Elem())
	}
	d.space()
	if d.peek() == ']' {
		d.pos++
		return
	}
	tooLong := false
	for i := 0; ; i++ {
		d.space()
		mark := d.pushIndex(i)
		var target reflect.Value
		switch {
		case skipping:
		case isSlice:
			if rv.Len() == rv.Cap() {
				// Doubled: Grow(1) grows a long slice by a quarter, copying
				// a list of 600,000 rows about five times over.
				rv.Grow(max(1, rv.Len()))
			}
			rv.SetLen(i + 1)
			target = rv.Index(i)
		case i < rv.Len():
			target = rv.Index(i)
		case !tooLong:
			tooLong = true
			d.path = d.path[:mark]
			d.problem(nil, fmt.Sprintf("must be an array of at most %d elements", rv.Len()))
			d.pushIndex(i)
		}
		d.value(target, elem, false, depth+1)
		d.path = d.path[:mark]
		d.space()
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return
		default:
			d.unexpected("after array element")
		}
	}
}

// skip checks the syntax of the value at d.pos and moves past it.
func (d *decoder) skip(depth int) {
	d.skipping++
	defer func() { d.skipping-- }()
	switch c := d.peek(); {
	case c == '{':
		d.object(reflect.Value{}, nil, depth)
	case c == '[':
		d.array(reflect.Value{}, depth)
	case c == '"':
		d.stringBytes() // its problems are not reported: no string needed
	case c == '-' || c >= '0' && c <= '9':
		d.numberBytes()
	case c == 't':
		d.literal("true")
	case c == 'f':
		d.literal("false")
	case c == 'n':
		d.literal("null")
	default:
		d.unexpected("looking for beginning of value")
	}
}

func (d *decoder) literal(word string) {
	for i := 0; i < len(word); i++ {
		if d.pos >= len(d.data) {
			d.truncated()
		}
		if d.data[d.pos] != word[i] {
			d.unexpected(fmt.Sprintf("in literal %s (expecting %q)", word, word[i]))
		}
		d.pos++
	}
}

// number reads a number in JSON syntax and returns its text.
func (d *decoder) number() string { return string(d.numberBytes()) }

// numberBytes reads a number in JSON syntax and returns its text, a slice
// of the data.
func (d *decoder) numberBytes() []byte {
	start := d.pos
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.data[d.pos] == '-' {
		d.pos++
	}
	if d.pos >= len(d.data) {
		d.truncated()
	}
	switch c := d.data[d.pos]; {
	case c == '0':
		d.pos++
	case c >= '1' && c <= '9':
		digits()
	default:
		d.unexpected("in numeric literal")
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			d.unexpected("after decimal point in numeric literal")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			d.unexpected("in exponent of numeric literal")
		}
	}
	return d.data[start:d.pos]
}

// string reads a string value; if it is not valid Unicode, it reports the
// problem at the current path and ok is false.
func (d *decoder) string() (string, bool) {
	s, ok := d.rawString()
	if !ok {
		if utf8.ValidString(s) {
			d.problem(nil, "holds an escaped half of a UTF-16 surrogate pair: not valid Unicode")
		} else {
			d.problem(s, "is not valid UTF-8")
		}
	}
	return s, ok
}

// rawString reads a string literal and returns its value. ok is false if
// the literal holds bytes that are not UTF-8 (s then holds them, so that
// the error shows them) or an unpaired surrogate escape.
func (d *decoder) rawString() (s string, ok bool) {
	b, ok := d.stringBytes()
	return string(b), ok
}

// stringBytes is rawString without the string: the value is a slice of the
// data when the literal has no escape and is all ASCII, else a new slice.
func (d *decoder) stringBytes() (b []byte, ok bool) {
	d.pos++ // '"'
	start := d.pos
	// The common case: no escape, all ASCII.
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			d.pos++
			return d.data[start : d.pos-1 : d.pos-1], true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		d.pos++
	}
	buf := append([]byte(nil), d.data[start:d.pos]...)
	ok = true
	for {
		if d.pos >= len(d.data) {
			d.truncated()
		}
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return buf, ok
		case c < 0x20:
			d.unexpected("in string literal")
		case c == '\\':
			d.pos++
			if d.pos >= len(d.data) {
				d.truncated()
			}
			switch e := d.data[d.pos]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				d.pos++
				r := d.hex4()
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
						save := d.pos
						d.pos += 2
						r2 = d.hex4()
						if utf16.DecodeRune(r, r2) == utf8.RuneError {
							d.pos, r2 = save, -1
						}
					}
					if r2 < 0 {
						ok = false
						buf = utf8.AppendRune(buf, utf8.RuneError)
						continue
					}
					r = utf16.DecodeRune(r, r2)
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				d.unexpected("in string escape code")
			}
			d.pos++
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			if r == utf8.RuneError && size == 1 {
				ok = false
			}
			buf = append(buf, d.data[d.pos:d.pos+size]...)
			d.pos += size
		}
	}
}

// hex4 reads the four hexadecimal digits of a \u escape.
func (d *decoder) hex4() rune {
	var r rune
	for range 4 {
		if d.pos >= len(d.data) {
			d.truncated()
		}
		c := d.data[d.pos]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			d.unexpected("in \\u hexadecimal character escape")
		}
		r = r<<4 | rune(c)
		d.pos++
	}
	return r
}

func position(data []byte, offset int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < offset && i < len(data); i++ {
		if data[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
