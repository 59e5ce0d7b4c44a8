// Package carrier models the parcel services a retailer ships with: distance
// bands (zones) with transit days, a weight-break rate grid per zone, a
// maximum parcel weight, and the deterministic packing of a shipment's units
// into parcels.
//
// A [Service] is built from a [Spec] by [NewService], which validates it and
// copies its slices: after that it is immutable and safe for concurrent use.
//
// Packing ([Service.Pack]) is first fit: units sorted by weight descending,
// then by label (the SKU), each put into the first parcel it fits under the
// maximum weight. Identical units are packed in runs, so a shipment of a
// billion units costs no more to pack than one of a few.
//
// A parcel's price is the grid price of the first row whose maximum weight is
// at least the parcel's weight, in the column of the zone: the first band
// whose maximum distance is at least the shipment's distance. Beyond the last
// band, or for a unit heavier than the maximum parcel weight, the service
// cannot carry.
package carrier
