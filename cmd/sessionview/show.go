package sessionview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/stytchctl/stytchctl/api"
	"github.com/stytchctl/stytchctl/render"
)

// Field is one line of sessions show: a label for people at a depth of
// indentation, the dotted key scripts read when it is piped, and a value
// (a string, or a time.Time; a section heading has none).
type Field struct {
	Key   string
	Label string
	Depth int
	Value any
	// Heading marks a line that introduces the deeper lines after it.
	Heading bool
}

// ShowFields lays one session out vertically, as kubectl describe does:
// IDs, device and the whole user agent, IP, times, roles, every factor
// with its timestamps and sub-object, custom claims. short is the
// session's short ID ("" for none).
func ShowFields(s api.Session, short string) []Field {
	id := s.SessionID
	if short != "" && short != id {
		id += " (" + short + ")"
	}
	fs := []Field{
		{Key: "session_id", Label: "Session ID", Value: id},
		{Key: "user_id", Label: "User ID", Value: s.UserID},
		{Key: "device", Label: "Device", Value: deviceLabel(ParseDevice(s.UserAgent), s.UserAgent)},
		{Key: "user_agent", Label: "User agent", Value: s.UserAgent},
		{Key: "ip_address", Label: "IP", Value: s.IPAddress},
		{Key: "started_at", Label: "Started", Value: s.StartedAt},
		{Key: "last_accessed_at", Label: "Last active", Value: s.LastAccessedAt},
		{Key: "expires_at", Label: "Expires", Value: s.ExpiresAt},
		{Key: "roles", Label: "Roles", Value: strings.Join(s.Roles, ", ")},
		{Key: "authentication_factors", Label: fmt.Sprintf("Factors (%d)", len(s.AuthenticationFactors)), Heading: true},
	}
	for i, f := range s.AuthenticationFactors {
		fs = append(fs, factorFields(i, f)...)
	}
	claims := CompactClaims(s.CustomClaims)
	fs = append(fs, Field{Key: "custom_claims", Label: "Custom claims", Value: claims})
	return fs
}

// factorFields are the lines of the i-th factor: its words, type, delivery
// method, last authentication and each field of its sub-object.
func factorFields(i int, f api.Factor) []Field {
	key := fmt.Sprintf("authentication_factors.%d.", i)
	out := []Field{
		{Key: key + "summary", Label: fmt.Sprintf("%d. %s", i+1, FactorWords(f)), Depth: 1, Heading: true},
		{Key: key + "type", Label: "Type", Depth: 2, Value: f.Type},
		{Key: key + "delivery_method", Label: "Delivery method", Depth: 2, Value: f.DeliveryMethod},
		{Key: key + "last_authenticated_at", Label: "Last authenticated", Depth: 2, Value: f.LastAuthenticatedAt},
	}
	if f.Kind == "" {
		return out
	}
	out = append(out, Field{Key: key + f.Kind, Label: f.Kind, Depth: 2, Heading: true})
	return append(out, objectFields(key+f.Kind+".", f.Detail, 3)...)
}

// objectFields are the fields of a JSON object, keys sorted, nested
// objects one level deeper, other values as compact JSON (strings bare).
// Something that is not an object is one field with its compact JSON.
func objectFields(key string, raw json.RawMessage, depth int) []Field {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return []Field{{Key: strings.TrimSuffix(key, "."), Label: "value", Depth: depth, Value: jsonText(raw)}}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []Field
	for _, k := range keys {
		v := m[k]
		if t := bytes.TrimSpace(v); len(t) > 0 && t[0] == '{' {
			out = append(out, Field{Key: key + k, Label: k, Depth: depth, Heading: true})
			out = append(out, objectFields(key+k+".", v, depth+1)...)
			continue
		}
		out = append(out, Field{Key: key + k, Label: k, Depth: depth, Value: jsonText(v)})
	}
	return out
}

// jsonText is a JSON value as one line: a string unquoted, anything else
// compact.
func jsonText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return string(v)
	}
	return b.String()
}

// ShowOptions is how WriteShow draws the fields.
type ShowOptions struct {
	// TTY draws for people: labels aligned, API text sanitised, times in
	// Location with their distance from Now, lines fitted to Width (0: no
	// limit). Piped, each field is "key<TAB>value" with RFC 3339 UTC
	// times, headings left out.
	TTY      bool
	Width    int
	Now      time.Time
	Location *time.Location
}

// WriteShow writes fields as o says.
func WriteShow(w io.Writer, fields []Field, o ShowOptions) error {
	var b strings.Builder
	if !o.TTY {
		for _, f := range fields {
			if !f.Heading {
				b.WriteString(render.Sanitize(f.Key) + "\t" + render.Sanitize(pipedValue(f.Value)) + "\n")
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	widths := labelWidths(fields)
	for i, f := range fields {
		label := strings.Repeat("  ", f.Depth) + render.Sanitize(f.Label) + ":"
		if f.Heading {
			b.WriteString(label + "\n")
			continue
		}
		value := terminalValue(f.Value, o)
		col := widths[i] + 2
		if o.Width > 0 && col+firstWordWidth(value) > o.Width {
			// An ID that would be cut after the aligned labels goes on
			// its own line, less indented, whole.
			b.WriteString(label + "\n")
			col = 2*f.Depth + 4
			label = ""
		}
		lines := wrapWords(value, o.Width-col)
		b.WriteString(label + strings.Repeat(" ", col-ansi.StringWidth(label)) + lines[0] + "\n")
		for _, l := range lines[1:] {
			b.WriteString(strings.Repeat(" ", col) + l + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// pipedValue is a value for scripts: RFC 3339 UTC times ("" for none).
func pipedValue(v any) string {
	if t, ok := v.(time.Time); ok {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

// terminalValue is a value for people: sanitised, "-" for none, a time
// absolute (RFC 3339 in o.Location) and relative.
func terminalValue(v any, o ShowOptions) string {
	if t, ok := v.(time.Time); ok {
		if t.IsZero() {
			return "-"
		}
		loc := o.Location
		if loc == nil {
			loc = time.UTC
		}
		return t.In(loc).Format(time.RFC3339) + " (" + render.Relative(t, o.Now) + ")"
	}
	s := render.Sanitize(fmt.Sprint(v))
	if s == "" {
		return "-"
	}
	return s
}

// labelWidths is, for each field, the width of the widest label (with its
// indentation and colon) of its block, the run of fields at its depth
// without a heading between them: the values of a block line up, kubectl
// style.
func labelWidths(fields []Field) []int {
	widths := make([]int, len(fields))
	for start := 0; start < len(fields); {
		end, w := start, 0
		for end < len(fields) && !fields[end].Heading && fields[end].Depth == fields[start].Depth {
			w = max(w, 2*fields[end].Depth+ansi.StringWidth(render.Sanitize(fields[end].Label))+1)
			end++
		}
		for i := start; i < end; i++ {
			widths[i] = w
		}
		start = max(end, start+1)
	}
	return widths
}

// firstWordWidth is the width of s up to its first space.
func firstWordWidth(s string) int {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		s = s[:i]
	}
	return ansi.StringWidth(s)
}

// wrapWords breaks s into lines at most width wide, between words where it
// can and inside a word longer than a line; width < 20 (or no terminal
// width) leaves s whole.
func wrapWords(s string, width int) []string {
	if width < 20 || ansi.StringWidth(s) <= width {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		for ansi.StringWidth(word) > width {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			cut := ansi.Truncate(word, width, "")
			lines, word = append(lines, cut), word[len(cut):]
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	return append(lines, line)
}
