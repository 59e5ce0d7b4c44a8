package simulate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
)

// Every scenario in testdata survives MarshalJSON → Parse unchanged: the
// second encoding is byte for byte the first, and every order gets the
// same results from the re-read scenario.
func TestMarshalRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../../testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("../../testdata/scenarios/example-0??.json")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	seasons, err := filepath.Glob("../../testdata/seasons/*.json")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, seasons...)
	if len(files) < 11 {
		t.Fatalf("found only %d scenario files", len(files))
	}
	opts := simulate.Options{LoadLocation: time.LoadLocation}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := simulate.ParseWith(data, opts)
			if err != nil {
				t.Fatal(err)
			}
			enc, err := sc.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(enc) {
				t.Fatalf("MarshalJSON wrote invalid JSON:\n%s", enc)
			}
			back, err := simulate.ParseWith(enc, opts)
			if err != nil {
				t.Fatalf("re-reading the encoding: %v\n%s", err, enc)
			}
			enc2, err := back.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, enc2) {
				t.Fatalf("second encoding differs:\n%s\n---\n%s", enc, enc2)
			}
			if back.Snapshot.NumLevels() != sc.Snapshot.NumLevels() || len(back.Orders) != len(sc.Orders) {
				t.Fatalf("re-read %d levels, %d orders; want %d, %d", back.Snapshot.NumLevels(), len(back.Orders), sc.Snapshot.NumLevels(), len(sc.Orders))
			}
			if len(sc.Orders) > 500 {
				return // a season: its encoding is checked, its solves are the tests'
			}
			want := results(t, sc)
			if got := results(t, back); !bytes.Equal(got, want) {
				t.Fatalf("results differ after the round trip:\n%s\n---\n%s", got, want)
			}
		})
	}
}

func results(t *testing.T, sc *simulate.Scenario) []byte {
	t.Helper()
	out, err := sc.RunSequential(context.Background(), orchestrate.Options{K: 3})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, oc := range out {
		b.WriteString(oc.Order + "\n")
		if oc.Err != nil {
			b.WriteString("error: " + oc.Err.Error() + "\n")
			continue
		}
		data, err := json.Marshal(oc.Result)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
