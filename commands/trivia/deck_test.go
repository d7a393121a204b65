package trivia_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

// Every kind shows as players expect: true/false has two buttons, True then
// False; "who said it?" shows the quote; a typed-only blank never comes up
// in a buttons game and is answered by typing in a typed one.
func TestTriviaKindsShowAsExpected(t *testing.T) {
	r := newKindsRig(t, 22)
	p := r.playToEnd(t, "c1", time.Second, "rounds:20", "seconds:10", "spoilers:true")
	kinds := map[string]bool{}
	for i, q := range p.asked {
		kinds[q.TriviaKind()] = true
		card := p.cards[0]
		for _, c := range p.cards {
			if c.Card != nil && strings.HasPrefix(c.Card.Title, fmt.Sprintf("Question %d of", i+1)) {
				card = c
				break
			}
		}
		switch q.TriviaKind() {
		case facts.KindTrueFalse:
			if len(card.Buttons) != 2 || !strings.Contains(card.Card.Description, "**A.** True\n**B.** False") {
				t.Errorf("true/false card: %+v", card)
			}
		case facts.KindSpeaker:
			if !strings.HasPrefix(card.Card.Description, "Who said it? “You should have left her alone.”\n") {
				t.Errorf("who said it? shows no quote:\n%s", card.Card.Description)
			}
			fallthrough
		default:
			if len(card.Buttons) != 4 {
				t.Errorf("%s has %d buttons", q.ID, len(card.Buttons))
			}
		}
		if q.Typed() {
			t.Errorf("a buttons game asked the typed-only %s", q.ID)
		}
	}
	for _, k := range []string{facts.KindChoice, facts.KindTrueFalse, facts.KindSource, facts.KindBlank, facts.KindSpeaker} {
		if !kinds[k] {
			t.Errorf("no %s question asked", k)
		}
	}
	typed := newKindsRig(t, 23).playToEnd(t, "c1", time.Second, "rounds:20", "seconds:10", "difficulty:medium", "topic:cast", "mode:typed")
	if len(typed.asked) != 1 || typed.asked[0].ID != "q-blank-director" {
		t.Errorf("typed medium cast game asked %v, want the blank", typed.asked)
	}
}

// No question comes back before the server has seen the whole pool for
// that choice; another server has its own pool.
func TestTriviaNoRepeatsUntilThePoolIsUsedUp(t *testing.T) {
	r := newKindsRig(t, 28)
	seen := map[string]int{}
	var order []string
	for game := 0; game < 4; game++ {
		p := r.playToEnd(t, "c1", time.Second, "rounds:2", "seconds:10", "difficulty:medium")
		for _, q := range p.asked {
			seen[q.ID]++
			order = append(order, q.ID)
		}
		r.clock.Advance(time.Minute)
	}
	// The medium pool without spoilers: q-job, q-netflix, q-speaker, q-shot.
	for _, id := range []string{"q-job", "q-netflix", "q-speaker", "q-shot"} {
		if seen[id] != 2 {
			t.Errorf("%s asked %d times in 8 questions from a pool of 4: %v", id, seen[id], order)
		}
	}
	first := map[string]bool{}
	for _, id := range order[:4] {
		if first[id] {
			t.Errorf("%s came back before the pool was used up: %v", id, order)
		}
		first[id] = true
	}
}

func TestTriviaPicksMixedQuestionsWithoutRepeats(t *testing.T) {
	r := newTriviaRig(t, 14)
	qs := trivia.PickQuestions(r.Games, 20)
	if len(qs) != triviaFixtureQuestions {
		t.Fatalf("picked %d questions, want all %d usable ones", len(qs), triviaFixtureQuestions)
	}
	seen := map[string]bool{}
	for i, q := range qs {
		if seen[q.Question] {
			t.Errorf("question %q asked twice", q.Question)
		}
		seen[q.Question] = true
		if q.ID == "q-uncited" || q.ID == "q-missing" {
			t.Errorf("picked %s, which no cited fact supports", q.ID)
		}
		if i < 3 && q.Difficulty != []string{"easy", "medium", "hard"}[i] {
			t.Errorf("question %d is %s; the first three should be easy, medium, hard", i+1, q.Difficulty)
		}
	}
	// Without spoilers:true the two spoiler questions stay out.
	if resp := r.do(t, cmdReq(alice, "c1", "start", "rounds:20")); !strings.Contains(triviaText(resp), "I have only 6 such questions") {
		t.Errorf("start of a too-long game:\n%s", triviaText(resp))
	}
	// Over many shuffles the right answer lands on every letter.
	landed := map[int]int{}
	for range 200 {
		choices, right := trivia.ShuffleChoices(r.Games, qs[0])
		if choices[right] != qs[0].Answer {
			t.Fatalf("right index %d points at %q", right, choices[right])
		}
		landed[right]++
	}
	if len(landed) != 4 {
		t.Errorf("the right answer landed only on %v", landed)
	}
}
