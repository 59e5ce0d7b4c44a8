package rules

import (
	"fmt"

	"github.com/sourcing-go/sourcing"
)

// Mode is how an order is fulfilled.
type Mode uint8

// The modes. The zero value is not a mode.
const (
	// Home ships to the customer's address.
	Home Mode = iota + 1
	// Collect is click & collect: the customer picks the order up at a
	// store, served from its shelf or transferred to it.
	Collect
	// Reserve is e-reservation: a store near the customer holds the whole
	// basket; nothing moves.
	Reserve
)

var modeNames = [...]string{Home: "home", Collect: "collect", Reserve: "reserve"}

// Modes lists every mode, in order.
var Modes = [...]Mode{Home, Collect, Reserve}

// Valid reports whether m is one of the modes.
func (m Mode) Valid() bool { return m >= Home && m <= Reserve }

// String returns "home", "collect" or "reserve".
func (m Mode) String() string {
	if m.Valid() {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// ParseMode parses "home", "collect" or "reserve".
func ParseMode(s string) (Mode, error) {
	for m := Home; m <= Reserve; m++ {
		if modeNames[m] == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("%w: mode %q: must be home, collect or reserve", sourcing.ErrInvalid, s)
}

// MarshalText writes the mode's name.
func (m Mode) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("%w: mode %d", sourcing.ErrInvalid, uint8(m))
	}
	return []byte(modeNames[m]), nil
}

// UnmarshalText reads a mode's name.
func (m *Mode) UnmarshalText(b []byte) error {
	v, err := ParseMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
