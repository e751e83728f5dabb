package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	testID     = "project-test-11111111-1111-4111-8111-111111111111"
	liveID     = "project-live-22222222-2222-4222-8222-222222222222"
	envID      = "project-test-33333333-3333-4333-8333-333333333333"
	testSecret = "secret-test-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	liveSecret = "secret-live-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="
	envSecret  = "secret-test-EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE="
)

// fixture is a config directory with two saved profiles, "work" (test,
// keyring) and "prod" (live, insecure file), "work" active. A secrets file
// of its own, outside the config directory, stands in for the OS keyring.
type fixture struct {
	profs   *Profiles
	keyring SecretStore
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	kr := FileStore{Path: filepath.Join(t.TempDir(), "keyring.yaml")}
	profs := &Profiles{Dir: t.TempDir() + "/stytchctl", Keyring: kr}
	work := Profile{Name: "work", ProjectID: testID, Storage: StorageKeyring}
	prod := Profile{Name: "prod", ProjectID: liveID, APIURL: "https://auth.example.com", Storage: StorageInsecureFile}
	f := &File{Active: "work"}
	f.Put(work)
	f.Put(prod)
	if err := profs.Save(f); err != nil {
		t.Fatal(err)
	}
	if err := kr.Set(SecretKey(work), testSecret); err != nil {
		t.Fatal(err)
	}
	if err := profs.Store(StorageInsecureFile).Set(SecretKey(prod), liveSecret); err != nil {
		t.Fatal(err)
	}
	return fixture{profs: profs, keyring: kr}
}

