package trivia

import "github.com/ballerina-bot/ballerina/facts"

// Internals the external trivia tests (package commands_test, which may
// import commandstest) exercise directly.
var (
	CheckTyped = checkTyped
	ListItems  = listItems
)

// PickQuestions draws the questions of an n-round typed game (where every
// kind can be asked) over the whole pool, spoilers included, for a scope
// nothing has been asked in.
func PickQuestions(t *Games, n int) []*facts.Trivia {
	return t.interleave(t.pool(filter{mode: "typed", difficulty: mixed, topic: mixed, spoilers: true}), n)
}

// ShuffleChoices shuffles a question's choices as a round does.
func ShuffleChoices(t *Games, q *facts.Trivia) ([]string, int) { return t.shuffleChoices(q) }
