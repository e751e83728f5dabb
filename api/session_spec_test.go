package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sessionsSpec is what a GET /v1/sessions answer means to stytchctl
// (REFERENCE.md §3.1, §3.6, §3.7), written for encoding/json. It is the
// readable specification of the token reader in decode.go, which reads
// the same typed fields in one pass: checkAgainstSpec compares the two on
// the fake's answers (TestDecodeSessionsMatchesSpec) and on the fuzz
// corpus (FuzzDecodeSessions), and fails when Session or Factor has a
// field that the spec lacks, or the other way round.
//
// Field names are those of Session and Factor; the small types below say
// where the token reader departs from encoding/json's defaults.
type sessionsSpec struct {
	RequestID string        `json:"request_id"`
	Sessions  []sessionSpec `json:"sessions"`
}

// sessionSpec is one Session. Raw is the object as sent.
type sessionSpec struct {
	Raw                   json.RawMessage `json:"-"`
	SessionID             string          `json:"session_id"`
	UserID                string          `json:"user_id"`
	AuthenticationFactors factorsSpec     `json:"authentication_factors"`
	Roles                 []string        `json:"roles"`
	StartedAt             timeSpec        `json:"started_at"`
	LastAccessedAt        timeSpec        `json:"last_accessed_at"`
	ExpiresAt             timeSpec        `json:"expires_at"`
	// The attributes object holds Session's IPAddress and UserAgent.
	SpecAttributes `json:"attributes"`
	CustomClaims   claimsSpec `json:"custom_claims"`
}

// SpecAttributes is a session's attributes object. (It is exported only so
// that its fields are promoted to sessionSpec, as Session has them.)
type SpecAttributes struct {
	IPAddress string `json:"ip_address"`
	UserAgent string `json:"user_agent"`
}

// factorSpec is one Factor. Kind is the first key ending in "_factor"
// whose value is an object, and Detail that object as sent.
type factorSpec struct {
	Type                string          `json:"type"`
	DeliveryMethod      string          `json:"delivery_method"`
	LastAuthenticatedAt timeSpec        `json:"last_authenticated_at"`
	Kind                string          `json:"-"`
	Detail              json.RawMessage `json:"-"`
}

// A value of the wrong type (a number for a string, an object for a list)
// reads as the zero value, as encoding/json leaves it; the UnmarshalJSON
// methods below therefore ignore encoding/json's *UnmarshalTypeError.

func (s *sessionSpec) UnmarshalJSON(b []byte) error {
	type plain sessionSpec
	_ = json.Unmarshal(b, (*plain)(s))
	s.Raw = bytes.Clone(b)
	return nil
}

func (f *factorSpec) UnmarshalJSON(b []byte) error {
	type plain factorSpec
	_ = json.Unmarshal(b, (*plain)(f))
	d := json.NewDecoder(bytes.NewReader(b))
	if _, err := d.Token(); err != nil { // '{'
		return nil
	}
	for d.More() {
		k, _ := d.Token()
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return err
		}
		if key, _ := k.(string); f.Kind == "" && strings.HasSuffix(key, "_factor") && isObject(v) {
			f.Kind, f.Detail = key, v
		}
	}
	return nil
}

// factorsSpec is authentication_factors: its elements that are objects, in
// order; none, or a value that is not an array, is nil.
type factorsSpec []factorSpec

func (fs *factorsSpec) UnmarshalJSON(b []byte) error {
	var elems []json.RawMessage
	_ = json.Unmarshal(b, &elems)
	*fs = nil
	for _, e := range elems {
		if isObject(e) {
			var f factorSpec
			_ = json.Unmarshal(e, &f)
			*fs = append(*fs, f)
		}
	}
	return nil
}

// timeSpec is a timestamp: RFC 3339 text as time.Parse reads it; anything
// else (null, a number, a malformed or impossible date) is the zero time.
type timeSpec time.Time

