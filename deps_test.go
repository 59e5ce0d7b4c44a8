package sourcing_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/sourcing-go/sourcing"

// allowed lists, for each package of the module, the packages of the module
// its non-test code may import: dependencies point one way (README, Packages).
// A package missing here fails the test, so a new package must take its
// place in the order deliberately.
var allowed = map[string][]string{
	"":                    {"internal/arith"},
	"internal/arith":      {},
	"internal/cow":        {},
	"internal/strictjson": {"", "geo"},
	"internal/sphere":     {},
	"geo":                 {"", "internal/sphere"},
	"carrier":             {"", "geo", "internal/arith", "internal/strictjson"},
	// stockindex is how the search reads the snapshot's indexes: stock
	// fills it, orchestrate reads it, it imports neither.
	"internal/stockindex":  {"", "internal/sphere"},
	"stock":                {"", "geo", "internal/cow", "internal/sphere", "internal/stockindex", "internal/strictjson"},
	"internal/stockjson":   {"", "stock"},
	"stock/feed":           {"", "stock", "internal/stockjson", "internal/strictjson"},
	"rules":                {"", "geo", "carrier", "stock", "internal/strictjson"},
	"orchestrate":          {"", "geo", "carrier", "stock", "rules", "internal/arith", "internal/sphere", "internal/stockindex", "internal/strictjson"},
	"orchestrate/batch":    {"", "geo", "carrier", "stock", "rules", "orchestrate", "internal/mcf"},
	"orchestrate/simulate": {"", "geo", "carrier", "stock", "rules", "orchestrate", "orchestrate/batch", "internal/strictjson", "internal/stockjson"},
	"internal/netgen":      {"", "geo", "carrier", "stock", "rules", "orchestrate", "orchestrate/simulate"},
	"internal/testkit":     {""},
	"internal/progress":    {},
	"internal/mcf":         {},
}

// TestImportDirection fails on an import against the direction of
// allowed, and on any import of examples from the library.
func TestImportDirection(t *testing.T) {
	imports := map[string]map[string]bool{} // package dir → module packages imported
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if dir == "." {
			dir = ""
		}
		if imports[dir] == nil {
			imports[dir] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == module {
				imports[dir][""] = true
			} else if rest, ok := strings.CutPrefix(p, module+"/"); ok {
				imports[dir][rest] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, deps := range imports {
		if strings.HasPrefix(dir, "examples/") {
			for dep := range deps {
				// examples/internal holds what several examples share.
				if strings.HasPrefix(dep, "examples/") && !strings.HasPrefix(dep, "examples/internal/") {
					t.Errorf("%s imports %s: examples do not import each other", dir, dep)
				}
			}
			continue
		}
		ok, known := allowed[dir]
		if !known {
			t.Errorf("package %q is not placed in the dependency order of deps_test.go", dir)
			continue
		}
		for dep := range deps {
			if !slices.Contains(ok, dep) {
				t.Errorf("%q imports %q: against the dependency direction (allowed: %q)", dir, dep, ok)
			}
		}
	}
}
