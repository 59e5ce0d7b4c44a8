// Package testkit holds what the module's tests share: helpers to compare
// the errors validation reports, and hostile variants of JSON documents
// (a byte order mark, a field given twice, a null element, a string that
// is not UTF-8) for the fuzz targets of the decoders. Only tests import it.
package testkit
