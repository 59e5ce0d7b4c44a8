// Package geo gives the library its places and distances: a validated
// [LatLng] and the great-circle [Distance] between two of them on a spherical
// Earth of radius 6371.01 km (golang/geo's earth.Radius).
//
// Distances are integers (millimetres), rounded once from the float
// computation, so everything that compares or prices them is exact and gives
// the same answer on every CPU: the squared chord the distance is computed
// from is written so that no CPU fuses its multiply-adds differently, and
// rounding to the millimetre absorbs any remaining difference in the last
// bit.
//
// LatLng values are small, comparable and immutable; all functions are safe
// for concurrent use. The zero LatLng is "no location" ([LatLng.IsValid]
// reports false), not the point (0°, 0°): an address left unset is never
// taken for a place in the Gulf of Guinea.
//
// # Errors
//
// Both errors are sentinels wrapped with fmt.Errorf's %w, not field errors:
// test for them with [errors.Is].
//
//   - [ErrCoordinates] is returned by [LatLngFromDegrees] when the latitude
//     is not a finite number in [-90, 90] or the longitude not one in
//     [-180, 180] (NaN and infinities included); [MustLatLng] panics with
//     that error. The caller should fix the coordinates (a failed geocode,
//     swapped latitude and longitude): the same input fails again.
//   - [ErrDistance] is returned by [DistanceFromKilometres] when km is NaN,
//     infinite, negative, or 10⁹ or more once rounded to the millimetre.
//     The caller should fix the value.
//
// The library's decoders (rule sets, carrier services, orders, nodes,
// scenarios, and [LatLng.UnmarshalJSON], which reads {"lat": …, "lng": …})
// do not pass these on: they report a bad coordinate or distance as a
// sourcing.FieldError wrapping sourcing.ErrInvalid, naming the JSON field.
package geo
