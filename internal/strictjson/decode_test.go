package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
)

type inner struct {
	Qty  int64   `json:"qty"`
	Name string  `json:"name"`
	On   bool    `json:"on"`
	X    float64 `json:"x"`
}

type outer struct {
	Lines []inner            `json:"lines"`
	Kinds map[string]int     `json:"kinds"`
	Raw   json.RawMessage    `json:"raw"`
	Raws  []json.RawMessage  `json:"raws"`
	Num   json.Number        `json:"num"`
	Opt   *inner             `json:"opt"`
	Rate  sourcing.Rate      `json:"rate"`
	Nest  map[string][]inner `json:"nest"`
	U8    uint8              `json:"u8"`
	Pair  [2]int             `json:"pair"`
	Small int8               `json:"small"`
}

// fe is a FieldError wrapping ErrInvalid, as the table writes it.
func fe(field string, value any, problem string) sourcing.FieldError {
	return sourcing.FieldError{Field: field, Value: value, Problem: problem, Err: sourcing.ErrInvalid}
}

func TestUnmarshal(t *testing.T) {
	tests := []struct {
		name, in, path string
		want           []sourcing.FieldError // nil: success
	}{
		{name: "ok", in: `{"lines":[{"qty":2,"name":"a","on":true,"x":1.5}],"kinds":{"a":1},"raw":{"anything":[1]},"num":3.25,"rate":0.5}`},
		{name: "null field is left out", in: `{"lines":null,"opt":null,"kinds":null,"raw":null,"num":null,"rate":null}`},
		{name: "byte order mark", in: "\uFEFF{\"lines\":[]}"},
		{name: "unknown nested field", in: `{"lines":[{"qty":1},{"qtty":2}]}`, want: []sourcing.FieldError{fe("lines[1].qtty", nil, "unknown field")}},
		{name: "unknown top field", in: `{"linez":[]}`, path: "doc", want: []sourcing.FieldError{fe("doc.linez", nil, "unknown field")}},
		{name: "empty unknown key at the top", in: `{"":1}`, want: []sourcing.FieldError{fe(`""`, nil, "unknown field")}},
		{name: "empty unknown key nested", in: `{"lines":[{"":1}]}`, want: []sourcing.FieldError{fe(`lines[0].""`, nil, "unknown field")}},
		{name: "fraction for int", in: `{"lines":[{"qty":1.5}]}`, want: []sourcing.FieldError{fe("lines[0].qty", json.Number("1.5"), "must be a whole number")}},
		{name: "exponent for int", in: `{"lines":[{"qty":1e3}]}`, want: []sourcing.FieldError{fe("lines[0].qty", json.Number("1e3"), "must be a whole number")}},
		{name: "int out of range", in: `{"lines":[{"qty":99999999999999999999}]}`,
			want: []sourcing.FieldError{fe("lines[0].qty", json.Number("99999999999999999999"), "out of range: must be in [-9223372036854775808, 9223372036854775807]")}},
		{name: "int8 out of range", in: `{"small":-129}`, want: []sourcing.FieldError{fe("small", json.Number("-129"), "out of range: must be in [-128, 127]")}},
		{name: "uint8 out of range", in: `{"u8":256}`, want: []sourcing.FieldError{fe("u8", json.Number("256"), "must be a whole number in [0, 255]")}},
		{name: "string for int", in: `{"lines":[{"qty":"2"}]}`, want: []sourcing.FieldError{fe("lines[0].qty", "2", "must be an integer")}},
		{name: "number for string", in: `{"lines":[{"name":3}]}`, want: []sourcing.FieldError{fe("lines[0].name", json.Number("3"), "must be a string")}},
		{name: "string for bool", in: `{"lines":[{"on":"yes"}]}`, want: []sourcing.FieldError{fe("lines[0].on", "yes", "must be true or false")}},
		{name: "object for array", in: `{"lines":{}}`, want: []sourcing.FieldError{fe("lines", nil, "must be an array, not an object")}},
		{name: "array for string", in: `{"lines":[{"name":["a"]}]}`, want: []sourcing.FieldError{fe("lines[0].name", nil, "must be a string, not an array")}},
		{name: "map value", in: `{"kinds":{"a":"x"}}`, want: []sourcing.FieldError{fe("kinds.a", "x", "must be an integer")}},
		{name: "map of slices", in: `{"nest":{"k":[{"qty":1},{"bad":1}]}}`, want: []sourcing.FieldError{fe("nest.k[1].bad", nil, "unknown field")}},
		{name: "pointer struct", in: `{"opt":{"nope":1}}`, want: []sourcing.FieldError{fe("opt.nope", nil, "unknown field")}},
		{name: "string for number", in: `{"num":"3"}`, want: []sourcing.FieldError{fe("num", "3", "must be a number")}},
		{name: "rate decodes itself", in: `{"rate":-1}`, want: []sourcing.FieldError{fe("rate", json.Number("-1"), `invalid rate "-1": must be ≥ 0`)}},
		{name: "array too long", in: `{"pair":[1,2,3,4]}`, want: []sourcing.FieldError{fe("pair", nil, "must be an array of at most 2 elements")}},

		// Every problem, in document order.
		{name: "every problem", in: `{"lines":[{"qty":"1","name":2},{"on":1}],"zz":1,"kinds":{"a":true}}`, want: []sourcing.FieldError{
			fe("lines[0].qty", "1", "must be an integer"), fe("lines[0].name", json.Number("2"), "must be a string"),
			fe("lines[1].on", json.Number("1"), "must be true or false"), fe("zz", nil, "unknown field"), fe("kinds.a", true, "must be an integer"),
		}},

		// Null where a value is required.
		{name: "null element", in: `{"lines":[null]}`, want: []sourcing.FieldError{fe("lines[0]", nil, "must not be null")}},
		{name: "null map value", in: `{"kinds":{"a":null}}`, want: []sourcing.FieldError{fe("kinds.a", nil, "must not be null")}},
		{name: "null raw element", in: `{"raws":[{}, null]}`, want: []sourcing.FieldError{fe("raws[1]", nil, "must not be null")}},
		{name: "null document", in: `null`, path: "policy", want: []sourcing.FieldError{fe("policy", nil, "must not be null")}},

		// Duplicate keys.
		{name: "duplicate field", in: `{"lines":[{"qty":1,"qty":5}]}`, want: []sourcing.FieldError{fe("lines[0].qty", nil, "given twice in the object")}},
		{name: "duplicate top field", in: `{"num":1,"lines":[],"num":2}`, path: "policy", want: []sourcing.FieldError{fe("policy.num", nil, "given twice in the object")}},
		{name: "duplicate null field", in: `{"opt":null,"opt":{}}`, want: []sourcing.FieldError{fe("opt", nil, "given twice in the object")}},
		{name: "duplicate map key", in: `{"kinds":{"a":1,"b":2,"a":3}}`, want: []sourcing.FieldError{fe("kinds.a", nil, "given twice in the object")}},
		{name: "duplicate key in a raw message is left to its decoder", in: `{"raw":{"a":1,"a":2}}`},
		{name: "same name, another case", in: `{"num":1,"NUM":2}`, want: []sourcing.FieldError{fe("NUM", nil, "unknown field")}},

		// Strings that are not Unicode.
		{name: "invalid UTF-8", in: "{\"lines\":[{\"name\":\"a\xffb\"}]}", want: []sourcing.FieldError{fe("lines[0].name", "a\xffb", "is not valid UTF-8")}},
		{name: "invalid UTF-8 in a map key", in: "{\"kinds\":{\"a\xff\":1}}", want: []sourcing.FieldError{fe(`kinds."a\xff"`, nil, "the field name is not valid UTF-8 or holds half of a UTF-16 surrogate pair")}},
		{name: "lone surrogate", in: `{"lines":[{"name":"\ud800x"}]}`, want: []sourcing.FieldError{fe("lines[0].name", nil, "holds an escaped half of a UTF-16 surrogate pair: not valid Unicode")}},
		{name: "reversed surrogates", in: `{"lines":[{"name":"\udc00\ud800"}]}`, want: []sourcing.FieldError{fe("lines[0].name", nil, "holds an escaped half of a UTF-16 surrogate pair: not valid Unicode")}},
		{name: "surrogate pair", in: `{"lines":[{"name":"\ud83d\ude00 \u00e9"}]}`},

		// Malformed JSON: one problem.
		{name: "truncated", in: `{"lines":[`, want: []sourcing.FieldError{{Field: "(document)", Problem: "empty or truncated JSON", Err: errSyntax}}},
		{name: "syntax", in: "{\n\"lines\": [}", want: []sourcing.FieldError{{Field: "(document)", Problem: "malformed JSON at line 2, column 11: invalid character '}' looking for beginning of value", Err: errSyntax}}},
		{name: "syntax after problems", in: `{"zz":1, "lines": [}`, path: "p", want: []sourcing.FieldError{{Field: "p", Problem: "malformed JSON at line 1, column 20: invalid character '}' looking for beginning of value", Err: errSyntax}}},
		{name: "byte order mark inside", in: "{\"lines\":\uFEFF[]}", want: []sourcing.FieldError{{Field: "(document)", Problem: "malformed JSON at line 1, column 10: invalid character '\\ufeff' looking for beginning of value", Err: errSyntax}}},
		{name: "bare invalid byte", in: "{\"lines\":\xff}", want: []sourcing.FieldError{{Field: "(document)", Problem: "malformed JSON at line 1, column 10: invalid character byte 0xFF (not UTF-8) looking for beginning of value", Err: errSyntax}}},
		{name: "bad escape", in: `{"lines":[{"name":"\x"}]}`, want: []sourcing.FieldError{{Field: "(document)", Problem: `malformed JSON at line 1, column 21: invalid character 'x' in string escape code`, Err: errSyntax}}},
		{name: "control character", in: "{\"lines\":[{\"name\":\"\n\"}]}", want: []sourcing.FieldError{{Field: "(document)", Problem: `malformed JSON at line 1, column 20: invalid character '\n' in string literal`, Err: errSyntax}}},
		{name: "bad number", in: `{"num":01}`, want: []sourcing.FieldError{{Field: "(document)", Problem: "malformed JSON at line 1, column 9: invalid character '1' after object key:value pair", Err: errSyntax}}},
		{name: "bad literal", in: `{"lines":nul}`, want: []sourcing.FieldError{{Field: "(document)", Problem: `malformed JSON at line 1, column 13: invalid character '}' in literal null (expecting 'l')`, Err: errSyntax}}},
		{name: "trailing data", in: `{} {}`, want: []sourcing.FieldError{fe("(document)", nil, "unexpected data after the JSON value")}},
		{name: "empty", in: ``, path: "x", want: []sourcing.FieldError{{Field: "x", Problem: "empty or truncated JSON", Err: errSyntax}}},
		{name: "too deep", in: `{"raw":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`,
			want: []sourcing.FieldError{{Field: "(document)", Problem: fmt.Sprintf("malformed JSON at line 1, column %d: exceeded max depth", 8+maxDepth-1), Err: errSyntax}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v outer
			err := Unmarshal([]byte(tt.in), tt.path, &v)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.ErrorIs(t, err, sourcing.ErrInvalid)
			if diff := cmp.Diff(tt.want, testkit.FieldErrors(err), cmpopts.EquateErrors()); diff != "" {
				t.Errorf("Unmarshal(%q) errors mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestUnmarshalDecodes(t *testing.T) {
	var v outer
	err := Unmarshal([]byte("\uFEFF"+`{"lines":[{"qty":7,"name":"n\u00e9\ud83d\ude00"}],"raw":[1,2],"rate":1.25,"kinds":{},"pair":[3]}`), "", &v)
	require.NoError(t, err)
	want := outer{Lines: []inner{{Qty: 7, Name: "né😀"}}, Raw: json.RawMessage("[1,2]"), Rate: 1_250_000, Kinds: map[string]int{}, Pair: [2]int{3, 0}}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("Unmarshal mismatch (-want +got):\n%s", diff)
	}
}

// TestUnmarshalPartial checks that a value in error is left as it was and
// the rest decodes, so that the caller can go on checking it.
func TestUnmarshalPartial(t *testing.T) {
	v := outer{Num: "9"}
	err := Unmarshal([]byte(`{"lines":[{"qty":"x","name":"a"},{"qty":2}],"num":"x","kinds":{"a":1,"b":"2"}}`), "", &v)
	require.Len(t, sourcing.Errors(err), 3)
	want := outer{Lines: []inner{{Name: "a"}, {Qty: 2}}, Num: "9", Kinds: map[string]int{"a": 1}}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("partial decoding mismatch (-want +got):\n%s", diff)
	}
}

// TestUnmarshalMaxProblems checks that a document with a problem in every
// value lists MaxProblems of them, then says there are more.
func TestUnmarshalMaxProblems(t *testing.T) {
	in := `{"lines":[` + strings.Repeat(`{"qty":"x"},`, 2*MaxProblems) + `{}]}`
	var v outer
	errs := testkit.FieldErrors(Unmarshal([]byte(in), "", &v))
	require.Len(t, errs, MaxProblems+1)
	require.Equal(t, fe("(document)", nil, fmt.Sprintf("more than %d problems: the first %d are listed", MaxProblems, MaxProblems)), errs[MaxProblems])
}

func TestMerge(t *testing.T) {
	decode := errors.Join(sourcing.Invalid("profiles[0].name", json.Number("3"), "must be a string"), sourcing.Invalid("profiles[1]", nil, "must be an object, not an array"))
	validate := errors.Join(
		sourcing.Invalid("profiles[0].name", "", "must not be empty"),    // repeats a decoding problem
		sourcing.Invalid("profiles[1].weights.split", -1, "must be ≥ 0"), // under one
		sourcing.Invalid("profiles[10].name", "", "must not be empty"),   // another profile
		sourcing.Invalid("profiles[0].names", "", "x"),                   // another field
		errors.New("plain"),
	)
	got := testkit.FieldNames(Merge(decode, validate))
	want := []string{"profiles[0].name", "profiles[1]", "profiles[10].name", "profiles[0].names", "?"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Merge fields mismatch (-want +got):\n%s", diff)
	}
	syntax := Unmarshal([]byte("{"), "", &outer{})
	require.True(t, IsSyntax(syntax))
	require.Equal(t, syntax, Merge(syntax, validate), "malformed JSON is reported alone")
	require.Equal(t, []string{"profiles[0].name", "profiles[1]"}, testkit.FieldNames(Merge(decode, nil)))
	trailing := Unmarshal([]byte("{} x"), "", &outer{})
	require.False(t, IsSyntax(trailing))
	require.Equal(t, []string{"(document)", "?"}, testkit.FieldNames(Merge(trailing, validate)), "the whole document covers every field (not an error without one)")
	require.Nil(t, Merge(nil, nil))
}

// TestUnmarshalIntegers checks integers on both sides of the plain fast
// path (at most 18 digits) against strconv.ParseInt's bounds.
func TestUnmarshalIntegers(t *testing.T) {
	tests := []struct {
		in        string
		qty       int64
		small     int8
		wantField string // "" if it decodes
	}{
		{in: `{"lines":[{"qty":0}]}`},
		{in: `{"lines":[{"qty":-0}]}`},
		{in: `{"lines":[{"qty":999999999999999999}]}`, qty: 999999999999999999},
		{in: `{"lines":[{"qty":-999999999999999999}]}`, qty: -999999999999999999},
		{in: `{"lines":[{"qty":9223372036854775807}]}`, qty: 9223372036854775807},
		{in: `{"lines":[{"qty":-9223372036854775808}]}`, qty: -9223372036854775808},
		{in: `{"lines":[{"qty":9223372036854775808}]}`, wantField: "lines[0].qty"},
		{in: `{"lines":[{"qty":1.0}]}`, wantField: "lines[0].qty"},
		{in: `{"lines":[{"qty":1e2}]}`, wantField: "lines[0].qty"},
		{in: `{"small":-128}`, small: -128},
		{in: `{"small":127}`, small: 127},
		{in: `{"small":128}`, wantField: "small"},
		{in: `{"small":-129}`, wantField: "small"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v outer
			err := Unmarshal([]byte(tt.in), "", &v)
			if tt.wantField != "" {
				require.Equal(t, []string{tt.wantField}, testkit.FieldNames(err))
				return
			}
			require.NoError(t, err)
			var got int64
			if len(v.Lines) > 0 {
				got = v.Lines[0].Qty
			}
			require.Equal(t, tt.qty, got)
			require.Equal(t, tt.small, v.Small)
		})
	}
}

// TestUnmarshalWideStruct checks that a field given twice is found in a
// struct of more than 64 fields too.
func TestUnmarshalWideStruct(t *testing.T) {
	var fields []reflect.StructField
	for i := range 70 {
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: reflect.TypeFor[int](), Tag: reflect.StructTag(fmt.Sprintf(`json:"f%d"`, i))})
	}
	v := reflect.New(reflect.StructOf(fields)).Interface()
	require.NoError(t, Unmarshal([]byte(`{"f0":1,"f63":2,"f64":3,"f69":4}`), "", v))
	require.Equal(t, 4, reflect.ValueOf(v).Elem().Field(69).Interface())
	err := Unmarshal([]byte(`{"f69":1,"f5":2,"f69":3}`), "", v)
	require.Equal(t, []string{"f69"}, testkit.FieldNames(err))
	require.ErrorContains(t, err, "given twice")
}

