package stock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sourcing-go/sourcing"
	"github.com/sourcing-go/sourcing/stock"
)

func paris(t *testing.T) *time.Location {
	t.Helper()
	// A fixed +01:00 zone keeps the test independent of the machine's tzdata;
	// TestScheduleDST uses a real zone.
	return time.FixedZone("CET", 3600)
}

func TestSchedule(t *testing.T) {
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr", Location: paris(t),
		Holidays: []stock.Date{{Year: 2026, Month: 12, Day: 25}}})
	require.NoError(t, err)
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return tm
	}
	const cutoff = 15 * time.Hour
	tests := []struct {
		name          string
		placed        string
		prep, transit sourcing.Days
		pickup        string
		arrival       string
		days          sourcing.Days
	}{
		{"weekday before the cut-off leaves today", "2026-11-26T10:00:00+01:00", 0, 1, "2026-11-26T15:00:00+01:00", "2026-11-27", 1},
		{"weekday after the cut-off leaves tomorrow", "2026-11-26T16:00:00+01:00", 0, 1, "2026-11-27T15:00:00+01:00", "2026-11-30", 4},
		{"exactly at the cut-off is too late", "2026-11-26T15:00:00+01:00", 0, 1, "2026-11-27T15:00:00+01:00", "2026-11-30", 4},
		{"friday evening waits for monday", "2026-11-27T18:00:00+01:00", 0, 2, "2026-11-30T15:00:00+01:00", "2026-12-02", 5},
		{"saturday counts from monday", "2026-11-28T09:00:00+01:00", 1, 1, "2026-12-01T15:00:00+01:00", "2026-12-02", 4},
		{"preparation in working days", "2026-11-26T10:00:00+01:00", 2, 1, "2026-11-30T15:00:00+01:00", "2026-12-01", 5},
		{"a holiday is skipped", "2026-12-24T10:00:00+01:00", 0, 1, "2026-12-24T15:00:00+01:00", "2026-12-28", 4},
		{"the shelf: no transit", "2026-11-26T10:00:00+01:00", 1, 0, "2026-11-27T15:00:00+01:00", "2026-11-27", 1},
		{"UTC time, local date", "2026-11-26T23:30:00Z", 0, 1, "2026-11-27T15:00:00+01:00", "2026-11-30", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sch, ok := cal.Schedule(at(tt.placed), cutoff, tt.prep, tt.transit)
			require.True(t, ok)
			require.True(t, at(tt.pickup).Equal(sch.CarrierPickup), "pick-up %s, want %s", sch.CarrierPickup, tt.pickup)
			require.Equal(t, tt.arrival, sch.Arrival.String())
			require.Equal(t, tt.days, sch.Days)
		})
	}
}

func TestScheduleDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no tzdata on this machine")
	}
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr", Location: loc})
	require.NoError(t, err)
	// 2027-03-26 is a Friday; clocks go forward on Sunday 28 March.
	placed := time.Date(2027, 3, 26, 16, 0, 0, 0, loc)
	sch, ok := cal.Schedule(placed, 15*time.Hour, 0, 1)
	require.True(t, ok)
	require.Equal(t, "2027-03-29 15:00:00 +0200 CEST", sch.CarrierPickup.String(), "the cut-off keeps its wall-clock time across DST")
	require.Equal(t, "2027-03-30", sch.Arrival.String())
	require.Equal(t, sourcing.Days(4), sch.Days)
}

func TestCalendarValidation(t *testing.T) {
	_, err := stock.NewCalendar(stock.CalendarSpec{Workdays: []time.Weekday{9}, Holidays: []stock.Date{{Year: 2026, Month: 2, Day: 30}}})
	require.Error(t, err)
	for _, f := range []string{"id:", "workdays[0]: 9", `holidays[0]: "2026-02-30"`} {
		require.ErrorContains(t, err, f)
	}
	// No working day for a year: no schedule, no loop.
	var holidays []stock.Date
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		holidays = append(holidays, stock.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()})
	}
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "closed", Holidays: holidays})
	require.NoError(t, err)
	_, ok := cal.Schedule(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), time.Hour, 0, 1)
	require.False(t, ok)
	spec := cal.Spec()
	require.Len(t, spec.Workdays, 5)
	require.Equal(t, "2026-01-01", spec.Holidays[0].String())
	_, err = stock.ParseDate("26/11/2026")
	require.ErrorIs(t, err, sourcing.ErrInvalid)
}

func TestNodeCutoffValidation(t *testing.T) {
	cal, err := stock.NewCalendar(stock.CalendarSpec{ID: "fr"})
	require.NoError(t, err)
	for _, n := range []stock.Node{
		{ID: "a", Kind: stock.Store, Country: "FR", Calendar: cal},                         // no cut-off
		{ID: "b", Kind: stock.Store, Country: "FR", Calendar: cal, Cutoff: 25 * time.Hour}, // beyond the day
		{ID: "c", Kind: stock.Store, Country: "FR", Cutoff: time.Hour},                     // no calendar
	} {
		_, err := stock.NewSnapshot("EUR", []stock.Node{n}, nil, nil)
		require.ErrorContains(t, err, "nodes[0].cutoff", n.ID)
	}
}

// A node without a calendar has a nil one: its accessors answer, as for
// the zero Calendar, instead of panicking.
func TestNilCalendar(t *testing.T) {
	var c *stock.Calendar
	if c.ID() != "" || c.Location() != time.UTC {
		t.Errorf("nil calendar: ID %q, location %v", c.ID(), c.Location())
	}
}
