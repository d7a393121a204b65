package trivia

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// The buttons and modals of a game. Any process answers them for any game,
// from the Store alone: the round it says is open, the question and choice
// order it recorded, the answers it holds.

// component answers the game's buttons and modals.
func (t *Games) component(ctx context.Context, req commands.Request) (commands.Response, error) {
	id, ok := parseCustomID(req.CustomID)
	if !ok {
		return commands.Unknown("That button isn't one of this trivia game's."), nil
	}
	switch {
	case id.action == actExplain && req.Kind == commands.KindComponent:
		return t.explain(ctx, id)
	case id.action == actAgain && req.Kind == commands.KindComponent:
		return t.playAgain(ctx, req, id)
	case id.action == actChoice && req.Kind == commands.KindComponent,
		id.action == actAnswer && req.Kind == commands.KindComponent,
		id.action == actTyped && req.Kind == commands.KindModal:
		return t.answer(ctx, req, id)
	}
	return commands.Unknown("That button isn't one of this trivia game's."), nil
}

// answer takes a click on A–D, opens the modal of typed mode, or takes the
// typed answer. A player's first answer to a round is final: the Store
// keeps one per player and round.
func (t *Games) answer(ctx context.Context, req commands.Request, id customID) (commands.Response, error) {
	now := t.clock().Now()
	g, r, refusal, err := t.openRound(ctx, req, id, now)
	if err != nil {
		return commands.Response{}, err
	}
	if refusal != "" {
		return commands.Unknown(refusal), nil
	}
	prev, answered, err := t.scores().Answer(ctx, g.ID, r.N, req.User.ID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia answer: %w", err)
	}
	if answered {
		return alreadyAnswered(prev), nil
	}
	if (g.Mode == "typed") != (id.action != actChoice) {
		return commands.Unknown("That button belongs to another kind of game."), nil
	}
	if id.action == actAnswer { // typed mode: ask for the answer
		return commands.Response{Modal: answerModal(id)}, nil
	}
	var choice string
	var correct bool
	if id.action == actChoice {
		if id.choice >= len(r.Choices) {
			return commands.Unknown("That question has no such choice."), nil
		}
		choice, correct = string(rune('A'+id.choice)), id.choice == r.Right
	} else {
		typed := strings.TrimSpace(req.Fields[answerField])
		switch n := utf8.RuneCountInString(typed); {
		case n == 0:
			return commands.Unknown("You sent no answer. Click Answer again to type one."), nil
		case n > maxTypedAnswer:
			return commands.Unknown(fmt.Sprintf("An answer can have at most %d characters; yours has %d. Click Answer again.", maxTypedAnswer, n)), nil
		}
		q := t.question(r.TriviaID)
		if q == nil {
			return commands.Unknown("I no longer have that question."), nil
		}
		choice, correct = "“"+commands.Quoted(typed, 60)+"”", checkTyped(t.Matcher, q, typed)
	}
	a, err := t.score(ctx, g, r, req.User, choice, correct, now)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia answer: %w", err)
	}
	recorded, err := t.scores().RecordAnswer(ctx, a)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia answer: %w", err)
	}
	if !recorded { // a second click that raced this one, or the reveal
		if prev, answered, err := t.scores().Answer(ctx, g.ID, r.N, req.User.ID); err == nil && answered {
			return alreadyAnswered(prev), nil
		}
		return commands.Unknown(fmt.Sprintf("Too late: question %d is closed.", r.N)), nil
	}
	return commands.Response{Found: true, Ephemeral: true, Content: fmt.Sprintf("Locked in: %s. The answer comes when time is up.", choice)}, nil
}

func alreadyAnswered(a Answer) commands.Response {
	return commands.Unknown(fmt.Sprintf("You already locked in %s for question %d. One answer per question.", a.Choice, a.Round))
}

