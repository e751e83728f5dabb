//go:build unix

package cmd

import (
	"io/fs"
	"syscall"
)

// openNoFollow makes open(2) refuse a symbolic link as the last element
// of the path.
const openNoFollow = syscall.O_NOFOLLOW

// linkCount is how many hard links the file fi describes has.
func linkCount(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
