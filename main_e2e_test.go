package main

// End-to-end tests of the real wiring: package main's run function, with
// its real command table, SQLite state and Discord adapter, against the
// in-repo fake Discord (bot/fakediscord) over real sockets. Every REST body
// the bot sends is validated against Discord's OpenAPI spec.
//
//	go test -race -run E2E -count=1 .

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	state "github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/facts"
)

const (
	e2eGuild     = fakediscord.DefaultGuildID
	e2eChannel   = fakediscord.DefaultChannelID
	e2eDM        = fakediscord.DefaultDMChannelID
	e2ePlayer    = "Okjoo Fan" // DefaultUser's global name, as the bot shows it
	permManage   = "32"        // Manage Server
	flagEphem    = 1 << 6
	e2eCallbackT = 5 * time.Second // an interaction's answer (the fake enforces Discord's 3 s)
)

// Channels of the guild, one per subtest that posts on its own.
const (
	chTriviaButtons = "1300000000000000011"
	chTriviaTyped   = "1300000000000000012"
	chQOTDSecret    = "1300000000000000013" // the bot may not see it
	chUnknown       = "1399999999999999999" // no such channel
)

// TestE2EBot runs the bot through run() on a fake Discord: registration,
// every command, mentions, trivia in both modes, the quote of the day,
// shutdown, and a restart on the same database; on SQLite, and on
// PostgreSQL when BALLERINA_TEST_DATABASE_URL is set.
func TestE2EBot(t *testing.T) {
	storetest.RunTarget(t, testE2EBot)
}

// testE2EBot is TestE2EBot on the database DATABASE_URL db names.
func testE2EBot(t *testing.T, db string) {
	spec := e2eSpecPath(t)
	t.Chdir(t.TempDir()) // no .env
	store, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}

	srv := fakediscord.Start(t, fakediscord.Options{
		HeartbeatInterval:   500 * time.Millisecond,
		InteractionDeadline: 3 * time.Second, // Discord's acknowledgement deadline
		EchoOwnMessages:     true,            // the bot sees its own posts and must ignore them
	})
	t.Cleanup(func() { checkE2EBodies(t, srv, spec) }) // after the bot stopped (cleanups run LIFO)
	seedQOTD(t, db)
	env := map[string]string{"DISCORD_TOKEN": srv.Token(), "DISCORD_API_URL": srv.URL(), "DATABASE_URL": db}

	bot := startRun(t, env)
	awaitReady(t, srv, bot, 1)
	checkRegistration(t, srv)

	t.Run("parallel", func(t *testing.T) {
		t.Run("commands", func(t *testing.T) { t.Parallel(); testE2ECommands(t, srv) })
		t.Run("mentions", func(t *testing.T) { t.Parallel(); testE2EMentions(t, srv) })
		t.Run("trivia buttons", func(t *testing.T) { t.Parallel(); testE2ETriviaButtons(t, srv, store) })
		t.Run("trivia typed", func(t *testing.T) { t.Parallel(); testE2ETriviaTyped(t, srv, store) })
		t.Run("qotd", func(t *testing.T) { t.Parallel(); testE2EQOTD(t, srv) })
		if !state.IsPostgresURL(db) { // the failures it starts need no database of their own
			t.Run("startup and shutdown", func(t *testing.T) { t.Parallel(); testE2EStartup(t, spec) })
		}
	})
	if t.Failed() {
		return
	}

	before := leaderboard(t, srv, chTriviaButtons)
	if !strings.Contains(before.Description, e2ePlayer) {
		t.Fatalf("leaderboard before the restart does not list %s: %+v", e2ePlayer, before)
	}

	// SIGINT/SIGTERM: main cancels run's context.
	code, took := bot.stop(t, 10*time.Second)
	if code != exitOK || took > 5*time.Second {
		t.Errorf("run returned %d after %v on cancel, want %d within 5s", code, took, exitOK)
	}
	if strings.Contains(bot.stderr.String(), srv.Token()) {
		t.Error("the token is in the log")
	}
	checkLogQuiet(t, bot.stderr.String())

	// A restart on the same database: the leaderboard survives, nothing is
	// left to recover (every game ended), the commands are registered again.
	bot2 := startRun(t, env)
	awaitReady(t, srv, bot2, 2)
	after := leaderboard(t, srv, chTriviaButtons)
	if after.Description != before.Description || after.Footer == nil || before.Footer == nil || after.Footer.Text != before.Footer.Text {
		t.Errorf("leaderboard changed across the restart:\nbefore %+v\nafter  %+v", before, after)
	}
	for _, ch := range []string{chTriviaButtons, chTriviaTyped} {
		for _, m := range srv.Messages(ch) {
			if e := msgOf(m); len(e.Embeds) > 0 && e.Embeds[0].Title == "Trivia ended" {
				t.Errorf("the restart recovered a game that had ended: %s", e.text())
			}
		}
	}
	if code, took := bot2.stop(t, 10*time.Second); code != exitOK || took > 5*time.Second {
		t.Errorf("second run returned %d after %v on cancel", code, took)
	}
	checkLogQuiet(t, bot2.stderr.String())
	checkNoEchoLoop(t, srv)
}

// ---- 1. commands through INTERACTION_CREATE ----

