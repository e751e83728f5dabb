package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestFileRoundTrip(t *testing.T) {
	f := &File{Active: "prod"}
	f.Put(Profile{Name: "prod", ProjectID: liveID, APIURL: "https://auth.example.com", Storage: StorageInsecureFile})
	f.Put(Profile{Name: "dev", ProjectID: testID, Storage: StorageKeyring})
	data := f.Marshal()
	want := `# stytchctl profiles, written by "stytchctl auth login" and "auth switch".
# No secret is kept here: secret_storage says where each profile's secret is.
version: 1
active: prod
profiles:
  dev:
    project_id: ` + testID + `
    environment: test
    secret_storage: keyring
  prod:
    project_id: ` + liveID + `
    environment: live
    api_url: https://auth.example.com
    secret_storage: insecure-file
`
	if string(data) != want {
		t.Errorf("Marshal:\n%s\nwant:\n%s", data, want)
	}
	g, err := ParseFile("config.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if g.Active != "prod" || len(g.Profiles) != 2 || g.Profiles["prod"] != f.Profiles["prod"] || g.Profiles["dev"] != f.Profiles["dev"] {
		t.Errorf("round trip: %+v", g)
	}
	if names := g.Names(); strings.Join(names, ",") != "dev,prod" {
		t.Errorf("Names = %v", names)
	}
}

func TestParseFileAcceptsHandWritten(t *testing.T) {
	for name, content := range map[string]string{
		"empty":             "",
		"comments only":     "# nothing yet\n",
		"null document":     "~\n",
		"no secret_storage": "profiles:\n  a:\n    project_id: " + testID + "\n",
		"BOM and CRLF":      "\uFEFFactive: a\r\nprofiles:\r\n  a:\r\n    project_id: " + testID + "\r\n",
		"empty profiles":    "version: 1\nprofiles:\n",
		"active demo":       "active: demo\n",
	} {
		t.Run(name, func(t *testing.T) {
			f, err := ParseFile("c.yaml", []byte(content))
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			if p, ok := f.Profiles["a"]; ok && p.Storage != StorageKeyring {
				t.Errorf("default storage = %q, want keyring", p.Storage)
			}
		})
	}
}

