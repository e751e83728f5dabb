// Command stytchctl is a command-line tool for the people who run a Stytch
// project: list, audit and revoke users' sessions.
package main

import (
	"os"

	"github.com/stytchctl/stytchctl/cmd"
)

// Set at release time with -ldflags "-X main.version=… -X main.commit=… -X main.date=…".
var (
	version = "dev"
	commit  = ""
	date    = ""
)

func main() {
	os.Exit(cmd.Main(cmd.BuildInfo{Version: version, Commit: commit, Date: date}))
}
