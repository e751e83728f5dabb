package render

import (
	"bytes"
	"encoding/json"

	"github.com/charmbracelet/x/ansi"
)

func compactJSON(dst *bytes.Buffer, src []byte) error { return json.Compact(dst, src) }

func displayWidth(s string) int { return ansi.StringWidth(s) }
