package api

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// TestReadBody checks that readBody returns the body's exact bytes, in one
// buffer of the declared length (plus ReadFrom's headroom) when there is
// one, prefaulted or not, and max+1 bytes of an oversized body.
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
		{"prefaulted", body(prefaultMinBytes + 12345), prefaultMinBytes + 12345, prefaultMinBytes + 12345, prefaultMinBytes + 12345 + bytes.MinRead},
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
