// Package cow holds a persistent (copy-on-write) array: updating a few
// elements yields a new array that shares every untouched chunk with the
// old one, so an immutable snapshot can be "changed" in time proportional to
// the change, not to its size.
package cow
