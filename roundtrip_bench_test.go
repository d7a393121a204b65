package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	state "github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// BenchmarkLeaderboardRoundTrip is the interaction round trip of a command
// that reads the database, on each backend: INTERACTION_CREATE from the fake
// gateway, the whole binary's wiring (run, as main calls it), /trivia
// leaderboard totalling a server's answers in the store, and the callback
// recorded by the fake. The server has 20 players with 5 answers each.
func BenchmarkLeaderboardRoundTrip(b *testing.B) {
	for _, be := range benchBackends(b) {
		b.Run(be.name, func(b *testing.B) {
			url := be.open(b)
			seedLeaderboard(b, url, e2eGuild, 20, 5)
			srv := fakediscord.Start(b, fakediscord.Options{HeartbeatInterval: time.Second})
			bot := startRun(b, map[string]string{"DISCORD_TOKEN": srv.Token(), "DISCORD_API_URL": srv.URL(),
				"DATABASE_URL": url})
			awaitReady(b, srv, bot, 1)
			spec := fakediscord.SlashCommand("trivia", fakediscord.Sub("leaderboard")).InGuild(e2eGuild, e2eChannel)
			roundTrip := func() time.Duration {
				ix, err := srv.DispatchInteraction(spec)
				if err != nil {
					b.Fatal(err)
				}
				cb := srv.AwaitCallback(b, ix.ID)
				if cb.Type != 4 || !strings.Contains(string(cb.Data), "Trivia leaderboard") {
					b.Fatalf("callback %d %s", cb.Type, cb.Data)
				}
				return cb.Latency
			}
			for range 20 { // warm up connections and the database's caches
				roundTrip()
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				lat = append(lat, roundTrip())
			}
			b.StopTimer()
			slices.Sort(lat)
			q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
			b.ReportMetric(q(0.50), "p50-ms")
			b.ReportMetric(q(0.99), "p99-ms")
		})
	}
}

// benchBackend opens a fresh, empty database and returns its DATABASE_URL.
type benchBackend struct {
	name string
	open func(tb testing.TB) string
}

// benchBackends are SQLite and PostgreSQL (a fresh database through
// storetest; skipped, saying how to enable it, without BALLERINA_TEST_DATABASE_URL).
func benchBackends(tb testing.TB) []benchBackend {
	var out []benchBackend
	for _, name := range storetest.Backends {
		out = append(out, benchBackend{name, func(tb testing.TB) string { return storetest.Target(tb, name) }})
	}
	return out
}

// seedLeaderboard stores one finished game in guild with players answering
// rounds each, so /trivia leaderboard has real totals to rank.
func seedLeaderboard(tb testing.TB, url, guild string, players, rounds int) {
	tb.Helper()
	ctx := context.Background()
	db, err := state.Open(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	s := db.Trivia()
	at := time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC)
	g := trivia.Game{ID: "bench-game", Scope: "g:" + guild, GuildID: guild, ChannelID: e2eChannel,
		Starter: commands.User{ID: fakediscord.DefaultUserID, Name: "starter"}, Mode: "buttons", Rounds: rounds, Seconds: 20, StartedAt: at,
		Owner: "seed", LeaseUntil: at.Add(time.Hour)}
	if err := s.StartGame(ctx, g); err != nil {
		tb.Fatal(err)
	}
	// Answers count only in rounds the database has open.
	for r := 1; r <= rounds; r++ {
		ok, err := s.OpenRound(ctx, "seed", trivia.Round{GameID: g.ID, N: r, TriviaID: fmt.Sprint("seed-", r),
			Choices: []string{"A", "B"}, OpenedAt: at, Deadline: at.Add(time.Minute)})
		if err != nil || !ok {
			tb.Fatalf("open seeded round %d: %v, %v", r, ok, err)
		}
	}
	for p := range players {
		u := commands.User{ID: fmt.Sprint(1400000000000001000 + p), Name: fmt.Sprintf("player %d", p)}
		for r := 1; r <= rounds; r++ {
			right := (p+r)%3 != 0
			a := trivia.Answer{GameID: g.ID, Round: r, User: u, Choice: "A", Correct: right, Elapsed: time.Duration(p+r) * time.Second, At: at}
			if right {
				a.Points, a.Streak = 100+p, 1
			}
			if _, err := s.RecordAnswer(ctx, a); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if _, err := s.FinishGame(ctx, g.ID, "done", at.Add(time.Hour)); err != nil {
		tb.Fatal(err)
	}
}
