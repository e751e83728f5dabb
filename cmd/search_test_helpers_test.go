package cmd

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// pageExchange is one search request and the fake's answer to it.
type pageExchange struct {
	request  []byte
	response []byte
	status   int
}

// pageRecorder sits in front of the fake and keeps the bodies of every
// POST to a search endpoint and of the answers, so that a test can check
// that each request carried the cursor of the previous answer. holdPage,
// when set, makes the search request with that index (0-based) wait until
// the channel is closed (or 5s pass).
type pageRecorder struct {
	mu        sync.Mutex
	exchanges []pageExchange
	holdPage  int
	hold      chan struct{}
}

func (p *pageRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || (r.URL.Path != "/v1/users/search" && r.URL.Path != "/v1/b2b/organizations/members/search") {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.mu.Lock()
		idx := len(p.exchanges)
		p.exchanges = append(p.exchanges, pageExchange{request: body})
		hold := p.hold
		if idx != p.holdPage {
			hold = nil
		}
		p.mu.Unlock()
		if hold != nil {
			select {
			case <-hold:
			case <-time.After(5 * time.Second):
			}
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		// Record the answer before sending it: once the client has it, the
		// command may finish and the test read the exchanges.
		p.mu.Lock()
		p.exchanges[idx].response = rec.Body.Bytes()
		p.exchanges[idx].status = rec.Code
		p.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

func (p *pageRecorder) snapshot() []pageExchange {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]pageExchange(nil), p.exchanges...)
}

// newPagingHarness is newHarness with the fake behind a pageRecorder.
func newPagingHarness(t *testing.T) (*harness, *pageRecorder) {
	t.Helper()
	rec := &pageRecorder{holdPage: -1}
	return newWrappedHarness(t, rec.wrap), rec
}

// searchRequest is the body of a search request as the tests read it.
type searchRequest struct {
	OrganizationIDs []string `json:"organization_ids"`
	Limit           int      `json:"limit"`
	Cursor          *string  `json:"cursor"`
	Query           *struct {
		Operator string `json:"operator"`
		Operands []struct {
			FilterName  string          `json:"filter_name"`
			FilterValue json.RawMessage `json:"filter_value"`
		} `json:"operands"`
	} `json:"query"`
}

func decodeSearchRequest(t *testing.T, body []byte) searchRequest {
	t.Helper()
	var r searchRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("search request body %s: %v", body, err)
	}
	return r
}

// nextCursor reads results_metadata.next_cursor of a search answer ("" for
// null or missing).
func nextCursor(t *testing.T, body []byte) string {
	t.Helper()
	var r struct {
		ResultsMetadata struct {
			NextCursor *string `json:"next_cursor"`
		} `json:"results_metadata"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("search answer %s: %v", body, err)
	}
	if r.ResultsMetadata.NextCursor == nil {
		return ""
	}
	return *r.ResultsMetadata.NextCursor
}
