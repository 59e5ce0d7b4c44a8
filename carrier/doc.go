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
//
// # Errors
//
//   - [ErrCannotCarry] is returned, wrapped with fmt.Errorf's %w and naming
//     the service, by [Service.Pack] when a piece has a negative weight,
//     volume or count, a unit is heavier than the maximum parcel weight or
//     bulkier than the maximum parcel volume, or the pieces count more
//     units than an int64 holds; and by [Service.Quote] in those cases,
//     when the distance is beyond the last zone, or when a parcel's
//     billable weight is beyond the rate grid's last row or the price
//     overflows. But for a negative piece, a bug of the caller, it says
//     that this service cannot take this shipment: the caller should quote
//     another service, or ship from nearer or in smaller parts. Test for it
//     with [errors.Is]. orchestrate.Solve does this itself, leaving out the
//     services that cannot carry a shipment, and never returns this error.
//
// [NewService] reports every problem of a [Spec] at once, joined
// ([sourcing.Errors] lists them); [DecodeSpec] reports the first problem
// of the JSON (syntax, unknown field, wrong type, bad number). Each is a
// [*sourcing.FieldError] naming the JSON field and value ("zones[1].max_km:
// 5: must be greater than the band before") and wrapping
// [sourcing.ErrInvalid]: get it with [errors.As], test with [errors.Is],
// and fix the spec.
package carrier
