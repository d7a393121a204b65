package qotd_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	_ "time/tzdata"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/facts"
)

// quoteFixtures builds a fact store with n quotes, q01…qNN, whose text names
// the id so a post can be traced back.
func quoteFixtures(t testing.TB, n int) *facts.Store {
	t.Helper()
	var quotes strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&quotes, "- {id: q%02d, speaker: okju, text: \"Line %02d\", context: \"Scene %02d\", source: art}\n", i, i, i)
	}
	if n == 0 {
		quotes.WriteString("[]\n")
	}
	s, err := facts.Load(fstest.MapFS{
		"sources/a.txt": {Data: []byte("Jun Jong-seo plays Ok-ju.")},
		"sources.yaml":  {Data: []byte("- {id: art, file: a.txt, label: An article, kind: review}\n")},
		"people.yaml":   {Data: []byte("- {id: okju, name: Ok-ju, kind: character, aliases: [Ok-ju], description: Lead., cites: [{source: art, evidence: \"plays Ok-ju\"}]}\n")},
		"facts.yaml":    {Data: []byte("[]\n")},
		"quotes.yaml":   {Data: []byte(quotes.String())},
		"trivia.yaml":   {Data: []byte("[]\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// post is one message that really appeared in a channel.
type post struct {
	ChannelID, Nonce, ID, QuoteID string
	At                            time.Time
	Content, Thread               string
	MentionRoles                  []string
}

// discord is a nonce-aware Messenger: like Discord's enforce_nonce, a second
// send with a nonce already used in that channel returns the first message
// instead of posting again.
type discord struct {
	clock commands.Clock
	mu    sync.Mutex
	posts []post
	seen  map[string]string // channel + nonce → message id
	sends int
	fail  func(ctx context.Context, m commands.Message) error
}

// SetFail decides per send whether it fails (nil: none do).
func (d *discord) SetFail(f func(ctx context.Context, m commands.Message) error) {
	d.mu.Lock()
	d.fail = f
	d.mu.Unlock()
}

func newDiscord(clock commands.Clock) *discord {
	return &discord{clock: clock, seen: map[string]string{}}
}

func (d *discord) Send(ctx context.Context, m commands.Message) (string, error) {
	d.mu.Lock()
	d.sends++
	fail := d.fail
	d.mu.Unlock()
	if fail != nil {
		if err := fail(ctx, m); err != nil {
			return "", err
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	key := m.ChannelID + "\x00" + m.Nonce
	if id, ok := d.seen[key]; ok && m.Nonce != "" {
		return id, nil
	}
	id := strconv.Itoa(1000 + len(d.posts))
	d.posts = append(d.posts, post{ChannelID: m.ChannelID, Nonce: m.Nonce, ID: id, QuoteID: quoteID(m.Response), At: d.clock.Now(),
		Content: m.Response.Content, Thread: m.Thread, MentionRoles: m.MentionRoles})
	d.seen[key] = id
	return id, nil
}

func (d *discord) Edit(context.Context, string, string, commands.Response) error { return nil }

func (d *discord) Posts() []post {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]post(nil), d.posts...)
}

func (d *discord) PostsIn(channel string) []post {
	var out []post
	for _, p := range d.Posts() {
		if p.ChannelID == channel {
			out = append(out, p)
		}
	}
	return out
}

func (d *discord) Sends() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sends
}

// quoteID reads the quote id back from a card's "Line NN" text.
func quoteID(r commands.Response) string {
	if r.Card == nil {
		return ""
	}
	_, n, _ := strings.Cut(r.Card.Description, "Line ")
	return "q" + strings.TrimRight(n, "”")
}

// errCrash marks every call made after a simulated crash.
var errCrash = errors.New("process crashed")

// crashStore fails CompletePost (and everything after it) once crashed is
// set by the test's step hook.
type crashStore struct {
	qotd.Store
	mu      sync.Mutex
	crashed bool
	// BeforeRecord, when set, runs before recording; returning true crashes.
	BeforeRecord func() bool
}

func (c *crashStore) isCrashed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.crashed
}

func (c *crashStore) crash() {
	c.mu.Lock()
	c.crashed = true
	c.mu.Unlock()
}

func (c *crashStore) CompletePost(ctx context.Context, p qotd.Post, instance string) (bool, error) {
	if c.BeforeRecord != nil && c.BeforeRecord() {
		c.crash()
	}
	if c.isCrashed() {
		return false, errCrash
	}
	return c.Store.CompletePost(ctx, p, instance)
}

func (c *crashStore) ClaimPost(ctx context.Context, g, d, instance string) (qotd.Claim, error) {
	if c.isCrashed() {
		return qotd.Claim{}, errCrash
	}
	return c.Store.ClaimPost(ctx, g, d, instance)
}

func (c *crashStore) ReleaseClaim(ctx context.Context, g, d, instance string) error {
	if c.isCrashed() {
		return errCrash
	}
	return c.Store.ReleaseClaim(ctx, g, d, instance)
}

func (c *crashStore) Post(ctx context.Context, g, d string) (qotd.Post, bool, error) {
	if c.isCrashed() {
		return qotd.Post{}, false, errCrash
	}
	return c.Store.Post(ctx, g, d)
}

// recordPost writes a completed post to the ledger, as a scheduler would.
func recordPost(t testing.TB, st qotd.Store, p qotd.Post) {
	t.Helper()
	ctx := context.Background()
	if c, err := st.ClaimPost(ctx, p.GuildID, p.Date, "test"); err != nil || !c.Won {
		t.Fatalf("claim %+v: %+v %v", p, c, err)
	}
	if ok, err := st.CompletePost(ctx, p, "test"); err != nil || !ok {
		t.Fatalf("complete %+v: %v %v", p, ok, err)
	}
}

// env is one bot "process" over a database that outlives it.
type env struct {
	t       testing.TB
	path    string
	db      *store.DB
	clock   *commandstest.Clock
	discord *discord
	quotes  *facts.Store
	q       *qotd.Scheduler
	logs    *syncBuffer
	started bool
}

// syncBuffer collects log lines for assertions.
type syncBuffer = commandstest.Buffer

func newEnv(t testing.TB, start time.Time, quotes int) *env {
	t.Helper()
	clock := commandstest.NewClock(start)
	e := &env{t: t, path: filepath.Join(t.TempDir(), "state.db"), clock: clock, discord: newDiscord(clock),
		quotes: quoteFixtures(t, quotes), logs: &syncBuffer{}}
	e.open(nil)
	t.Cleanup(e.close)
	return e
}

// open starts a new "process": a fresh database handle and QOTD. wrap, when
// set, wraps the store.
func (e *env) open(wrap func(qotd.Store) qotd.Store) {
	e.t.Helper()
	db, err := store.Open(context.Background(), e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	db.SetClock(e.clock.Now)
	var st qotd.Store = db.QOTD()
	if wrap != nil {
		st = wrap(st)
	}
	e.db = db
	e.q = &qotd.Scheduler{
		Store: e.quotes, Clock: e.clock, Schedules: st, Messenger: e.discord,
		Channels: qotd.AllowAllChannels{}, Log: slog.New(slog.NewTextHandler(e.logs, nil)),
		SendTimeout: 5 * time.Second,
	}
	e.started = false
}

func (e *env) start() {
	e.t.Helper()
	if err := e.q.Start(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	e.started = true
	e.q.WaitIdle(e.t)
}

// restart ends the current process (as a crash would: nothing more gets
// written) and starts a new one over the same database.
func (e *env) restart(wrap func(qotd.Store) qotd.Store) {
	e.t.Helper()
	e.close()
	e.open(wrap)
	e.start()
}

func (e *env) close() {
	if e.started {
		e.q.Stop()
		e.started = false
	}
	if e.db != nil {
		e.db.Close()
		e.db = nil
	}
}

// runUntil moves the clock to t, stopping at each queued post on the way so
// every post happens at its own time, and waits for the workers.
func (e *env) runUntil(t time.Time) {
	e.t.Helper()
	for {
		e.q.WaitIdle(e.t)
		at, ok := e.q.NextDue()
		if !ok || at.After(t) {
			break
		}
		if at.After(e.clock.Now()) {
			e.clock.Set(at)
		}
	}
	if t.After(e.clock.Now()) {
		e.clock.Set(t)
	}
	e.q.WaitIdle(e.t)
}

// do runs a /qotd subcommand as a server admin.
func (e *env) do(guild, sub string, opts map[string]string) commands.Response {
	e.t.Helper()
	table := commands.Table{e.q.Command()}
	resp, err := table.Dispatch(context.Background(), commands.Request{
		Kind: commands.KindCommand, Command: "qotd", Subcommand: sub, Options: opts,
		User: commands.User{ID: "admin"}, GuildID: guild, ChannelID: "c-" + guild, CanManageServer: true,
	})
	if err != nil {
		e.t.Fatalf("/qotd %s: %v", sub, err)
	}
	return resp
}

// set configures a guild's schedule through the command.
func (e *env) set(guild, channel, hm, zone string) {
	e.t.Helper()
	resp := e.do(guild, "set", map[string]string{"channel": channel, "time": hm, "timezone": zone})
	if !resp.Found {
		e.t.Fatalf("/qotd set: %s", resp.Content)
	}
}

// at parses a local time in zone.
func at(t testing.TB, zone, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		v, err = time.ParseInLocation("2006-01-02 15:04", s, loc)
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// localTimes formats post times in zone for messages.
func localTimes(ps []post, zone string) []string {
	loc, _ := time.LoadLocation(zone)
	var out []string
	for _, p := range ps {
		out = append(out, p.At.In(loc).Format("2006-01-02 15:04:05 MST"))
	}
	return out
}
