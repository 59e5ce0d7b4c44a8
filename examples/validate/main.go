// Command validate checks a rule file: it prints every problem found, one a
// line, each with its path and value, and exits 1; or a summary of the rule
// set, and with -against what changed from another rule file.
//
//	go run ./examples/validate [-scenario SCENARIO.json] [-against OLD.json] [RULES.json]
//
// With -scenario, the rule file is checked against a scenario file's stock
// and network as the service checks a PUT /rules: read as an update of the
// scenario's policy (carriers and currency left out are kept from it),
// validated, then checked with orchestrate.CheckRules (the currency of the
// stock, the nodes and SKUs the profiles name). Without a rule file,
// -scenario checks the scenario's own policy. With -scenario, -against
// reads the older file the same way. A scenario file given as the rule file
// is named as such.
package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/sourcing-go/sourcing/examples/internal/filekind"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/orchestrate"
	"github.com/sourcing-go/sourcing/orchestrate/simulate"
	"github.com/sourcing-go/sourcing/rules"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	against := fs.String("against", "", "an older rule file to compare with")
	scenarioFile := fs.String("scenario", "", "a scenario file: check the rule file against its stock and network (without a rule file, check its policy)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: validate [-scenario SCENARIO.json] [-against OLD.json] [RULES.json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 || fs.NArg() == 0 && *scenarioFile == "" {
		fs.Usage()
		return 2
	}
	var sc *simulate.Scenario
	if *scenarioFile != "" {
		data, err := os.ReadFile(*scenarioFile)
		if err != nil {
			fmt.Fprintf(stderr, "validate: %v\n", err)
			return 1
		}
		if sc, err = simulate.ParseWith(data, simulate.Options{LoadLocation: time.LoadLocation}); err != nil {
			fmt.Fprintf(stdout, "%s: invalid\n", *scenarioFile)
			printProblems(stdout, err)
			return 1
		}
	}
	// load reads a rule file: alone, or as an update of the scenario's
	// policy, checked against the scenario's stock.
	load := func(path string) (*rules.RuleSet, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if sc == nil {
			rs, err := rules.Parse(data)
			if err != nil && filekind.Of(data) == filekind.Scenario {
				return nil, errScenario
			}
			return rs, err
		}
		rs, err := rules.NewRegistry(sc.Rules).Prepare(data)
		if err != nil {
			return nil, err
		}
		return rs, orchestrate.CheckRules(sc.Snapshot, rs)
	}
	suffix := ""
	if sc != nil {
		suffix = " against " + *scenarioFile
	}
	// verdict prints why the rule set read from path is invalid, if it is.
	verdict := func(path string, err error) bool {
		var pathErr *os.PathError
		switch {
		case errors.As(err, &pathErr):
			fmt.Fprintf(stderr, "validate: %v\n", err)
			return false
		case errors.Is(err, errScenario):
			fmt.Fprintf(stdout, "%s: a scenario, not a rule set: check its policy with -scenario, or run it with examples/solve\n", path)
			return false
		case err != nil:
			fmt.Fprintf(stdout, "%s: invalid%s\n", path, suffix)
			printProblems(stdout, err)
			return false
		}
		return true
	}
	name := fs.Arg(0)
	var rs *rules.RuleSet
	var err error
	if name == "" { // the scenario's own policy
		name, suffix = *scenarioFile, ""
		rs, err = sc.Rules, orchestrate.CheckRules(sc.Snapshot, sc.Rules)
	} else {
		rs, err = load(name)
	}
	if !verdict(name, err) {
		return 1
	}
	fmt.Fprintf(stdout, "%s: valid%s\n", name, suffix)
	summarize(stdout, rs)
	if *against != "" {
		old, err := load(*against)
		if !verdict(*against, err) {
			return 1
		}
		changes := rules.Diff(old, rs)
		fmt.Fprintf(stdout, "changes from %s (%s → %s): %d\n", *against, old.Version(), rs.Version(), len(changes))
		for _, c := range changes {
			fmt.Fprintf(stdout, "  %s\n", c)
		}
	}
	return 0
}

// errScenario says a file given as a rule file is a scenario.
var errScenario = errors.New("a scenario, not a rule set")

func printProblems(w io.Writer, err error) {
	for _, e := range sourcing.Errors(err) {
		fmt.Fprintf(w, "  %s\n", e)
	}
}

func summarize(w io.Writer, rs *rules.RuleSet) {
	fmt.Fprintf(w, "version %s, currency %s\n", rs.Version(), rs.Currency())
	var ids []string
	for _, c := range rs.Carriers() {
		ids = append(ids, c.ID().String())
	}
	fmt.Fprintf(w, "carriers: %s\n", strings.Join(ids, ", "))
	for i, p := range rs.Profiles() {
		s := p.Spec()
		fmt.Fprintf(w, "profile %d %q: %s\n", i+1, s.Name, describeWhen(s.When))
		wt := s.Weights
		fmt.Fprintf(w, "  weights: split %d, per_km %s, per_unit_km %s, priority %d, low_stock %d below %d, workload %d, late_per_day %d, co2_per_kg %s, backorder %d\n",
			wt.Split, wt.PerKm, wt.PerUnitKm, wt.Priority, wt.LowStock, wt.LowStockBelow, wt.Workload, wt.LatePerDay, wt.CO2PerKg, wt.Backorder)
		f := s.Filters
		var kinds []string
		for _, k := range f.Kinds {
			kinds = append(kinds, k.String())
		}
		fmt.Fprintf(w, "  filters: kinds %s, countries %s, max_km %g, max_shipments %d, line_split %v, ship_complete %v\n",
			orAll(kinds), orAll(f.Countries), f.MaxDistance.Kilometres(), f.MaxShipments, !f.WholeLines, f.ShipComplete)
		if len(f.ExcludeNodes) > 0 {
			fmt.Fprintf(w, "  excluded nodes: %v\n", f.ExcludeNodes)
		}
		for _, g := range f.ShipTogether {
			fmt.Fprintf(w, "  ships together: %v\n", g)
		}
		if f.OnTime {
			fmt.Fprintf(w, "  on time: promise + %d days at most\n", f.ToleranceDays)
		}
		if fb := s.Fallback; len(fb.WidenDays) > 0 || fb.Profile != "" {
			fmt.Fprintf(w, "  fallback: widen by %v days, then profile %q\n", fb.WidenDays, fb.Profile)
		}
	}
}

func describeWhen(c rules.Condition) string {
	var parts []string
	add := func(name string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, name+" "+strings.Join(vs, "|"))
		}
	}
	add("channel", c.Channels)
	var modes []string
	for _, m := range c.Modes {
		modes = append(modes, m.String())
	}
	add("mode", modes)
	add("country", c.Countries)
	add("tier", c.Tiers)
	add("tags", c.TagsAny)
	if c.MinValue > 0 {
		parts = append(parts, "value ≥ "+c.MinValue.String())
	}
	if !c.From.IsZero() || !c.To.IsZero() {
		parts = append(parts, fmt.Sprintf("placed in [%s, %s)", c.From.Format("2006-01-02 15:04"), c.To.Format("2006-01-02 15:04")))
	}
	if len(parts) == 0 {
		return "every order"
	}
	return "when " + strings.Join(parts, ", ")
}

func orAll(vs []string) string {
	if len(vs) == 0 {
		return "all"
	}
	return strings.Join(vs, "|")
}
