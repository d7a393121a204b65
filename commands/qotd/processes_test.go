package qotd_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// killable is a process's view of the store that dies at one step of one
// guild's post: every call after that fails, as if the process were gone.
type killable struct {
	qotd.Store
	guild, step string // step: "before send" (after the claim) or "after send"
	dead        atomic.Bool
}

func (k *killable) check() error {
	if k.dead.Load() {
		return errCrash
	}
	return nil
}

func (k *killable) Schedules(ctx context.Context) ([]qotd.Schedule, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	return k.Store.Schedules(ctx)
}

func (k *killable) ClaimPost(ctx context.Context, g, d, instance string) (qotd.Claim, error) {
	if err := k.check(); err != nil {
		return qotd.Claim{}, err
	}
	return k.Store.ClaimPost(ctx, g, d, instance)
}

// Rotation is read after a won claim, before the send.
func (k *killable) Rotation(ctx context.Context, g string) (qotd.Rotation, error) {
	if g == k.guild && k.step == "before send" {
		k.dead.Store(true)
	}
	if err := k.check(); err != nil {
		return qotd.Rotation{}, err
	}
	return k.Store.Rotation(ctx, g)
}

func (k *killable) CompletePost(ctx context.Context, p qotd.Post, instance string) (bool, error) {
	if p.GuildID == k.guild && k.step == "after send" {
		k.dead.Store(true)
	}
	if err := k.check(); err != nil {
		return false, err
	}
	return k.Store.CompletePost(ctx, p, instance)
}

func (k *killable) ReleaseClaim(ctx context.Context, g, d, instance string) error {
	if err := k.check(); err != nil {
		return err
	}
	return k.Store.ReleaseClaim(ctx, g, d, instance)
}

// sendLog counts the sends of every process by channel and nonce.
type sendLog struct {
	commands.Messenger
	mu    sync.Mutex
	sends map[string]int
}

func (s *sendLog) Send(ctx context.Context, m commands.Message) (string, error) {
	s.mu.Lock()
	s.sends[m.ChannelID+" "+m.Nonce]++
	s.mu.Unlock()
	return s.Messenger.Send(ctx, m)
}

func (s *sendLog) count(channel, nonce string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sends[channel+" "+nonce]
}

// runAll moves the clock to t through every post either scheduler queued.
func runAll(t *testing.T, clock *commandstest.Clock, to time.Time, qs ...*qotd.Scheduler) {
	t.Helper()
	for {
		next, any := time.Time{}, false
		for _, q := range qs {
			q.WaitIdle(t)
			if at, ok := q.NextDue(); ok && (!any || at.Before(next)) {
				next, any = at, true
			}
		}
		if !any || next.After(to) {
			break
		}
		if next.After(clock.Now()) {
			clock.Set(next)
		}
	}
	if to.After(clock.Now()) {
		clock.Set(to)
	}
	for _, q := range qs {
		q.WaitIdle(t)
	}
}

// Two processes over one database, with overlapping ownership, post exactly
// once per guild per day, even when one of them is killed between claiming a
// post and completing it: a new process starts in its place, and the stale
// claim is taken over once ClaimTimeout has passed.
func TestQOTDTwoProcessesPostOnce(t *testing.T) {
	for _, step := range []string{"before send", "after send"} {
		t.Run(step, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, db *store.DB) { twoProcesses(t, db, step) })
		})
	}
}

func twoProcesses(t *testing.T, db *store.DB, step string) {
	const zone, guilds, killed = "Asia/Seoul", 12, "g01"
	start := at(t, zone, "2024-05-01 08:00")
	clock := commandstest.NewClock(start)
	db.SetClock(clock.Now)
	fake := newDiscord(clock)
	sends := &sendLog{Messenger: fake, sends: map[string]int{}}
	quotes := quoteFixtures(t, 10)
	ctx := context.Background()
	index := map[string]int{}
	for i := range guilds {
		g := fmt.Sprintf("g%02d", i)
		index[g] = i
		if err := db.QOTD().SaveSchedule(ctx, qotd.Schedule{GuildID: g, ChannelID: "ch-" + g, Hour: 9, Zone: zone, Since: start}); err != nil {
			t.Fatal(err)
		}
	}
	// A owns i%3 ∈ {0, 1}, B owns {1, 2}: both plan the guilds with i%3 == 1.
	ownsA := func(g string) bool { return index[g]%3 != 2 }
	ownsB := func(g string) bool { return index[g]%3 != 0 }
	logs := &syncBuffer{}
	process := func(instance string, st qotd.Store, owns func(string) bool) *qotd.Scheduler {
		q := &qotd.Scheduler{Store: quotes, Clock: clock, Schedules: st, Messenger: sends, Instance: instance, Owns: owns,
			Channels: qotd.AllowAllChannels{}, Log: slog.New(slog.NewTextHandler(logs, nil)), SendTimeout: 5 * time.Second}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(q.Stop)
		return q
	}
	// Day 1: A alone at 09:00 (so that it is A that claims g01) dies at the
	// step while posting for g01; A2 replaces it and B starts 30 s on. B
	// owns g01 too: one of them takes the stale claim over.
	doomed := &killable{Store: db.QOTD(), guild: killed, step: step}
	a := process("a", doomed, ownsA)
	runAll(t, clock, at(t, zone, "2024-05-01 09:00"), a)
	if !doomed.dead.Load() {
		t.Fatalf("A was not killed at %q: %s", step, logs.String())
	}
	a.Stop()
	clock.Set(at(t, zone, "2024-05-01 09:00:30"))
	a2 := process("a2", db.QOTD(), ownsA)
	b := process("b", db.QOTD(), ownsB)
	// Days 2 and 3: both live processes plan the guilds they share.
	runAll(t, clock, at(t, zone, "2024-05-03 23:00"), a2, b)

	for day := 1; day <= 3; day++ {
		date := fmt.Sprintf("2024-05-%02d", day)
		for g := range index {
			ch := "ch-" + g
			n := 0
			for _, p := range fake.PostsIn(ch) {
				if p.Nonce == qotd.Nonce(g, date) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s on %s: %d posts, want 1", g, date, n)
			}
			// A's death leaves the claims of every post it had in flight,
			// sent or not; their takeover may send again, with the same
			// nonce. Otherwise each post is sent once: claims keep the
			// processes from both sending.
			most := 1
			if day == 1 && ownsA(g) {
				most = 2
			}
			if got := sends.count(ch, qotd.Nonce(g, date)); got < 1 || got > most {
				t.Errorf("%s on %s: sent %d times, want 1 to %d", g, date, got, most)
			}
			p, ok, err := db.QOTD().Post(ctx, g, date)
			if err != nil || !ok || p.MessageID == "" {
				t.Errorf("%s on %s: ledger %+v %v %v", g, date, p, ok, err)
			}
		}
	}
	if t.Failed() {
		t.Log(logs.String())
	}
}

