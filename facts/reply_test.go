package facts

import (
	"strings"
	"testing"
)

func TestReplyPronounFromStatement(t *testing.T) {
	m := testMatcher(t)
	r := m.Reply("omg jeon jong-seo ate this role. is it true she n the director r together??")
	if !r.Found() || !strings.Contains(r.Parts[0].Facts[0].Text, "dating") {
		t.Errorf("got %+v, want the fact that they are dating", r.Parts)
	}
}

func TestBareFollowUp(t *testing.T) {
	m := testMatcher(t)
	r := m.Reply("lee chung-hyung directed it right? what else did he make")
	if len(r.Parts) != 2 || r.Parts[1].Person == nil || r.Parts[1].Person.ID != "lee-chung-hyun" {
		t.Errorf("what else did he make: got %+v, want a second part with Lee's card and his other work", r.Parts)
	}
	if r := m.Reply("the gun sellers are old people?? who are they exactly"); len(r.Parts) != 1 {
		t.Errorf("who are they exactly: got %d parts, want the first question alone", len(r.Parts))
	}
}

func TestPronounMeansWhoAnswered(t *testing.T) {
	m := testMatcher(t)
	r := m.Reply("who plays choi pro and what show is he from")
	if len(r.Parts) != 2 || r.Parts[1].Person == nil || r.Parts[1].Person.ID != "kim-ji-hoon" {
		t.Errorf("got %+v, want the second part to be about Kim Ji-hoon", r.Parts)
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
	if r := m.Reply("what do ok-ju and min-hee do together"); len(r.Parts) != 1 {
		t.Errorf("what do ok-ju and min-hee do together: %d parts, want one", len(r.Parts))
	}
}

func TestLoneHeMeansTheDirector(t *testing.T) {
	m := testMatcher(t)
	r := m.Reply("what art form did he want the payback to look like")
	if !r.Found() || !strings.Contains(r.Parts[0].Facts[0].Text, "ballet performance") {
		t.Errorf("got %+v, want the director's ballet performance", r.Parts)
	}
	if r := m.Reply("how old is he"); r.Found() {
		t.Errorf("how old is he: answered %+v; no article says", r.Parts)
	}
}
