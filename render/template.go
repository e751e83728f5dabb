package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"
)

// TemplateOptions is what the --template helpers need to know.
type TemplateOptions struct {
	// Now is the reference for timeago.
	Now time.Time
	// Location is the zone of timefmt; nil means UTC.
	Location *time.Location
	// Color lets the color helper emit ANSI colours; without it, color
	// returns its text unchanged.
	Color bool
	// Sanitize makes control characters in the document's strings and
	// object keys visible before the template sees them, and in whatever
	// else the output holds (text the template computed, or its own text)
	// after, except the color helper's colours; set it when output goes to
	// a terminal.
	Sanitize bool
}

// Template is a parsed --template: a Go text/template executed over the
// same JSON document that -o json prints (objects as maps, so fields are
// reached with their API names: {{range .sessions}}{{.session_id}}{{end}}).
//
// Helpers, each written so that it works at the end of a pipeline:
//
//	timeago TIME          "3h ago", "in 5d" (TIME: RFC 3339 string)
//	timefmt LAYOUT TIME   TIME in --tz with a Go layout ("2006-01-02 15:04")
//	join SEP LIST         the elements of LIST joined with SEP
//	truncate N TEXT       TEXT cut to N characters, ending in "…"
//	upper TEXT            TEXT in upper case
//	color NAME TEXT       TEXT in a colour (red, green, yellow, blue, magenta,
//	                      cyan, gray, bold) on a colour terminal, else as is
type Template struct {
	t *template.Template
	o TemplateOptions
}

// ParseTemplate parses text with the helpers bound to o. A syntax error,
// or a call of a function that does not exist, is returned as an error.
func ParseTemplate(text string, o TemplateOptions) (*Template, error) {
	if o.Location == nil {
		o.Location = time.UTC
	}
	t, err := template.New("--template").Option("missingkey=zero").Funcs(templateFuncs(o)).Parse(text)
	if err != nil {
		return nil, err
	}
	return &Template{t: t, o: o}, nil
}

// Execute runs the template over doc, a JSON document, and writes the
// result to w. Output is written only when execution succeeds.
func (t *Template) Execute(w io.Writer, doc []byte) error {
	v, err := decodeDocument(doc)
	if err != nil {
		return err
	}
	if t.o.Sanitize {
		v = sanitizeValue(v)
	}
	var buf bytes.Buffer
	if err := t.t.Execute(&buf, v); err != nil {
		return err // "template: --template:1:9: executing …" says enough
	}
	out := buf.Bytes()
	if t.o.Sanitize {
		out = sanitizeOutput(out)
	}
	_, err = w.Write(out)
	return err
}

// sanitizeValue applies Sanitize to every string in a decoded document,
// object keys included: a template prints keys too ({{range $k, $v := …}},
// {{.}} or printf "%v" of a map).
func sanitizeValue(v any) any {
	switch x := v.(type) {
	case string:
		return Sanitize(x)
	case []any:
		for i := range x {
			x[i] = sanitizeValue(x[i])
		}
	case map[string]any:
		var unsafe []string
		for k, e := range x {
			x[k] = sanitizeValue(e)
			if !clean(k) {
				unsafe = append(unsafe, k)
			}
		}
		renameKeys(x, unsafe)
	}
	return v
}

// renameKeys moves the members of m named by keys to their sanitised
// names. Sanitize is not one-to-one ("\x1b" is what ESC becomes), so a
// name already taken gets a U+FFFD appended until it is free: no member is
// lost, and the order is the same on every run.
func renameKeys(m map[string]any, keys []string) {
	slices.Sort(keys)
	for _, k := range keys {
		e := m[k]
		delete(m, k)
		name := Sanitize(k)
		for _, taken := m[name]; taken; _, taken = m[name] {
			name += "\uFFFD"
		}
		m[name] = e
	}
}

