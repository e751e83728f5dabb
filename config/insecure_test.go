package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cfg")
	s := FileStore{Path: filepath.Join(dir, InsecureSecretsFileName)}
	if _, err := s.Get("a"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get on no file: %v", err)
	}
	tricky := `secret-test-"quoted"\back\slash: #not-a-comment ünï`
	if err := s.Set("a:"+testID, testSecret); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("b:"+liveID, tricky); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, 0o700)
	assertMode(t, s.Path, 0o600)
	b, _ := os.ReadFile(s.Path)
	if !strings.Contains(string(b), testSecret) || !strings.Contains(string(b), "NOT ENCRYPTED") {
		t.Errorf("file content:\n%s", b)
	}
	for key, want := range map[string]string{"a:" + testID: testSecret, "b:" + liveID: tricky} {
		if got, err := s.Get(key); err != nil || got != want {
			t.Errorf("Get(%s) = %q, %v", key, got, err)
		}
	}
	if err := s.Delete("a:" + testID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("a:" + testID); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("second Delete: %v", err)
	}
	if err := s.Delete("b:" + liveID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path); !os.IsNotExist(err) {
		t.Errorf("file left after its last secret was deleted: %v", err)
	}
	assertNoTempFiles(t, dir)
}

func TestFileStoreRefusesLoosePermissions(t *testing.T) {
	s := FileStore{Path: filepath.Join(t.TempDir(), InsecureSecretsFileName)}
	if err := s.Set("a", testSecret); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(s.Path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := s.Get("a")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "mode 0644") || !strings.Contains(err.Error(), "chmod 600 "+s.Path) {
		t.Fatalf("got %v", err)
	}
	if err := s.Set("b", "x"); err == nil {
		t.Error("Set wrote to a file others can read")
	}
}

func TestFileStoreCorruptNamesLineNotSecret(t *testing.T) {
	s := FileStore{Path: filepath.Join(t.TempDir(), InsecureSecretsFileName)}
	writeFile(t, s.Path, "secrets:\n  a: "+testSecret+"\n  b: [oops, "+liveSecret+"]\n")
	_, err := s.Get("a")
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 3 {
		t.Fatalf("got %v, want a FileError on line 3", err)
	}
	if strings.Contains(err.Error(), liveSecret) || strings.Contains(err.Error(), testSecret) {
		t.Errorf("error quotes a secret: %v", err)
	}
}
