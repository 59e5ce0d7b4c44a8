package rules_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/internal/testkit"
	"github.com/sourcing-go/sourcing/rules"
)

// fzRuleSeeds are small rule files, valid and not, beside the repository's
// rule files and presets.
var fzRuleSeeds = []string{
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "d"}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [
	  {"name": "a", "when": {"channel": ["web"], "mode": ["home", "collect"], "country": ["FR"], "region": ["IDF"], "tier": ["gold"],
	   "tags_any": ["b2b"], "min_value": 5000, "from": "2026-11-27T00:00:00+01:00", "to": "2026-12-01T00:00:00.5Z"},
	   "weights": {"split": 1, "per_km": 0.000001, "per_unit_km": 1e-3, "priority": 2, "low_stock": 3, "low_stock_below": 4,
	               "workload": 5, "late_per_day": 6, "co2_per_kg": 7.25, "backorder": 8},
	   "filters": {"kinds": ["store", "supplier"], "countries": ["FR"], "max_km": 123.456789, "max_shipments": 2, "line_split": false,
	               "ship_complete": true, "keep": {"store": 2, "warehouse": 0}, "forbid_tags": {"store": ["hazmat"], "supplier": null},
	               "exclude_nodes": ["s1"], "ship_together": [["K1", "K2"], ["K3", "K4", "K5"]], "on_time": true, "tolerance_days": 3,
	               "origin_stock": "prefer"},
	   "fallback": {"widen_days": [2, 5], "profile": "b"}},
	  {"name": "b", "when": {"mode": ["reserve"]}, "filters": {"origin_stock": "exclude"}, "fallback": {"profile": "c"}},
	  {"name": "c"}]}`,
	`{"version": "v", "currency": "EUR", "carriers": [{"id": "p", "service": "s", "max_parcel_g": 1000,
	  "zones": [{"max_km": 10, "days": 1}], "rates": [{"max_g": 1000, "prices": [100]}]}], "profiles": [{"name": "d", "when": {"from": "2026-01-01T00:00:00+00:00"}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "fallback": {"profile": "b"}}, {"name": "b", "fallback": {"profile": "a"}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "when": {"from": "2026-01-02T00:00:00Z", "to": "2026-01-01T00:00:00Z"}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "filters": {"max_km": 999999999.9999999}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "filters": {"max_km": -1, "keep": {"store": 1000000000001}}, "weights": {"per_km": -0.5}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "weights": {"split": 9223372036854775808}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "filters": {"kinds": ["shop"]}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "filters": {"keep": {"shop": 1}}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "when": {"mode": ["drone"]}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "when": {"from": "tomorrow"}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "weights": {"per_km": "1"}}]}`,
	`{"version": "v", "currency": "EUR", "profiles": [{"name": "a", "filters": {"maxkm": 1}}]}`,
	`{"version": "", "currency": "eur", "profiles": []}`,
	`{"version": "v", "profiles": [{"name": "a"}, {"name": "a"}]}`,
	`{"version": "v"} x`,
	`[]`,
	``,
}

// fzFacts builds the facts to match: the fuzzer's own, and for each profile
// one made of the first value of each of its conditions, which that
// profile's condition holds for (so that selection is exercised beyond the
// catch-all profile).
func fzFacts(spec rules.Spec, b []byte) []rules.Facts {
	at := func(i int) byte {
		if i < len(b) {
			return b[i]
		}
		return 0
	}
	pick := func(list []string, c byte) string {
		if len(list) == 0 || c%4 == 3 {
			return "zz"
		}
		return list[int(c)%len(list)]
	}
	var out []rules.Facts
	for i, p := range spec.Profiles {
		c := p.When
		c0 := at(i)
		f := rules.Facts{Channel: pick(c.Channels, c0), Country: pick(c.Countries, c0>>1), Region: pick(c.Regions, c0>>2),
			Tier: pick(c.Tiers, c0>>3), Value: c.MinValue + sourcing.Money(at(i+1)) - 3}
		if t := pick(c.TagsAny, c0>>4); t != "zz" {
			f.Tags = []string{"x", t}
		}
		if len(c.Modes) > 0 {
			f.Mode = c.Modes[int(c0)%len(c.Modes)]
		} else {
			f.Mode = rules.Mode(c0 % 4)
		}
		switch {
		case !c.From.IsZero():
			f.PlacedAt = c.From.Add(time.Duration(int8(at(i+2))) * time.Hour)
		case !c.To.IsZero():
			f.PlacedAt = c.To.Add(time.Duration(int8(at(i+2))) * time.Hour)
		case at(i+2)%2 == 1:
			f.PlacedAt = time.Date(2026, 11, 27, int(at(i+2))%24, 0, 0, 0, time.UTC)
		}
		out = append(out, f)
	}
	out = append(out, rules.Facts{}, rules.Facts{Channel: "web", Mode: rules.Home, Country: "FR", Value: 1 << 40,
		PlacedAt: time.Unix(int64(at(0))<<24, 0)})
	return out
}

// fzFieldErrors checks that every error joined in err is a FieldError
// wrapping ErrInvalid, whose field is path or under it, and whose message
// starts with the field.
func fzFieldErrors(t *testing.T, err error, path string) {
	t.Helper()
	if err == nil || err.Error() == "" {
		t.Fatalf("error %v: empty", err)
	}
	for _, e := range sourcing.Errors(err) {
		var fe *sourcing.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("error %q (%T) is not a FieldError", e, e)
		}
		if !errors.Is(e, sourcing.ErrInvalid) {
			t.Fatalf("error %q does not wrap ErrInvalid", e)
		}
		if fe.Field == "" || path != "" && fe.Field != path && !strings.HasPrefix(fe.Field, path+".") && !strings.HasPrefix(fe.Field, path+"[") {
			t.Fatalf("error %q names field %q, not under %q", e, fe.Field, path)
		}
		if fe.Problem == "" || !strings.HasPrefix(e.Error(), fe.Field+":") {
			t.Fatalf("error %q: no problem, or the message does not start with the field", e)
		}
	}
}

// FuzzDecodeSpec checks the rule file decoders on any JSON, and on hostile
// variants of it (testkit.Hostile): a byte order mark changes nothing, a
// field given twice, a null element or a string that is not UTF-8 is
// refused with a FieldError. DecodeSpec
// fails with a FieldError wrapping ErrInvalid that names a field under the
// path it is given, and succeeds or fails alike whatever that path; New
// reports every problem as a FieldError naming a field, exactly as Parse
// does. A rule set New accepts survives Spec.MarshalJSON → DecodeSpec
// unchanged and RuleSet.MarshalJSON → Parse byte for byte; the re-read rule
// set differs in nothing by Diff and is accepted by Registry.Swap under the
// same version. Profile selection is deterministic: Match returns the first
// profile whose condition holds, the same every time and for the re-read
// rule set, or ErrNoProfile when none holds.
func FuzzDecodeSpec(f *testing.F) {
	files, _ := filepath.Glob("../testdata/rules/*.json")
	presets, _ := filepath.Glob("presets/*.json")
	for _, name := range append(files, presets...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, []byte{0, 1, 2, 3})
	}
	if len(files) == 0 || len(presets) == 0 {
		f.Fatalf("no seed files: %d rule files, %d presets", len(files), len(presets))
	}
	for i, s := range fzRuleSeeds {
		f.Add([]byte(s), []byte{byte(i), byte(i * 7), byte(i * 13), 0xff})
	}
	for _, s := range []string{
		"\uFEFF" + fzRuleSeeds[0],
		`{"version": "v", "currency": "EUR", "profiles": [{"name": "d"}], "currency": "USD"}`,
		`{"version": "v", "currency": "EUR", "profiles": [{"name": "d", "weights": {"split": 1, "split": 5}}]}`,
		`{"version": "v", "currency": "EUR", "profiles": [{"name": "d", "filters": {"kinds": [null], "keep": {"store": null}}}, null]}`,
		"{\"version\": \"v\", \"currency\": \"EUR\", \"profiles\": [{\"name\": \"a\xff\"}, {\"name\": \"\\ud800\"}]}",
	} {
		f.Add([]byte(s), []byte{1, 2, 3})
	}
	f.Fuzz(func(t *testing.T, data, facts []byte) {
		// The hostile variants of a valid document: a byte order mark
		// changes nothing; a field given twice, a null element or a string
		// that is not UTF-8 is refused, naming a field.
		parse := func(b []byte) (string, error) {
			rs, err := rules.Parse(b)
			if err != nil {
				return "", err
			}
			enc, err := rs.MarshalJSON()
			return string(enc), err
		}
		testkit.CheckHostile(t, data, len(facts), parse, func(err error) { fzFieldErrors(t, err, "") })

		spec, err := rules.DecodeSpec(data, "policy")
		top, errTop := rules.DecodeSpec(data, "")
		if (err == nil) != (errTop == nil) {
			t.Fatalf("DecodeSpec under policy: %v; at the top: %v", err, errTop)
		}
		if err != nil {
			fzFieldErrors(t, err, "policy")
			fzFieldErrors(t, errTop, "")
			return
		}
		if diff := cmp.Diff(spec, top, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("DecodeSpec depends on its path (-policy +top):\n%s", diff)
		}
		rs, err := rules.New(spec)
		parsed, errParse := rules.Parse(data)
		if (err == nil) != (errParse == nil) || err != nil && err.Error() != errParse.Error() {
			t.Fatalf("New(DecodeSpec()): %v; Parse: %v", err, errParse)
		}
		if err != nil {
			fzFieldErrors(t, err, "")
			return
		}

		// Round trips.
		enc, err := spec.MarshalJSON()
		if err != nil {
			t.Fatalf("Spec.MarshalJSON of a valid spec: %v", err)
		}
		back, err := rules.DecodeSpec(enc, "")
		if err != nil {
			t.Fatalf("decoding Spec.MarshalJSON's output %s: %v", enc, err)
		}
		if diff := cmp.Diff(spec, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("spec changed by MarshalJSON → DecodeSpec of %s (-first +second):\n%s", enc, diff)
		}
		encRS, err := rs.MarshalJSON()
		if err != nil {
			t.Fatalf("RuleSet.MarshalJSON: %v", err)
		}
		rs2, err := rules.Parse(encRS)
		if err != nil {
			t.Fatalf("Parse of RuleSet.MarshalJSON's output %s: %v", encRS, err)
		}
		encRS2, err := rs2.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(encRS, encRS2) {
			t.Fatalf("second encoding differs:\n%s\n---\n%s", encRS, encRS2)
		}
		if changes := rules.Diff(rs, rs2); len(changes) > 0 {
			t.Fatalf("Diff of a rule set and its re-read self: %v", changes)
		}
		if old, err := rules.NewRegistry(rs).Swap(rs2); err != nil || old != rs {
			t.Fatalf("Registry.Swap of the same content under the same version: %v, %v", old, err)
		}
		if p1, p2 := parsed.Profiles(), rs.Profiles(); len(p1) != len(p2) || len(p1) != len(spec.Profiles) {
			t.Fatalf("%d profiles parsed, %d built, %d in the spec", len(p1), len(p2), len(spec.Profiles))
		}

		// Profile selection.
		for _, fa := range fzFacts(spec, facts) {
			var want *rules.Profile
			for _, p := range rs.Profiles() {
				if p.Matches(fa) {
					want = p
					break
				}
			}
			for _, set := range []*rules.RuleSet{rs, rs, rs2, parsed} {
				got, err := set.Match(fa)
				switch {
				case want == nil && !errors.Is(err, rules.ErrNoProfile):
					t.Fatalf("Match(%+v) = %v, %v; no profile holds", fa, got, err)
				case want == nil:
				case err != nil || got.Name() != want.Name():
					t.Fatalf("Match(%+v) = %v, %v; want profile %q", fa, got, err, want.Name())
				case set == rs && got != want:
					t.Fatalf("Match(%+v) returned another *Profile than Profiles()", fa)
				}
			}
		}
	})
}
