//go:build !unix

package sessionpick

import "os"

// notifyResize returns nil where there is no SIGWINCH: the size read at
// the start is kept.
func notifyResize() (<-chan os.Signal, func()) {
	return nil, func() {}
}