func TestSyntaxPosition(t *testing.T) {
	tests := []struct {
		in        string
		line, col int
		why       string
	}{
		{in: "{\n\"lines\": [}", line: 2, col: 11, why: "invalid character '}' looking for beginning of value"},
		{in: `{"lines":[`, line: 1, col: 11, why: "empty or truncated JSON"},
		{in: "", line: 1, col: 1, why: "empty or truncated JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			err := Unmarshal([]byte(tt.in), "", &outer{})
			require.True(t, IsSyntax(err))
			line, col, why, ok := SyntaxPosition(err)
			require.True(t, ok)
			require.Equal(t, []any{tt.line, tt.col, tt.why}, []any{line, col, why})
		})
	}
	_, _, _, ok := SyntaxPosition(Unmarshal([]byte(`{"zz":1}`), "", &outer{}))
	require.False(t, ok, "not malformed JSON")
}

// TestDecoder checks that a Decoder decodes documents one after another
// as Unmarshal does, nothing of one reaching the next.
func TestDecoder(t *testing.T) {
	var dec Decoder
	docs := []string{
		`{"lines":[{"qty":1,"name":"` + strings.Repeat("n", 100) + `"}]}`,
		`{"lines":[{"qty":"x"}],"zz":1}`,
		`{"lines":[`,
		`{"kinds":{"a":1}}`,
		`{"opt":{"qty":2}} x`,
	}
	for i, doc := range docs {
		var got, want outer
		gotErr := dec.Unmarshal([]byte(doc), "p", &got)
		wantErr := Unmarshal([]byte(doc), "p", &want)
		require.Equal(t, wantErr == nil, gotErr == nil, "doc %d", i)
		if wantErr != nil {
			require.Equal(t, wantErr.Error(), gotErr.Error(), "doc %d", i)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("doc %d mismatch (-Unmarshal +Decoder):\n%s", i, diff)
		}
	}
}