func testE2ECommands(t *testing.T, srv *fakediscord.Server) {
	S, Sub := fakediscord.Str, fakediscord.Sub
	tests := []struct {
		name      string
		spec      fakediscord.InteractionSpec
		cbType    int
		ephemeral bool
		check     func(t *testing.T, ix fakediscord.Interaction, m e2eMsg)
	}{
		{
			name: "ask found", spec: fakediscord.SlashCommand("ask", S("question", "who directed the film")), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				e := oneEmbed(t, m)
				wantIn(t, "answer", e.Description, "Lee Chung-hyun")
				if e.Footer == nil || !strings.HasPrefix(e.Footer.Text, "Sources: ") || !strings.Contains(e.Footer.Text, "Korea Herald interview") {
					t.Errorf("footer %+v does not name the sources", e.Footer)
				}
			},
		},
		{
			name: "ask villain", spec: fakediscord.SlashCommand("ask", S("question", "who plays the villain")), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.text(), "Kim Ji-hoon")
				if e := oneEmbed(t, m); e.Footer == nil || !strings.HasPrefix(e.Footer.Text, "Sources: ") {
					t.Errorf("footer %+v", e.Footer)
				}
			},
		},
		{
			name: "ask out of scope", spec: fakediscord.SlashCommand("ask", S("question", "what is the budget of the film")), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "abstention", m.Content, "I don't know")
			},
		},
		{
			name: "ask with @everyone", spec: fakediscord.SlashCommand("ask", S("question", "@everyone who plays the villain <@"+fakediscord.DefaultUserID+">")), cbType: 4,
			check: func(t *testing.T, ix fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.text(), "Kim Ji-hoon")
				if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
					t.Errorf("allowed_mentions %+v, want parse == []", m.AllowedMentions)
				}
				orig, ok := srv.Original(ix.ID)
				if !ok || orig.MentionEveryone || len(orig.Mentions) != 0 {
					t.Errorf("the answer pings: mention_everyone %v, mentions %v", orig.MentionEveryone, orig.Mentions)
				}
			},
		},
		{
			name: "cast okjoo", spec: fakediscord.SlashCommand("cast", S("name", "okjoo")), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				e := oneEmbed(t, m)
				if e.Title != "Ok-ju" || field(e, "Played by") != "Jeon Jong-seo" {
					t.Errorf("card %q, played by %q", e.Title, field(e, "Played by"))
				}
				if e.Footer == nil || !strings.HasPrefix(e.Footer.Text, "Sources: ") {
					t.Errorf("footer %+v", e.Footer)
				}
			},
		},
		{
			name: "cast table", spec: fakediscord.SlashCommand("cast"), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				e := oneEmbed(t, m)
				wantIn(t, "title", e.Title, "cast and crew")
				if field(e, "Jeon Jong-seo") != "plays Ok-ju" || !strings.Contains(field(e, "Kim Ji-hoon"), "Choi") {
					t.Errorf("cast table fields %+v", e.Fields)
				}
			},
		},
		{
			name: "cast in a DM", spec: fakediscord.SlashCommand("cast", S("name", "jun jong seo")).InDM(), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				if e := oneEmbed(t, m); e.Title != "Jeon Jong-seo" {
					t.Errorf("card %q", e.Title)
				}
			},
		},
		{
			name: "plot full", spec: fakediscord.SlashCommand("plot", S("part", "full")), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				e := oneEmbed(t, m)
				wantIn(t, "title", e.Title, "spoilers hidden")
				if n := strings.Count(e.Description, "||"); n < 2 || n%2 != 0 {
					t.Errorf("%d spoiler markers in %q", n, e.Description)
				}
				// Every spoiler line is wrapped whole.
				for _, l := range strings.Split(e.Description, "\n") {
					if strings.Count(l, "||")%2 != 0 {
						t.Errorf("unbalanced spoiler on line %q", l)
					}
				}
			},
		},
		{
			name: "plot premise", spec: fakediscord.SlashCommand("plot"), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				if e := oneEmbed(t, m); strings.Contains(e.Description, "||") || e.Description == "" {
					t.Errorf("premise %q", e.Description)
				}
			},
		},
		{
			name: "quote", spec: fakediscord.SlashCommand("quote"), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				e := oneEmbed(t, m)
				if field(e, "Said by") == "" || !strings.HasPrefix(e.Description, "“") && !strings.HasPrefix(e.Description, "||“") {
					t.Errorf("quote card %+v", e)
				}
				if e.Footer == nil || !strings.HasPrefix(e.Footer.Text, "Sources: ") {
					t.Errorf("footer %+v", e.Footer)
				}
			},
		},
		{
			name: "about", spec: fakediscord.SlashCommand("about"), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				e := oneEmbed(t, m)
				if e.Title != "Ballerina (2023)" || len(e.Fields) != 5 || e.Footer == nil || !strings.Contains(e.Footer.Text, "version "+version) {
					t.Errorf("about card %+v", e)
				}
			},
		},
		{
			name: "help", spec: fakediscord.SlashCommand("help"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				d := oneEmbed(t, m).Description
				for _, w := range []string{"`/ask question:`", "`/cast [name:]`", "`/trivia start", "`/qotd set channel: time: timezone: [role:] [thread:]`", "mention me"} {
					wantIn(t, "help", d, w)
				}
			},
		},
		{
			name: "unknown command", spec: fakediscord.SlashCommand("gone"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.Content, `I don't know the command "gone"`)
			},
		},
		{
			name: "trivia without subcommand", spec: fakediscord.SlashCommand("trivia"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.Content, "/trivia needs one of: start, stop, leaderboard, stats")
			},
		},
		{
			name: "autocomplete cast", spec: fakediscord.Autocomplete("cast", fakediscord.Focused(S("name", "ok"))), cbType: 8,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				checkChoices(t, m, 1)
				if !slices.ContainsFunc(m.Choices, func(c e2eChoice) bool { return strings.HasPrefix(c.Name, "Ok-ju") }) {
					t.Errorf("no Ok-ju among %+v", m.Choices)
				}
			},
		},
		{
			name: "autocomplete cast empty", spec: fakediscord.Autocomplete("cast", fakediscord.Focused(S("name", ""))), cbType: 8,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) { checkChoices(t, m, 0) },
		},
		{
			name: "autocomplete quote", spec: fakediscord.Autocomplete("quote", fakediscord.Focused(S("search", "script"))), cbType: 8,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				checkChoices(t, m, 1)
				// The picked value finds that quote.
				id, _ := m.Choices[0].Value.(string)
				_, cb, q := interact(t, srv, fakediscord.SlashCommand("quote", S("search", id)))
				if cb.Type != 4 || q.Flags&flagEphem != 0 || field(oneEmbed(t, q), "Said by") == "" {
					t.Errorf("/quote search:%s answered %d %s", id, cb.Type, q.text())
				}
			},
		},
		{
			name: "autocomplete qotd timezone", spec: fakediscord.Autocomplete("qotd", Sub("set", fakediscord.Focused(S("timezone", "Seoul")))).WithPermissions(permManage), cbType: 8,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				checkChoices(t, m, 1)
				if !slices.ContainsFunc(m.Choices, func(c e2eChoice) bool { return c.Value == "Asia/Seoul" }) {
					t.Errorf("no Asia/Seoul among %+v", m.Choices)
				}
			},
		},
		{
			name: "quote another", spec: fakediscord.Button("quote:another:quote-short-films"), cbType: 4,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				if field(oneEmbed(t, m), "Said by") == "" || len(m.Components) != 1 || len(m.Components[0].Components) != 1 {
					t.Fatalf("another quote %s", m.text())
				}
				if b := m.Components[0].Components[0]; b.Label != "Another" || !strings.HasPrefix(b.CustomID, "quote:another:") || b.CustomID == "quote:another:quote-short-films" {
					t.Errorf("button under the next quote %+v", b)
				}
			},
		},
		{
			name: "plot next page", spec: fakediscord.Button("plot:page:2"), cbType: 7,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "title", oneEmbed(t, m).Title, "page 2 of")
				if len(m.Components) != 1 || len(m.Components[0].Components) != 2 || m.Components[0].Components[0].CustomID != "plot:page:1" {
					t.Errorf("page buttons %+v", m.Components)
				}
			},
		},
		{
			name: "plot stale page", spec: fakediscord.Button("plot:page:40"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.Content, "That page of the plot does not exist.")
			},
		},
		{
			name: "button of an unknown game", spec: fakediscord.Button("trivia:c:000000abcdef:1:A"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.Content, "That trivia game is over.")
			},
		},
		{
			name: "malformed trivia button", spec: fakediscord.Button("trivia:zz"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.Content, "That button isn't one of this trivia game's.")
			},
		},
		{
			name: "button of a command without buttons", spec: fakediscord.Button("about:more"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.Content, "That button is no longer active.")
			},
		},
		{
			name: "button of an unknown command", spec: fakediscord.Button("dance:1"), cbType: 4, ephemeral: true,
			check: func(t *testing.T, _ fakediscord.Interaction, m e2eMsg) {
				wantIn(t, "answer", m.Content, `I don't know the command "dance"`)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ix, cb, m := interact(t, srv, tc.spec)
			if cb.Type != tc.cbType {
				t.Fatalf("callback type %d, want %d: %s", cb.Type, tc.cbType, cb.Data)
			}
			if tc.cbType == 4 {
				if got := m.Flags&flagEphem != 0; got != tc.ephemeral {
					t.Errorf("ephemeral %v, want %v: %s", got, tc.ephemeral, m.text())
				}
				if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
					t.Errorf("allowed_mentions %+v", m.AllowedMentions)
				}
			}
			tc.check(t, ix, m)
		})
	}
}

// ---- 2. mentions and DMs ----

