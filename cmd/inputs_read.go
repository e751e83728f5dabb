package cmd

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
)

// maxInputRead is the most one read of an input asks its source for.
const maxInputRead = 64 << 10

// openInput opens what a command reads its input from: the file at path,
// or stdin when path is "-". Every read honours ctx, and so does the open:
// when the command is interrupted (Ctrl-C, SIGTERM), a read waiting on a
// terminal, a pipe or a FIFO that nobody writes to returns ctx.Err() at
// once, and so does opening a FIFO that nobody has opened for writing
// (open(2) waits for a writer). What was blocked is left to finish on a
// goroutine of its own, which the process's exit ends; a file opened here
// is closed then, which also ends a read waiting on a FIFO. Closing the
// reader never closes stdin.
func openInput(ctx context.Context, stdin io.Reader, path string) (io.ReadCloser, error) {
	if path == "-" {
		if stdin == nil {
			stdin = strings.NewReader("")
		}
		return &ctxReader{ctx: ctx, src: stdin, close: func() error { return nil }}, nil
	}
	f, err := openFile(ctx, path)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { _ = f.Close() })
	return &ctxReader{ctx: ctx, src: f, close: func() error {
		stop()
		return f.Close()
	}}, nil
}

// readInput reads path ("-": stdin) to its end as openInput does, but no
// more than limit+1 bytes: a caller that gets more than limit knows the
// input is too large without it all being read.
func readInput(ctx context.Context, stdin io.Reader, path string, limit int64) ([]byte, error) {
	r, err := openInput(ctx, stdin, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, limit+1))
}

// inputError reports a failure to open or read a command's input: the
// interruption itself when the command was interrupted (exit 130), else a
// usage error made of format and args.
func inputError(err error, format string, args ...any) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return usageErrorf(format, args...)
}

// openFile opens path for reading on a goroutine, so that ctx can end the
// wait of an open(2) that blocks (a FIFO without a writer). A file opened
// after ctx has ended is closed at once.
func openFile(ctx context.Context, path string) (*os.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ctx.Done() == nil {
		return os.Open(path)
	}
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened)
	go func() {
		f, err := os.Open(path)
		select {
		case ch <- opened{f, err}:
		case <-ctx.Done():
			if f != nil {
				_ = f.Close()
			}
		}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ctxReader reads src on a goroutine, one read at a time, so that a read
// that blocks ends with ctx.Err() as soon as ctx does. The goroutine reads
// into a buffer of the ctxReader's own, never into the caller's, which it
// may still be filling after Read has returned. Once ctx has ended every
// Read returns ctx.Err(), so a read abandoned then is never picked up: each
// read of src is started, and its result taken, by the same Read call.
type ctxReader struct {
	ctx   context.Context
	src   io.Reader
	close func() error

	buf     []byte
	results chan readResult
}

type readResult struct {
	n   int
	err error
}

func (r *ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	if r.ctx.Done() == nil {
		return r.src.Read(p) // a context that never ends
	}
	if r.results == nil {
		r.results = make(chan readResult, 1)
		r.buf = make([]byte, maxInputRead)
	}
	buf := r.buf[:min(len(p), len(r.buf))]
	go func() {
		n, err := r.src.Read(buf)
		r.results <- readResult{n, err}
	}()
	select {
	case res := <-r.results:
		return copy(p, buf[:res.n]), res.err
	case <-r.ctx.Done():
		return 0, r.ctx.Err()
	}
}

func (r *ctxReader) Close() error { return r.close() }