// TestParseFileCorrupt: every broken config names the file and the line
// to fix, and never panics.
func TestParseFileCorrupt(t *testing.T) {
	p := "project_id: " + testID
	cases := []struct {
		name    string
		content string
		line    int
		want    string
	}{
		{"bad indentation", "active: a\nprofiles:\n  a:\n    " + p + "\n   environment: test\n", 2, "not valid YAML: did not find expected key"},
		{"unclosed bracket", "profiles: [\n", 1, "not valid YAML"},
		{"unclosed quote", "active: \"a\n", 2, "not valid YAML"},
		{"control character", "active: a\nprofiles:\x01\n", 2, "control character"},
		{"invalid UTF-8", "active: a\n# \xff\n", 2, "not valid UTF-8"},
		{"top level is a list", "- a\n- b\n", 1, "expected settings"},
		{"unknown setting", "version: 1\ncolour: red\n", 2, `unknown setting "colour"`},
		{"unknown profile setting", "profiles:\n  a:\n    " + p + "\n    region: eu\n", 4, `unknown profile setting "region"`},
		{"secret in config", "profiles:\n  a:\n    " + p + "\n    secret: hunter2\n", 4, "secrets do not belong in the config file"},
		{"duplicate profile", "profiles:\n  a:\n    " + p + "\n  a:\n    " + p + "\n", 4, `"a" is set twice (first on line 2)`},
		{"missing project_id", "profiles:\n  a:\n    environment: test\n", 2, `profile "a" has no project_id`},
		{"project_id with a colon", "profiles:\n  a:\n    project_id: a:b\n", 3, "cannot contain ':'"},
		{"project_id with a bidi override", "profiles:\n  a:\n    project_id: project-live-\u202eabc\n", 3, `"project-live-\u202eabc": it cannot contain spaces, control characters or anything but printable ASCII`},
		{"environment mismatch", "profiles:\n  a:\n    " + p + "\n    environment: live\n", 4, "does not match project_id"},
		{"bad environment", "profiles:\n  a:\n    " + p + "\n    environment: staging\n", 4, "environment must be test or live"},
		{"plain http api_url", "profiles:\n  a:\n    " + p + "\n    api_url: http://example.com\n", 4, "refusing plain http://"},
		{"bad secret_storage", "profiles:\n  a:\n    " + p + "\n    secret_storage: vault\n", 4, "secret_storage must be keyring or insecure-file"},
		{"list as project_id", "profiles:\n  a:\n    project_id: [x]\n", 3, "project_id must be a single value"},
		{"profile is a string", "profiles:\n  a: nope\n", 2, `profile "a" must be settings`},
		{"bad profile name", "profiles:\n  \"a b\":\n    " + p + "\n", 2, "invalid profile name"},
		{"demo redefined", "profiles:\n  demo:\n    " + p + "\n", 2, "built-in demo profile"},
		{"active names no profile", "active: ghost\nprofiles:\n  a:\n    " + p + "\n", 1, `active profile "ghost" is not defined`},
		{"newer version", "version: 7\n", 1, "newer stytchctl"},
		{"version not a number", "version: one\n", 1, "version must be a positive whole number"},
		{"two documents", "active: a\n---\nactive: b\n", 2, "more than one YAML document"},
		{"alias", "x: &a 1\n", 1, "unknown setting"},
		{"merge key", "profiles:\n  a: &base\n    " + p + "\n  b:\n    <<: *base\n", 5, "not supported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFile("/cfg/config.yaml", []byte(tc.content))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %T %v, want *FileError", err, err)
			}
			if fe.Path != "/cfg/config.yaml" || fe.Line != tc.line {
				t.Errorf("error at %s:%d, want line %d: %v", fe.Path, fe.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("/cfg/config.yaml:%d: ", tc.line)) {
				t.Errorf("error %q does not start with file:line", err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error echoes a secret: %v", err)
			}
		})
	}
}

func TestSaveCreatesPrivateDirAndFile(t *testing.T) {
	profs := &Profiles{Dir: filepath.Join(t.TempDir(), "a", "stytchctl")}
	f := &File{Active: "x"}
	f.Put(Profile{Name: "x", ProjectID: testID, Storage: StorageKeyring})
	if err := profs.Save(f); err != nil {
		t.Fatal(err)
	}
	assertMode(t, profs.Dir, 0o700)
	assertMode(t, profs.ConfigPath(), 0o600)
	got, err := profs.Load()
	if err != nil || got.Active != "x" {
		t.Fatalf("Load = %+v, %v", got, err)
	}
	// A config that someone loosened is written back private.
	if err := os.Chmod(profs.ConfigPath(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := profs.Save(got); err != nil {
		t.Fatal(err)
	}
	assertMode(t, profs.ConfigPath(), 0o600)
	assertNoTempFiles(t, profs.Dir)
}

func TestLoadMissingIsEmpty(t *testing.T) {
	profs := &Profiles{Dir: filepath.Join(t.TempDir(), "none")}
	f, err := profs.Load()
	if err != nil || f.Active != "" || len(f.Profiles) != 0 {
		t.Fatalf("Load = %+v, %v", f, err)
	}
	if _, err := os.Stat(profs.Dir); !os.IsNotExist(err) {
		t.Errorf("Load created the directory: %v", err)
	}
}

// TestWriteAtomicFailureKeepsOldFile: a write that fails half way leaves
// the previous file exactly as it was, and no temporary file behind.
func TestWriteAtomicFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	writeFile(t, path, "active: old\n")
	err := writeAtomic(path, FilePerm, func(w io.Writer) error {
		if _, err := io.WriteString(w, "active: ne"); err != nil {
			return err
		}
		return errors.New("disk full")
	})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "active: old\n" {
		t.Errorf("file changed to %q", b)
	}
	assertNoTempFiles(t, dir)
}

// TestWriteAtomicReadersSeeWholeFiles: while one goroutine rewrites the
// config over and over, readers only ever see one complete version.
func TestWriteAtomicReadersSeeWholeFiles(t *testing.T) {
	profs := &Profiles{Dir: t.TempDir()}
	versions := make([]*File, 2)
	for i := range versions {
		f := &File{}
		for j := 0; j < 40; j++ {
			f.Put(Profile{Name: fmt.Sprintf("p%d-%d", i, j), ProjectID: testID, Storage: StorageKeyring})
		}
		f.Active = fmt.Sprintf("p%d-0", i)
		versions[i] = f
	}
	if err := profs.Save(versions[0]); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 60; i++ {
			if err := profs.Save(versions[i%2]); err != nil {
				t.Error(err)
				return
			}
		}
		close(stop)
	}()
	reads := 0
	for done := false; !done; {
		select {
		case <-stop:
			done = true
		default:
		}
		f, err := profs.Load()
		if err != nil {
			t.Fatalf("read %d saw a broken file: %v", reads, err)
		}
		if len(f.Profiles) != 40 || (f.Active != "p0-0" && f.Active != "p1-0") {
			t.Fatalf("read %d saw a partial file: %d profiles, active %q", reads, len(f.Profiles), f.Active)
		}
		reads++
	}
	wg.Wait()
	if reads == 0 {
		t.Fatal("no reads happened")
	}
	assertNoTempFiles(t, profs.Dir)
}