func testE2EMentions(t *testing.T, srv *fakediscord.Server) {
	tests := []struct {
		name string
		spec fakediscord.MessageSpec
	}{
		{"guild mention", fakediscord.Mention("who plays the villain")},
		{"guild mention with @everyone", fakediscord.Mention("@everyone who plays the villain?")},
		{"DM", fakediscord.UserMessage("who plays the villain").InDM()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sent, err := srv.DispatchMessage(tc.spec)
			if err != nil {
				t.Fatalf("dispatch: %v", err)
			}
			reply := awaitMessage(t, srv, sent.ChannelID, 5*time.Second, "the reply to "+tc.name, func(m fakediscord.Message) bool {
				return repliesTo(m) == sent.ID
			})
			if reply.Author.ID != fakediscord.DefaultBotID || reply.Type != 19 || reply.Ephemeral() {
				t.Errorf("reply by %s, type %d, flags %d", reply.Author.ID, reply.Type, reply.Flags)
			}
			wantIn(t, "reply", msgOf(reply).text(), "Kim Ji-hoon")
			if string(reply.AllowedMentions) != `{"parse":[]}` || reply.MentionEveryone || len(reply.Mentions) != 0 {
				t.Errorf("reply allowed_mentions %s, mention_everyone %v, mentions %v", reply.AllowedMentions, reply.MentionEveryone, reply.Mentions)
			}
		})
	}
	// A guild message that does not mention the bot is not for it;
	// checkNoEchoLoop verifies at the end that it got no reply.
	t.Run("no mention", func(t *testing.T) {
		t.Parallel()
		if _, err := srv.DispatchMessage(fakediscord.UserMessage("who plays the villain")); err != nil {
			t.Fatal(err)
		}
	})
}

// checkNoEchoLoop checks that the bot replied only to mentions and DMs of
// users: never to its own messages (echoed by the fake) or to messages
// that were not for it.
func checkNoEchoLoop(t *testing.T, srv *fakediscord.Server) {
	t.Helper()
	for _, ch := range []string{e2eChannel, e2eDM, chTriviaButtons, chTriviaTyped} {
		byID := map[string]fakediscord.Message{}
		msgs := srv.Messages(ch)
		for _, m := range msgs {
			byID[m.ID] = m
		}
		replies := map[string]int{}
		for _, m := range msgs {
			to := repliesTo(m)
			if to == "" || m.Author.ID != fakediscord.DefaultBotID {
				continue
			}
			replies[to]++
			orig := byID[to]
			forBot := orig.GuildID == "" || strings.Contains(orig.Content, "<@"+fakediscord.DefaultBotID+">")
			if orig.Author.ID == fakediscord.DefaultBotID || !forBot {
				t.Errorf("the bot replied to %q by %s", orig.Content, orig.Author.ID)
			}
		}
		for id, n := range replies {
			if n != 1 {
				t.Errorf("%d replies to message %s", n, id)
			}
		}
	}
}

// ---- 3. trivia ----

func testE2ETriviaButtons(t *testing.T, srv *fakediscord.Server, store *facts.Store) {
	// Easy questions without spoilers, first to 100 points: one right
	// answer wins.
	start := fakediscord.SlashCommand("trivia", fakediscord.Sub("start",
		fakediscord.Int("rounds", 2), fakediscord.Int("seconds", 10), fakediscord.Str("mode", "buttons"),
		fakediscord.Str("difficulty", "easy"), fakediscord.Bool("spoilers", false), fakediscord.Int("target", 100))).InGuild(e2eGuild, chTriviaButtons)
	_, cb, m := interact(t, srv, start)
	if cb.Type != 4 || m.Flags&flagEphem != 0 {
		t.Fatalf("start answered %d %s", cb.Type, m.text())
	}
	if e := oneEmbed(t, m); e.Title != "Ballerina (2023) trivia" || !strings.Contains(e.Description, "2 questions, 10 seconds each") ||
		!strings.Contains(e.Description, "easy questions · every topic · no spoilers; first to 100 points wins.") {
		t.Fatalf("start card %+v", e)
	}

	q := awaitMessage(t, srv, chTriviaButtons, 8*time.Second, "the question", func(m fakediscord.Message) bool {
		e := msgOf(m)
		return len(e.Embeds) == 1 && strings.HasPrefix(e.Embeds[0].Title, "Question 1 of 2")
	})
	posted := time.Now()
	qm := msgOf(q)
	if string(q.AllowedMentions) != `{"parse":[]}` || len(q.Nonce) == 0 {
		t.Errorf("question post: allowed_mentions %s, nonce %s", q.AllowedMentions, q.Nonce)
	}
	buttons := qm.buttons()
	// Four choices, or two for a true/false question.
	if len(buttons) != 4 && len(buttons) != 2 {
		t.Fatalf("%d buttons on the question: %+v", len(buttons), buttons)
	}
	for i, b := range buttons {
		if b.Label != string(rune('A'+i)) || !strings.HasPrefix(b.CustomID, "trivia:c:") || b.Disabled {
			t.Errorf("button %d: %+v", i, b)
		}
	}
	question, right := rightChoice(t, store, qm.Embeds[0].Description)
	if question.Difficulty != "easy" || store.TriviaSpoiler(question) {
		t.Errorf("asked %s (%s, spoiler %v)", question.ID, question.Difficulty, store.TriviaSpoiler(question))
	}
	rightButton := buttons[right]
	wrongButton := buttons[(right+1)%len(buttons)]

	click := func(b e2eComponent) e2eMsg {
		t.Helper()
		_, cb, m := interact(t, srv, fakediscord.Button(b.CustomID).OnMessage(q.ID).InGuild(e2eGuild, chTriviaButtons))
		if cb.Type != 4 || m.Flags&flagEphem == 0 {
			t.Fatalf("click answered type %d flags %d: %s", cb.Type, m.Flags, m.text())
		}
		return m
	}
	first := click(rightButton)
	wantIn(t, "first click", first.Content, "Locked in: "+rightButton.Label+".")
	snapshot, _ := srv.Message(q.ID)
	second := click(wrongButton)
	wantIn(t, "second click", second.Content, "You already locked in "+rightButton.Label+" for question 1.")
	if now, _ := srv.Message(q.ID); !sameMessage(now, snapshot) {
		t.Errorf("the second click changed the question message:\nbefore %s\nafter  %s", msgOf(snapshot).text(), msgOf(now).text())
	}

	// The reveal comes when the 10 seconds are up: the right answer reached
	// the target, so it is also the game-over message.
	reveal := awaitMessage(t, srv, chTriviaButtons, 10*time.Second+5*time.Second, "the reveal", func(m fakediscord.Message) bool {
		e := msgOf(m)
		return len(e.Embeds) == 1 && strings.HasPrefix(e.Embeds[0].Title, "Question 1: the answer is")
	})
	if waited := time.Since(posted); waited < 8*time.Second {
		t.Errorf("revealed %v after the question, before its 10 seconds were up", waited)
	}
	re := oneEmbed(t, msgOf(reveal))
	wantIn(t, "reveal title", re.Title, fmt.Sprintf("%c. %s", 'A'+right, question.Answer))
	wantIn(t, "reveal", re.Description, "Got it: "+e2ePlayer+" +")
	wantIn(t, "reveal", re.Description, e2ePlayer+" reached 100 points and wins: game over.")
	wantIn(t, "final scores", field(re, "Final scores"), "1. "+e2ePlayer+" — ")
	wantIn(t, "final scores", field(re, "Final scores"), "(1/1 right)")

	// The question message is closed: buttons disabled, the answer marked.
	awaitCond(t, srv, 5*time.Second, "the closed question", func() bool {
		m, _ := srv.Message(q.ID)
		bs := msgOf(m).buttons()
		return m.EditedTimestamp != nil && len(bs) == len(buttons) && !slices.ContainsFunc(bs, func(b e2eComponent) bool { return !b.Disabled })
	})
	closed, _ := srv.Message(q.ID)
	wantIn(t, "closed question", msgOf(closed).text(), "Time's up.")
	wantIn(t, "closed question", msgOf(closed).text(), " ✅")
	if n := countMessages(srv, chTriviaButtons, "Question 1: the answer is"); n != 1 {
		t.Errorf("%d reveal messages", n)
	}

	// A click after the game: a clear ephemeral refusal.
	late := click(rightButton)
	wantIn(t, "late click", late.Content, "That trivia game is over.")

	// The Explain button of the reveal works after the game ended (from the store).
	var explain string
	for _, b := range msgOf(reveal).buttons() {
		if b.Label == "Explain" {
			explain = b.CustomID
		}
	}
	_, cb, ex := interact(t, srv, fakediscord.Button(explain).OnMessage(reveal.ID).InGuild(e2eGuild, chTriviaButtons))
	if cb.Type != 4 || ex.Flags&flagEphem == 0 || oneEmbed(t, ex).Title != "Why: "+question.Answer {
		t.Errorf("explain %q answered %d: %s", explain, cb.Type, ex.text())
	}

	board := leaderboard(t, srv, chTriviaButtons)
	wantIn(t, "leaderboard", board.Description, e2ePlayer)
	if board.Footer == nil || !strings.HasPrefix(board.Footer.Text, "You: #1 with ") {
		t.Errorf("leaderboard footer %+v", board.Footer)
	}
	_, _, week := interact(t, srv, fakediscord.SlashCommand("trivia", fakediscord.Sub("leaderboard", fakediscord.Str("period", "week"))).InGuild(e2eGuild, chTriviaButtons))
	wantIn(t, "week's leaderboard", oneEmbed(t, week).Title, "this week (since Monday ")
	wantIn(t, "week's leaderboard", oneEmbed(t, week).Description, e2ePlayer)
	_, _, st := interact(t, srv, fakediscord.SlashCommand("trivia", fakediscord.Sub("stats", fakediscord.UserOpt("user", fakediscord.DefaultUserID))).InGuild(e2eGuild, chTriviaButtons))
	if st.Flags&flagEphem == 0 || oneEmbed(t, st).Title != "Your trivia in this server" {
		t.Errorf("stats user: %s", st.text())
	}

	// Play again: a new game with the same options; stopping it leaves no
	// game for the restart to recover.
	var again string
	for _, b := range msgOf(reveal).buttons() {
		if b.Label == "Play again" {
			again = b.CustomID
		}
	}
	_, cb, next := interact(t, srv, fakediscord.Button(again).OnMessage(reveal.ID).InGuild(e2eGuild, chTriviaButtons))
	if cb.Type != 4 || next.Flags&flagEphem != 0 || !strings.Contains(oneEmbed(t, next).Description, "easy questions · every topic · no spoilers; first to 100 points wins.") {
		t.Fatalf("play again answered %d: %s", cb.Type, next.text())
	}
	_, _, over := interact(t, srv, fakediscord.SlashCommand("trivia", fakediscord.Sub("stop")).InGuild(e2eGuild, chTriviaButtons))
	if oneEmbed(t, over).Title != "Trivia over" {
		t.Errorf("stop after play again: %s", over.text())
	}
}

