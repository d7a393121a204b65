package trivia

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// The options of /trivia start, read and checked.

// wrong with them.
func gameOptions(req commands.Request) (Game, string) {
	rounds, bad1 := intOption(req, "rounds", defRounds, minRounds, maxRounds)
	seconds, bad2 := intOption(req, "seconds", defSeconds, minSeconds, maxSeconds)
	target, bad3 := intOption(req, "target", 0, minTarget, maxTarget)
	if bad := strings.TrimSpace(strings.Join([]string{bad1, bad2, bad3}, " ")); bad != "" {
		return Game{}, bad
	}
	g := Game{Rounds: rounds, Seconds: seconds, Target: target}
	var ok bool
	if g.Mode, ok = choiceOption(req, "mode", "buttons", "buttons", "typed"); !ok {
		return Game{}, "mode must be buttons or typed."
	}
	if g.Difficulty, ok = choiceOption(req, "difficulty", mixed, append(slices.Clone(facts.Difficulties), mixed)...); !ok {
		return Game{}, "difficulty must be easy, medium, hard or mixed."
	}
	topics := []string{mixed}
	for _, tp := range facts.TriviaTopics {
		topics = append(topics, tp.ID)
	}
	if g.Topic, ok = choiceOption(req, "topic", mixed, topics...); !ok {
		return Game{}, "topic must be one of: " + strings.Join(topics, ", ") + "."
	}
	switch strings.ToLower(strings.TrimSpace(req.Option("spoilers"))) {
	case "", "false":
	case "true":
		g.Spoilers = true
	default:
		return Game{}, "spoilers must be true or false."
	}
	return g, ""
}

// noQuestions says which choice left no question to ask.
func noQuestions(g Game) string {
	var what []string
	if g.Difficulty != mixed {
		what = append(what, g.Difficulty)
	}
	if g.Mode == "buttons" {
		what = append(what, "multiple-choice")
	}
	desc := strings.Join(append(what, "questions"), " ")
	if g.Topic != mixed {
		desc += " about " + facts.TopicName(g.Topic)
	}
	if !g.Spoilers {
		desc += " without spoilers"
	}
	return fmt.Sprintf("I have no %s. Try difficulty:mixed, topic:mixed, spoilers:true or mode:typed.", desc)
}

// choiceOption reads an option with fixed values, case-insensitively.
func choiceOption(req commands.Request, name, def string, values ...string) (string, bool) {
	v := strings.ToLower(strings.TrimSpace(req.Option(name)))
	if v == "" {
		return def, true
	}
	return v, slices.Contains(values, v)
}

// intOption reads an integer option, or says what is wrong with it.
func intOption(req commands.Request, name string, def, lo, hi int) (int, string) {
	v := strings.TrimSpace(req.Option(name))
	if v == "" {
		return def, ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Sprintf("%s must be a whole number from %d to %d.", name, lo, hi)
	}
	return n, ""
}
