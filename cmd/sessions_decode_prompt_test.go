package cmd

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// TestSessionsDecodePromptsOnTerminal: with nothing piped and no
// argument, decode asks for the JWT on the terminal with echo off (the
// ReadPassword of auth login), on stderr, and reads nothing else.
func TestSessionsDecodePromptsOnTerminal(t *testing.T) {
	h := newHarness(t)
	jwt, err := h.fake.MintSessionJWT(apitest.DemoJWTSessionID, apitest.SessionJWTOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h.stdinTTY = true
	for _, typed := range []string{jwt, "  Bearer " + jwt + " "} {
		h.password = typed
		r := h.run("sessions", "decode")
		r.expect(t, 0, "Session JWT (input hidden): ")
		if !strings.Contains(r.stdout, "Session ID\t"+apitest.DemoJWTSessionID) {
			t.Errorf("stdout:\n%s", r.stdout)
		}
		assertNoEcho(t, r, jwt)
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("decode without --verify sent %d requests", n)
	}

	h.password = "   "
	r := h.run("sessions", "decode")
	r.expect(t, ExitUsage, "Session JWT (input hidden): \n", "stytchctl: no JWT given: paste it at the prompt, or pipe it in (pbpaste | stytchctl sessions decode)")

	// A paste cut at the terminal's line limit is said to be cut.
	for _, n := range []int{1023, 4095} {
		h.password = strings.Repeat(jwt, 1+n/len(jwt))[:n]
		r = h.run("sessions", "decode")
		r.expect(t, ExitUsage, "the terminal cut the JWT at "+itoa(n)+" characters, the longest line it takes: pipe it in instead")
		assertNoEcho(t, r, h.password)
	}
	// A token that is not one, at another length, is the usual parse error.
	h.password = "not-a-jwt"
	h.run("sessions", "decode").expect(t, ExitUsage, "stytchctl: not a")

	// Piped input and an argument are never prompted for.
	h.password = ""
	h.stdinTTY, h.stdin = false, jwt
	r = h.run("sessions", "decode")
	r.expect(t, 0)
	if strings.Contains(r.stderr, "input hidden") {
		t.Errorf("prompted with stdin piped:\n%s", r.stderr)
	}
}

func TestSessionsDecodeInterruptedAtPrompt(t *testing.T) {
	h := newHarness(t)
	h.stdinTTY, h.password = true, blockForever
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	r := h.runCtx(ctx, "sessions", "decode", "--verify")
	r.expect(t, ExitInterrupted, "stytchctl: interrupted")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s to stop", d)
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("sent %d requests after an interrupt", n)
	}
}