func testE2ETriviaTyped(t *testing.T, srv *fakediscord.Server, store *facts.Store) {
	start := fakediscord.SlashCommand("trivia", fakediscord.Sub("start",
		fakediscord.Int("rounds", 1), fakediscord.Int("seconds", 10), fakediscord.Str("mode", "typed"))).InGuild(e2eGuild, chTriviaTyped)
	if _, cb, m := interact(t, srv, start); cb.Type != 4 || !strings.Contains(oneEmbed(t, m).Description, "click **Answer** and type it") {
		t.Fatalf("start answered %d: %s", cb.Type, m.text())
	}
	// A second game in the same channel is refused.
	if _, _, m := interact(t, srv, start); m.Flags&flagEphem == 0 || !strings.Contains(m.Content, "already running here") {
		t.Errorf("second start: %s", m.text())
	}
	q := awaitMessage(t, srv, chTriviaTyped, 8*time.Second, "the question", func(m fakediscord.Message) bool {
		e := msgOf(m)
		return len(e.Embeds) == 1 && strings.HasPrefix(e.Embeds[0].Title, "Question 1 of 1")
	})
	qm := msgOf(q)
	buttons := qm.buttons()
	if len(buttons) != 1 || buttons[0].Label != "Answer" || !strings.HasPrefix(buttons[0].CustomID, "trivia:a:") {
		t.Fatalf("typed question buttons %+v", buttons)
	}
	question := questionOf(t, store, qm.Embeds[0].Description)

	// Answer opens a modal (callback type 9) …
	_, cb, modal := interact(t, srv, fakediscord.Button(buttons[0].CustomID).OnMessage(q.ID).InGuild(e2eGuild, chTriviaTyped))
	if cb.Type != 9 {
		t.Fatalf("Answer answered type %d: %s", cb.Type, cb.Data)
	}
	inputs := modal.inputs()
	if !strings.HasPrefix(modal.CustomID, "trivia:t:") || modal.Title != "Question 1" || len(inputs) != 1 || inputs[0].CustomID != "answer" {
		t.Fatalf("modal %s", cb.Data)
	}
	// … whose submission with the right answer is locked in.
	submit := fakediscord.ModalSubmit(modal.CustomID, fakediscord.Field(inputs[0].CustomID, question.Answer)).
		OnMessage(q.ID).InGuild(e2eGuild, chTriviaTyped)
	_, cb, locked := interact(t, srv, submit)
	if cb.Type != 4 || locked.Flags&flagEphem == 0 || !strings.HasPrefix(locked.Content, "Locked in: “") {
		t.Fatalf("submission answered %d: %s", cb.Type, locked.text())
	}

	// /trivia stop: the game-over message with the final scores.
	stop := fakediscord.SlashCommand("trivia", fakediscord.Sub("stop")).InGuild(e2eGuild, chTriviaTyped)
	_, cb, over := interact(t, srv, stop)
	e := oneEmbed(t, over)
	if cb.Type != 4 || over.Flags&flagEphem != 0 || e.Title != "Trivia over" {
		t.Fatalf("stop answered %d: %s", cb.Type, over.text())
	}
	wantIn(t, "game over", e.Description, "Trivia stopped by "+e2ePlayer+".")
	wantIn(t, "game over", e.Description, "1. "+e2ePlayer+" — ")
	wantIn(t, "game over", e.Description, "(1/1 right)") // the typed answer counted as right
	awaitCond(t, srv, 5*time.Second, "the closed question", func() bool {
		m, _ := srv.Message(q.ID)
		bs := msgOf(m).buttons()
		return m.EditedTimestamp != nil && len(bs) == 1 && bs[0].Disabled
	})

	// The game's buttons and modal after the stop: clear refusals.
	_, _, late := interact(t, srv, fakediscord.Button(buttons[0].CustomID).OnMessage(q.ID).InGuild(e2eGuild, chTriviaTyped))
	wantIn(t, "late click", late.Content, "That trivia game is over.")
	_, _, late = interact(t, srv, submit)
	wantIn(t, "late submission", late.Content, "That trivia game is over.")
	if _, _, m := interact(t, srv, stop); !strings.Contains(m.Content, "No trivia game is running in this channel") {
		t.Errorf("second stop: %s", m.text())
	}

	board := leaderboard(t, srv, chTriviaTyped)
	wantIn(t, "leaderboard", board.Description, e2ePlayer)
}

// ---- 4. quote of the day ----

