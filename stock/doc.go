// Package stock is the unified inventory: stock points ([Node]: warehouses,
// stores, suppliers), sellable items ([Item]), stock levels ([Level]) and the
// [Snapshot] that indexes them at one instant.
//
// A Snapshot is built once by [NewSnapshot], which validates and copies its
// inputs, and is immutable afterwards: it is safe for any number of
// concurrent readers, and "changing" it ([Snapshot.Apply], [Snapshot.Release],
// [Snapshot.WithLevels], [Snapshot.WithCommitted]) returns a new snapshot that shares every untouched
// part with the old one.
//
// The snapshot indexes SKU → holders, so a solve touches only the nodes that
// hold what an order asks for. Available stock is
// max(0, on hand − reserved − safety).
//
// A host reads a snapshot by ID: [Snapshot.Node] and [Snapshot.Nodes],
// [Snapshot.Item] and [Snapshot.Items], [Snapshot.Level], and
// [Snapshot.Holders] (the nodes holding a SKU, with their levels: the
// index itself). Positions number the nodes 0 to [Snapshot.NumNodes]−1 in
// ID order ([Snapshot.NodeIndex], [Snapshot.NodeAt]), the same in every
// snapshot derived from one, for a host's tables per node. The forms the
// search reads in its inner loops (holders by position, the nodes' places
// as unit vectors, the nearest nodes to a place) are the library's own
// and not exported.
//
// Every quantity a snapshot holds — on hand, reserved, safety, capacity,
// committed — stays in [0, [MaxQty]] whatever the sequence of calls: Apply
// takes no more than is available, so it never raises a level's Reserved
// above on hand less safety, and Release gives back no more than is
// reserved, so it never lowers it below 0; nothing wraps around. A refused
// call returns no snapshot and changes nothing.
//
// Every node needs a location: NewSnapshot refuses the zero geo.LatLng,
// which means "unset" (the point (0°, 0°) is geo.MustLatLng(0, 0)). A
// [Node] marshals to JSON in the form of a scenario file's nodes (id, kind,
// lat, lng, ships, handling_cost…, its calendar by ID, its cut-off as
// "15:00") and unmarshals back strictly; [DecodeNode] decodes one at a
// path of a larger document, with the calendars it may name.
//
// # Errors
//
// Test for the sentinels below with [errors.Is]. Validation errors are
// [*sourcing.FieldError] values naming the field and value
// ("stock[3].sku: "SOCKS": no such item"), to get with [errors.As];
// [NewSnapshot] and [NewCalendar] report every problem at once, joined
// ([sourcing.Errors] lists them), while [Snapshot.Apply],
// [Snapshot.Release], [Snapshot.WithLevels] and [Snapshot.WithCommitted]
// stop at the first. A
// malformed value (a negative quantity, an empty ID, an invalid currency)
// wraps [sourcing.ErrInvalid]; [ParseNodeKind] and [ParseDate] wrap it
// with fmt.Errorf's %w instead. Allocations of one call to
// [Snapshot.Apply] or [Snapshot.Release] that sum to more than [MaxQty]
// units of one node are a field error wrapping it too (field
// "allocations", the node as value): no plan takes that much; the caller
// should fix the allocations. A node's JSON that [DecodeNode] refuses wraps it too;
// [Node.MarshalJSON] wraps it with fmt.Errorf's %w for a node it cannot
// write (a kind that is not one, a cut-off that is not a whole minute of
// the day).
//
//   - [ErrUnknownNode] and [ErrUnknownSKU] are the Err of a field error
//     whose value names a node or SKU the snapshot does not have: returned
//     by [NewSnapshot] for a stock record (stock[i].node, stock[i].sku), by
//     [Snapshot.Apply] and [Snapshot.Release] for an allocation
//     (allocations[i].node, …), by [Snapshot.WithLevels] for a record
//     (levels[i].node, …) and by [Snapshot.WithCommitted] for a node
//     (committed[i].node). The orchestrate package returns them for an
//     order or option naming an unknown SKU or node. The caller should fix
//     the reference, or rebuild the snapshot with the new node or item,
//     and retry.
//   - [ErrDuplicate] is the Err of a field error returned by [NewSnapshot]
//     for a node ID (nodes.id) or SKU (items.sku) given twice, or a second
//     level for one node and SKU (stock[i]), and by [Snapshot.WithLevels]
//     for a node and SKU given twice (levels[i]), and by
//     [Snapshot.WithCommitted] for a node given twice; the simulate package
//     returns it for a calendar or order ID given twice. The caller should
//     remove the duplicate.
//   - [ErrConflict] is returned, wrapped with fmt.Errorf's %w and naming
//     the node (and SKU), not a field error, by [Snapshot.Apply] when the
//     allocations, summed per node and SKU, take more than is available
//     (on hand − reserved − safety) or, summed per node, more than the
//     node's remaining capacity (when it has a capacity); and by
//     [Snapshot.Release] when they give back more than is reserved of a
//     node and SKU. No snapshot is returned and nothing is applied. The
//     plan was computed on other stock than this snapshot's: the caller
//     should not retry the same allocations, but solve the order again on
//     a fresh snapshot and apply the new plan (for Release, re-read what
//     is held: giving back units never reserved is refused, never
//     counted).
//   - [ErrOverflow] is returned, wrapped with fmt.Errorf's %w and naming
//     the node, by [Snapshot.Apply] when a node without a capacity would
//     have more than [MaxQty] units committed: its Committed count, which
//     only Apply raises, has grown without being reset. No snapshot is
//     returned and nothing is applied. Solving again gives the same plan
//     and the same error: the caller should rebuild the snapshot with the
//     node's committed units reset (a new day), not retry.
package stock
