package config

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fileVersion is the format version written to the config file. A file
// with a higher version was written by a newer stytchctl and is refused
// rather than half understood.
const fileVersion = 1

// Storage says where a profile's secret is kept.
type Storage string

// The places a profile's secret can be kept.
const (
	// StorageKeyring is the OS keyring: Keychain on macOS, Credential
	// Manager on Windows, the Secret Service over D-Bus elsewhere.
	StorageKeyring Storage = "keyring"
	// StorageInsecureFile is the 0600 file of --insecure-storage.
	StorageInsecureFile Storage = "insecure-file"
)

// Profile is one saved set of credentials, minus the secret.
type Profile struct {
	Name      string
	ProjectID string
	// APIURL is the base URL saved with --api-url, or "" for the one that
	// the project ID implies.
	APIURL string
	// Storage says where the secret is.
	Storage Storage
}

// Environment is "live" or "test".
func (p Profile) Environment() string { return environmentOf(p.ProjectID) }

// BaseURL is the API base URL the profile talks to when nothing overrides it.
func (p Profile) BaseURL() string {
	if p.APIURL != "" {
		return p.APIURL
	}
	return BaseURLFor(p.ProjectID)
}

func environmentOf(projectID string) string {
	if IsLive(projectID) {
		return "live"
	}
	return "test"
}

// File is the content of the config file: the saved profiles and which one
// is active. The zero value is an empty config.
type File struct {
	// Active is the name of the active profile, or "".
	Active   string
	Profiles map[string]Profile
	// GeoIPDB is the geoip_db setting: MaxMind DB files (a city file, an
	// ASN file) that commands showing IP locations read when neither
	// --geoip-db nor STYTCHCTL_GEOIP_DB names any. In the file it is a
	// list, or one ':'-separated string.
	GeoIPDB []string
}

// Names returns the profile names, sorted.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Put adds or replaces a profile.
func (f *File) Put(p Profile) {
	if f.Profiles == nil {
		f.Profiles = make(map[string]Profile)
	}
	f.Profiles[p.Name] = p
}

