package api

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// prefault asks the kernel to map the whole pages of b now, in one system
// call (MADV_POPULATE_WRITE), rather than one page fault per 4 KiB page as
// they are first written. It changes no byte of b, so it may run while b
// is being written. Errors are ignored: before Linux 5.14 the call fails
// and the pages fault in as they would have.
func prefault(b []byte) {
	const page = 4096
	if len(b) < 2*page {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p + page - 1) &^ (page - 1)
	hi := (p + uintptr(len(b))) &^ (page - 1)
	off := int(lo - p)
	_ = unix.Madvise(b[off:off+int(hi-lo)], unix.MADV_POPULATE_WRITE)
}
