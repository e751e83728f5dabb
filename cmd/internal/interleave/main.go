// Command interleave times commands against each other by running them in
// turn, round after round, so that a machine whose speed drifts (a shared
// VM, another process waking up) slows each of them alike; hyperfine runs
// all of one command's runs before the next command's, and on the
// development machine curl alone drifted between such batches by enough
// to change the ratios. Each run's standard output goes into a pipe that is read to the
// end, as a piped stytchctl's would be; standard error is discarded.
//
//	interleave [-n runs] [-w warmup] 'command one' 'command two' ...
//
// For each command it prints the median, quartiles and the median's ratio
// to the first command's median. Commands are split on spaces (no shell).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	runs := flag.Int("n", 100, "timed rounds")
	warmup := flag.Int("w", 5, "untimed rounds first")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: interleave [-n runs] [-w warmup] 'command' ...")
		os.Exit(2)
	}
	cmds := make([][]string, flag.NArg())
	for i, c := range flag.Args() {
		cmds[i] = strings.Fields(c)
	}
	times := make([][]time.Duration, len(cmds))
	for round := range *warmup + *runs {
		for i, c := range cmds {
			d, err := run(c)
			if err != nil {
				fmt.Fprintf(os.Stderr, "interleave: %s: %v\n", flag.Arg(i), err)
				os.Exit(1)
			}
			if round >= *warmup {
				times[i] = append(times[i], d)
			}
		}
	}
	base := quantile(times[0], 0.5)
	for i, t := range times {
		m := quantile(t, 0.5)
		fmt.Printf("%7.1f ms  (p25 %5.1f, p75 %5.1f)  %.2fx  %s\n", ms(m), ms(quantile(t, 0.25)), ms(quantile(t, 0.75)),
			float64(m)/float64(base), flag.Arg(i))
	}
}

// run runs one command to its end and returns how long that took, reading
// its standard output to the end as it comes.
func run(argv []string) (time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, out)
	err = cmd.Wait()
	return time.Since(start), err
}

func quantile(d []time.Duration, q float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