// openRound finds the game and round a button belongs to and checks the
// round still takes answers; otherwise it says why not.
func (t *Games) openRound(ctx context.Context, req commands.Request, id customID, now time.Time) (Game, Round, string, error) {
	g, ok, err := t.scores().Game(ctx, id.game)
	if err != nil {
		return Game{}, Round{}, "", fmt.Errorf("trivia answer: %w", err)
	}
	switch {
	case !ok || g.Finished:
		return g, Round{}, "That trivia game is over. Start a new one with `/trivia start`.", nil
	case req.ChannelID != "" && req.ChannelID != g.ChannelID:
		return g, Round{}, "That button belongs to a game in another channel.", nil
	}
	r, ok, err := t.scores().Round(ctx, id.game, id.round)
	if err != nil {
		return g, r, "", fmt.Errorf("trivia answer: %w", err)
	}
	if !ok {
		return g, r, "That question isn't open.", nil
	}
	if !r.Open(now) {
		return g, r, fmt.Sprintf("Too late: question %d is closed.", id.round), nil
	}
	return g, r, "", nil
}

// score scores a player's answer to round r: speed, the streak of right
// answers the Store holds for the rounds before, half after the hint.
func (t *Games) score(ctx context.Context, g Game, r Round, u commands.User, choice string, correct bool, now time.Time) (Answer, error) {
	a := Answer{GameID: g.ID, Round: r.N, User: u, Choice: choice, Correct: correct, Elapsed: now.Sub(r.OpenedAt), At: now,
		Hinted: !r.HintAt.IsZero() && !now.Before(r.HintAt)}
	if !correct {
		return a, nil
	}
	a.Streak = 1
	if r.N > 1 {
		prev, ok, err := t.scores().Answer(ctx, g.ID, r.N-1, u.ID)
		if err != nil {
			return a, fmt.Errorf("previous answer: %w", err)
		}
		if ok && prev.Correct {
			a.Streak = prev.Streak + 1
		}
	}
	a.Points = basePoints + speedBonus(a.Elapsed, r.Deadline.Sub(r.OpenedAt)) + min(streakStep*(a.Streak-1), streakMax)
	if a.Hinted {
		a.Points /= 2
	}
	return a, nil
}

// speedBonus falls linearly from speedPoints at once to 0 at the deadline.
func speedBonus(elapsed, total time.Duration) int {
	if total <= 0 || elapsed >= total {
		return 0
	}
	if elapsed < 0 {
		elapsed = 0
	}
	return int(int64(speedPoints) * int64(total-elapsed) / int64(total))
}

// explain shows the fact behind a revealed question.
func (t *Games) explain(ctx context.Context, id customID) (commands.Response, error) {
	r, ok, err := t.scores().Round(ctx, id.game, id.round)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia explain: %w", err)
	}
	if ok && r.RevealedAt.IsZero() {
		return commands.Unknown("The explanation comes with the answer, when time is up."), nil
	}
	var q *facts.Trivia
	if ok {
		q = t.question(r.TriviaID)
	}
	if q == nil {
		g, known, err := t.scores().Game(ctx, id.game)
		if err != nil {
			return commands.Response{}, fmt.Errorf("trivia explain: %w", err)
		}
		if known && !g.Finished && id.round <= len(g.Deck) {
			return commands.Unknown("The explanation comes with the answer, when time is up."), nil
		}
		return commands.Unknown("I no longer have that question."), nil
	}
	f, ok := t.Store.Fact(q.Fact)
	if !ok {
		return commands.Unknown("I no longer have the fact behind that question."), nil
	}
	return explainCard(t.Store, q, f), nil
}

// playAgain answers the Play again button of a finished game: a new game in
// the same channel with the same options, started by whoever clicked.
func (t *Games) playAgain(ctx context.Context, req commands.Request, id customID) (commands.Response, error) {
	old, ok, err := t.scores().Game(ctx, id.game)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia play again: %w", err)
	}
	switch {
	case !ok:
		return commands.Unknown("I no longer have that game. Start a new one with `/trivia start`."), nil
	case req.ChannelID != "" && req.ChannelID != old.ChannelID:
		return commands.Unknown("That button belongs to a game in another channel."), nil
	case !old.Finished:
		return commands.Unknown("That game is still running."), nil
	}
	opts := Game{Mode: old.Mode, Rounds: old.Rounds, Seconds: old.Seconds,
		Difficulty: old.Difficulty, Topic: old.Topic, Spoilers: old.Spoilers, Target: old.Target}
	return t.begin(ctx, req, opts)
}

func (t *Games) question(id string) *facts.Trivia {
	if t.Store == nil {
		return nil
	}
	for i := range t.Store.Trivia {
		if t.Store.Trivia[i].ID == id {
			return &t.Store.Trivia[i]
		}
	}
	return nil
}
