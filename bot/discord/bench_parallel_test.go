package discord

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// BenchmarkInteractionRoundTripParallel is BenchmarkInteractionRoundTrip
// with interactions sent from GOMAXPROCS goroutines at once: the gateway
// counterpart of bot/http's BenchmarkEndpointRoundTripParallel.
func BenchmarkInteractionRoundTripParallel(b *testing.B) {
	r := startRig(b, fakediscord.Options{HeartbeatInterval: time.Second}, func(c *Config) {
		c.Log = slog.New(slog.DiscardHandler)
	}, nil)
	r.connected()
	roundTrips(b, r.srv, 20)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ix, err := r.srv.DispatchInteraction(fakediscord.SlashCommand("echo"))
			if err != nil {
				b.Error(err)
				return
			}
			// Not AwaitCallback: it may fail the benchmark, which only its
			// own goroutine may do.
			ctx, cancel := context.WithTimeout(context.Background(), fakediscord.DefaultWaitTimeout)
			err = r.srv.WaitFor(ctx, func() bool { got, _ := r.srv.Interaction(ix.ID); return got.Callback != nil })
			cancel()
			if err != nil {
				b.Errorf("no callback for interaction %s", ix.ID)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
