package main

// Many processes, one game: two `ballerina http` processes built from this
// tree share one fresh PostgreSQL database behind the fake Discord, which
// delivers each interaction to either of them. A trivia game started
// through one is answered through both; its owner is killed (SIGKILL)
// mid-game and the other takes the lapsed lease and finishes it with the
// right scores; the quote of the day both catch up on goes out once.
//
//	BALLERINA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go test -run MultiProcess -count=1 -v .

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	state "github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/facts"
)

var servingLine = regexp.MustCompile(`msg="http: serving the interactions endpoint" addr=(\S+)`)

// serving waits until the process serves and learns its URL.
func (p *process) serving(t *testing.T, srv *fakediscord.Server) {
	t.Helper()
	name := p.name
	awaitCond(t, srv, 30*time.Second, name+" to serve", func() bool {
		if m := servingLine.FindStringSubmatch(p.stderr.String()); m != nil {
			p.url = "http://" + m[1] + "/interactions"
		}
		select {
		case <-p.exited:
			return true
		default:
		}
		return p.url != ""
	})
	if p.url == "" {
		t.Fatalf("%s exited before serving: %v", name, p.err)
	}
}

func TestMultiProcessHTTPTriviaTakeover(t *testing.T) {
	if os.Getenv(storetest.EnvURL) == "" {
		t.Skipf("two processes need one shared database: set %s to a PostgreSQL admin URL, such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable", storetest.EnvURL)
	}
	if testing.Short() {
		t.Skip("builds the binary and plays a 20-second game")
	}
	store, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	dbURL := storetest.Target(t, "postgres")
	channel, zone := e2eChannel, seedCatchUpQOTD(t, dbURL)

	srv := fakediscord.Start(t, fakediscord.Options{InteractionDeadline: 3 * time.Second})
	env := func(instance string) []string {
		return []string{
			"DISCORD_TOKEN=" + srv.Token(), "DISCORD_API_URL=" + srv.URL(), "DISCORD_PUBLIC_KEY=" + srv.PublicKeyHex(),
			"DATABASE_URL=" + dbURL, "HTTP_ADDR=127.0.0.1:0", "INSTANCE_ID=" + instance,
			// A game stays its owner's 2 s without renewal; sweeps look every 250 ms.
			"TRIVIA_LEASE=2s", "TRIVIA_SWEEP=250ms",
		}
	}
	// Both at once: both find today's quote due and race for it.
	a, b := startProcess(t, "A", "http", t.TempDir(), env("proc-a")), startProcess(t, "B", "http", t.TempDir(), env("proc-b"))
	a.serving(t, srv)
	b.serving(t, srv)

	p1 := fakediscord.DefaultUser()
	name2 := "Second Fan"
	p2 := fakediscord.User{ID: "1200000000000000222", Username: "second", Discriminator: "0", GlobalName: &name2}
	via := func(p *process, spec fakediscord.InteractionSpec) e2eMsg {
		t.Helper()
		_, m := deliver(t, srv, p.url, spec.InGuild(e2eGuild, chTriviaHTTP))
		return m
	}

	// Started through A: A owns the game and posts question 1.
	start := fakediscord.SlashCommand("trivia", fakediscord.Sub("start",
		fakediscord.Int("rounds", 2), fakediscord.Int("seconds", 10), fakediscord.Str("mode", "buttons"),
		fakediscord.Str("difficulty", "easy"), fakediscord.Bool("spoilers", false)))
	if m := via(a, start); oneEmbed(t, m).Title != "Ballerina (2023) trivia" {
		t.Fatalf("start: %s", m.text())
	}
	question := func(n int) (fakediscord.Message, int) {
		t.Helper()
		q := awaitMessage(t, srv, chTriviaHTTP, 30*time.Second, "question "+strconv.Itoa(n), func(m fakediscord.Message) bool {
			e := msgOf(m)
			return len(e.Embeds) == 1 && strings.HasPrefix(e.Embeds[0].Title, "Question "+strconv.Itoa(n)+" of 2")
		})
		_, right := rightChoice(t, store, msgOf(q).Embeds[0].Description)
		return q, right
	}
	click := func(p *process, who fakediscord.User, q fakediscord.Message, choice int) {
		t.Helper()
		b := msgOf(q).buttons()[choice]
		m := via(p, fakediscord.Button(b.CustomID).OnMessage(q.ID).By(who))
		wantIn(t, "click through "+p.name, m.Content, "Locked in: "+b.Label+".")
	}

	// Question 1: the first player right through A, the second wrong
	// through B; then A dies without a word.
	q1, right1 := question(1)
	click(a, p1, q1, right1)
	click(b, p2, q1, (right1+1)%len(msgOf(q1).buttons()))
	a.kill(t)
	if n := countMessages(srv, chTriviaHTTP, "Question 1: the answer is"); n != 0 {
		t.Fatalf("question 1 was revealed before its owner died: the test proves nothing")
	}

	// B takes the game over once A's lease lapses, reveals question 1 on
	// its clock and asks question 2, which both answer right through B.
	q2, right2 := question(2)
	click(b, p1, q2, right2)
	click(b, p2, q2, right2)
	final := awaitMessage(t, srv, chTriviaHTTP, 30*time.Second, "the final scores", func(m fakediscord.Message) bool {
		e := msgOf(m)
		return len(e.Embeds) == 1 && strings.HasPrefix(e.Embeds[0].Title, "Question 2: the answer is")
	})
	scores := field(oneEmbed(t, msgOf(final)), "Final scores")
	wantIn(t, "final scores", scores, "1. Okjoo Fan — ")
	wantIn(t, "final scores", scores, "(2/2 right)")
	wantIn(t, "final scores", scores, "2. Second Fan — ")
	wantIn(t, "final scores", scores, "(1/2 right)")
	for _, title := range []string{"Question 1: the answer is", "Question 2: the answer is"} {
		if n := countMessages(srv, chTriviaHTTP, title); n != 1 {
			t.Errorf("%d messages %q", n, title)
		}
	}

	// The quote of the day both processes caught up on went out once.
	if n := countMessages(srv, channel, "Quote of the day"); n != 1 {
		t.Errorf("%d quote-of-the-day posts in %s (%s), want 1", n, channel, zone)
	}
	if took := b.terminate(t); took > 5*time.Second {
		t.Errorf("B took %v to stop after SIGTERM", took)
	}
}

// seedCatchUpQOTD stores a schedule for the default guild whose time today
// passed a minute ago, set yesterday: every process that starts today
// catches up on it (the calendar's catch-up rule), and the claim lets one
// post. It returns the zone, one where it is not just after midnight.
func seedCatchUpQOTD(t *testing.T, target string) string {
	t.Helper()
	ctx := context.Background()
	db, err := state.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	zone := "UTC"
	if time.Now().UTC().Hour() < 1 {
		zone = "Asia/Seoul"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().In(loc).Add(-time.Minute)
	s := qotd.Schedule{GuildID: e2eGuild, ChannelID: e2eChannel, Hour: at.Hour(), Minute: at.Minute(),
		Zone: zone, Since: time.Now().Add(-24 * time.Hour), UpdatedBy: fakediscord.DefaultUserID}
	if err := db.QOTD().SaveSchedule(ctx, s); err != nil {
		t.Fatal(err)
	}
	return zone
}
