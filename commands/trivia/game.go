package trivia

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// The pace of a game.
const (
	leadIn       = 3 * time.Second // from /trivia start to the first question
	pauseBetween = 5 * time.Second // from a reveal to the next question
	idleEnd      = 2               // rounds in a row without answers that end a game
	// postTimeout bounds Messenger and store calls made from timers, which
	// have no request context.
	postTimeout = 10 * time.Second
)

// Scoring: a right answer earns basePoints, plus up to speedPoints for
// answering at once (falling linearly to 0 at the deadline), plus
// streakStep for each right answer in a row before this one, at most
// streakMax.
const (
	basePoints  = 100
	speedPoints = 50
	streakStep  = 25
	streakMax   = 100
)

// Why a game ended, as stored.
const (
	endLast    = "finished"
	endIdle    = "idle"
	endStopped = "stopped"
	endTarget  = "target"
	endRestart = "restart"
)

type phase int

const (
	phaseWaiting phase = iota // before the first question or between two
	phaseOpen                 // a question takes answers
	phaseOver                 // ended; timers that still fire do nothing
)

// runningGame is a running game. Every field is guarded by Games.mu.
type runningGame struct {
	rec       Game
	questions []*facts.Trivia
	texts     []string // what each question shows (a quote for "who said it?")
	round     int      // the current (or last) round, from 1
	revealed  int      // rounds whose answer is out
	phase     phase
	opened    time.Time
	deadline  time.Time
	choices   []string // the current question's choices as shown
	right     int      // index of the right one in choices
	messageID string   // the current question's message
	answers   map[string]*playerAnswer
	order     []string // user ids in the order they answered this round
	players   map[string]*player
	joined    []string // user ids in the order they first answered
	idle      int      // rounds in a row without answers
	timer     commands.Timer
	hint      string         // typed mode: the current question's hint, once given
	hintTimer commands.Timer // typed mode: gives the hint at half time
	winner    *player        // who reached the target first, when one did
	// editMu orders the edits of a question's message: a hint that lost the
	// race to the close must not reopen it. Held without Games.mu.
	editMu sync.Mutex
}

// playerAnswer is one player's answer to the current round.
type playerAnswer struct {
	user    commands.User
	choice  string
	correct bool
	points  int
	streak  int
	elapsed time.Duration
	hinted  bool // answered after the hint, for half the points
}

// player is one player's running total in a game.
type player struct {
	user      commands.User
	points    int
	correct   int
	answered  int
	streak    int
	lastRight int // the last round answered right
}

func (t *Games) newGameLocked(req commands.Request, opts Game, qs []*facts.Trivia, now time.Time) *runningGame {
	if t.games == nil {
		t.games, t.byID = map[string]*runningGame{}, map[string]*runningGame{}
	}
	id := t.newGameID(now)
	for t.byID[id] != nil {
		id = t.newGameID(now)
	}
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = questionText(t.Store, q)
	}
	rec := opts
	rec.ID, rec.Scope, rec.GuildID, rec.ChannelID = id, scopeOf(req), req.GuildID, req.ChannelID
	rec.Starter, rec.Rounds, rec.StartedAt = req.User, len(qs), now
	g := &runningGame{
		rec:       rec,
		questions: qs,
		texts:     texts,
		players:   map[string]*player{},
	}
	t.games[req.ChannelID], t.byID[id] = g, g
	return g
}

// endLocked takes g out of play: no more answers, no more timers.
func (t *Games) endLocked(g *runningGame) {
	g.phase = phaseOver
	for _, tm := range []commands.Timer{g.timer, g.hintTimer} {
		if tm != nil {
			tm.Stop()
		}
	}
	if t.games[g.rec.ChannelID] == g {
		delete(t.games, g.rec.ChannelID)
	}
	delete(t.byID, g.rec.ID)
	if t.last == nil {
		t.last = map[string]Game{}
	}
	t.last[g.rec.ChannelID] = g.rec // Play again works without a Store too
}

// openRound posts question n; a timer calls it.
func (t *Games) openRound(g *runningGame, n int) {
	t.mu.Lock()
	if g.phase != phaseWaiting || g.round != n-1 || n > len(g.questions) {
		t.mu.Unlock()
		return
	}
	now := t.clock().Now()
	secs := time.Duration(g.rec.Seconds) * time.Second
	g.round, g.phase, g.opened, g.deadline = n, phaseOpen, now, now.Add(secs)
	g.choices, g.right = t.shuffleChoices(g.questions[n-1])
	g.answers, g.order, g.messageID, g.hint = map[string]*playerAnswer{}, nil, "", ""
	g.timer = t.clock().AfterFunc(secs, func() { t.closeRound(g, n) })
	if g.rec.Mode == "typed" && hintOf(g.questions[n-1]) != "" {
		g.hintTimer = t.clock().AfterFunc(secs/2, func() { t.giveHint(g, n) })
	}
	msg := commands.Message{ChannelID: g.rec.ChannelID, Nonce: fmt.Sprintf("tq:%s:%d", g.rec.ID, n), Response: g.roundCard(false)}
	scope, qid := g.rec.Scope, g.questions[n-1].ID
	t.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), postTimeout)
	defer cancel()
	if err := t.scores().MarkSeen(ctx, scope, qid, now); err != nil {
		t.log().Error("trivia: mark question seen", "scope", scope, "question", qid, "err", err)
	}
	id := t.send(ctx, msg)
	t.mu.Lock()
	var closed *commands.Response
	if g.round == n {
		g.messageID = id
		if g.phase != phaseOpen && id != "" { // stopped or revealed while it was being posted
			c := g.roundCard(true)
			closed = &c
		}
	}
	t.mu.Unlock()
	if closed != nil {
		t.editQuestion(ctx, g, id, *closed)
	}
}

