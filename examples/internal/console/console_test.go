package console

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(&bytes.Buffer{}) || IsTerminal(f) {
		t.Error("a buffer or a file is not a terminal")
	}
}

func TestStartProgress(t *testing.T) {
	if StartProgress(false, &bytes.Buffer{}, "x", time.Second, time.Now) != nil {
		t.Error("off: a meter")
	}
	var b bytes.Buffer
	m := StartProgress(true, &b, "x", 0, func() time.Time { return time.Time{} })
	m.Stage("working", 2, "things")
	m.Set(1)
	m.Stop()
	if b.Len() == 0 {
		t.Error("on, every step: nothing printed")
	}
}
