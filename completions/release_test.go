package completions

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/stytchctl/stytchctl/cmd"
)

// goreleaserConfig is the part of .goreleaser.yaml these tests read.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		Main    string   `yaml:"main"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		Files []yaml.Node `yaml:"files"`
	} `yaml:"archives"`
	Nfpms []struct {
		Formats  []string `yaml:"formats"`
		Contents []struct {
			Src string `yaml:"src"`
			Dst string `yaml:"dst"`
		} `yaml:"contents"`
	} `yaml:"nfpms"`
	HomebrewCasks []struct {
		Manpages []string `yaml:"manpages"`
	} `yaml:"homebrew_casks"`
	Before struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
}

func readGoreleaser(t *testing.T) goreleaserConfig {
	t.Helper()
	b, err := os.ReadFile("../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	return c
}

// TestGoreleaserConfigMatchesTheRepository checks what `goreleaser check`
// cannot: the files the archives and packages ship exist (or are made by
// the before hook), every shell's completion and every man page is
// installed, and the builds are the six CGO-free targets.
func TestGoreleaserConfigMatchesTheRepository(t *testing.T) {
	c := readGoreleaser(t)
	if c.Version != 2 || len(c.Builds) != 1 {
		t.Fatalf("want version 2 and one build, got %d and %d", c.Version, len(c.Builds))
	}
	b := c.Builds[0]
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("build env %v lacks CGO_ENABLED=0", b.Env)
	}
	if !slices.Equal(b.Goos, []string{"linux", "darwin", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("targets %v × %v", b.Goos, b.Goarch)
	}
	generated := "completions/man/"
	if len(c.Before.Hooks) == 0 || !strings.Contains(c.Before.Hooks[0], "go run ./completions/gen -man completions/man") {
		t.Errorf("no before hook generates the man pages: %v", c.Before.Hooks)
	}
	exists := func(what, src string) {
		if strings.HasPrefix(src, generated) {
			return
		}
		if _, err := os.Stat(filepath.Join("..", src)); err != nil {
			t.Errorf("%s ships %s, which does not exist", what, src)
		}
	}
	var archived []string
	for _, f := range c.Archives[0].Files {
		src := f.Value
		if f.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(f.Content); i += 2 {
				if f.Content[i].Value == "src" {
					src = f.Content[i+1].Value
				}
			}
		}
		archived = append(archived, src)
		exists("the archive", src)
	}
	for _, shell := range []string{"stytchctl.bash", "_stytchctl", "stytchctl.fish", "stytchctl.ps1"} {
		if !slices.Contains(archived, "completions/"+shell) {
			t.Errorf("archives lack completions/%s", shell)
		}
	}
	for _, want := range []string{"README.md", "LICENSE", "completions/man/*.1.gz"} {
		if !slices.Contains(archived, want) {
			t.Errorf("archives lack %s", want)
		}
	}
	// The cask lists its man pages one by one: every page the command
	// tree makes, which the archive holds under manpages/.
	pages, err := ManPages(cmd.CommandTree(cmd.BuildInfo{Version: "t"}), ManHeader("t", time.Unix(0, 0)))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for name := range pages {
		want = append(want, "manpages/"+name)
	}
	slices.Sort(want)
	if got := slices.Sorted(slices.Values(c.HomebrewCasks[0].Manpages)); !slices.Equal(got, want) {
		t.Errorf("the Homebrew cask installs the man pages\n%v\nbut the command tree has\n%v", got, want)
	}
	n := c.Nfpms[0]
	if !slices.Equal(n.Formats, []string{"deb", "rpm"}) {
		t.Errorf("nfpm formats %v", n.Formats)
	}
	dsts := map[string]bool{}
	for _, ct := range n.Contents {
		exists("the packages", ct.Src)
		dsts[ct.Dst] = true
	}
	for _, want := range []string{
		"/usr/share/bash-completion/completions/stytchctl",
		"/usr/share/zsh/vendor-completions/_stytchctl",
		"/usr/share/zsh/site-functions/_stytchctl",
		"/usr/share/fish/vendor_completions.d/stytchctl.fish",
		"/usr/share/man/man1/",
	} {
		if !dsts[want] {
			t.Errorf("packages do not install %s", want)
		}
	}
}

// TestReleaseLdflagsStampVersion builds the binary with the ldflags of
// .goreleaser.yaml (template values filled in) and checks that `stytchctl
// version` shows them: a renamed variable in main.go would otherwise only
// show up as "dev" in a release.
func TestReleaseLdflagsStampVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	c := readGoreleaser(t)
	values := map[string]string{".Version": "9.8.7", ".Commit": "0123abcd", ".CommitDate": "2026-06-04T10:00:00Z"}
	tmpl := regexp.MustCompile(`\{\{\s*(\.[A-Za-z]+)\s*\}\}`)
	var unknown []string
	ldflags := tmpl.ReplaceAllStringFunc(strings.Join(c.Builds[0].Ldflags, " "), func(m string) string {
		key := tmpl.FindStringSubmatch(m)[1]
		v, ok := values[key]
		if !ok {
			unknown = append(unknown, key)
		}
		return v
	})
	if len(unknown) > 0 {
		t.Fatalf("ldflags use template values this test does not fill: %v", unknown)
	}
	bin := filepath.Join(t.TempDir(), "stytchctl")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -ldflags %q: %v\n%s", ldflags, err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("stytchctl version: %v", err)
	}
	for _, want := range []string{"stytchctl 9.8.7\n", "commit: 0123abcd\n", "built: 2026-06-04T10:00:00Z\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("stytchctl version lacks %q:\n%s", want, out)
		}
	}
}
