// Command fakeserver serves the apitest fake on a loopback port, for
// benchmarks against the built binary and for trying stytchctl by hand:
//
//	go run ./api/apitest/fakeserver -addr 127.0.0.1:8089 -synthetic 5000
//	STYTCH_PROJECT_ID=project-test-00000000-0000-4000-8000-000000000000 \
//	STYTCH_SECRET=secret-test-fake-0000000000000000000000000000= \
//	STYTCHCTL_API_URL=http://127.0.0.1:8089 stytchctl sessions list -u bench-user
//
// It prints the credentials it accepts and the synthetic user's ID on stderr.
// With -users N it also creates N users with -per-user sessions each and
// prints their IDs on stdout, one per line, for --users-file:
//
//	go run ./api/apitest/fakeserver -users 1000 -per-user 100 > /tmp/users.txt
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/stytchctl/stytchctl/api/apitest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "Loopback address to listen on")
	synthetic := flag.Int("synthetic", 0, "Number of synthetic sessions to give the user named by -user")
	user := flag.String("user", "bench-user", "External ID of the synthetic user")
	latency := flag.Duration("latency", 0, "Latency added to every request")
	users := flag.Int("users", 0, "Number of further synthetic users, whose IDs are printed on stdout")
	perUser := flag.Int("per-user", 100, "Sessions of each of the -users users")
	flag.Parse()

	host, _, err := net.SplitHostPort(*addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintln(os.Stderr, "fakeserver: -addr must be a loopback address such as 127.0.0.1:8089")
		os.Exit(2)
	}
	fake := apitest.New(apitest.Options{Latency: *latency})
	if *synthetic > 0 {
		fake.AddSyntheticSessions(*user, *synthetic)
	}
	for i := range *users {
		id := fmt.Sprintf("user-test-%08x-0000-4000-8000-%012x", i, i)
		fake.AddSyntheticSessions(id, *perUser)
		fmt.Println(id)
	}
	fmt.Fprintf(os.Stderr, "fakeserver: http://%s project %s secret %s user %s (%d synthetic sessions), %d more users of %d sessions\n",
		*addr, apitest.ProjectID, apitest.Secret, *user, *synthetic, *users, *perUser)
	srv := &http.Server{Addr: *addr, Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "fakeserver:", err)
		os.Exit(1)
	}
}
