//go:build unix

package cmd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestInputReadsStopOnSignal runs the real entry point (this test binary
// as "stytchctl", see TestMain) reading its input from a FIFO that no one
// opens for writing, or from a stdin pipe that no one writes to, and sends
// it a real SIGINT or SIGTERM: every command ends at once with exit 130,
// "stytchctl: interrupted", and nothing sent.
func TestInputReadsStopOnSignal(t *testing.T) {
	bin, err := exec.LookPath("stytchctl")
	if err != nil {
		t.Skipf("no stytchctl on PATH (TestMain puts this test binary there): %v", err)
	}
	fake, srv := apitest.Start(apitest.Options{})
	t.Cleanup(srv.Close)
	fifo := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "input")
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		return path
	}
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		args func(t *testing.T) []string
	}{
		{"users-file FIFO, SIGTERM", syscall.SIGTERM, func(t *testing.T) []string {
			return []string{"sessions", "list", "--users-file", fifo(t)}
		}},
		{"users-file stdin, SIGINT", syscall.SIGINT, func(t *testing.T) []string {
			return []string{"sessions", "list", "--users-file", "-"}
		}},
		{"users-file stdin, SIGTERM", syscall.SIGTERM, func(t *testing.T) []string {
			return []string{"sessions", "audit", "--users-file", "-"}
		}},
		{"from-file FIFO, SIGINT", syscall.SIGINT, func(t *testing.T) []string {
			return []string{"sessions", "devices", "--from-file", fifo(t)}
		}},
		{"from-file stdin, SIGTERM", syscall.SIGTERM, func(t *testing.T) []string {
			return []string{"sessions", "audit", "--from-file", "-"}
		}},
		{"decode stdin, SIGINT", syscall.SIGINT, func(t *testing.T) []string {
			return []string{"sessions", "decode", "-"}
		}},
		{"secret stdin, SIGTERM", syscall.SIGTERM, func(t *testing.T) []string {
			return []string{"auth", "login", "--with-secret", "--insecure-storage", "--project-id", apitest.ProjectID}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stdinR, stdinW, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdinR.Close()
			defer stdinW.Close() // held open, never written: a read waits for ever
			args := tc.args(t)
			c := exec.Command(bin, args...)
			c.Env = append(os.Environ(),
				"STYTCH_PROJECT_ID="+apitest.ProjectID, "STYTCH_SECRET="+apitest.Secret,
				"STYTCHCTL_API_URL="+srv.URL, "STYTCHCTL_CONFIG_DIR="+t.TempDir())
			c.Stdin = stdinR
			var stdout, stderr bytes.Buffer
			c.Stdout, c.Stderr = &stdout, &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- c.Wait() }()
			time.Sleep(500 * time.Millisecond) // past start-up, into the read
			if err := c.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			const bound = 3 * time.Second
			select {
			case err = <-done:
			case <-time.After(bound):
				_ = c.Process.Kill()
				<-done
				t.Fatalf("stytchctl %v did not end within %s of %v (killed)\nstderr: %s", args, bound, tc.sig, stderr.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitInterrupted {
				t.Errorf("stytchctl %v after %v: %v, want exit %d\nstderr: %s", args, tc.sig, err, ExitInterrupted, stderr.String())
			}
			if stderr.String() != "stytchctl: interrupted\n" || stdout.Len() != 0 {
				t.Errorf("stdout %q, stderr %q; want only \"stytchctl: interrupted\" on stderr", stdout.String(), stderr.String())
			}
		})
	}
	t.Cleanup(func() {
		if reqs := fake.Requests(); len(reqs) != 0 {
			t.Errorf("%d requests were sent, want none: %+v", len(reqs), reqs)
		}
	})
}

// TestOpenInputReadsWhatIsWritten: with a context that can end but has
// not, openInput waits for a FIFO's writer and for data on stdin, and
// reads everything, in order; ending the context then stops the next read.
func TestOpenInputReadsWhatIsWritten(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	want := bytes.Repeat([]byte("user-test-00000000-0000-4000-8000-000000000001\n"), 5000) // several reads

	path := filepath.Join(t.TempDir(), "users")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond) // the reader waits in open(2) meanwhile
		if err := os.WriteFile(path, want, 0o600); err != nil {
			t.Error(err)
		}
	}()
	got, err := readInput(ctx, nil, path, int64(len(want)))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("FIFO: read %d bytes (%v), want %d", len(got), err, len(want))
	}

	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdinR.Close()
	defer stdinW.Close()
	r, err := openInput(ctx, stdinR, "-")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = stdinW.Write(want[:100]) }()
	buf := make([]byte, 100)
	if _, err := io.ReadFull(r, buf); err != nil || !bytes.Equal(buf, want[:100]) {
		t.Fatalf("stdin: read %q (%v)", buf, err)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	if n, err := r.Read(buf); n != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("read of a silent stdin after cancel = %d, %v; want 0, context.Canceled", n, err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := stdinW.Write([]byte("x")); err != nil {
		t.Errorf("stdin was closed by the reader: %v", err)
	}
}