// TestUnmarshalFieldOrder checks fields in and out of the struct's order,
// and that a field JSON does not name (unexported, "-") is never set, even
// by an empty name where it would come next.
func TestUnmarshalFieldOrder(t *testing.T) {
	type row struct {
		A      int `json:"a"`
		hidden int
		Skip   int `json:"-"`
		B      int `json:"b"`
	}
	for _, tt := range []struct {
		in     string
		want   row
		fields []string
	}{
		{in: `{"a":1,"b":2}`, want: row{A: 1, B: 2}},
		{in: `{"b":2,"a":1}`, want: row{A: 1, B: 2}},
		{in: `{"a":1,"":5,"b":2}`, want: row{A: 1, B: 2}, fields: []string{`""`}},
		{in: `{"a":1,"Skip":5,"hidden":6,"b":2}`, want: row{A: 1, B: 2}, fields: []string{"Skip", "hidden"}},
		{in: `{"a":1,"a":3}`, want: row{A: 1}, fields: []string{"a"}},
	} {
		t.Run(tt.in, func(t *testing.T) {
			var got row
			err := Unmarshal([]byte(tt.in), "", &got)
			require.Equal(t, tt.fields, testkit.FieldNames(err))
			require.Equal(t, tt.want, got)
			require.Zero(t, got.hidden+got.Skip)
		})
	}
}
