package rules_test

import (
	"testing"
	"time"

	"github.com/sourcing-go/sourcing/rules"
)

func TestConditionMatches(t *testing.T) {
	from := mustTime("2026-11-27T00:00:00+01:00")
	to := mustTime("2026-11-28T00:00:00+01:00")
	facts := rules.Facts{
		Channel: "web", Mode: rules.Home, Country: "FR", Tier: "gold",
		Tags: []string{"b2b", "gift"}, Value: 5000, PlacedAt: mustTime("2026-11-27T12:00:00+01:00"),
	}
	with := func(change func(*rules.Facts)) rules.Facts {
		f := facts
		change(&f)
		return f
	}
	tests := []struct {
		name  string
		cond  rules.Condition
		facts rules.Facts
		want  bool
	}{
		{name: "zero condition, full facts", cond: rules.Condition{}, facts: facts, want: true},
		{name: "zero condition, zero facts", cond: rules.Condition{}, facts: rules.Facts{}, want: true},

		{name: "channel in list", cond: rules.Condition{Channels: []string{"app", "web"}}, facts: facts, want: true},
		{name: "channel not in list", cond: rules.Condition{Channels: []string{"app", "store"}}, facts: facts, want: false},
		{name: "channel is case sensitive", cond: rules.Condition{Channels: []string{"Web"}}, facts: facts, want: false},
		{name: "channel unknown", cond: rules.Condition{Channels: []string{"web"}}, facts: with(func(f *rules.Facts) { f.Channel = "" }), want: false},
		{name: "empty channel list matches all", cond: rules.Condition{Channels: []string{}}, facts: facts, want: true},

		{name: "mode in list", cond: rules.Condition{Modes: []rules.Mode{rules.Collect, rules.Home}}, facts: facts, want: true},
		{name: "mode not in list", cond: rules.Condition{Modes: []rules.Mode{rules.Collect, rules.Reserve}}, facts: facts, want: false},
		{name: "mode unknown", cond: rules.Condition{Modes: []rules.Mode{rules.Home}}, facts: with(func(f *rules.Facts) { f.Mode = 0 }), want: false},

		{name: "country in list", cond: rules.Condition{Countries: []string{"BE", "FR"}}, facts: facts, want: true},
		{name: "country not in list", cond: rules.Condition{Countries: []string{"BE", "DE"}}, facts: facts, want: false},

		{name: "tier in list", cond: rules.Condition{Tiers: []string{"gold", "platinum"}}, facts: facts, want: true},
		{name: "tier not in list", cond: rules.Condition{Tiers: []string{"silver"}}, facts: facts, want: false},
		{name: "no tier", cond: rules.Condition{Tiers: []string{"gold"}}, facts: with(func(f *rules.Facts) { f.Tier = "" }), want: false},

		{name: "one tag in common", cond: rules.Condition{TagsAny: []string{"fragile", "gift"}}, facts: facts, want: true},
		{name: "every tag in common", cond: rules.Condition{TagsAny: []string{"gift", "b2b"}}, facts: facts, want: true},
		{name: "no tag in common", cond: rules.Condition{TagsAny: []string{"fragile", "hazmat"}}, facts: facts, want: false},
		{name: "order without tags", cond: rules.Condition{TagsAny: []string{"gift"}}, facts: with(func(f *rules.Facts) { f.Tags = nil }), want: false},

		{name: "value above minimum", cond: rules.Condition{MinValue: 4999}, facts: facts, want: true},
		{name: "value at minimum", cond: rules.Condition{MinValue: 5000}, facts: facts, want: true},
		{name: "value below minimum", cond: rules.Condition{MinValue: 5001}, facts: facts, want: false},
		{name: "no value, minimum set", cond: rules.Condition{MinValue: 1}, facts: with(func(f *rules.Facts) { f.Value = 0 }), want: false},

		{name: "inside the window", cond: rules.Condition{From: from, To: to}, facts: facts, want: true},
		{name: "at from: included", cond: rules.Condition{From: from, To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = from }), want: true},
		{name: "just before from", cond: rules.Condition{From: from, To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = from.Add(-time.Nanosecond) }), want: false},
		{name: "just before to", cond: rules.Condition{From: from, To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = to.Add(-time.Nanosecond) }), want: true},
		{name: "at to: excluded", cond: rules.Condition{From: from, To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = to }), want: false},
		{name: "same instant in another zone", cond: rules.Condition{From: from, To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = from.UTC() }), want: true},
		{name: "the evening before in UTC", cond: rules.Condition{From: from, To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = mustTime("2026-11-26T23:30:00Z") }), want: true},
		{name: "open end: after from", cond: rules.Condition{From: from}, facts: with(func(f *rules.Facts) { f.PlacedAt = from.AddDate(1, 0, 0) }), want: true},
		{name: "open end: before from", cond: rules.Condition{From: from}, facts: with(func(f *rules.Facts) { f.PlacedAt = from.Add(-time.Hour) }), want: false},
		{name: "open start: before to", cond: rules.Condition{To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }), want: true},
		{name: "open start: at to", cond: rules.Condition{To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = to }), want: false},
		{name: "no placed_at, window", cond: rules.Condition{From: from, To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = time.Time{} }), want: false},
		{name: "no placed_at, from only", cond: rules.Condition{From: from}, facts: with(func(f *rules.Facts) { f.PlacedAt = time.Time{} }), want: false},
		{name: "no placed_at, to only", cond: rules.Condition{To: to}, facts: with(func(f *rules.Facts) { f.PlacedAt = time.Time{} }), want: false},
		{name: "no placed_at, no window", cond: rules.Condition{Channels: []string{"web"}}, facts: with(func(f *rules.Facts) { f.PlacedAt = time.Time{} }), want: true},

		{
			name: "every condition holds",
			cond: rules.Condition{
				Channels: []string{"web"}, Modes: []rules.Mode{rules.Home}, Countries: []string{"FR"}, Tiers: []string{"gold"},
				TagsAny: []string{"gift"}, MinValue: 5000, From: from, To: to,
			},
			facts: facts, want: true,
		},
		{
			name: "every condition but one holds",
			cond: rules.Condition{
				Channels: []string{"web"}, Modes: []rules.Mode{rules.Home}, Countries: []string{"FR"}, Tiers: []string{"gold"},
				TagsAny: []string{"gift"}, MinValue: 5000, From: from, To: to,
			},
			facts: with(func(f *rules.Facts) { f.Country = "BE" }), want: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cond.Matches(tt.facts); got != tt.want {
				t.Errorf("%+v.Matches(%+v) = %v, want %v", tt.cond, tt.facts, got, tt.want)
			}
		})
	}
}
