package facts

import (
	"strings"
	"testing"
)

func TestBareFollowUp(t *testing.T) {
	m := testMatcher(t)
	for q, parts := range map[string]int{
		"lee chung-hyung directed it right? what else did he make": 2, // he is Lee
		"the gun sellers are old people?? who are they exactly":    1, // asks nothing new
		"what do ok-ju and min-hee do together":                    1,
	} {
		if got := len(m.Reply(q).Parts); got != parts {
			t.Errorf("%q: %d parts, want %d", q, got, parts)
		}
	}
}

func TestSplitAlike(t *testing.T) {
	m := testMatcher(t)
	r := m.Reply("okju's last name and min-hee's last name?")
	if len(r.Parts) != 2 || !r.Parts[0].Found || !r.Parts[1].Found {
		t.Fatalf("got %+v, want two answered parts", r.Parts)
	}
	if !strings.Contains(r.Parts[0].Facts[0].Text, "Jang") || !strings.Contains(r.Parts[1].Facts[0].Text, "Choi Min-hee") {
		t.Errorf("got %q and %q, want Ok-ju's and Min-hee's full names", r.Parts[0].Facts[0].Text, r.Parts[1].Facts[0].Text)
	}
}