// A schedule set or removed through one process is followed by the process
// that owns the guild at its next reload.
func TestQOTDReloadFollowsOtherProcesses(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		const zone = "Europe/Berlin"
		clock := commandstest.NewClock(at(t, zone, "2024-06-01 08:00"))
		db.SetClock(clock.Now)
		fake := newDiscord(clock)
		quotes := quoteFixtures(t, 5)
		newProcess := func(instance string, owns func(string) bool) *qotd.Scheduler {
			q := &qotd.Scheduler{Store: quotes, Clock: clock, Schedules: db.QOTD(), Messenger: fake, Instance: instance,
				Owns: owns, Channels: qotd.AllowAllChannels{}, ReloadEvery: time.Minute}
			if err := q.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(q.Stop)
			return q
		}
		owner := newProcess("owner", nil)
		front := newProcess("front", func(string) bool { return false }) // serves commands, posts nothing
		do := func(sub string, opts map[string]string) {
			t.Helper()
			resp, err := commands.Table{front.Command()}.Dispatch(context.Background(), commands.Request{
				Kind: commands.KindCommand, Command: "qotd", Subcommand: sub, Options: opts,
				User: commands.User{ID: "admin"}, GuildID: "g", ChannelID: "c", CanManageServer: true,
			})
			if err != nil || !resp.Found {
				t.Fatalf("/qotd %s: %+v %v", sub, resp, err)
			}
		}
		do("set", map[string]string{"channel": "ch", "time": "09:00", "timezone": zone})
		if _, ok := front.Due("g"); ok {
			t.Error("the process that owns nothing planned a post")
		}
		if _, ok := owner.Due("g"); ok {
			t.Error("the owner knew of the schedule before reloading")
		}
		runAll(t, clock, at(t, zone, "2024-06-01 08:01"), owner, front)
		if due, ok := owner.Due("g"); !ok || !due.Equal(at(t, zone, "2024-06-01 09:00")) {
			t.Fatalf("after a reload the owner plans %v (%v), want 09:00", due, ok)
		}
		runAll(t, clock, at(t, zone, "2024-06-01 12:00"), owner, front)
		if got := fake.PostsIn("ch"); len(got) != 1 {
			t.Fatalf("%d posts on day 1, want 1", len(got))
		}
		do("off", nil)
		runAll(t, clock, at(t, zone, "2024-06-02 12:00"), owner, front)
		if got := fake.PostsIn("ch"); len(got) != 1 {
			t.Errorf("the owner posted after /qotd off elsewhere: %d posts", len(got))
		}
	})
}

// jumpyClock moves its clock ahead while the first timer is being set, as
// a test clock does when the harness advances it while a worker re-arms.
type jumpyClock struct {
	*commandstest.Clock
	jump atomic.Int64 // nanoseconds, used once
}

func (c *jumpyClock) AfterFunc(d time.Duration, f func()) commands.Timer {
	if j := c.jump.Swap(0); j > 0 {
		c.Advance(time.Duration(j))
	}
	return c.Clock.AfterFunc(d, f)
}

// A timer set while the clock jumps fires late; a post due before then still
// gets a timer of its own instead of waiting for the late one.
func TestQOTDTimerSetWhileClockJumps(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		const zone = "Asia/Seoul"
		clock := &jumpyClock{Clock: commandstest.NewClock(at(t, zone, "2024-05-01 08:56"))}
		clock.jump.Store(int64(4 * time.Minute)) // 08:56 → 09:00 while the 09:00 timer is set
		db.SetClock(clock.Now)
		fake := newDiscord(clock)
		ctx := context.Background()
		save := func(g string, minute int) {
			t.Helper()
			s := qotd.Schedule{GuildID: g, ChannelID: "ch-" + g, Hour: 9, Minute: minute, Zone: zone, Since: clock.Now()}
			if err := db.QOTD().SaveSchedule(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		save("g1", 0)
		q := &qotd.Scheduler{Store: quoteFixtures(t, 5), Clock: clock, Schedules: db.QOTD(), Messenger: fake,
			Channels: qotd.AllowAllChannels{}, SendTimeout: 5 * time.Second}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(q.Stop)
		q.WaitIdle(t)
		if got := len(fake.PostsIn("ch-g1")); got != 1 {
			t.Fatalf("g1: %d posts at 09:00, want 1", got)
		}
		save("g2", 2)
		if err := q.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		clock.Set(at(t, zone, "2024-05-01 09:02"))
		q.WaitIdle(t)
		if got := len(fake.PostsIn("ch-g2")); got != 1 {
			t.Fatalf("g2: %d posts at 09:02, want 1", got)
		}
	})
}
