package facts

import (
	"strings"
	"testing"
)

func TestPair(t *testing.T) {
	m := testMatcher(t)
	if got := strings.Join(m.pair, " "); got != "ok-ju min-hee" {
		t.Errorf("pair = %q, want the protagonist and the ballerina", got)
	}
	for q, want := range map[string]string{
		"where did the two girls meet again": "where did the meet again",
		"what did both women do":             "what did do",
		"the two guns":                       "",
		"where did the girls meet again":     "where did meet again", // girls who meet are the two
		"who are the girls choi films":       "",
	} {
		rest, ok := namesPair(strings.Fields(q))
		if got := strings.Join(rest, " "); ok != (want != "") || ok && got != want {
			t.Errorf("namesPair(%q) = %q, %v; want %q", q, got, ok, want)
		}
	}
	r := m.Reply("where did the two girls meet again")
	if !r.Found() || !strings.Contains(r.Parts[0].Facts[0].Text, "cake shop") {
		t.Errorf("got %+v, want the cake shop", r.Parts)
	}
}
