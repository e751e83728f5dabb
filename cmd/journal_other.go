//go:build !unix

package cmd

import "io/fs"

// openNoFollow is 0 where open has no such flag: openJournalFile's Lstat
// and Stat still refuse a link.
const openNoFollow = 0

// linkCount is 1 where the link count is not known.
func linkCount(fs.FileInfo) uint64 { return 1 }
