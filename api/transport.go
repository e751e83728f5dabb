package api

import "net/http"

// MaxIdleConnsPerHost is how many idle connections to the API the default
// transport keeps. It matches the highest --concurrency, so that workers
// reuse their TLS connections instead of opening a new one for most
// requests (net/http's default keeps only 2 per host).
const MaxIdleConnsPerHost = 32

// newTransport returns the transport of a Client built without an
// HTTPClient: net/http's default, keeping enough idle connections for
// concurrent workers.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = MaxIdleConnsPerHost
	return t
}