func testE2EQOTD(t *testing.T, srv *fakediscord.Server) {
	srv.AddChannel(fakediscord.Channel{ID: chQOTDSecret, GuildID: e2eGuild, Name: "staff-only"})
	srv.SetChannelError(chQOTDSecret, fakediscord.ErrMissingAccess)
	S, Sub := fakediscord.Str, fakediscord.Sub
	qotd := func(sub string, opts ...fakediscord.Option) fakediscord.InteractionSpec {
		return fakediscord.SlashCommand("qotd", Sub(sub, opts...)).WithPermissions(permManage)
	}
	set := func(channel, hhmm, zone string) fakediscord.InteractionSpec {
		return qotd("set", fakediscord.ChannelOpt("channel", channel), S("time", hhmm), S("timezone", zone))
	}
	noPerms := "2248473465835073" // the fake's default member: no Manage Server, no administrator
	later := sixHoursAhead(t).Format("15:04")
	// The server's roles: @everyone may post and open threads; one role
	// anyone may mention, one nobody may.
	const fans, staff = "1400000000000000001", "1400000000000000002"
	srv.SetRoles(e2eGuild, []fakediscord.Role{
		{ID: e2eGuild, Name: "@everyone", Permissions: fmt.Sprint(84992 | 1<<35)},
		{ID: fans, Name: "quote fans", Permissions: "0", Mentionable: true},
		{ID: staff, Name: "staff", Permissions: "0"},
	}, nil)
	setWith := func(opts ...fakediscord.Option) fakediscord.InteractionSpec {
		return qotd("set", append([]fakediscord.Option{fakediscord.ChannelOpt("channel", e2eChannel), S("time", later), S("timezone", "Seoul")}, opts...)...)
	}

	// Steps run in order: each one sees the schedule the previous left.
	steps := []struct {
		name  string
		spec  fakediscord.InteractionSpec
		check func(t *testing.T, m e2eMsg)
	}{
		{"status of the seeded schedule", qotd("status"), func(t *testing.T, m e2eMsg) {
			e := oneEmbed(t, m)
			if e.Title != "Quote of the day" || field(e, "Channel") != "<#"+e2eChannel+">" || !strings.HasSuffix(field(e, "Time"), " Asia/Seoul, every day") ||
				!strings.Contains(field(e, "Next post"), "<t:") || field(e, "Last post") != "none yet" {
				t.Errorf("status card %+v", e)
			}
		}},
		{"status without Manage Server", qotd("status").WithPermissions(noPerms), wantContent("You need the Manage Server permission")},
		{"set without Manage Server", set(e2eChannel, "09:00", "Seoul").WithPermissions(noPerms), wantContent("You need the Manage Server permission")},
		{"set in a DM", fakediscord.SlashCommand("qotd", Sub("set", fakediscord.ChannelOpt("channel", e2eChannel), S("time", "09:00"), S("timezone", "Seoul"))).InDM(),
			wantContent("The quote of the day works in a server.")},
		{"set a bad time", set(e2eChannel, "25:61", "Seoul"), wantContent("is not a time: use HH:MM")},
		{"set a bad timezone", set(e2eChannel, "09:00", "Atlantis"), wantContent("I don't know the timezone “Atlantis”")},
		{"set an unknown channel", set(chUnknown, "09:00", "Seoul"), wantContent("I can't find <#" + chUnknown + ">")},
		{"set a channel the bot cannot see", set(chQOTDSecret, "09:00", "Seoul"), wantContent("I can't post in <#" + chQOTDSecret + ">")},
		{"set with Manage Server", set(e2eChannel, later, "Seoul"), func(t *testing.T, m e2eMsg) {
			// CanPost reads GET /guilds/{id}/roles and GET /guilds/{id}/members/{bot}.
			if missing := missingGuildRoutes(srv); len(missing) > 0 {
				// The fake does not serve them: the check cannot succeed, and
				// the admin gets the adapter's generic apology.
				t.Logf("the fake lacks %s: /qotd set cannot succeed against it", strings.Join(missing, " and "))
				wantIn(t, "set", m.Content, "Sorry, something went wrong on my side. Please try again.")
				return
			}
			wantIn(t, "set", m.Content, "Quote of the day is set: every day at **"+later+"** Asia/Seoul in <#"+e2eChannel+">.")
		}},
		{"set as an administrator", set(e2eChannel, later, "Seoul").WithPermissions("8"), func(t *testing.T, m e2eMsg) {
			if strings.Contains(m.Content, "Manage Server permission") {
				t.Errorf("an administrator was refused: %s", m.Content)
			}
		}},
		{"set pinging @everyone", setWith(fakediscord.RoleOpt("role", e2eGuild)), wantContent("The quote of the day never pings @everyone or @here.")},
		{"set pinging a role nobody may mention", setWith(fakediscord.RoleOpt("role", staff)), wantContent("to ping <@&" + staff + "> either Mention All Roles")},
		{"set with a role and a thread", setWith(fakediscord.RoleOpt("role", fans), fakediscord.Bool("thread", true)),
			wantContent("in <#" + e2eChannel + ">, pinging <@&" + fans + ">, with a discussion thread on each post.")},
		{"status with a role and a thread", qotd("status"), func(t *testing.T, m e2eMsg) {
			if e := oneEmbed(t, m); field(e, "With") != "pinging <@&"+fans+">, with a discussion thread on each post" {
				t.Errorf("status card %+v", e)
			}
		}},
		{"preview", qotd("preview"), func(t *testing.T, m e2eMsg) {
			wantIn(t, "preview", m.Content, "Preview: the quote of the day I will post next.")
			if e := oneEmbed(t, m); field(e, "Said by") == "" {
				t.Errorf("preview card %+v", e)
			}
		}},
		{"pause", qotd("pause"), wantContent("The quote of the day is paused. `/qotd resume` continues it.")},
		{"pause again", qotd("pause"), wantContent("The quote of the day is already paused.")},
		{"status paused", qotd("status"), func(t *testing.T, m e2eMsg) {
			if e := oneEmbed(t, m); e.Description != "Paused. `/qotd resume` continues it." || field(e, "Next post") != "—" {
				t.Errorf("paused status %+v", e)
			}
		}},
		{"resume", qotd("resume"), wantContent("The quote of the day is back on in <#" + e2eChannel + ">. Next post: <t:")},
		{"resume again", qotd("resume"), wantContent("The quote of the day is not paused.")},
		{"off", qotd("off"), wantContent("The quote of the day is off.")},
		{"status after off", qotd("status"), wantContent("The quote of the day is not set up here.")},
		{"pause after off", qotd("pause"), wantContent("The quote of the day is not set up here.")},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			_, cb, m := interact(t, srv, st.spec)
			if cb.Type != 4 || m.Flags&flagEphem == 0 {
				t.Fatalf("answered type %d flags %d (want an ephemeral message): %s", cb.Type, m.Flags, m.text())
			}
			st.check(t, m)
		})
	}
	// The schedule never posted: it was set hours ahead.
	for _, m := range srv.Messages(e2eChannel) {
		if e := msgOf(m); len(e.Embeds) > 0 && e.Embeds[0].Title == "Quote of the day" && m.InteractionID == "" {
			t.Errorf("unexpected quote-of-the-day post %s", e.text())
		}
	}
}

// missingGuildRoutes lists the guild routes CanPost needs that the fake
// answered with 404 Not Found (an unknown route, Discord code 0).
func missingGuildRoutes(srv *fakediscord.Server) []string {
	var missing []string
	for _, p := range []string{"GET /guilds/*/roles", "GET /guilds/*/members/*"} {
		for _, r := range srv.RequestsTo(p) {
			if r.Status == 404 && !slices.Contains(missing, p) {
				missing = append(missing, p)
			}
		}
	}
	return missing
}

