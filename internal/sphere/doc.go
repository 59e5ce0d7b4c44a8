// Package sphere is the geometry the library's hot loops run on: a place as
// a unit vector ([Point]), and the squared chord between two points, which
// orders them as their great-circle distance does for three
// multiplications. The stock snapshot keeps its nodes' points, and the
// search compares distances with them; hosts use geo.LatLng and
// geo.Distance, which this package computes.
//
// Distances are in integer millimetres on a sphere of radius [EarthRadius];
// a squared chord is not rounded, so it is compared only with a bound from
// [ChordSqBound], which never drops a point within the distance.
package sphere
