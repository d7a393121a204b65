package facts

import (
	"strings"
	"testing"
)

func TestMentionsNeedTheTitleAsWritten(t *testing.T) {
	m := testMatcher(t)
	for text, want := range map[string]string{
		"characters who can convince audiences of their drive and motivation":          "",
		"Director Lee Chung-hyun drew inspiration from films like Drive and Good Time": "lee-chung-hyun drive good-time",
	} {
		if got := strings.Join(m.mentions(text), " "); got != want {
			t.Errorf("mentions(%q) = %q, want %q", text, got, want)
		}
	}
	if r := m.Reply("who directed drive"); r.Found() {
		t.Errorf("who directed drive: answered %+v; no article says", r.Parts)
	}
}