// sixHoursAhead is a time of day in Seoul no schedule reaches during the test.
func sixHoursAhead(t *testing.T) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	return time.Now().In(loc).Add(6 * time.Hour)
}

func wantContent(s string) func(t *testing.T, m e2eMsg) {
	return func(t *testing.T, m e2eMsg) { t.Helper(); wantIn(t, "answer", m.Content, s) }
}

// seedQOTD stores a quote-of-the-day schedule for the default guild, six
// hours ahead in Seoul, before the bot starts: /qotd set cannot create one
// against the fake (see missingGuildRoutes), and status, pause, resume and
// off need one.
func seedQOTD(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := state.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := sixHoursAhead(t)
	s := qotd.Schedule{GuildID: e2eGuild, ChannelID: e2eChannel, Hour: at.Hour(), Minute: at.Minute(),
		Zone: "Asia/Seoul", Since: time.Now(), UpdatedBy: fakediscord.DefaultUserID}
	if err := db.QOTD().SaveSchedule(ctx, s); err != nil {
		t.Fatal(err)
	}
}

// ---- 5. startup failures and shutdown ----

func testE2EStartup(t *testing.T, spec string) {
	closedPort := func(t *testing.T) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr
	}
	tests := []struct {
		name    string
		token   string                                             // "" → the fake's valid token
		apiURL  func(t *testing.T, srv *fakediscord.Server) string // nil → the fake
		cancel  bool                                               // cancel run's context once connected
		wantOK  bool                                               // exitOK; else any non-zero exit code
		within  time.Duration
		wantLog []string
	}{
		{name: "rejected token", token: "rejected-e2e-secret-7f3a9c", within: 15 * time.Second,
			wantLog: []string{"level=ERROR", "the bot token was rejected (401 Unauthorized); check DISCORD_TOKEN"}},
		{name: "closed port", token: "closed-port-e2e-secret-91b2", apiURL: func(t *testing.T, _ *fakediscord.Server) string { return closedPort(t) },
			within: 15 * time.Second, wantLog: []string{"level=ERROR", "discord: read the application", "connection refused"}},
		{name: "cancel", cancel: true, wantOK: true, within: 5 * time.Second, wantLog: []string{"discord: stopped"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fakediscord.Start(t, fakediscord.Options{HeartbeatInterval: 500 * time.Millisecond})
			t.Cleanup(func() { checkE2EBodies(t, srv, spec) })
			env := map[string]string{"DISCORD_TOKEN": srv.Token(), "DISCORD_API_URL": srv.URL(), "DATABASE_URL": filepath.Join(t.TempDir(), "state.db")}
			if tc.token != "" {
				env["DISCORD_TOKEN"] = tc.token
			}
			if tc.apiURL != nil {
				env["DISCORD_API_URL"] = tc.apiURL(t, srv)
			}
			bot := startRun(t, env)
			var code int
			var took time.Duration
			if tc.cancel {
				awaitReady(t, srv, bot, 1)
				code, took = bot.stop(t, tc.within+5*time.Second)
				for _, c := range srv.Connections() {
					if c.Open() || c.ClientCloseCode != 1000 {
						t.Errorf("gateway connection %d: open %v, client close code %d, want closed with 1000", c.ID, c.Open(), c.ClientCloseCode)
					}
				}
			} else {
				code, took = bot.wait(t, tc.within+5*time.Second)
			}
			if (code == exitOK) != tc.wantOK || code < 0 || took > tc.within {
				t.Errorf("run returned %d after %v, want exit code 0 %v within %v", code, took, tc.wantOK, tc.within)
			}
			t.Logf("exit code %d after %v; log:\n%s", code, took.Round(time.Millisecond), tail(bot.stderr.String(), 5))
			logs := bot.stderr.String()
			for _, w := range tc.wantLog {
				if !strings.Contains(logs, w) {
					t.Errorf("stderr does not say %q:\n%s", w, logs)
				}
			}
			if strings.Contains(logs, env["DISCORD_TOKEN"]) {
				t.Errorf("the token is in the log:\n%s", logs)
			}
			// Errors name the API origin in use, never discord.com.
			if tc.apiURL != nil && (!strings.Contains(logs, env["DISCORD_API_URL"]+"/api/v9/oauth2/applications/@me") || strings.Contains(logs, "discord.com")) {
				t.Errorf("the log does not name the API origin in use, %s:\n%s", env["DISCORD_API_URL"], logs)
			}
			if !tc.wantOK && (srv.IdentifyCount() != 0 || len(srv.RequestsTo("PUT *")) != 0) {
				t.Errorf("a failed start identified %d times and registered %d times", srv.IdentifyCount(), len(srv.RequestsTo("PUT *")))
			}
		})
	}
}

// ---- running the entry point ----

// runningBot is one run() of the binary in a goroutine.
type runningBot struct {
	cancel  context.CancelFunc
	done    chan int
	started time.Time
	stdout  *syncBuffer
	stderr  *syncBuffer

	mu       sync.Mutex
	finished bool
	code     int
	took     time.Duration // from the stop (or start) to run's return
}

// startRun runs the entry point with env as its whole environment and no
// arguments (Discord mode, since DISCORD_TOKEN is set). Cleanup stops it.
func startRun(t testing.TB, env map[string]string, args ...string) *runningBot {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b := &runningBot{cancel: cancel, done: make(chan int, 1), started: time.Now(), stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	getenv := func(k string) string { return env[k] }
	go func() { b.done <- run(ctx, args, strings.NewReader(""), b.stdout, b.stderr, getenv) }()
	t.Cleanup(func() {
		b.stop(t, 10*time.Second)
		if t.Failed() {
			t.Logf("bot stderr (last lines):\n%s", tail(b.stderr.String(), 40))
		}
	})
	return b
}

// stop cancels run's context, as SIGINT does, and waits for it to return.
func (b *runningBot) stop(t testing.TB, limit time.Duration) (int, time.Duration) {
	t.Helper()
	b.mu.Lock()
	if b.finished {
		defer b.mu.Unlock()
		return b.code, b.took
	}
	b.mu.Unlock()
	from := time.Now()
	b.cancel()
	return b.await(t, from, limit)
}

// wait waits for run to return on its own.
func (b *runningBot) wait(t testing.TB, limit time.Duration) (int, time.Duration) {
	t.Helper()
	b.mu.Lock()
	if b.finished {
		defer b.mu.Unlock()
		return b.code, b.took
	}
	b.mu.Unlock()
	return b.await(t, b.started, limit)
}

func (b *runningBot) await(t testing.TB, from time.Time, limit time.Duration) (int, time.Duration) {
	t.Helper()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case code := <-b.done:
		b.mu.Lock()
		defer b.mu.Unlock()
		b.finished, b.code, b.took = true, code, time.Since(from)
		return b.code, b.took
	case <-timer.C:
		b.cancel()
		t.Errorf("run did not return within %v", limit)
		return -1, limit
	}
}

// awaitReady waits until the n-th run registered its commands and its
// gateway session is up on both sides.
func awaitReady(t testing.TB, srv *fakediscord.Server, b *runningBot, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.WaitFor(ctx, func() bool {
		select {
		case code := <-b.done:
			b.done <- code // put it back for stop/wait
			return true
		default:
		}
		if len(srv.RequestsTo("PUT /applications/*/commands")) < n || srv.IdentifyCount() < n || !srv.Connected() {
			return false
		}
		// discordgo's Open has returned once it sends heartbeats, and the
		// adapter says so once its supervisor has taken over the socket:
		// the adapter's session is up, not just the fake's. (Stopping
		// before that interrupts the connection attempt: no clean close.)
		conns := srv.Connections()
		return conns[len(conns)-1].Heartbeats > 0 && strings.Contains(b.stderr.String(), `msg="discord: gateway connected"`)
	})
	if err != nil || !srv.Connected() {
		t.Fatalf("the bot did not register and connect (run %d): PUTs %d, IDENTIFYs %d, connected %v\n%s",
			n, len(srv.RequestsTo("PUT *")), srv.IdentifyCount(), srv.Connected(), tail(b.stderr.String(), 20))
	}
}

