// Package strictjson decodes the library's JSON documents strictly: unknown
// fields, fields given twice, null where a value is required, strings that
// are not UTF-8, numbers out of range and trailing data are errors; a byte
// order mark at the start is skipped. Every error is a sourcing.FieldError
// whose Field is the JSON path of the offending value ("nodes[3].lat"), and
// every problem of a document is reported at once, so a typo in a scenario
// or rule file never passes silently and is easy to find. [Merge] joins
// them with the problems validation finds in what decoded, without
// repeating one.
package strictjson
