package facts

import (
	"slices"
	"testing"
)

func TestTriviaKindsAndTopics(t *testing.T) {
	s, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	tf := &Trivia{Kind: KindTrueFalse, Answer: "False"}
	if got := tf.Choices(); !slices.Equal(got, []string{"False", "True"}) {
		t.Errorf("true/false choices = %q", got)
	}
	mc := &Trivia{Answer: "a", Wrong: []string{"b", "c", "d"}}
	if mc.TriviaKind() != KindChoice || !slices.Equal(mc.Choices(), []string{"a", "b", "c", "d"}) {
		t.Errorf("choice question: kind %q choices %q", mc.TriviaKind(), mc.Choices())
	}
	if !(&Trivia{Kind: KindBlank}).Typed() || (&Trivia{Kind: KindBlank, Wrong: []string{"x", "y", "z"}}).Typed() {
		t.Error("a blank without wrong choices is typed-only, one with them is not")
	}
	var spoilerFact, plainFact *Fact
	for i := range s.Facts {
		if f := &s.Facts[i]; f.Spoiler && spoilerFact == nil {
			spoilerFact = f
		} else if !f.Spoiler && f.Topic == "music" && plainFact == nil {
			plainFact = f
		}
	}
	if spoilerFact == nil || plainFact == nil {
		t.Fatal("the store has no spoiler fact or no music fact")
	}
	tests := []struct {
		q           Trivia
		topic       string
		spoiler     bool
		description string
	}{
		{Trivia{Fact: plainFact.ID}, TopicMusic, false, "topic from the fact"},
		{Trivia{Fact: plainFact.ID, Topic: TopicMaking}, TopicMaking, false, "own topic wins"},
		{Trivia{Fact: spoilerFact.ID}, factTopics[spoilerFact.Topic], true, "spoiler from the fact"},
		{Trivia{Fact: plainFact.ID, Spoiler: true}, TopicMusic, true, "own spoiler flag"},
	}
	for _, tt := range tests {
		if got := s.TriviaTopic(&tt.q); got != tt.topic {
			t.Errorf("%s: topic = %q, want %q", tt.description, got, tt.topic)
		}
		if got := s.TriviaSpoiler(&tt.q); got != tt.spoiler {
			t.Errorf("%s: spoiler = %v, want %v", tt.description, got, tt.spoiler)
		}
	}
	for _, f := range s.Facts {
		if factTopics[f.Topic] == "" {
			t.Errorf("fact topic %q has no trivia topic", f.Topic)
		}
	}
}

// TestTriviaCoverage keeps the shipped deck playable with every option
// /trivia start offers: enough questions, and some of every kind, topic,
// difficulty and article; enough quotes from enough speakers.
func TestTriviaCoverage(t *testing.T) {
	s, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for i := range s.Trivia {
		q := &s.Trivia[i]
		counts["kind "+q.TriviaKind()]++
		counts["topic "+s.TriviaTopic(q)]++
		counts["difficulty "+q.Difficulty]++
		if f, ok := s.Fact(q.Fact); ok {
			for _, src := range FactSources(f) {
				counts["article "+src]++
			}
		}
	}
	if len(s.Trivia) < 150 {
		t.Errorf("%d trivia questions, want at least 150", len(s.Trivia))
	}
	var want []string
	for _, k := range TriviaKinds {
		want = append(want, "kind "+k)
	}
	for _, tp := range TriviaTopics {
		want = append(want, "topic "+tp.ID)
	}
	for _, d := range Difficulties {
		want = append(want, "difficulty "+d)
	}
	for _, src := range s.Sources {
		want = append(want, "article "+src.ID)
	}
	for _, w := range want {
		if counts[w] < 10 {
			t.Errorf("%s: %d questions, want at least 10", w, counts[w])
		}
	}
	if len(s.Quotes) < 40 || len(s.Speakers()) < 4 {
		t.Errorf("%d quotes from %d speakers, want at least 40 from 4", len(s.Quotes), len(s.Speakers()))
	}
}