// sanitizeOutput applies Sanitize to a template's output for a terminal,
// keeping line feeds, tabs and the colour sequences of the color helper.
// The document's strings were sanitised before the template ran; this
// catches what the template made itself, such as printf "%c" of a number
// taken from the document, or escape sequences in its own text.
func sanitizeOutput(out []byte) []byte {
	var b bytes.Buffer
	start := 0
	flush := func(end int) {
		b.WriteString(Sanitize(string(out[start:end])))
	}
	for i := 0; i < len(out); {
		n := 0
		switch {
		case out[i] == '\n' || out[i] == '\t':
			n = 1
		case out[i] == 0x1b:
			n = colorSequenceLen(out[i:])
		}
		if n == 0 {
			i++
			continue
		}
		flush(i)
		b.Write(out[i : i+n])
		i += n
		start = i
	}
	flush(len(out))
	return b.Bytes()
}

// colorSequenceLen is the length of the colour sequence of the color
// helper (ESC [ code m, or the reset ESC [ 0 m) that b starts with, or 0.
func colorSequenceLen(b []byte) int {
	rest, ok := bytes.CutPrefix(b, []byte("\x1b["))
	if !ok {
		return 0
	}
	code, _, ok := bytes.Cut(rest, []byte("m"))
	if !ok || !isColorCode(string(code)) {
		return 0
	}
	return len("\x1b[") + len(code) + 1
}

// isColorCode reports whether code is one the color helper writes.
func isColorCode(code string) bool {
	if code == "0" {
		return true
	}
	for _, c := range ansiColors {
		if c == code {
			return true
		}
	}
	return false
}

var ansiColors = map[string]string{
	"black": "30", "red": "31", "green": "32", "yellow": "33", "blue": "34",
	"magenta": "35", "cyan": "36", "white": "37", "gray": "90", "grey": "90",
	"bold": "1", "dim": "2", "underline": "4",
}

func templateFuncs(o TemplateOptions) template.FuncMap {
	return template.FuncMap{
		"timeago": func(v any) (string, error) {
			t, ok, err := templateTime(v)
			if err != nil || !ok {
				return "", err
			}
			return Relative(t, o.Now), nil
		},
		"timefmt": func(layout string, v any) (string, error) {
			t, ok, err := templateTime(v)
			if err != nil || !ok {
				return "", err
			}
			return t.In(o.Location).Format(layout), nil
		},
		"join": func(sep string, v any) (string, error) {
			switch x := v.(type) {
			case nil:
				return "", nil
			case []any:
				parts := make([]string, len(x))
				for i, e := range x {
					parts[i] = scalarText(e)
				}
				return strings.Join(parts, sep), nil
			case []string:
				return strings.Join(x, sep), nil
			}
			return "", fmt.Errorf("join: want a list, got %T", v)
		},
		"truncate": func(n int, v any) (string, error) {
			if n < 1 {
				return "", fmt.Errorf("truncate: length must be at least 1, got %d", n)
			}
			s := scalarText(v)
			if utf8.RuneCountInString(s) <= n {
				return s, nil
			}
			r := []rune(s)
			return string(r[:n-1]) + "…", nil
		},
		"upper": func(v any) string { return strings.ToUpper(scalarText(v)) },
		"color": func(name string, v any) (string, error) {
			code, ok := ansiColors[strings.ToLower(name)]
			if !ok {
				return "", fmt.Errorf("color: unknown colour %q", name)
			}
			s := scalarText(v)
			if !o.Color {
				return s, nil
			}
			return "\x1b[" + code + "m" + s + "\x1b[0m", nil
		},
	}
}

// templateTime reads an RFC 3339 string (or a time.Time). An empty value
// or null is reported as absent; anything else unreadable is an error.
func templateTime(v any) (time.Time, bool, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		return x, !x.IsZero(), nil
	case string:
		if x == "" {
			return time.Time{}, false, nil
		}
		t, err := time.Parse(time.RFC3339Nano, x)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%q is not an RFC 3339 time", x)
		}
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("want an RFC 3339 time, got %T", v)
}

// scalarText prints a decoded JSON value: strings as they are, null as "",
// numbers in their JSON spelling, objects and arrays as compact JSON.
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case map[string]any, []any:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
	return fmt.Sprint(v)
}
