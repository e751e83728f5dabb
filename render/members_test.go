package render

import "testing"

func TestWithoutMembersKeepsTheRestByteForByte(t *testing.T) {
	in := `{"request_id":"r-1","user_id":"u",  "n":1.50,"e":{},"z":[],"f":false,"s":"","x":null,"status_code":200}`
	got, err := WithoutMembers([]byte(in), "request_id", "status_code")
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"user_id":"u","n":1.50,"e":{},"z":[],"f":false,"s":"","x":null}`; string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{`[]`, `{"a":1} {}`, `{"a":`} {
		if _, err := WithoutMembers([]byte(bad), "a"); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