// FileError is a config or secrets file that cannot be used: it names the
// file and, when known, the line, so the user can fix it by hand.
type FileError struct {
	Path string
	// Line is 1-based; 0 when the problem is not on one line.
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// profileNameRE is the alphabet of profile names, compiled on first use;
// their length is checked apart (a counted repetition such as {0,63}
// compiles into 63 copies).
var profileNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`) })

// CheckProfileName validates a profile name: 1–64 characters of A-Z a-z
// 0-9 . _ -, starting with a letter or digit.
func CheckProfileName(name string) error {
	if len(name) > 64 || !profileNameRE().MatchString(name) {
		return &UsageError{Msg: fmt.Sprintf("invalid profile name %q: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)}
	}
	return nil
}

// CheckProjectID validates a project ID enough to be safe as a Basic-auth
// user name: not empty, no colon, no spaces or control characters.
func CheckProjectID(id string) error {
	switch {
	case id == "":
		return &UsageError{Msg: "the project ID is empty"}
	case strings.ContainsRune(id, ':'):
		return &UsageError{Msg: fmt.Sprintf("invalid project ID %q: it cannot contain ':'", id)}
	case strings.IndexFunc(id, func(r rune) bool { return r <= ' ' || r >= 0x7f }) >= 0:
		// Project IDs are ASCII: anything else (a bidi override, a
		// zero-width space) would let the ID a LIVE confirmation shows
		// differ from the one used. %+q shows it escaped.
		return &UsageError{Msg: fmt.Sprintf("invalid project ID %+q: it cannot contain spaces, control characters or anything but printable ASCII", id)}
	case len(id) > 200:
		return &UsageError{Msg: "invalid project ID: longer than 200 characters"}
	}
	return nil
}

// fileHeader starts every config file stytchctl writes.
const fileHeader = `# stytchctl profiles, written by "stytchctl auth login" and "auth switch".
# No secret is kept here: secret_storage says where each profile's secret is.
`

// Marshal renders f in the config file's YAML format.
func (f *File) Marshal() []byte {
	type profileDoc struct {
		ProjectID     string  `yaml:"project_id"`
		Environment   string  `yaml:"environment"`
		APIURL        string  `yaml:"api_url,omitempty"`
		SecretStorage Storage `yaml:"secret_storage"`
	}
	type doc struct {
		Version  int                   `yaml:"version"`
		Active   string                `yaml:"active,omitempty"`
		Profiles map[string]profileDoc `yaml:"profiles,omitempty"`
		GeoIPDB  []string              `yaml:"geoip_db,omitempty"`
	}
	d := doc{Version: fileVersion, Active: f.Active, GeoIPDB: f.GeoIPDB}
	if len(f.Profiles) > 0 {
		d.Profiles = make(map[string]profileDoc, len(f.Profiles))
		for n, p := range f.Profiles {
			d.Profiles[n] = profileDoc{ProjectID: p.ProjectID, Environment: p.Environment(), APIURL: p.APIURL, SecretStorage: p.Storage}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(fileHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	// Encoding plain strings, ints and maps cannot fail.
	_ = enc.Encode(d)
	_ = enc.Close()
	return buf.Bytes()
}

// ParseFile reads a config file's content. path is used only in errors. An
// empty content is an empty config. Every problem is a *FileError with
// the line to fix.
func ParseFile(path string, data []byte) (*File, error) {
	root, err := parseYAML(path, data)
	if err != nil || root == nil {
		return &File{}, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, lineError(path, root, "expected settings (key: value), found %s", kindName(root))
	}
	p := &fileParser{path: path, f: &File{}}
	if err := eachPair(path, root, p.setting); err != nil {
		return nil, err
	}
	if err := p.checkActive(); err != nil {
		return nil, err
	}
	return p.f, nil
}

// fileParser is what ParseFile has read so far.
type fileParser struct {
	path string
	f    *File
	// activeNode is where active was set, for an error about it.
	activeNode *yaml.Node
}

// setting reads one top-level setting: version, active or profiles.
func (p *fileParser) setting(k, v *yaml.Node) error {
	switch k.Value {
	case "version":
		return p.version(v)
	case "active":
		s, err := scalar(p.path, v, "active")
		if err != nil {
			return err
		}
		p.f.Active, p.activeNode = s, v
		return nil
	case "profiles":
		return p.profiles(v)
	case "geoip_db":
		return p.geoIPDB(v)
	}
	return lineError(p.path, k, "unknown setting %q (known: version, active, profiles, geoip_db)", k.Value)
}

// version accepts a positive whole number no newer than fileVersion.
func (p *fileParser) version(v *yaml.Node) error {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil || n < 1 {
		return lineError(p.path, v, "version must be a positive whole number, found %s", describe(v))
	}
	if n > fileVersion {
		return lineError(p.path, v, "version %d was written by a newer stytchctl; this one reads version %d (upgrade stytchctl)", n, fileVersion)
	}
	return nil
}

// profiles reads the profiles map; an empty one is no profiles.
func (p *fileParser) profiles(v *yaml.Node) error {
	if v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "") {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return lineError(p.path, v, "profiles must map profile names to settings, found %s", describe(v))
	}
	return eachPair(p.path, v, func(nk, nv *yaml.Node) error {
		prof, err := parseProfile(p.path, nk, nv)
		if err != nil {
			return err
		}
		p.f.Put(prof)
		return nil
	})
}

// geoIPDB reads geoip_db: a list of paths, or one ':'-separated string.
func (p *fileParser) geoIPDB(v *yaml.Node) error {
	var paths []string
	switch v.Kind {
	case yaml.ScalarNode:
		paths = filepath.SplitList(v.Value)
	case yaml.SequenceNode:
		for _, item := range v.Content {
			s, err := scalar(p.path, item, "each geoip_db entry")
			if err != nil {
				return err
			}
			paths = append(paths, s)
		}
	default:
		return lineError(p.path, v, "geoip_db must be a list of .mmdb files or one ':'-separated string, found %s", describe(v))
	}
	p.f.GeoIPDB = paths
	return nil
}

// checkActive requires the active profile, unless it is the built-in demo,
// to be one of the profiles read.
func (p *fileParser) checkActive() error {
	if p.f.Active == "" || p.f.Active == DemoProfile {
		return nil
	}
	if _, ok := p.f.Profiles[p.f.Active]; !ok {
		return lineError(p.path, p.activeNode, "active profile %q is not defined under profiles", p.f.Active)
	}
	return nil
}

// lineError is a problem on n's line of the config file at path.
func lineError(path string, n *yaml.Node, format string, args ...any) error {
	return &FileError{Path: path, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

// parseProfile reads the profile nameNode names from its settings v: a
// project_id is required, environment must agree with it, and a secret is
// refused with the command that stores it properly.
func parseProfile(path string, nameNode, v *yaml.Node) (Profile, error) {
	ferr := func(n *yaml.Node, format string, args ...any) error { return lineError(path, n, format, args...) }
	name := nameNode.Value
	if err := CheckProfileName(name); err != nil {
		return Profile{}, ferr(nameNode, "%v", err)
	}
	if name == DemoProfile {
		return Profile{}, ferr(nameNode, "%q is the built-in demo profile and cannot be redefined", name)
	}
	if v.Kind != yaml.MappingNode {
		return Profile{}, ferr(v, "profile %q must be settings (key: value), found %s", name, describe(v))
	}
	p := Profile{Name: name, Storage: StorageKeyring}
	var envNode, idNode *yaml.Node
	env := ""
	err := eachPair(path, v, func(k, val *yaml.Node) error {
		s, err := scalar(path, val, k.Value)
		if err != nil {
			return err
		}
		switch k.Value {
		case "project_id":
			if err := CheckProjectID(s); err != nil {
				return ferr(val, "%v", err)
			}
			p.ProjectID, idNode = s, val
		case "environment":
			if s != "test" && s != "live" {
				return ferr(val, "environment must be test or live, found %q", s)
			}
			env, envNode = s, val
		case "api_url":
			if s == "" {
				return nil
			}
			u, err := CheckBaseURL(s)
			if err != nil {
				return ferr(val, "%v", err)
			}
			p.APIURL = u
		case "secret_storage":
			switch Storage(s) {
			case StorageKeyring, StorageInsecureFile:
				p.Storage = Storage(s)
			default:
				return ferr(val, "secret_storage must be %s or %s, found %q", StorageKeyring, StorageInsecureFile, s)
			}
		case "secret", "project_secret":
			return ferr(k, "secrets do not belong in the config file: remove this line and run stytchctl auth login --profile %s", name)
		default:
			return ferr(k, "unknown profile setting %q (known: project_id, environment, api_url, secret_storage)", k.Value)
		}
		return nil
	})
	if err != nil {
		return Profile{}, err
	}
	if idNode == nil {
		return Profile{}, ferr(nameNode, "profile %q has no project_id", name)
	}
	if env != "" && env != p.Environment() {
		return Profile{}, ferr(envNode, "environment %q does not match project_id %s (a %s project)", env, p.ProjectID, p.Environment())
	}
	return p, nil
}

var yamlLineErr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// parseYAML parses data into its root node, or nil for an empty document.
// Problems that the YAML parser reports without a line (control
// characters, invalid UTF-8) are found first, so every error has one.
func parseYAML(path string, data []byte) (*yaml.Node, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			return nil, &FileError{Path: path, Line: i + 1, Msg: "not valid UTF-8 text"}
		}
		if j := bytes.IndexFunc(line, func(r rune) bool {
			return (r < 0x20 && r != '\t' && r != '\r') || r == 0x7f || r == '\uFEFF'
		}); j >= 0 {
			r, _ := utf8.DecodeRune(line[j:])
			return nil, &FileError{Path: path, Line: i + 1, Msg: fmt.Sprintf("control character %q at column %d", r, j+1)}
		}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := yamlLineErr().FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return nil, &FileError{Path: path, Line: line, Msg: "not valid YAML: " + msg}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, &FileError{Path: path, Line: extra.Line, Msg: "more than one YAML document ('---'); keep one"}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	return root, nil
}

// eachPair calls fn for each key and value of a mapping node, refusing
// duplicate and non-string keys and YAML aliases.
func eachPair(path string, m *yaml.Node, fn func(k, v *yaml.Node) error) error {
	seen := make(map[string]int)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &FileError{Path: path, Line: k.Line, Msg: "expected a name before ':', found " + kindName(k)}
		}
		if k.Value == "<<" || v.Kind == yaml.AliasNode {
			return &FileError{Path: path, Line: k.Line, Msg: "YAML anchors, aliases and merge keys are not supported here"}
		}
		if first, dup := seen[k.Value]; dup {
			return &FileError{Path: path, Line: k.Line, Msg: fmt.Sprintf("%q is set twice (first on line %d)", k.Value, first)}
		}
		seen[k.Value] = k.Line
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// scalar returns a node's string value, refusing lists and maps.
func scalar(path string, n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", &FileError{Path: path, Line: n.Line, Msg: fmt.Sprintf("%s must be a single value, found %s", key, kindName(n))}
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return n.Value, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	default:
		return "a value"
	}
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return kindName(n)
}