// ---- registration ----

type wantOption struct {
	name     string
	typ      int
	required bool
	auto     bool
	min, max float64 // integers, when max > 0
	maxLen   int
	choices  []string // values
	chTypes  []int
}

func checkRegistration(t *testing.T, srv *fakediscord.Server) {
	t.Helper()
	puts := srv.RequestsTo("PUT /applications/*/commands")
	if len(puts) != 1 || len(srv.RequestsTo("PUT /applications/*/guilds/*/commands")) != 0 {
		t.Fatalf("%d global and %d guild bulk overwrites, want one global", len(puts), len(srv.RequestsTo("PUT /applications/*/guilds/*/commands")))
	}
	if conns := srv.Connections(); len(conns) == 0 || !puts[0].Time.Before(conns[0].OpenedAt) {
		t.Errorf("commands registered after the gateway opened")
	}
	for _, id := range srv.Identifies() {
		if id.Intents != fakediscord.IntentGuildMessages|fakediscord.IntentDirectMessages {
			t.Errorf("IDENTIFY intents %b, want GUILD_MESSAGES|DIRECT_MESSAGES only", id.Intents)
		}
	}
	str, integer, channel := fakediscord.OptString, fakediscord.OptInteger, fakediscord.OptChannel
	tests := []struct {
		name  string
		dms   bool
		perms string // default_member_permissions, "" for none
		opts  []wantOption
		subs  map[string][]wantOption
	}{
		{name: "ask", dms: true, opts: []wantOption{{name: "question", typ: str, required: true, maxLen: commands.MaxQuestion}}},
		{name: "cast", dms: true, opts: []wantOption{{name: "name", typ: str, auto: true, maxLen: 100}}},
		{name: "plot", dms: true, opts: []wantOption{{name: "part", typ: str, choices: []string{"premise", "full"}}}},
		{name: "quote", dms: true, opts: []wantOption{{name: "search", typ: str, auto: true, maxLen: 100}}},
		{name: "about", dms: true},
		{name: "help", dms: true},
		{name: "trivia", dms: true, subs: map[string][]wantOption{
			"start": {
				{name: "rounds", typ: integer, min: 1, max: 20},
				{name: "seconds", typ: integer, min: 10, max: 60},
				{name: "mode", typ: str, choices: []string{"buttons", "typed"}},
				{name: "difficulty", typ: str, choices: []string{"easy", "medium", "hard", "mixed"}},
				{name: "topic", typ: str, choices: []string{"cast", "story", "making", "reception", "music", "mixed"}},
				{name: "spoilers", typ: fakediscord.OptBoolean},
				{name: "target", typ: integer, min: 100, max: 10000},
			},
			"stop":        nil,
			"leaderboard": {{name: "period", typ: str, choices: []string{"week", "month", "all"}}},
			"stats":       {{name: "user", typ: fakediscord.OptUser}},
		}},
		{name: "qotd", perms: permManage, subs: map[string][]wantOption{
			"set": {
				{name: "channel", typ: channel, required: true, chTypes: []int{0, 5}},
				{name: "time", typ: str, required: true, maxLen: 5},
				{name: "timezone", typ: str, required: true, auto: true, maxLen: 64},
				{name: "role", typ: fakediscord.OptRole},
				{name: "thread", typ: fakediscord.OptBoolean},
			},
			"off": nil, "pause": nil, "resume": nil, "status": nil, "preview": nil,
		}},
	}
	cmds := srv.Commands("")
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
	}
	if want := []string{"ask", "cast", "plot", "quote", "about", "help", "trivia", "qotd"}; !slices.Equal(names, want) {
		t.Fatalf("registered %v, want %v", names, want)
	}
	for i, tc := range tests {
		c := cmds[i]
		t.Run("register "+tc.name, func(t *testing.T) {
			if c.Type != 1 || c.Description == "" || utf8.RuneCountInString(c.Description) > 100 {
				t.Errorf("type %d, description %q", c.Type, c.Description)
			}
			perms := ""
			if c.DefaultMemberPermissions != nil {
				perms = *c.DefaultMemberPermissions
			}
			if perms != tc.perms {
				t.Errorf("default_member_permissions %q, want %q", perms, tc.perms)
			}
			wantContexts := []int{0}
			if tc.dms {
				wantContexts = []int{0, 1}
			}
			if c.DMPermission == nil || *c.DMPermission != tc.dms || !slices.Equal(c.Contexts, wantContexts) || !slices.Equal(c.IntegrationTypes, []int{0}) {
				t.Errorf("dm_permission %v, contexts %v, integration_types %v", c.DMPermission, c.Contexts, c.IntegrationTypes)
			}
			if tc.subs == nil {
				checkOptions(t, c.Name, c.Options, tc.opts)
				return
			}
			var subs []string
			for _, o := range c.Options {
				subs = append(subs, o.Name)
				want, ok := tc.subs[o.Name]
				if o.Type != fakediscord.OptSubcommand || !ok {
					t.Errorf("unexpected option %s of type %d", o.Name, o.Type)
					continue
				}
				checkOptions(t, c.Name+" "+o.Name, o.Options, want)
			}
			if len(subs) != len(tc.subs) {
				t.Errorf("subcommands %v, want %d", subs, len(tc.subs))
			}
		})
	}
}

func checkOptions(t *testing.T, where string, got []fakediscord.CommandOption, want []wantOption) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d options, want %d: %+v", where, len(got), len(want), got)
		return
	}
	for i, w := range want {
		o := got[i]
		var choices []string
		for _, c := range o.Choices {
			choices = append(choices, fmt.Sprint(c.Value))
		}
		maxLen := 0
		if o.MaxLength != nil {
			maxLen = *o.MaxLength
		}
		bad := o.Name != w.name || o.Type != w.typ || o.Required != w.required || o.Autocomplete != w.auto ||
			maxLen != w.maxLen || !slices.Equal(choices, w.choices) || !slices.Equal(o.ChannelTypes, w.chTypes)
		if w.max > 0 {
			bad = bad || o.MinValue == nil || o.MaxValue == nil || *o.MinValue != w.min || *o.MaxValue != w.max
		} else {
			bad = bad || o.MinValue != nil || o.MaxValue != nil
		}
		if bad {
			t.Errorf("%s option %d: got %+v (choices %v, max_length %d), want %+v", where, i, o, choices, maxLen, w)
		}
	}
}

// ---- interactions and messages ----

type e2eChoice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

