package facts

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

func TestReplyGivesATopicsOverview(t *testing.T) {
	// A question that is only a topic gets its first facts; for the plot,
	// the premise, free of spoilers.
	for q, want := range map[string][]string{
		"who's in the cast": {"cast-jeon-jong-seo-ok-ju", "cast-park-yu-rim-min-hee", "cast-kim-ji-hoon-choi"},
		"cast?":             {"cast-jeon-jong-seo-ok-ju", "cast-park-yu-rim-min-hee", "cast-kim-ji-hoon-choi"},
		"plot?":             {"genre-revenge-thriller", "premise-former-bodyguard", "premise-gang-sex-slavery"},
	} {
		r := testMatcher(t).Reply(q)
		var got []string
		for _, p := range r.Parts {
			for _, f := range p.Facts {
				got = append(got, f.ID)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", q, diff)
		}
	}
}

func TestReplyGivesACharactersCardForTheirRole(t *testing.T) {
	// A character's role in the story is who they are: their card, when
	// no fact says it beside another character.
	r := testMatcher(t).Reply("what is ok-ju's role in the story")
	if len(r.Parts) != 1 || r.Parts[0].Person == nil || r.Parts[0].Person.ID != "ok-ju" {
		t.Errorf("got %+v, want Ok-ju's card", r.Parts)
	}
}
