// Package testkit holds what the module's tests share: helpers to compare
// the errors validation reports. Only tests import it.
package testkit
