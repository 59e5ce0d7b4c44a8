package sourcing_test

import (
	"errors"
	"go/ast"
	"go/build"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestErrorCatalogue fails when an exported sentinel error of a package of
// the module (a package-level variable whose name starts with "Err") is not
// listed, as the doc link [ErrName], in the "# Errors" section of its
// package documentation (doc.go): the catalogue of when each error is
// returned and what a caller should do. Examples, internal packages and
// testdata are left out.
func TestErrorCatalogue(t *testing.T) {
	modulePath := catalogueModulePath(t)
	dirs := catalogueDirs(t)
	sentinels := 0
	for _, dir := range dirs {
		importPath := modulePath
		if dir != "." {
			importPath = path.Join(modulePath, filepath.ToSlash(dir))
		}
		pkg, names := catalogueLoad(t, dir, importPath)
		if pkg == nil {
			continue
		}
		sentinels += len(names)
		if len(names) > 0 {
			t.Logf("%s: %s", importPath, strings.Join(names, ", "))
		}
		for _, problem := range catalogueCheck(pkg, names) {
			t.Errorf("package %s (%s): %s", importPath, dir, problem)
		}
	}
	if sentinels == 0 {
		t.Fatalf("found no sentinel error in %d package directories: the walk is broken", len(dirs))
	}
}

// TestErrorCatalogueCheck makes sure the check above can fail: a sentinel
// left out of the Errors section, named outside it, named without a doc
// link, or a package without the section at all, is reported.
func TestErrorCatalogueCheck(t *testing.T) {
	const src = `// Package p is a test.
//
// [ErrLinkedElsewhere] is linked here, before the Errors section.
//
// # Errors
//
//   - [ErrListed] is returned when something.
//   - ErrPlain is named, not linked.
//
// # After
//
// [ErrAfter] is linked after the Errors section.
package p

import "errors"

var ErrListed = errors.New("listed")

var (
	ErrPlain           = errors.New("plain")
	ErrLinkedElsewhere = errors.New("elsewhere")
	ErrAfter, errHidden = errors.New("after"), errors.New("hidden")
)

var NotAnError = 1
`
	pkg, names := catalogueParse(t, map[string]string{"p.go": src}, "example.com/p")
	if want := []string{"ErrAfter", "ErrLinkedElsewhere", "ErrListed", "ErrPlain"}; !slices.Equal(names, want) {
		t.Fatalf("sentinels = %q, want %q", names, want)
	}
	problems := catalogueCheck(pkg, names)
	for _, name := range []string{"ErrAfter", "ErrLinkedElsewhere", "ErrPlain"} {
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, "["+name+"]") }) {
			t.Errorf("%s is not in the Errors section, but no problem names it: %q", name, problems)
		}
	}
	if slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, "[ErrListed]") }) {
		t.Errorf("ErrListed is in the Errors section, but a problem names it: %q", problems)
	}

	const noSection = `// Package q has no Errors section.
package q

import "errors"

// ErrQ is documented here only.
var ErrQ = errors.New("q")
`
	pkg, names = catalogueParse(t, map[string]string{"q.go": noSection}, "example.com/q")
	if problems := catalogueCheck(pkg, names); len(problems) == 0 {
		t.Errorf("a package without an Errors section passed the check")
	}
}

// catalogueModulePath reads the module path from go.mod.
func catalogueModulePath(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	t.Fatal("go.mod has no module line")
	return ""
}

// catalogueDirs lists the directories of the module that may hold a
// library package: not examples, internal packages, testdata, hidden
// directories or nested modules.
func catalogueDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != "." {
			name := d.Name()
			switch {
			case name == "examples", name == "internal", name == "testdata", name == "vendor",
				strings.HasPrefix(name, "."), strings.HasPrefix(name, "_"):
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		dirs = append(dirs, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// catalogueLoad parses the non-test Go files of the package in dir (as the
// go command would build them) and returns its documentation and its
// exported sentinel names; nil for a directory without a library package.
func catalogueLoad(t *testing.T, dir, importPath string) (*doc.Package, []string) {
	t.Helper()
	bp, err := build.ImportDir(dir, 0)
	var noGo *build.NoGoError
	switch {
	case errors.As(err, &noGo):
		return nil, nil
	case err != nil:
		t.Fatalf("%s: %v", dir, err)
	case bp.Name == "main":
		return nil, nil
	}
	srcs := map[string]string{}
	for _, name := range bp.GoFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		srcs[filepath.Join(dir, name)] = string(data)
	}
	return catalogueParse(t, srcs, importPath)
}

// catalogueParse parses the files of one package and returns its
// documentation and the names of its exported package-level variables
// starting with "Err", sorted.
func catalogueParse(t *testing.T, srcs map[string]string, importPath string) (*doc.Package, []string) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	var names []string
	for _, name := range slices.Sorted(maps.Keys(srcs)) {
		f, err := parser.ParseFile(fset, name, srcs[name], parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				for _, id := range spec.(*ast.ValueSpec).Names {
					if id.IsExported() && strings.HasPrefix(id.Name, "Err") {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	pkg, err := doc.NewFromFiles(fset, files, importPath, doc.PreserveAST)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return pkg, names
}

// catalogueCheck returns a problem for every name that is not a doc link
// [Name] to the package's own symbol in the "# Errors" section of the
// package documentation.
func catalogueCheck(pkg *doc.Package, names []string) []string {
	if len(names) == 0 {
		return nil
	}
	d := pkg.Parser().Parse(pkg.Doc)
	linked := map[string]bool{}
	found, in := false, false
	for _, block := range d.Content {
		if h, ok := block.(*comment.Heading); ok {
			in = catalogueText(h.Text) == "Errors"
			found = found || in
			continue
		}
		if in {
			catalogueLinks(block, linked)
		}
	}
	if !found {
		return []string{`the package documentation has no "# Errors" section; it must list ` + strings.Join(names, ", ")}
	}
	var problems []string
	for _, name := range names {
		if !linked[name] {
			problems = append(problems, "sentinel "+name+` is not listed as [`+name+`] in the "# Errors" section of the package documentation (doc.go)`)
		}
	}
	return problems
}

// catalogueLinks records the names of the doc links to the package's own
// top-level symbols in a block.
func catalogueLinks(block comment.Block, linked map[string]bool) {
	var walk func([]comment.Text)
	walk = func(texts []comment.Text) {
		for _, x := range texts {
			switch x := x.(type) {
			case *comment.DocLink:
				if x.ImportPath == "" && x.Recv == "" {
					linked[x.Name] = true
				}
			case *comment.Link:
				walk(x.Text)
			}
		}
	}
	switch b := block.(type) {
	case *comment.Paragraph:
		walk(b.Text)
	case *comment.List:
		for _, item := range b.Items {
			for _, c := range item.Content {
				catalogueLinks(c, linked)
			}
		}
	}
}

// catalogueText returns the plain text of a heading.
func catalogueText(texts []comment.Text) string {
	var b strings.Builder
	for _, x := range texts {
		switch x := x.(type) {
		case comment.Plain:
			b.WriteString(string(x))
		case comment.Italic:
			b.WriteString(string(x))
		}
	}
	return strings.TrimSpace(b.String())
}
