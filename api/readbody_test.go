package api

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"testing"
)

// TestReadBody checks that readBody returns the body's exact bytes, in one
// buffer of the declared length (plus ReadFrom's headroom) when there is
// one, and max+1 bytes of an oversized body.
func TestReadBody(t *testing.T) {
	body := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + i%26)
		}
		return b
	}
	const max = 3 << 20
	for _, c := range []struct {
		name     string
		data     []byte
		declared int64
		want     int // bytes returned
		cap      int // capacity of the result, 0 to not check
	}{
		{"undeclared", body(5000), -1, 5000, 0},
		{"small", body(5000), 5000, 5000, 5000 + bytes.MinRead},
		{"large", body(1<<20 + 12345), 1<<20 + 12345, 1<<20 + 12345, 1<<20 + 12345 + bytes.MinRead},
		{"oversized, declared", body(max + 100), max + 100, max + 1, 0},
		{"oversized, undeclared", body(max + 100), -1, max + 1, 0},
	} {
		resp := &http.Response{ContentLength: c.declared, Body: io.NopCloser(bytes.NewReader(c.data))}
		got, err := readBody(resp, max)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !bytes.Equal(got, c.data[:c.want]) {
			t.Errorf("%s: read %d bytes, not the first %d of the body", c.name, len(got), c.want)
		}
		// One allocation of the declared length: the allocator may round
		// it up to a size class, but growing would at least double it.
		if c.cap != 0 && (cap(got) < c.cap || cap(got) >= 2*c.cap) {
			t.Errorf("%s: buffer capacity %d, want %d (one allocation)", c.name, cap(got), c.cap)
		}
	}
}

// xReader yields n bytes of 'x', then io.EOF, without holding them.
type xReader struct{ n int64 }

func (r *xReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), r.n))
	for i := range p[:k] {
		p[i] = 'x'
	}
	r.n -= int64(k)
	return k, nil
}

// TestReadBodyUndeclaredStaysNearTheCap: a body of unknown length (chunked,
// or decompressed) near the 64 MiB cap, or over it, is read allocating at
// most the cap and undeclaredSpillBytes more: no buffer doubling, which
// allocated 128 MiB (and peaked at 269 MB RSS) for a body over the cap.
func TestReadBodyUndeclaredStaysNearTheCap(t *testing.T) {
	const max = DefaultMaxBodyBytes
	for _, size := range []int64{60 << 20, max + 1000} {
		resp := &http.Response{ContentLength: -1, Body: io.NopCloser(&xReader{n: size})}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got, err := readBody(resp, max)
		runtime.ReadMemStats(&after)
		if err != nil || int64(len(got)) != min(size, max+1) {
			t.Fatalf("%d bytes: read %d, %v", size, len(got), err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > max+16<<20 {
			t.Errorf("%d MiB undeclared body: allocated %d MiB, want at most %d MiB", size>>20, alloc>>20, (max+16<<20)>>20)
		}
	}
}
