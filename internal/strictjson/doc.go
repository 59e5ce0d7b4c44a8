// Package strictjson decodes the library's JSON documents strictly: unknown
// fields and trailing data are errors, and every error becomes a
// sourcing.FieldError whose Field is the JSON path of the offending value
// ("nodes[3].lat"), so a typo in a scenario or rule file never passes
// silently and is easy to find.
package strictjson
