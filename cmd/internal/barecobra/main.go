// Command barecobra is the yardstick for stytchctl's start-up time: a bare
// Cobra program with one command and a version, built the same way. The
// README's performance section compares `stytchctl --version` with
// `barecobra --version`:
//
//	go build -o /tmp/barecobra ./cmd/internal/barecobra
//	go build -o /tmp/stytchctl .
//	hyperfine -N --warmup 5 '/tmp/barecobra --version' '/tmp/stytchctl --version'
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	root := &cobra.Command{
		Use:     "barecobra",
		Version: "1.0.0",
		Run:     func(*cobra.Command, []string) { fmt.Println("hello") },
	}
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