func envOf(m map[string]string) LookupEnv {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// TestResolvePrecedence is the table of DESIGN.md §2: --profile >
// STYTCH_PROJECT_ID+STYTCH_SECRET > STYTCHCTL_PROFILE > active profile.
func TestResolvePrecedence(t *testing.T) {
	envPair := map[string]string{EnvProjectID: envID, EnvSecret: envSecret}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	cases := []struct {
		name    string
		flag    string
		env     map[string]string
		active  string // "" keeps the fixture's "work"; "-" clears it
		project string
		secret  string
		source  Source
		via     string
		baseURL string
	}{
		{name: "active profile when nothing else", project: testID, secret: testSecret, source: SourceKeyring, via: ViaActive, baseURL: TestBaseURL},
		{name: "STYTCHCTL_PROFILE beats active", env: map[string]string{EnvProfile: "prod"}, project: liveID, secret: liveSecret, source: SourceInsecureFile, via: ViaEnvProfile, baseURL: "https://auth.example.com"},
		{name: "env pair beats STYTCHCTL_PROFILE and active", env: with(envPair, EnvProfile, "prod"), project: envID, secret: envSecret, source: SourceEnv, baseURL: TestBaseURL},
		{name: "--profile beats env pair", flag: "prod", env: with(envPair, EnvProfile, "work"), project: liveID, secret: liveSecret, source: SourceInsecureFile, via: ViaFlag, baseURL: "https://auth.example.com"},
		{name: "--profile beats a half-set env", flag: "work", env: map[string]string{EnvProjectID: envID}, project: testID, secret: testSecret, source: SourceKeyring, via: ViaFlag, baseURL: TestBaseURL},
		{name: "--profile demo", flag: "demo", env: envPair, source: SourceDemo, via: ViaFlag},
		{name: "STYTCHCTL_PROFILE=demo", env: map[string]string{EnvProfile: "demo"}, source: SourceDemo, via: ViaEnvProfile},
		{name: "STYTCHCTL_API_URL overrides the profile's URL", flag: "prod", env: map[string]string{EnvAPIURL: "http://127.0.0.1:9"}, project: liveID, secret: liveSecret, source: SourceInsecureFile, via: ViaFlag, baseURL: "http://127.0.0.1:9"},
		{name: "env pair with a live ID goes to the live host", env: map[string]string{EnvProjectID: liveID, EnvSecret: liveSecret}, project: liveID, secret: liveSecret, source: SourceEnv, baseURL: LiveBaseURL},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t)
			r := Resolver{Env: envOf(tc.env), Profiles: func() (*Profiles, error) { return fx.profs, nil }}
			c, err := r.Resolve(Request{Profile: tc.flag})
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if tc.source == SourceDemo {
				if !c.Demo || c.Via != tc.via || c.Profile != DemoProfile {
					t.Errorf("got %+v, want the demo profile via %s", c, tc.via)
				}
				return
			}
			if c.ProjectID != tc.project || c.Secret != tc.secret || c.Source != tc.source || c.Via != tc.via || c.BaseURL != tc.baseURL {
				t.Errorf("got project %s secret-ok=%v source %q via %q url %s; want %s %q %q %s",
					c.ProjectID, c.Secret == tc.secret, c.Source, c.Via, c.BaseURL, tc.project, tc.source, tc.via, tc.baseURL)
			}
			if tc.source == SourceInsecureFile && c.SecretPath != fx.profs.InsecurePath() {
				t.Errorf("SecretPath = %q", c.SecretPath)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	cases := []struct {
		name     string
		flag     string
		env      map[string]string
		setup    func(fx fixture)
		wantType string // "usage", "credentials", "file"
		want     []string
	}{
		{name: "project ID without secret", env: map[string]string{EnvProjectID: envID}, wantType: "credentials", want: []string{"STYTCH_SECRET is not"}},
		{name: "secret without project ID", env: map[string]string{EnvSecret: envSecret}, wantType: "credentials", want: []string{"STYTCH_PROJECT_ID is not"}},
		{name: "half-set env is an error even with an active profile", env: map[string]string{EnvSecret: envSecret, EnvProfile: "work"}, wantType: "credentials", want: []string{"STYTCH_PROJECT_ID is not"}},
		{name: "unknown --profile", flag: "nope", wantType: "credentials", want: []string{`profile "nope" not found`, "auth login --profile nope", "prod, work"}},
		{name: "unknown STYTCHCTL_PROFILE", env: map[string]string{EnvProfile: "nope"}, wantType: "credentials", want: []string{"STYTCHCTL_PROFILE=nope", "not found"}},
		{name: "malformed --profile", flag: "../etc", wantType: "usage", want: []string{"invalid profile name"}},
		{name: "malformed STYTCHCTL_PROFILE", env: map[string]string{EnvProfile: "a b"}, wantType: "credentials", want: []string{"STYTCHCTL_PROFILE", "invalid profile name"}},
		{name: "no active profile", setup: func(fx fixture) {
			f, _ := fx.profs.Load()
			f.Active = ""
			_ = fx.profs.Save(f)
		}, wantType: "credentials", want: []string{"no profile is active", "auth switch", "prod, work"}},
		{name: "nothing saved at all", setup: func(fx fixture) {
			_ = fx.profs.Save(&File{})
		}, wantType: "credentials", want: []string{"no Stytch credentials found", "auth login", "STYTCH_PROJECT_ID", "--profile demo"}},
		{name: "secret missing from the keyring", setup: func(fx fixture) {
			_ = fx.keyring.Delete("work:" + testID)
		}, wantType: "credentials", want: []string{`profile "work" has no secret in the OS keyring`, "auth login --profile work --project-id " + testID}},
		{name: "corrupt config", setup: func(fx fixture) {
			writeFile(t, fx.profs.ConfigPath(), "active: work\nprofiles:\n  work: [\n")
		}, wantType: "file", want: []string{"config.yaml:3", "not valid YAML"}},
		{name: "STYTCH_PROJECT_ID with a colon", env: map[string]string{EnvProjectID: "project-test-a:b", EnvSecret: envSecret}, wantType: "credentials",
			want: []string{`STYTCH_PROJECT_ID: invalid project ID "project-test-a:b": it cannot contain ':'`, "set STYTCH_PROJECT_ID to the project ID"}},
		{name: "STYTCH_PROJECT_ID with an escape sequence", env: map[string]string{EnvProjectID: "project-test-\x1b[31mred", EnvSecret: envSecret}, wantType: "credentials",
			want: []string{`STYTCH_PROJECT_ID: invalid project ID "project-test-\x1b[31mred": it cannot contain spaces, control characters or anything but printable ASCII`}},
		{name: "STYTCH_PROJECT_ID wins over an active profile even when invalid", env: map[string]string{EnvProjectID: "a b", EnvSecret: envSecret}, wantType: "credentials",
			want: []string{`STYTCH_PROJECT_ID: invalid project ID "a b"`}},
		{name: "invalid STYTCHCTL_API_URL", env: map[string]string{EnvAPIURL: "http://example.com"}, wantType: "usage", want: []string{"refusing plain http://"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t)
			if tc.setup != nil {
				tc.setup(fx)
			}
			r := Resolver{Env: envOf(tc.env), Profiles: func() (*Profiles, error) { return fx.profs, nil }}
			c, err := r.Resolve(Request{Profile: tc.flag})
			if err == nil {
				t.Fatalf("no error; got %v", c)
			}
			var ue *UsageError
			var ce *CredentialsError
			var fe *FileError
			ok := map[string]bool{"usage": errors.As(err, &ue), "credentials": errors.As(err, &ce), "file": errors.As(err, &fe)}[tc.wantType]
			if !ok {
				t.Errorf("error %T (%v), want a %s error", err, err, tc.wantType)
			}
			text := err.Error()
			if ce != nil {
				text += "\n" + ce.Hint
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("error lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, testSecret) || strings.Contains(text, envSecret) {
				t.Errorf("error shows a secret: %s", text)
			}
		})
	}
}

// TestResolveEnvNeverOpensProfiles: credentials from the environment (and
// the demo) never read the config file or the keyring.
func TestResolveEnvNeverOpensProfiles(t *testing.T) {
	opened := 0
	r := Resolver{
		Env:      envOf(map[string]string{EnvProjectID: envID, EnvSecret: envSecret}),
		Profiles: func() (*Profiles, error) { opened++; return nil, errors.New("must not be called") },
	}
	if _, err := r.Resolve(Request{}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve(Request{Profile: DemoProfile}); err != nil {
		t.Fatal(err)
	}
	if opened != 0 {
		t.Errorf("config opened %d times", opened)
	}
}

// TestResolvePublicReadsNoSecret: ResolvePublic gives the project and the
// base URL of what Resolve would choose (a profile's saved api_url
// included) without touching the keyring or the secrets file.
func TestResolvePublicReadsNoSecret(t *testing.T) {
	fx := newFixture(t)
	fx.profs.Keyring = failingStore{err: errors.New("the keyring must not be read")}
	if err := os.Remove(fx.profs.InsecurePath()); err != nil {
		t.Fatal(err)
	}
	r := Resolver{Env: envOf(nil), Profiles: func() (*Profiles, error) { return fx.profs, nil }}
	for _, tc := range []struct {
		req              Request
		project, baseURL string
	}{
		{Request{}, testID, TestBaseURL},
		{Request{Profile: "prod"}, liveID, "https://auth.example.com"},
		{Request{Profile: "prod", APIURL: "https://proxy.example.com"}, liveID, "https://proxy.example.com"},
	} {
		c, err := r.ResolvePublic(tc.req)
		if err != nil || c.ProjectID != tc.project || c.BaseURL != tc.baseURL || c.Secret != "" {
			t.Errorf("ResolvePublic(%+v) = %+v, %v; want %s at %s, no secret", tc.req, c, err, tc.project, tc.baseURL)
		}
	}
	env := Resolver{Env: envOf(map[string]string{EnvProjectID: envID, EnvSecret: envSecret})}
	if c, err := env.ResolvePublic(Request{}); err != nil || c.ProjectID != envID || c.Secret != "" {
		t.Errorf("from the environment: %+v, %v", c, err)
	}
}

func TestResolveKeyringUnreachable(t *testing.T) {
	fx := newFixture(t)
	fx.profs.Keyring = failingStore{err: &KeyringError{Op: "reading from", Backend: "Secret Service over D-Bus", Timeout: 5 * time.Second}}
	r := Resolver{Env: envOf(nil), Profiles: func() (*Profiles, error) { return fx.profs, nil }}
	_, err := r.Resolve(Request{})
	var ce *CredentialsError
	var ke *KeyringError
	if !errors.As(err, &ce) || !errors.As(err, &ke) {
		t.Fatalf("got %T %v, want a CredentialsError wrapping the KeyringError", err, err)
	}
	for _, w := range []string{`profile "work"`, "no answer within 5s"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
	for _, w := range []string{"export STYTCH_PROJECT_ID=" + testID, "--insecure-storage", "auth doctor"} {
		if !strings.Contains(ce.Hint, w) {
			t.Errorf("hint lacks %q:\n%s", w, ce.Hint)
		}
	}
}

func TestSelectReadsNoSecret(t *testing.T) {
	fx := newFixture(t)
	fx.profs.Keyring = failingStore{err: errors.New("keyring must not be read")}
	r := Resolver{Env: envOf(nil), Profiles: func() (*Profiles, error) { return fx.profs, nil }}
	sel, err := r.Select(Request{})
	if err != nil || sel.Env || sel.Profile != "work" || sel.Via != ViaActive {
		t.Errorf("Select = %+v, %v", sel, err)
	}
}

func TestMask(t *testing.T) {
	if got := Mask(testSecret); got != "secr********A=" || strings.Contains(got, "AAAA") {
		t.Errorf("Mask = %q", got)
	}
	if got := Mask("short"); got != "*****" {
		t.Errorf("Mask(short) = %q", got)
	}
}

// failingStore is a SecretStore whose every call fails with err.
type failingStore struct{ err error }

func (s failingStore) Get(string) (string, error) { return "", s.err }
func (s failingStore) Set(string, string) error   { return s.err }
func (s failingStore) Delete(string) error        { return s.err }
