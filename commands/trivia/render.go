package trivia

import (
	"fmt"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// What trivia shows: the cards of a game and of its scores. Names users gave
// themselves go through quoted, so they cannot ping or break the layout.

// countdown is a Discord relative timestamp: "in 20 seconds", counting down.
func countdown(t time.Time) string { return fmt.Sprintf("<t:%d:R>", t.Unix()) }

// revealNames is how many right answers a reveal names; the rest are
// counted, so the card stays within Discord's limits.
const revealNames = 25

func playerName(u commands.User) string {
	if u.Name == "" {
		return commands.Quoted(u.ID, 32)
	}
	return commands.Quoted(u.Name, 32)
}

func startCard(g Game, got, asked int, first time.Time) commands.Response {
	how := "click A, B, C or D"
	if g.Mode == "typed" {
		how = "click **Answer** and type it; any spelling of a name counts; a hint at half time, for half the points"
	}
	questions := "questions"
	if got == 1 {
		questions = "question"
	}
	desc := fmt.Sprintf("%d %s, %d seconds each: %s. Started by %s.\nFirst question %s.",
		got, questions, g.Seconds, how, playerName(g.Starter), countdown(first))
	if got < asked {
		desc += fmt.Sprintf("\n(I have only %d such questions, so that is the whole game.)", got)
	}
	desc += "\n" + optionsLine(g)
	return commands.Response{Found: true, Card: &commands.Card{
		Title:       "Ballerina (2023) trivia",
		Description: desc,
		Footer:      "A right answer scores 100, up to 50 more for speed, and a bonus for streaks. /trivia stop ends the game.",
		Color:       commands.ColorPink,
	}}
}

// optionsLine says which questions a game asks and how it is won.
func optionsLine(g Game) string {
	diff, topic := "mixed difficulty", "every topic"
	if g.Difficulty != "" && g.Difficulty != mixed {
		diff = g.Difficulty + " questions"
	}
	if name := facts.TopicName(g.Topic); name != "" {
		topic = name
	}
	spoilers := "no spoilers"
	if g.Spoilers {
		spoilers = "spoilers allowed"
	}
	goal := ""
	if g.Target > 0 {
		goal = fmt.Sprintf("; first to %d points wins", g.Target)
	}
	return fmt.Sprintf("%s · %s · %s%s.", diff, topic, spoilers, goal)
}

// questionText is what a round asks. A "who said it?" question quotes the
// words between “ and ” (the linter checks them against the quote); one
// that quotes nothing shows its quote below it.
func questionText(s *facts.Store, q *facts.Trivia) string {
	text := q.Question
	if q.TriviaKind() != facts.KindSpeaker || s == nil || strings.Contains(text, "“") {
		return text
	}
	if qu, ok := s.Quote(q.Quote); ok {
		quote := "“" + qu.Text + "”"
		if qu.Spoiler {
			quote = commands.Spoiler(quote)
		}
		text += "\n> " + quote
	}
	return text
}

// roundCard is a question's message: open (with the hint once hinted), or
// closed with the answer marked.
func roundCard(g Game, r Round, text string, q *facts.Trivia, closed, hinted bool) commands.Response {
	var b strings.Builder
	b.WriteString(text)
	if g.Mode == "buttons" || closed {
		b.WriteString("\n")
		for i, c := range r.Choices {
			mark := ""
			if closed && i == r.Right {
				mark = " ✅"
			}
			fmt.Fprintf(&b, "\n**%c.** %s%s", 'A'+i, c, mark)
		}
	}
	if hint := hintOf(q); hinted && hint != "" && !closed {
		fmt.Fprintf(&b, "\n\nHint: it starts with **%s**. A right answer now scores half.", hint)
	}
	if closed {
		b.WriteString("\n\nTime's up.")
	} else {
		fmt.Fprintf(&b, "\n\nTime's up %s (%d s).", countdown(r.Deadline), g.Seconds)
	}
	footer := "One answer each: your first click counts. Faster right answers score more."
	var buttons []commands.Button
	if g.Mode == "typed" {
		footer = "Click Answer and type it: your first answer counts. Faster right answers score more."
		buttons = []commands.Button{{CustomID: customID{action: actAnswer, game: g.ID, round: r.N}.String(), Label: "Answer", Style: commands.ButtonPrimary, Disabled: closed}}
	} else {
		for i := range r.Choices {
			id := customID{action: actChoice, game: g.ID, round: r.N, choice: i}
			buttons = append(buttons, commands.Button{CustomID: id.String(), Label: string(rune('A' + i)), Style: commands.ButtonPrimary, Disabled: closed})
		}
	}
	return commands.Response{Found: true, Buttons: buttons, Card: &commands.Card{
		Title:       fmt.Sprintf("Question %d of %d · %s", r.N, len(g.Deck), q.Difficulty),
		Description: b.String(),
		Footer:      footer,
		Color:       commands.ColorPink,
	}}
}

func answerModal(id customID) *commands.Modal {
	return &commands.Modal{
		CustomID: customID{action: actTyped, game: id.game, round: id.round}.String(),
		Title:    fmt.Sprintf("Question %d", id.round),
		Inputs: []commands.TextInput{{
			CustomID: answerField, Label: "Your answer", Placeholder: "One answer; any spelling of a name",
			MaxLength: maxTypedAnswer, Required: true,
		}},
	}
}

// revealCard is the answer to the round just closed: who got it, the
// scores, and an Explain button; when the game ends, the final scores and
// Play again.
func revealCard(s *facts.Store, g Game, r Round, q *facts.Trivia, answers []Answer, scores []Standing, reason string, winner commands.User, next time.Time) commands.Response {
	title := fmt.Sprintf("Question %d: the answer is %s", r.N, q.Answer)
	if g.Mode == "buttons" {
		title = fmt.Sprintf("Question %d: the answer is %c. %s", r.N, 'A'+r.Right, q.Answer)
	}
	var got []string
	wrong, more := 0, 0
	for _, a := range answers {
		if !a.Correct {
			wrong++
			continue
		}
		if len(got) == revealNames {
			more++
			continue
		}
		line := fmt.Sprintf("%s +%d (%.1f s)", playerName(a.User), a.Points, a.Elapsed.Seconds())
		if a.Streak > 1 {
			line += fmt.Sprintf(", streak %d", a.Streak)
		}
		if a.Hinted {
			line += ", with the hint"
		}
		got = append(got, line)
	}
	var b strings.Builder
	if len(got) == 0 {
		b.WriteString("Nobody got it.")
	} else {
		b.WriteString("Got it: " + strings.Join(got, " · "))
		if more > 0 {
			fmt.Fprintf(&b, " · and %d more", more)
		}
	}
	if wrong > 0 {
		fmt.Fprintf(&b, "\nWrong: %d.", wrong)
	}
	switch reason {
	case "":
		fmt.Fprintf(&b, "\nNext question %s.", countdown(next))
	case endIdle:
		b.WriteString("\n\nNo answers for two questions in a row, so the game is over.")
	case endTarget:
		fmt.Fprintf(&b, "\n\n%s reached %d points and wins: game over.", playerName(winner), g.Target)
	case endStopped:
		b.WriteString("\n\nThe game was stopped.")
	default:
		b.WriteString("\n\nThat was the last question: game over.")
	}
	c := &commands.Card{Title: commands.Clip(title, 256), Description: b.String(), Color: commands.ColorRed}
	if standings := standingLines(scores, boardSize); standings != "" {
		name := "Scores"
		if reason != "" {
			name = "Final scores"
		}
		c.Fields = []commands.Field{{Name: name, Value: standings}}
	}
	var srcs []string
	if f, ok := s.Fact(q.Fact); ok {
		srcs = facts.FactSources(f)
		c.Footer = commands.Footer(s, srcs)
	}
	buttons := []commands.Button{{
		CustomID: customID{action: actExplain, game: g.ID, round: r.N}.String(), Label: "Explain", Style: commands.ButtonSecondary,
	}}
	if reason != "" {
		buttons = append(buttons, againButton(g.ID, r.N))
	}
	return commands.Response{Found: true, Card: c, Sources: srcs, Buttons: buttons}
}

// againButton starts a new game with the same options.
func againButton(gameID string, round int) commands.Button {
	return commands.Button{CustomID: customID{action: actAgain, game: gameID, round: max(round, 1)}.String(), Label: "Play again", Style: commands.ButtonSuccess}
}

// finalCard is the answer to /trivia stop.
func finalCard(g Game, round int, headline string, scores []Standing) commands.Response {
	desc := headline
	if s := standingLines(scores, boardSize); s != "" {
		desc += "\n\n**Final scores**\n" + s
	} else {
		desc += " Nobody scored."
	}
	return commands.Response{Found: true, Card: &commands.Card{Title: "Trivia over", Description: desc, Color: commands.ColorRed}, Buttons: []commands.Button{againButton(g.ID, round)}}
}

func standingLines(rows []Standing, limit int) string {
	var b strings.Builder
	for i, r := range rows {
		if i == limit {
			fmt.Fprintf(&b, "…and %d more", len(rows)-limit)
			break
		}
		fmt.Fprintf(&b, "%d. %s — %d pts (%d/%d right)\n", r.Rank, playerName(r.User), r.Points, r.Correct, r.Answered)
	}
	return strings.TrimSpace(b.String())
}

func scopeName(req commands.Request) string {
	if req.GuildID == "" {
		return "this chat" // a DM channel, or the console
	}
	return "this server"
}

func boardCard(req commands.Request, period string, since time.Time, top []Standing, me Standing, played bool) commands.Response {
	when, yet := "all time", "yet"
	switch period {
	case periodWeek:
		when, yet = "this week (since Monday "+since.Format("2 Jan")+", 00:00 UTC)", "this week"
	case periodMonth:
		when, yet = "this month (since "+since.Format("2 Jan")+", 00:00 UTC)", "this month"
	}
	c := &commands.Card{Title: "Trivia leaderboard: " + scopeName(req) + ", " + when, Color: commands.ColorPink}
	if len(top) == 0 {
		c.Description = fmt.Sprintf("Nobody has played trivia here %s. Start with `/trivia start`.", yet)
		return commands.Response{Card: c}
	}
	c.Description = standingLines(top, boardSize)
	if played {
		c.Footer = fmt.Sprintf("You: #%d with %d points.", me.Rank, me.Points)
	} else {
		c.Footer = fmt.Sprintf("You have not played here %s.", yet)
	}
	return commands.Response{Found: true, Card: c}
}

func statsCard(req commands.Request, who commands.User, st Stats) commands.Response {
	whose, title := "You have", "Your trivia"
	if who.ID != req.User.ID {
		whose, title = playerName(who)+" has", playerName(who)+"'s trivia"
	}
	if st.Answered == 0 {
		return commands.Response{Ephemeral: true, Content: fmt.Sprintf("%s not played trivia in %s yet. Start with `/trivia start`.", whose, scopeName(req))}
	}
	fastest := "none yet"
	if st.Correct > 0 {
		fastest = fmt.Sprintf("%.1f s", st.Fastest.Seconds())
	}
	return commands.Response{Found: true, Ephemeral: true, Card: &commands.Card{
		Title: fmt.Sprintf("%s in %s", title, scopeName(req)),
		Fields: []commands.Field{
			{Name: "Games", Value: fmt.Sprint(st.Games), Inline: true},
			{Name: "Right answers", Value: fmt.Sprintf("%d of %d", st.Correct, st.Answered), Inline: true},
			{Name: "Points", Value: fmt.Sprint(st.Points), Inline: true},
			{Name: "Best streak", Value: fmt.Sprint(st.BestStreak), Inline: true},
			{Name: "Fastest right answer", Value: fastest, Inline: true},
		},
		Color: commands.ColorPink,
	}}
}

// recoveredCard announces a game a restart cut short.
func recoveredCard(g Game, scores []Standing) commands.Response {
	desc := fmt.Sprintf("The trivia game %s started %s was cut short when I restarted, so it has ended.",
		playerName(g.Starter), countdown(g.StartedAt))
	if s := standingLines(scores, boardSize); s != "" {
		desc += " The scores so far count on the leaderboard:\n" + s
	} else {
		desc += " Nobody had scored yet."
	}
	desc += "\nStart a new game with `/trivia start`."
	return commands.Response{Found: true, Card: &commands.Card{Title: "Trivia ended", Description: desc, Color: commands.ColorRed}}
}

// explainCard is the fact behind a question and the article it comes from.
func explainCard(s *facts.Store, q *facts.Trivia, f *facts.Fact) commands.Response {
	srcs := facts.FactSources(f)
	return commands.Response{Found: true, Ephemeral: true, Sources: srcs, Card: &commands.Card{
		Title:       commands.Clip("Why: "+q.Answer, 256),
		Description: commands.FactText(f),
		Footer:      commands.Footer(s, srcs),
		Color:       commands.ColorPink,
	}}
}