func (t *timeSpec) UnmarshalJSON(b []byte) error {
	var s string
	*t = timeSpec{}
	if json.Unmarshal(b, &s) == nil {
		if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
			*t = timeSpec(v)
		}
	}
	return nil
}

// claimsSpec is custom_claims as sent, whatever its type; null is none.
type claimsSpec json.RawMessage

func (c *claimsSpec) UnmarshalJSON(b []byte) error {
	*c = nil
	if string(b) != "null" {
		*c = bytes.Clone(b)
	}
	return nil
}

func isObject(b []byte) bool { return len(b) > 0 && b[0] == '{' }

// checkAgainstSpec decodes body with decodeSessions and, when that reads it
// without error and encoding/json cannot read it differently (see
// unambiguous), checks that sessionsSpec gives the same request_id and
// sessions, field by field. It reports whether it compared them.
func checkAgainstSpec(t *testing.T, body []byte) bool {
	t.Helper()
	got, gotID, valid, err := decodeSessions(body)
	if !valid || err != nil || !unambiguous(body) {
		return false
	}
	var spec sessionsSpec
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal(body, &spec); err != nil && !errors.As(err, &typeErr) {
		t.Fatalf("encoding/json cannot read a body that decodeSessions reads: %v", err)
	}
	if gotID != spec.RequestID {
		t.Errorf("request_id %q, the spec says %q", gotID, spec.RequestID)
	}
	if len(got) != len(spec.Sessions) {
		t.Fatalf("%d sessions, the spec says %d", len(got), len(spec.Sessions))
	}
	for i := range got {
		var want Session
		if err := fromSpec(reflect.ValueOf(&want).Elem(), reflect.ValueOf(spec.Sessions[i])); err != nil {
			t.Fatal(err)
		}
		if d := differences(got[i], want); d != "" {
			t.Fatalf("session %d differs from the spec:%s", i, d)
		}
	}
	return true
}

// differences lists the fields in which got and want differ, one a line.
func differences(got, want Session) string {
	var b strings.Builder
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		if gf, wf := g.Field(i).Interface(), w.Field(i).Interface(); !reflect.DeepEqual(gf, wf) {
			fmt.Fprintf(&b, "\n%s: got %s, want %s", g.Type().Field(i).Name, show(gf), show(wf))
		}
	}
	return b.String()
}

// show formats a field of Session with its JSON bytes as text.
func show(v any) string {
	switch v := v.(type) {
	case json.RawMessage:
		return fmt.Sprintf("%q", v)
	case []Factor:
		parts := make([]string, len(v))
		for i, f := range v {
			parts[i] = fmt.Sprintf("{%q %q %v %q %q}", f.Type, f.DeliveryMethod, f.LastAuthenticatedAt, f.Kind, f.Detail)
		}
		return fmt.Sprintf("%d factors %s", len(v), strings.Join(parts, " "))
	}
	return fmt.Sprintf("%#v", v)
}

// fromSpec sets dst from src, its spec: a value whose type converts to
// dst's is converted; a slice is copied element by element (nil stays
// nil); a struct field by field, by name, and every field of dst must have
// a twin in src (promoted fields count) and the other way round.
func fromSpec(dst, src reflect.Value) error {
	switch {
	case src.Type().ConvertibleTo(dst.Type()):
		dst.Set(src.Convert(dst.Type()))
	case dst.Kind() == reflect.Slice && src.Kind() == reflect.Slice:
		if src.IsNil() {
			return nil
		}
		dst.Set(reflect.MakeSlice(dst.Type(), src.Len(), src.Len()))
		for i := range src.Len() {
			if err := fromSpec(dst.Index(i), src.Index(i)); err != nil {
				return err
			}
		}
	case dst.Kind() == reflect.Struct && src.Kind() == reflect.Struct:
		twins := map[string][]int{}
		for _, f := range reflect.VisibleFields(src.Type()) {
			if !f.Anonymous {
				twins[f.Name] = f.Index
			}
		}
		for i := range dst.NumField() {
			name := dst.Type().Field(i).Name
			index, ok := twins[name]
			if !ok {
				return fmt.Errorf("%s.%s has no twin in the spec %s", dst.Type(), name, src.Type())
			}
			delete(twins, name)
			if err := fromSpec(dst.Field(i), src.FieldByIndex(index)); err != nil {
				return err
			}
		}
		for name := range twins {
			return fmt.Errorf("the spec %s has %s, which %s lacks", src.Type(), name, dst.Type())
		}
	default:
		return fmt.Errorf("the spec's %s does not make a %s", src.Type(), dst.Type())
	}
	return nil
}

