// Package stockindex lets the search read a stock snapshot's indexes — the
// holders of each SKU by node position, the nodes' places as points, the
// nearest nodes to a place — without package stock exporting them: they
// are what the search's inner loops need, not what a host calls.
//
// Package stock fills the functions of this package in its init, and the
// search calls them with a *stock.Snapshot, passed as an any because this
// package cannot name the type (stock imports it); any other value panics,
// a bug of the library, not of a caller. The search calls them once per
// solve, not per holder: its inner loops read the slices they return. Dependencies point one way: stock
// imports this package, which imports neither stock nor the search. The
// values handed out are the snapshot's own, never copied: the search only
// reads them.
package stockindex
