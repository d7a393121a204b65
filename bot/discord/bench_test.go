package discord

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// roundTrips sends n interactions one after another and returns the
// dispatch→callback latency of each, as the fake measured it (from just
// before it wrote INTERACTION_CREATE to the socket to the callback's arrival).
func roundTrips(tb testing.TB, srv *fakediscord.Server, n int) []time.Duration {
	tb.Helper()
	lat := make([]time.Duration, 0, n)
	for range n {
		ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("echo"))
		if err != nil {
			tb.Fatal(err)
		}
		lat = append(lat, srv.AwaitCallback(tb, ix.ID).Latency)
	}
	return lat
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// BenchmarkInteractionRoundTrip measures the whole adapter: gateway frame
// through the watched socket and discordgo, decoding, Dispatch, rendering,
// and the callback through the retrying REST path and our transport.
func BenchmarkInteractionRoundTrip(b *testing.B) {
	r := startRig(b, fakediscord.Options{HeartbeatInterval: time.Second}, func(c *Config) {
		c.Log = slog.New(slog.DiscardHandler)
	}, nil)
	r.connected()
	roundTrips(b, r.srv, 20) // warm up connections
	b.ResetTimer()
	lat := roundTrips(b, r.srv, b.N)
	b.StopTimer()
	reportLatency(b, lat)
}

// BenchmarkEchoRoundTrip is the floor: a bare discordgo session on the same
// fake answering with InteractionRespond from its handler.
func BenchmarkEchoRoundTrip(b *testing.B) {
	srv := fakediscord.Start(b, fakediscord.Options{HeartbeatInterval: time.Second})
	sess := fakediscord.NewSession(b, srv)
	sess.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "pong"},
		})
	})
	if err := sess.Open(); err != nil {
		b.Fatal(err)
	}
	roundTrips(b, srv, 20)
	b.ResetTimer()
	lat := roundTrips(b, srv, b.N)
	b.StopTimer()
	reportLatency(b, lat)
}

// ---- heap in use as interactions accumulate ----

// The fake keeps every dispatch (for RESUME replays) and every interaction,
// so it grows with traffic by design. To measure the bot alone, the bot
// runs in a child process (this test binary, running TestHeapChild) and
// reports its own heap; the fake runs here.

const heapChildEnv = "BALLERINA_DISCORD_HEAP_CHILD"

// TestHeapChild is the bot process of the heap measurements. It does
// nothing unless started by heapProbe.
func TestHeapChild(t *testing.T) {
	url := os.Getenv(heapChildEnv)
	if url == "" {
		t.Skip("helper process for the heap measurements")
	}
	fx := &fixture{}
	b, err := New(Config{Token: fakediscord.DefaultToken, GuildID: fakediscord.DefaultGuildID, APIURL: url,
		Log: slog.New(slog.DiscardHandler), Table: fx.table()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		switch sc.Text() {
		case "heap":
			runtime.GC()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Printf("HEAP %d %d %d %d\n", ms.HeapInuse, ms.HeapAlloc, bucketCount(b), runtime.NumGoroutine())
		case "quit":
			cancel()
			<-done
			return
		}
	}
	cancel()
	<-done
}

type heapSample struct {
	interactions         int
	heapInuse, heapAlloc uint64
	buckets, goroutines  int
}

// heapProbe runs the bot in a child process against a fake here, pushes
// interactions through it and samples the child's heap after each total in
// checkpoints (after a warm-up of 200).
func heapProbe(tb testing.TB, checkpoints ...int) []heapSample {
	tb.Helper()
	srv := fakediscord.Start(tb, fakediscord.Options{HeartbeatInterval: time.Second})
	cmd := exec.Command(os.Args[0], "-test.run=^TestHeapChild$", "-test.count=1", "-test.v=false")
	cmd.Env = append(os.Environ(), heapChildEnv+"="+srv.URL())
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "HEAP ") {
				lines <- sc.Text()
			}
		}
		close(lines)
	}()
	defer func() {
		io.WriteString(stdin, "quit\n")
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	}()
	srv.Await(tb, "the child bot to connect", srv.Connected)
	sample := func(n int) heapSample {
		io.WriteString(stdin, "heap\n")
		select {
		case line, ok := <-lines:
			if !ok {
				tb.Fatal("the child bot exited")
			}
			s := heapSample{interactions: n}
			fmt.Sscanf(line, "HEAP %d %d %d %d", &s.heapInuse, &s.heapAlloc, &s.buckets, &s.goroutines)
			return s
		case <-time.After(30 * time.Second):
			tb.Fatal("no heap sample from the child")
			return heapSample{}
		}
	}
	done := 0
	pump(tb, srv, 200)
	out := []heapSample{sample(0)}
	for _, c := range checkpoints {
		pump(tb, srv, c-done)
		done = c
		out = append(out, sample(c))
	}
	return out
}

// pump pushes n echo interactions through the bot, 64 in flight at a time,
// and waits for every callback.
func pump(tb testing.TB, srv *fakediscord.Server, n int) {
	tb.Helper()
	const window = 64
	for n > 0 {
		k := min(window, n)
		ids := make([]string, 0, k)
		for range k {
			ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("echo"))
			if err != nil {
				tb.Fatal(err)
			}
			ids = append(ids, ix.ID)
		}
		srv.Await(tb, "a window of callbacks", func() bool {
			for len(ids) > 0 {
				if ix, _ := srv.Interaction(ids[0]); ix.Callback == nil {
					return false
				}
				ids = ids[1:]
			}
			return true
		})
		n -= k
	}
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// TestHeapFlatAfterInteractions checks that 1 000 interactions leave the
// bot's heap where it was (the 100 000 run is BenchmarkHeapInteractions).
func TestHeapFlatAfterInteractions(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	s := heapProbe(t, 1000)
	base, after := s[0], s[1]
	t.Logf("bot heap in use: %.2f MB after warm-up, %.2f MB after 1 000 more interactions; %d rate-limit buckets, %d goroutines",
		mb(base.heapInuse), mb(after.heapInuse), after.buckets, after.goroutines)
	if grew := int64(after.heapAlloc) - int64(base.heapAlloc); grew > 2<<20 {
		t.Errorf("live heap grew by %.2f MB over 1 000 interactions", float64(grew)/(1<<20))
	}
	// Idle keep-alive connections (two goroutines each, at most 32 per
	// host) make the goroutine count vary; a leak would add one or more per
	// interaction, a thousand here.
	if after.buckets > 2*interactionBuckets+4 || after.goroutines > 150 {
		t.Errorf("buckets %d, goroutines %d → %d", after.buckets, base.goroutines, after.goroutines)
	}
}

// BenchmarkHeapInteractions reports the bot's heap after 1 000 and after
// 100 000 interactions. Run it alone:
//
//	go test -run '^$' -bench BenchmarkHeapInteractions -benchtime 1x ./bot/discord/
func BenchmarkHeapInteractions(b *testing.B) {
	s := heapProbe(b, 1000, 100000)
	base, k1, k100 := s[0], s[1], s[2]
	b.ReportMetric(mb(base.heapInuse), "heap-base-MB")
	b.ReportMetric(mb(k1.heapInuse), "heap-1k-MB")
	b.ReportMetric(mb(k100.heapInuse), "heap-100k-MB")
	b.ReportMetric(mb(k100.heapAlloc)-mb(k1.heapAlloc), "live-growth-1k-to-100k-MB")
	b.ReportMetric(float64(k100.buckets), "buckets-100k")
	b.ReportMetric(float64(k100.goroutines), "goroutines-100k")
}
