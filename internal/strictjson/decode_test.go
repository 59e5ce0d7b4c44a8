package strictjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sourcing-go/sourcing"
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
	Num   json.Number        `json:"num"`
	Opt   *inner             `json:"opt"`
	Rate  sourcing.Rate      `json:"rate"`
	Nest  map[string][]inner `json:"nest"`
}

func TestUnmarshal(t *testing.T) {
	tests := []struct {
		name, in, path, want string // want: "" for success, else a substring of the error
	}{
		{"ok", `{"lines":[{"qty":2,"name":"a","on":true,"x":1.5}],"kinds":{"a":1},"raw":{"anything":[1]},"num":3.25,"rate":0.5}`, "", ""},
		{"null leaves zero", `{"lines":null,"opt":null}`, "", ""},
		{"unknown nested field", `{"lines":[{"qty":1},{"qtty":2}]}`, "", "lines[1].qtty: unknown field"},
		{"unknown top field", `{"linez":[]}`, "doc", "doc.linez: unknown field"},
		{"empty unknown key at the top", `{"":1}`, "", `"": unknown field`},
		{"empty unknown key nested", `{"lines":[{"":1}]}`, "", `lines[0]."": unknown field`},
		{"fraction for int", `{"lines":[{"qty":1.5}]}`, "", `lines[0].qty: "1.5": must be a whole number`},
		{"exponent for int", `{"lines":[{"qty":1e3}]}`, "", `lines[0].qty: "1e3": must be a whole number`},
		{"int out of range", `{"lines":[{"qty":99999999999999999999}]}`, "", "lines[0].qty: \"99999999999999999999\": out of range"},
		{"string for int", `{"lines":[{"qty":"2"}]}`, "", `lines[0].qty: "2": must be an integer`},
		{"number for string", `{"lines":[{"name":3}]}`, "", `lines[0].name: "3": must be a string`},
		{"string for bool", `{"lines":[{"on":"yes"}]}`, "", `lines[0].on: "yes": must be true or false`},
		{"object for array", `{"lines":{}}`, "", "lines: \"an object\": must be an array"},
		{"map value", `{"kinds":{"a":"x"}}`, "", `kinds.a: "x": must be an integer`},
		{"map of slices", `{"nest":{"k":[{"qty":1},{"bad":1}]}}`, "", "nest.k[1].bad: unknown field"},
		{"pointer struct", `{"opt":{"nope":1}}`, "", "opt.nope: unknown field"},
		{"string for number", `{"num":"3"}`, "", "num: \"3\": must be a number"},
		{"rate decodes itself", `{"rate":-1}`, "", "must be ≥ 0"},
		{"truncated", `{"lines":[`, "", "truncated"},
		{"syntax", "{\n\"lines\": [}", "", "malformed JSON at line 2"},
		{"trailing data", `{} {}`, "", "unexpected data after the JSON value"},
		{"empty", ``, "x", "x: empty or truncated JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v outer
			err := Unmarshal([]byte(tt.in), tt.path, &v)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Unmarshal: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Unmarshal error %v, want one containing %q", err, tt.want)
			}
			var fe *sourcing.FieldError
			if !errors.As(err, &fe) && !strings.Contains(err.Error(), "rate") {
				t.Errorf("error %T is not a FieldError", err)
			}
		})
	}
}

func TestUnmarshalDecodes(t *testing.T) {
	var v outer
	err := Unmarshal([]byte(`{"lines":[{"qty":7,"name":"n"}],"raw":[1,2],"rate":1.25}`), "", &v)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Lines) != 1 || v.Lines[0].Qty != 7 || v.Lines[0].Name != "n" || string(v.Raw) != "[1,2]" || v.Rate != 1_250_000 {
		t.Errorf("decoded %+v", v)
	}
}
