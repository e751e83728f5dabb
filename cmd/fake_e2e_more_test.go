package cmd

import (
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/stytchctl/stytchctl/api/apitest"
)

// scriptWaitTimeout bounds fakewait and waitfor: long enough for a 5s
// watch poll with jitter on a busy machine.
const scriptWaitTimeout = 30 * time.Second

// withMoreFakeCmds adds the script commands that wait for something a
// background command does:
//
//	fakewait PATH N        wait until the fake has received N requests on
//	                       PATH (since the last fakereset)
//	waitfor FILE REGEXP    wait until FILE (in $WORK) matches REGEXP
//
// Both fail the script after scriptWaitTimeout.
func withMoreFakeCmds(cmds map[string]func(ts *testscript.TestScript, neg bool, args []string), fake func(ts *testscript.TestScript) *apitest.Fake) {
	cmds["fakewait"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: fakewait PATH N")
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			ts.Fatalf("fakewait: N must be a positive number, got %q", args[1])
		}
		f := fake(ts)
		deadline := time.Now().Add(scriptWaitTimeout)
		for {
			got := 0
			for _, r := range f.Requests() {
				if r.Path == args[0] {
					got++
				}
			}
			if got >= n {
				return
			}
			if time.Now().After(deadline) {
				ts.Fatalf("fakewait: %d requests on %s after %s, want %d", got, args[0], scriptWaitTimeout, n)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	cmds["waitfor"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: waitfor FILE REGEXP")
		}
		re, err := regexp.Compile(args[1])
		ts.Check(err)
		deadline := time.Now().Add(scriptWaitTimeout)
		for {
			b, _ := os.ReadFile(ts.MkAbs(args[0]))
			if re.Match(b) {
				return
			}
			if time.Now().After(deadline) {
				ts.Fatalf("waitfor: %s does not match %q after %s:\n%s", args[0], args[1], scriptWaitTimeout, b)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