func TestDir(t *testing.T) {
	home := func() (string, error) { return "/home/u/.config", nil }
	d, err := Dir(envOf(nil), home)
	if err != nil || d != "/home/u/.config/stytchctl" {
		t.Errorf("Dir = %q, %v", d, err)
	}
	d, err = Dir(envOf(map[string]string{EnvConfigDir: "/srv/cfg"}), home)
	if err != nil || d != "/srv/cfg" {
		t.Errorf("Dir with STYTCHCTL_CONFIG_DIR = %q, %v", d, err)
	}
	d, err = Dir(envOf(map[string]string{EnvConfigDir: "rel"}), home)
	if err != nil || !filepath.IsAbs(d) || filepath.Base(d) != "rel" {
		t.Errorf("relative STYTCHCTL_CONFIG_DIR = %q, %v", d, err)
	}
	_, err = Dir(envOf(nil), func() (string, error) { return "", errors.New("$HOME is not defined") })
	if err == nil || !strings.Contains(err.Error(), "STYTCHCTL_CONFIG_DIR") {
		t.Errorf("no home: %v", err)
	}
}

func TestCheckProfileName(t *testing.T) {
	for _, ok := range []string{"default", "prod-eu", "a", "Team_2.live", strings.Repeat("x", 64)} {
		if err := CheckProfileName(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "-x", ".hidden", "a b", "a/b", "../x", "a:b", strings.Repeat("x", 65), "é"} {
		if err := CheckProfileName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", path, got, want)
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestLoadRefusesAnOversizeFile: a config file over maxConfigFile (a few
// profiles are a few hundred bytes) is a *FileError naming the file, not
// read whole into memory; one at the limit still loads.
func TestLoadRefusesAnOversizeFile(t *testing.T) {
	profs := &Profiles{Dir: t.TempDir()}
	body := "active: a\nprofiles:\n  a:\n    project_id: project-test-00000000-0000-4000-8000-000000000000\n"
	pad := func(n int) string { return body + strings.Repeat("#", n-len(body)-1) + "\n" }
	if err := os.WriteFile(profs.ConfigPath(), []byte(pad(1<<20)), 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err := profs.Load(); err != nil || f.Active != "a" {
		t.Fatalf("a 1 MiB config: %+v, %v", f, err)
	}
	if err := os.WriteFile(profs.ConfigPath(), []byte(pad(1<<20+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := profs.Load()
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != profs.ConfigPath() || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("Load of a config over 1 MiB = %v, want a *FileError saying it is larger than 1 MiB", err)
	}
}