// editQuestion edits a question's message, one edit of a game at a time.
func (t *Games) editQuestion(ctx context.Context, g *runningGame, msgID string, r commands.Response) {
	g.editMu.Lock()
	defer g.editMu.Unlock()
	t.edit(ctx, g.rec.ChannelID, msgID, r)
}

// giveHint shows the first letter of round n's answer at half time (typed
// mode); right answers after it score half. A timer calls it.
func (t *Games) giveHint(g *runningGame, n int) {
	g.editMu.Lock() // before the check, so a close cannot come between
	defer g.editMu.Unlock()
	t.mu.Lock()
	if g.phase != phaseOpen || g.round != n {
		t.mu.Unlock()
		return
	}
	g.hint = hintOf(g.questions[n-1])
	card, msgID := g.roundCard(false), g.messageID
	t.mu.Unlock()
	if msgID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), postTimeout)
	defer cancel()
	t.edit(ctx, g.rec.ChannelID, msgID, card)
}

// hintOf is the hint of a typed question: its answer's first letter or
// digit. True/false has none: its first letter is the answer.
func hintOf(q *facts.Trivia) string {
	if q.TriviaKind() == facts.KindTrueFalse {
		return ""
	}
	for _, r := range q.Answer {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return string(unicode.ToUpper(r))
		}
	}
	return ""
}

// closeRound reveals round n when its time is up, then schedules the next
// round or ends the game; a timer calls it.
func (t *Games) closeRound(g *runningGame, n int) {
	t.mu.Lock()
	if g.phase != phaseOpen || g.round != n {
		t.mu.Unlock()
		return
	}
	now := t.clock().Now()
	q := g.questions[n-1]
	g.revealed = n
	if len(g.answers) == 0 {
		g.idle++
	} else {
		g.idle = 0
	}
	reason := ""
	if g.rec.Target > 0 {
		g.winner = g.leaderLocked(g.rec.Target)
	}
	switch {
	case g.winner != nil:
		reason = endTarget
	case n == len(g.questions):
		reason = endLast
	case g.idle >= idleEnd:
		reason = endIdle
	}
	closed, msgID := g.roundCard(true), g.messageID
	if reason != "" {
		t.endLocked(g)
	} else {
		g.phase = phaseWaiting
	}
	reveal := g.revealCard(t.Store, reason, now.Add(pauseBetween))
	t.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), postTimeout)
	defer cancel()
	// The round is stored before the Explain button that reads it is posted.
	if err := t.scores().RecordRound(ctx, g.rec.ID, n, q.ID); err != nil {
		t.log().Error("trivia: record round", "game", g.rec.ID, "round", n, "err", err)
	}
	if msgID != "" {
		t.editQuestion(ctx, g, msgID, closed)
	}
	t.send(ctx, commands.Message{ChannelID: g.rec.ChannelID, Nonce: fmt.Sprintf("tr:%s:%d", g.rec.ID, n), Response: reveal})
	if reason != "" {
		t.finishStored(ctx, g.rec.ID, reason, now)
		return
	}
	// The next question is timed from here, so it never overtakes the
	// reveal in the channel; a stop meanwhile leaves the game over.
	t.mu.Lock()
	if g.phase == phaseWaiting && g.round == n {
		g.timer = t.clock().AfterFunc(pauseBetween, func() { t.openRound(g, n+1) })
	}
	t.mu.Unlock()
}

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
// typed answer. A player's first answer to a round is final.
func (t *Games) answer(ctx context.Context, req commands.Request, id customID) (commands.Response, error) {
	now := t.clock().Now()
	t.mu.Lock()
	g, refusal := t.openGameLocked(req, id, now)
	if refusal != "" {
		t.mu.Unlock()
		return commands.Unknown(refusal), nil
	}
	if prev := g.answers[req.User.ID]; prev != nil {
		t.mu.Unlock()
		return commands.Unknown(fmt.Sprintf("You already locked in %s for question %d. One answer per question.", prev.choice, id.round)), nil
	}
	if (g.rec.Mode == "typed") != (id.action != actChoice) {
		t.mu.Unlock()
		return commands.Unknown("That button belongs to another kind of game."), nil
	}
	if id.action == actAnswer { // typed mode: ask for the answer
		t.mu.Unlock()
		return commands.Response{Modal: answerModal(id)}, nil
	}
	var choice string
	var correct bool
	if id.action == actChoice {
		choice, correct = string(rune('A'+id.choice)), id.choice == g.right
	} else {
		typed := strings.TrimSpace(req.Fields[answerField])
		switch n := utf8.RuneCountInString(typed); {
		case n == 0:
			t.mu.Unlock()
			return commands.Unknown("You sent no answer. Click Answer again to type one."), nil
		case n > maxTypedAnswer:
			t.mu.Unlock()
			return commands.Unknown(fmt.Sprintf("An answer can have at most %d characters; yours has %d. Click Answer again.", maxTypedAnswer, n)), nil
		}
		choice, correct = "“"+commands.Quoted(typed, 60)+"”", checkTyped(t.Matcher, g.questions[id.round-1], typed)
	}
	a := g.scoreLocked(req.User, choice, correct, now)
	t.mu.Unlock()

	if _, err := t.scores().RecordAnswer(ctx, a); err != nil {
		// The game goes on from memory; only the leaderboard misses it.
		t.log().Error("trivia: record answer", "game", a.GameID, "round", a.Round, "user", a.User.ID, "err", err)
	}
	return commands.Response{Found: true, Ephemeral: true, Content: fmt.Sprintf("Locked in: %s. The answer comes when time is up.", choice)}, nil
}

