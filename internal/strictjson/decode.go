package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/sourcing-go/sourcing"
)

// Unmarshal decodes data into v, refusing unknown fields, values of the
// wrong type and trailing data. path is the location of data in the whole
// document ("" at the top); errors name the full path of the offending value,
// array indexes included ("orders[2].lines[0].qty").
//
// Fields of type json.RawMessage are left for the caller to decode (with
// their own path).
func Unmarshal(data []byte, path string, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return syntaxError(err, path, data)
	}
	if _, err := dec.Token(); err != io.EOF {
		return sourcing.Invalid(orTop(path), nil, "unexpected data after the JSON value")
	}
	if err := check(generic, reflect.TypeOf(v).Elem(), path); err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		// check accepts only what Unmarshal can decode; this is a backstop.
		return sourcing.Invalid(orTop(path), nil, strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// Join returns path.field, or field at the top.
func Join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// Index returns path[i].
func Index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func orTop(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}

func syntaxError(err error, path string, data []byte) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return sourcing.Invalid(orTop(path), nil, "empty or truncated JSON")
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return sourcing.Invalid(orTop(path), nil, fmt.Sprintf("malformed JSON at line %d, column %d: %s", line, col, strings.TrimPrefix(syn.Error(), "json: ")))
	}
	return sourcing.Invalid(orTop(path), nil, strings.TrimPrefix(err.Error(), "json: "))
}

var (
	rawType    = reflect.TypeFor[json.RawMessage]()
	numberType = reflect.TypeFor[json.Number]()
	textType   = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonType   = reflect.TypeFor[json.Unmarshaler]()
)

// check walks a generically decoded value alongside the type it will be
// decoded into, and reports the first unknown field or wrongly typed value
// with its full path.
func check(v any, t reflect.Type, path string) error {
	if t == rawType {
		return nil
	}
	if v == nil { // null leaves the Go value as it is
		return nil
	}
	if t.Kind() == reflect.Pointer {
		return check(v, t.Elem(), path)
	}
	wrong := func(want string) error {
		return sourcing.Invalid(orTop(path), describeJSON(v), "must be "+want)
	}
	if t != numberType && reflect.PointerTo(t).Implements(jsonType) {
		return nil // decodes itself; json.Unmarshal reports its errors
	}
	if t == numberType {
		if _, ok := v.(json.Number); !ok {
			return wrong("a number")
		}
		return nil
	}
	if reflect.PointerTo(t).Implements(textType) {
		if _, ok := v.(string); !ok {
			return wrong("a string")
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return wrong("an object")
		}
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fields[name] = f.Type
		}
		for _, k := range sortedKeys(obj) {
			ft, known := fields[k]
			if !known {
				name := k
				if name == "" {
					name = `""` // an empty key would leave no path at the top
				}
				return sourcing.Invalid(Join(path, name), nil, "unknown field")
			}
			if err := check(obj[k], ft, Join(path, k)); err != nil {
				return err
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return wrong("an object")
		}
		for _, k := range sortedKeys(obj) {
			if err := check(obj[k], t.Elem(), Join(path, k)); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		arr, ok := v.([]any)
		if !ok {
			return wrong("an array")
		}
		if t.Kind() == reflect.Array && len(arr) > t.Len() {
			return wrong(fmt.Sprintf("an array of at most %d elements", t.Len()))
		}
		for i, e := range arr {
			if err := check(e, t.Elem(), Index(path, i)); err != nil {
				return err
			}
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			return wrong("a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return wrong("true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return wrong("an integer")
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			if _, ferr := strconv.ParseFloat(string(n), 64); ferr == nil && !strings.ContainsAny(string(n), ".eE") {
				return sourcing.Invalid(orTop(path), string(n), "out of range")
			}
			return sourcing.Invalid(orTop(path), string(n), "must be a whole number")
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if !ok {
			return wrong("a non-negative integer")
		}
		if _, err := strconv.ParseUint(string(n), 10, t.Bits()); err != nil {
			return sourcing.Invalid(orTop(path), string(n), "must be a whole number in range")
		}
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return wrong("a number")
		}
		if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			return sourcing.Invalid(orTop(path), string(n), "out of range")
		}
	case reflect.Interface:
		return nil
	default:
		return wrong("of type " + t.String())
	}
	return nil
}

// describeJSON names what a JSON value is, for "got …" in errors.
func describeJSON(v any) any {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return x
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func position(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := 0; i < int(offset) && i < len(data); i++ {
		if data[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
