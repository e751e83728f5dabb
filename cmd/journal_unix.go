//go:build unix

package cmd

import "syscall"

// openNoFollow makes open(2) refuse a symbolic link as the last element
// of the path.
const openNoFollow = syscall.O_NOFOLLOW
