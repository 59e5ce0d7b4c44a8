// Package geo gives the library its places and distances: a validated
// [LatLng] and the great-circle [Distance] between two of them on a spherical
// Earth of radius 6371.01 km (golang/geo's earth.Radius).
//
// Distances are integers (millimetres), rounded once from the float
// computation, so everything that compares or prices them is exact and gives
// the same answer on every CPU. golang/geo's haversine guards its sums against
// fused multiply-add, and rounding to the millimetre absorbs any remaining
// difference in the last bit.
//
// LatLng values are small, comparable and immutable; all functions are safe
// for concurrent use.
package geo