// unambiguous reports whether encoding/json and the token reader see the
// same keys in body: no object repeats a key (encoding/json keeps the last
// value, or merges two objects, where the token reader reads each in turn)
// and no key differs only in case from one that the spec names
// (encoding/json matches those too; Stytch's keys are lower case).
func unambiguous(body []byte) bool {
	d := json.NewDecoder(bytes.NewReader(body))
	var keys []map[string]bool // per open container; nil for an array
	var atKey []bool           // per open container: an object's next token is a key
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		top := len(keys) - 1
		if k, ok := tok.(string); ok && top >= 0 && atKey[top] {
			if keys[top][k] || foldsToSpecKey(k) {
				return false
			}
			keys[top][k], atKey[top] = true, false
			continue
		}
		switch tok {
		case json.Delim('{'):
			keys, atKey = append(keys, map[string]bool{}), append(atKey, true)
			continue
		case json.Delim('['):
			keys, atKey = append(keys, nil), append(atKey, false)
			continue
		case json.Delim('}'), json.Delim(']'):
			keys, atKey = keys[:top], atKey[:top]
		}
		// A value has ended: in an object, a key comes next.
		if top = len(keys) - 1; top >= 0 && keys[top] != nil {
			atKey[top] = true
		}
	}
}

// foldsToSpecKey reports whether k differs from a key of the spec only in
// case.
func foldsToSpecKey(k string) bool {
	for _, typ := range []reflect.Type{reflect.TypeFor[sessionsSpec](), reflect.TypeFor[sessionSpec](),
		reflect.TypeFor[SpecAttributes](), reflect.TypeFor[factorSpec]()} {
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" && k != name && strings.EqualFold(k, name) {
				return true
			}
		}
	}
	return false
}

// TestSessionSpecHasEveryField checks that Session and Factor have exactly
// the fields of their specs, so that a field added to one side alone fails
// here before any body is read.
func TestSessionSpecHasEveryField(t *testing.T) {
	for _, c := range []struct{ dst, src any }{{&Session{}, sessionSpec{}}, {&Factor{}, factorSpec{}}} {
		if err := fromSpec(reflect.ValueOf(c.dst).Elem(), reflect.ValueOf(c.src)); err != nil {
			t.Error(err)
		}
	}
}

// TestDecodeSessionsMatchesSpec reads every sessions answer of the fake in
// fakeBodies (the demo users, an empty list) and a synthetic user's 300
// sessions with the token reader and with the spec.
func TestDecodeSessionsMatchesSpec(t *testing.T) {
	answers, sessions := 0, 0
	for i, body := range append(fakeBodies(t), syntheticBody(t, 300)) {
		s, _, valid, err := decodeSessions(body)
		if !valid || err != nil {
			continue // an error document
		}
		if !checkAgainstSpec(t, body) {
			t.Fatalf("answer %d was not compared (keys that encoding/json reads otherwise): %.200s", i, body)
		}
		answers, sessions = answers+1, sessions+len(s)
	}
	if answers < 8 || sessions < 300 {
		t.Errorf("compared %d answers with %d sessions, want at least 8 and 300", answers, sessions)
	}
}
