//go:build !unix

package cmd

// openNoFollow is 0 where open has no such flag: openJournalFile's Lstat
// and Stat still refuse a link.
const openNoFollow = 0
