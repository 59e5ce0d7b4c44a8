package stock_test

import (
	"fmt"
	"log"
	"time"

	"github.com/sourcing-go/sourcing/stock"
)

// Schedule turns preparation and transit days into dates: an order placed
// on Thursday 24 December 2026 after the 15:00 cut-off is taken on the
// next working day, Monday 28 (Christmas is a holiday, the weekend is
// off); one working day of preparation has it collected by the carrier on
// Tuesday at the cut-off, and two working days of transit deliver it on
// Thursday 31, seven calendar days after the order.
func ExampleCalendar_Schedule() {
	cet := time.FixedZone("CET", 3600)
	cal, err := stock.NewCalendar(stock.CalendarSpec{
		ID:       "fr-weekdays",
		Location: cet,
		Holidays: []stock.Date{{Year: 2026, Month: time.December, Day: 25}},
	})
	if err != nil {
		log.Fatal(err)
	}
	placed := time.Date(2026, time.December, 24, 16, 30, 0, 0, cet)
	s, ok := cal.Schedule(placed, 15*time.Hour, 1, 2)
	fmt.Println(ok, "carrier pick-up:", s.CarrierPickup.Format("Mon 2006-01-02 15:04"), "arrival:", s.Arrival, "ETA:", s.Days, "days")
	fmt.Println(cal.Works(stock.Date{Year: 2026, Month: time.December, Day: 25}), cal.Works(stock.Date{Year: 2026, Month: time.December, Day: 28}))
	// Output:
	// true carrier pick-up: Tue 2026-12-29 15:00 arrival: 2026-12-31 ETA: 7 days
	// false true
}