// openGameLocked finds the game a button belongs to and checks it still
// takes answers for that round; otherwise it says why not.
func (t *Games) openGameLocked(req commands.Request, id customID, now time.Time) (*runningGame, string) {
	g := t.byID[id.game]
	switch {
	case g == nil || g.phase == phaseOver:
		return nil, "That trivia game is over. Start a new one with `/trivia start`."
	case req.ChannelID != "" && req.ChannelID != g.rec.ChannelID:
		return nil, "That button belongs to a game in another channel."
	case id.round > len(g.questions) || id.round > g.round:
		return nil, "That question isn't open."
	case id.round < g.round || g.phase != phaseOpen || now.After(g.deadline):
		return nil, fmt.Sprintf("Too late: question %d is closed.", id.round)
	}
	return g, ""
}

// scoreLocked records a player's answer to the current round and scores it.
func (g *runningGame) scoreLocked(u commands.User, choice string, correct bool, now time.Time) Answer {
	p := g.players[u.ID]
	if p == nil {
		p = &player{}
		g.players[u.ID] = p
		g.joined = append(g.joined, u.ID)
	}
	p.user = u // the name they have now
	p.answered++
	elapsed := now.Sub(g.opened)
	hinted := g.hint != ""
	points := 0
	if correct {
		if p.lastRight == g.round-1 && p.streak > 0 {
			p.streak++
		} else {
			p.streak = 1
		}
		p.lastRight = g.round
		p.correct++
		points = basePoints + speedBonus(elapsed, g.deadline.Sub(g.opened)) + min(streakStep*(p.streak-1), streakMax)
		if hinted {
			points /= 2
		}
	} else {
		p.streak = 0
	}
	p.points += points
	g.answers[u.ID] = &playerAnswer{user: u, choice: choice, correct: correct, points: points, streak: p.streak, elapsed: elapsed, hinted: hinted}
	g.order = append(g.order, u.ID)
	return Answer{
		GameID: g.rec.ID, Round: g.round, User: u, Choice: choice, Correct: correct,
		Points: points, Streak: p.streak, Elapsed: elapsed, At: now,
	}
}

// leaderLocked is the player with the most points when they reach target,
// the earlier to join on a tie; nil when nobody has.
func (g *runningGame) leaderLocked(target int) *player {
	var best *player
	for _, uid := range g.joined {
		if p := g.players[uid]; p.points >= target && (best == nil || p.points > best.points) {
			best = p
		}
	}
	return best
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
	t.mu.Lock()
	var q *facts.Trivia
	g := t.byID[id.game]
	if g != nil {
		if id.round > g.revealed || id.round > len(g.questions) {
			t.mu.Unlock()
			return commands.Unknown("The explanation comes with the answer, when time is up."), nil
		}
		q = g.questions[id.round-1]
	}
	t.mu.Unlock()
	if q == nil {
		tid, ok, err := t.scores().RoundQuestion(ctx, id.game, id.round)
		if err != nil {
			return commands.Response{}, fmt.Errorf("trivia explain: %w", err)
		}
		if ok {
			q = t.question(tid)
		}
	}
	if q == nil {
		return commands.Unknown("I no longer have that question."), nil
	}
	f, ok := t.Store.Fact(q.Fact)
	if !ok {
		return commands.Unknown("I no longer have the fact behind that question."), nil
	}
	return explainCard(t.Store, q, f), nil
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
