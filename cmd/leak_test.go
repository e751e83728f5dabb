package cmd

import (
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/stytchctl/stytchctl/api/apitest"
	"github.com/stytchctl/stytchctl/config"
)

// leakNeedles are the forms in which a secret must never appear in output,
// traces or files: the secret itself (index 0), the Basic-auth credential
// that carries it (base64 of "project_id:secret", index 1) and their other
// base64 forms (apitest.LeakNeedles).
func leakNeedles(projectID, secret string) []string {
	return apitest.LeakNeedles(projectID, secret)
}

// findLeak returns the first needle found in text, also under JSON,
// percent and HTML escapes, or "".
func findLeak(text string, needles []string) string {
	return apitest.FindLeak(text, needles)
}

// checkNoLeak fails the test when one run's stream holds a secret. Every
// run of every command test goes through it.
func (h *harness) checkNoLeak(cmdline, stream, text string) {
	h.t.Helper()
	if n := findLeak(text, h.secrets); n != "" {
		h.t.Errorf("secret leaked on %s of `stytchctl %s`: %q found in:\n%s", stream, cmdline, n, text)
	}
}

// checkFilesNoLeak fails the test when a file in the config directory,
// other than the --insecure-storage file whose job it is, holds a secret.
func (h *harness) checkFilesNoLeak() {
	h.t.Helper()
	for path, n := range filesWithLeaks(h.configDir, h.secrets) {
		h.t.Errorf("secret leaked into %s: %q", path, n)
	}
}

// filesWithLeaks walks dir and reports every file (except insecure
// secrets files) that contains a needle.
func filesWithLeaks(dir string, needles []string) map[string]string {
	found := map[string]string{}
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == config.InsecureSecretsFileName {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		if n := findLeak(string(b), needles); n != "" {
			found[path] = n
		}
		return nil
	})
	return found
}

// basicAuth decodes an "Authorization: Basic …" value.
func basicAuth(header string) (user, pass string, ok bool) {
	enc, found := strings.CutPrefix(header, "Basic ")
	if !found {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(b), ":")
}

func writeTestFile(t interface {
	Helper()
	Fatal(...any)
}, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