type e2eEmbed struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name   string `json:"name"`
		Value  string `json:"value"`
		Inline bool   `json:"inline"`
	} `json:"fields"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
}

type e2eComponent struct {
	Type       int            `json:"type"`
	Style      int            `json:"style"`
	Label      string         `json:"label"`
	CustomID   string         `json:"custom_id"`
	Disabled   bool           `json:"disabled"`
	Components []e2eComponent `json:"components"`
}

// e2eMsg decodes what the bot sends: a message (callback types 4 and 7,
// channel posts), a modal (type 9) or autocomplete choices (type 8).
type e2eMsg struct {
	Content         string         `json:"content"`
	Flags           int            `json:"flags"`
	Embeds          []e2eEmbed     `json:"embeds"`
	Components      []e2eComponent `json:"components"`
	AllowedMentions *struct {
		Parse []string `json:"parse"`
	} `json:"allowed_mentions"`
	CustomID string      `json:"custom_id"`
	Title    string      `json:"title"`
	Choices  []e2eChoice `json:"choices"`
}

// text flattens everything visible.
func (m e2eMsg) text() string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// buttons are the buttons of the message's action rows.
func (m e2eMsg) buttons() []e2eComponent {
	var out []e2eComponent
	for _, row := range m.Components {
		for _, c := range row.Components {
			if c.Type == 2 {
				out = append(out, c)
			}
		}
	}
	return out
}

// inputs are a modal's text inputs.
func (m e2eMsg) inputs() []e2eComponent {
	var out []e2eComponent
	for _, row := range m.Components {
		for _, c := range row.Components {
			if c.Type == 4 {
				out = append(out, c)
			}
		}
	}
	return out
}

// msgOf decodes a message stored by the fake.
func msgOf(m fakediscord.Message) e2eMsg {
	b, _ := json.Marshal(m)
	var out e2eMsg
	_ = json.Unmarshal(b, &out)
	return out
}

func oneEmbed(t *testing.T, m e2eMsg) e2eEmbed {
	t.Helper()
	if len(m.Embeds) != 1 {
		t.Fatalf("%d embeds, want 1: %s", len(m.Embeds), m.text())
	}
	return m.Embeds[0]
}

func field(e e2eEmbed, name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

func checkChoices(t *testing.T, m e2eMsg, min int) {
	t.Helper()
	if len(m.Choices) < min || len(m.Choices) > 25 {
		t.Errorf("%d choices, want %d to 25", len(m.Choices), min)
	}
	for _, c := range m.Choices {
		if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
			t.Errorf("choice name of %d characters: %q", n, c.Name)
		}
	}
}

func wantIn(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s %q does not contain %q", what, got, want)
	}
}

// interact dispatches an interaction and waits for the bot's callback.
func interact(t *testing.T, srv *fakediscord.Server, spec fakediscord.InteractionSpec) (fakediscord.Interaction, fakediscord.Callback, e2eMsg) {
	t.Helper()
	ix, err := srv.DispatchInteraction(spec)
	if err != nil {
		t.Fatalf("dispatch %s%s: %v", spec.Name, spec.CustomID, err)
	}
	var cb fakediscord.Callback
	awaitCond(t, srv, e2eCallbackT, "the callback of "+spec.Name+spec.CustomID, func() bool {
		got, _ := srv.Interaction(ix.ID)
		if got.Callback != nil {
			cb = *got.Callback
		}
		return got.Callback != nil || got.Rejected > 0
	})
	if got, _ := srv.Interaction(ix.ID); got.Callback == nil {
		t.Fatalf("the fake refused the callback of %s%s (%d rejected)", spec.Name, spec.CustomID, got.Rejected)
	}
	var m e2eMsg
	if len(cb.Data) > 0 {
		if err := json.Unmarshal(cb.Data, &m); err != nil {
			t.Fatalf("callback data %s: %v", cb.Data, err)
		}
	}
	return ix, cb, m
}

func leaderboard(t *testing.T, srv *fakediscord.Server, channel string) e2eEmbed {
	t.Helper()
	_, cb, m := interact(t, srv, fakediscord.SlashCommand("trivia", fakediscord.Sub("leaderboard")).InGuild(e2eGuild, channel))
	e := oneEmbed(t, m)
	if cb.Type != 4 || e.Title != "Trivia leaderboard: this server, all time" {
		t.Fatalf("leaderboard answered %d: %s", cb.Type, m.text())
	}
	return e
}

// awaitCond waits until cond holds, re-checked on every change of the fake.
func awaitCond(t *testing.T, srv *fakediscord.Server, within time.Duration, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	if err := srv.WaitFor(ctx, cond); err != nil {
		t.Fatalf("timed out after %v waiting for %s", within, what)
	}
}

// awaitMessage waits for a message of channel that match accepts.
func awaitMessage(t *testing.T, srv *fakediscord.Server, channel string, within time.Duration, what string, match func(fakediscord.Message) bool) fakediscord.Message {
	t.Helper()
	var found fakediscord.Message
	awaitCond(t, srv, within, what, func() bool {
		for _, m := range srv.Messages(channel) {
			if match(m) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

func countMessages(srv *fakediscord.Server, channel, titlePrefix string) int {
	n := 0
	for _, m := range srv.Messages(channel) {
		if e := msgOf(m); len(e.Embeds) > 0 && strings.HasPrefix(e.Embeds[0].Title, titlePrefix) {
			n++
		}
	}
	return n
}

// repliesTo is the id of the message m replies to ("" if none).
func repliesTo(m fakediscord.Message) string {
	var ref struct {
		MessageID string `json:"message_id"`
	}
	if len(m.Reference) > 0 {
		_ = json.Unmarshal(m.Reference, &ref)
	}
	return ref.MessageID
}

func sameMessage(a, b fakediscord.Message) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// ---- trivia questions ----

// questionOf finds the trivia question a round's card asks: the first line
// of its description.
func questionOf(t *testing.T, store *facts.Store, desc string) *facts.Trivia {
	t.Helper()
	first, _, _ := strings.Cut(desc, "\n")
	for i := range store.Trivia {
		if store.Trivia[i].Question == first {
			return &store.Trivia[i]
		}
	}
	t.Fatalf("no trivia question %q in the store", first)
	return nil
}

var choiceLine = regexp.MustCompile(`(?m)^\*\*([A-D])\.\*\* (.*?)( ✅)?$`)

// rightChoice returns the question and the index (0–3 for A–D) of its
// right answer among the choices the card shows.
func rightChoice(t *testing.T, store *facts.Store, desc string) (*facts.Trivia, int) {
	t.Helper()
	q := questionOf(t, store, desc)
	for _, m := range choiceLine.FindAllStringSubmatch(desc, -1) {
		if m[2] == q.Answer {
			return q, int(m[1][0] - 'A')
		}
	}
	t.Fatalf("the answer %q is not among the choices of %q", q.Answer, desc)
	return nil, 0
}

// ---- request bodies against Discord's OpenAPI spec ----

// e2eSpecPath is the absolute path of the pinned copy of Discord's OpenAPI
// spec (see its README); absolute because tests change directory.
func e2eSpecPath(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", "discord-api-spec", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("OpenAPI spec: %v", err)
	}
	return p
}

var e2eSpec struct {
	once sync.Once
	spec *fakediscord.Spec
	err  error
}

// checkE2EBodies validates every request body the bot sent to srv against
// the OpenAPI spec, allowed_mentions and the embed total.
func checkE2EBodies(t *testing.T, srv *fakediscord.Server, specPath string) {
	t.Helper()
	e2eSpec.once.Do(func() { e2eSpec.spec, e2eSpec.err = fakediscord.LoadSpec(specPath) })
	if e2eSpec.err != nil {
		t.Fatalf("OpenAPI spec: %v", e2eSpec.err)
	}
	n, problems := e2eSpec.spec.Check(srv)
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("%d request bodies validated against the OpenAPI spec", n)
}

// ---- small helpers ----

// checkLogQuiet fails on warnings and errors in a bot's log, except the
// one the fake causes: /qotd set cannot read the guild's roles.
func checkLogQuiet(t *testing.T, logs string) {
	t.Helper()
	for _, l := range strings.Split(logs, "\n") {
		if (strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR")) && !strings.Contains(l, "discord: read the roles of guild") {
			t.Errorf("unexpected log line: %s", l)
		}
	}
}

// syncBuffer collects log lines for assertions.
type syncBuffer = commandstest.Buffer

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
