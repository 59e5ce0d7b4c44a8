// Package stock is the unified inventory: stock points ([Node]: warehouses,
// stores, suppliers), sellable items ([Item]), stock levels ([Level]) and the
// [Snapshot] that indexes them at one instant.
//
// A Snapshot is built once by [NewSnapshot], which validates and copies its
// inputs, and is immutable afterwards: it is safe for any number of
// concurrent readers, and "changing" it ([Snapshot.Apply], [Snapshot.Release],
// [Snapshot.WithLevels]) returns a new snapshot that shares every untouched
// part with the old one.
//
// The snapshot indexes SKU → holders, so a solve touches only the nodes that
// hold what an order asks for. Available stock is
// max(0, on hand − reserved − safety).
package stock
