package stock

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sourcing-go/sourcing"
)

// CalendarSpec describes when a node works: its time zone, its working
// days and its holidays. Field comments give the JSON names.
type CalendarSpec struct {
	ID       string         // id: how nodes name it
	Location *time.Location // tz: the node's time zone; nil = UTC
	// Workdays (workdays) are the days of the week the node prepares and
	// the carrier collects and delivers; empty = Monday to Friday.
	Workdays []time.Weekday
	// Holidays (holidays, "2026-12-25") are days off, in the calendar's zone.
	Holidays []Date
}

// Date is a civil date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: date %q: must be YYYY-MM-DD", sourcing.ErrInvalid, s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String formats d as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

func dateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// in returns midnight of d in loc.
func (d Date) in(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Calendar is a validated, immutable CalendarSpec, safe for concurrent use.
// Build one with [NewCalendar]. The zero Calendar is in UTC and has no
// working day: its Schedule reports ok false, as a calendar whose days are
// all off does (it does not panic on a missing time zone).
type Calendar struct {
	id       string
	loc      *time.Location
	workdays [7]bool
	holidays map[Date]bool
}

// NewCalendar validates spec and returns the calendar.
func NewCalendar(spec CalendarSpec) (*Calendar, error) {
	var errs []error
	if spec.ID == "" {
		errs = append(errs, sourcing.Invalid("id", "", "must not be empty"))
	}
	c := &Calendar{id: spec.ID, loc: spec.Location, holidays: map[Date]bool{}}
	if c.loc == nil {
		c.loc = time.UTC
	}
	days := spec.Workdays
	if len(days) == 0 {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	for i, d := range days {
		if d < time.Sunday || d > time.Saturday {
			errs = append(errs, sourcing.Invalid(fmt.Sprintf("workdays[%d]", i), int(d), "must be a day of the week"))
			continue
		}
		c.workdays[d] = true
	}
	for i, h := range spec.Holidays {
		if dateOf(h.in(time.UTC)) != h {
			errs = append(errs, sourcing.Invalid(fmt.Sprintf("holidays[%d]", i), h.String(), "is not a date"))
		}
		c.holidays[h] = true
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// ID returns the calendar's ID, "" for a nil Calendar (a node without
// one).
func (c *Calendar) ID() string {
	if c == nil {
		return "" // a node without a calendar
	}
	return c.id
}

// Location returns the calendar's time zone (UTC for the zero or a nil
// Calendar).
func (c *Calendar) Location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// Spec returns the calendar's description; Holidays are sorted.
func (c *Calendar) Spec() CalendarSpec {
	s := CalendarSpec{ID: c.id, Location: c.Location()}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if c.workdays[d] {
			s.Workdays = append(s.Workdays, d)
		}
	}
	for h := range c.holidays {
		s.Holidays = append(s.Holidays, h)
	}
	slices.SortFunc(s.Holidays, func(a, b Date) int { return a.in(time.UTC).Compare(b.in(time.UTC)) })
	return s
}

// Works reports whether d is a working day.
func (c *Calendar) Works(d Date) bool {
	return c.workdays[d.in(time.UTC).Weekday()] && !c.holidays[d]
}

// maxScan bounds the days scanned for a working day: a calendar whose
// working days are all holidays for a year has none.
const maxScan = 366

// nextWorkday returns the first working day at or after d.
func (c *Calendar) nextWorkday(d Date) (Date, bool) {
	for range maxScan {
		if c.Works(d) {
			return d, true
		}
		d = dateOf(d.in(time.UTC).AddDate(0, 0, 1))
	}
	return d, false
}

// addWorkdays returns the n-th working day after d.
func (c *Calendar) addWorkdays(d Date, n sourcing.Days) (Date, bool) {
	for range n {
		var ok bool
		if d, ok = c.nextWorkday(dateOf(d.in(time.UTC).AddDate(0, 0, 1))); !ok {
			return d, false
		}
	}
	return d, true
}

// Schedule is when a shipment leaves and arrives.
type Schedule struct {
	// CarrierPickup is when the carrier collects the shipment from the
	// node: the cut-off on the day preparation ends; the node must be
	// ready by then.
	CarrierPickup time.Time
	// Arrival is the day the customer receives it (or it is ready at the
	// store).
	Arrival Date
	// Days is Arrival − the order's date, in calendar days, in the node's
	// zone: the ETA.
	Days sourcing.Days
}

// Schedule computes when an order placed at placedAt leaves a node with
// this calendar and a carrier pick-up cut-off (local time after midnight)
// and arrives: the order is taken that day if it is a working day before
// the cut-off, else the next working day; preparation takes prep working
// days; the carrier collects at the cut-off and delivers after transit
// working days. ok is false if the calendar has no working day in a year.
func (c *Calendar) Schedule(placedAt time.Time, cutoff time.Duration, prep, transit sourcing.Days) (Schedule, bool) {
	loc := c.Location()
	local := placedAt.In(loc)
	ordered := dateOf(local)
	start := ordered
	wall := time.Duration(local.Hour())*time.Hour + time.Duration(local.Minute())*time.Minute +
		time.Duration(local.Second())*time.Second + time.Duration(local.Nanosecond())
	if !c.Works(start) || wall >= cutoff {
		start = dateOf(start.in(time.UTC).AddDate(0, 0, 1))
	}
	start, ok := c.nextWorkday(start)
	if !ok {
		return Schedule{}, false
	}
	ship, ok := c.addWorkdays(start, prep)
	if !ok {
		return Schedule{}, false
	}
	arrival, ok := c.addWorkdays(ship, transit)
	if !ok {
		return Schedule{}, false
	}
	days := arrival.in(time.UTC).Sub(ordered.in(time.UTC)) / (24 * time.Hour)
	// The pick-up at the cut-off's wall-clock time, whatever the day's DST.
	h, m := int(cutoff/time.Hour), int(cutoff%time.Hour/time.Minute)
	pickup := time.Date(ship.Year, ship.Month, ship.Day, h, m, 0, 0, loc)
	return Schedule{CarrierPickup: pickup, Arrival: arrival, Days: sourcing.Days(days)}, true
}
