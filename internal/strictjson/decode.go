package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/sourcing-go/sourcing"
)

// Unmarshal decodes data into v, refusing unknown fields and trailing data.
// path is the location of data in the whole document ("" at the top); it
// prefixes the Field of the error.
func Unmarshal(data []byte, path string, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return convert(err, path, data)
	}
	if _, err := dec.Token(); err != io.EOF {
		return sourcing.Invalid(orTop(path), nil, "unexpected data after the JSON value")
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

func convert(err error, path string, data []byte) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return sourcing.Invalid(orTop(path), nil, "empty or truncated JSON")
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return sourcing.Invalid(orTop(path), nil, fmt.Sprintf("malformed JSON at line %d, column %d: %s", line, col, strings.TrimPrefix(syn.Error(), "json: ")))
	case errors.As(err, &typ):
		field := path
		if typ.Field != "" {
			field = Join(path, typ.Field)
		}
		return sourcing.Invalid(orTop(field), typ.Value, "must be "+describe(typ.Type))
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return sourcing.Invalid(Join(path, strings.Trim(name, `"`)), nil, "unknown field")
	}
	var fe *sourcing.FieldError
	if errors.As(err, &fe) {
		return sourcing.WithPrefix(path, err)
	}
	return sourcing.Invalid(orTop(path), nil, strings.TrimPrefix(msg, "json: "))
}

func describe(t reflect.Type) string {
	if t == reflect.TypeFor[json.Number]() {
		return "a number"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "of type " + t.String()
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
