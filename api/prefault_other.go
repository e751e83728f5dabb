//go:build !linux

package api

// prefault does nothing here: see prefault_linux.go.
func prefault([]byte) {}
