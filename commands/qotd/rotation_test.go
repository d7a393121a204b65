package qotd

import (
	"testing"

	"github.com/ballerina-bot/ballerina/facts"
)

func TestNextQuoteRotation(t *testing.T) {
	s := &facts.Store{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		s.Quotes = append(s.Quotes, facts.Quote{ID: id})
	}
	for _, guild := range []string{"1", "2", "3", "42", "999999999999999999"} {
		var rot Rotation
		var order []string
		for i := 0; i < 7*6; i++ {
			q, cycle := nextQuote(s, guild, rot)
			if cycle != rot.Cycle {
				rot = Rotation{Cycle: cycle}
			}
			if len(order) > 0 && order[len(order)-1] == q.ID {
				t.Fatalf("guild %s: %s twice in a row", guild, q.ID)
			}
			rot.Used, rot.Last = append(rot.Used, q.ID), q.ID
			order = append(order, q.ID)
		}
		for c := 0; c < 6; c++ {
			seen := map[string]bool{}
			for _, id := range order[c*7 : c*7+7] {
				seen[id] = true
			}
			if len(seen) != 7 {
				t.Fatalf("guild %s cycle %d repeats: %v", guild, c, order[c*7:c*7+7])
			}
		}
	}
	if q, _ := nextQuote(&facts.Store{}, "1", Rotation{}); q != nil {
		t.Error("a quote from an empty store")
	}
	one := &facts.Store{Quotes: []facts.Quote{{ID: "only"}}}
	if q, c := nextQuote(one, "1", Rotation{Used: []string{"only"}, Last: "only"}); q == nil || q.ID != "only" || c != 1 {
		t.Errorf("single quote: %v %d", q, c)
	}
}

// TestRotationCyclesTheShippedQuotes posts from the embedded store: every
// quote comes once per cycle, none twice, for several servers.
func TestRotationCyclesTheShippedQuotes(t *testing.T) {
	s, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, guild := range []string{"1", "42", "999999999999999999"} {
		var rot Rotation
		seen := map[string]bool{}
		for range s.Quotes {
			q, cycle := nextQuote(s, guild, rot)
			if cycle != 0 || seen[q.ID] {
				t.Fatalf("guild %s: %s again (cycle %d) after %d quotes", guild, q.ID, cycle, len(seen))
			}
			seen[q.ID] = true
			rot.Used, rot.Last = append(rot.Used, q.ID), q.ID
		}
		if q, cycle := nextQuote(s, guild, rot); cycle != 1 || q.ID == rot.Last {
			t.Errorf("guild %s: after a full cycle got %s in cycle %d", guild, q.ID, cycle)
		}
	}
}
