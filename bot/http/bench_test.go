package httpbot

import (
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// The endpoint's round trip, like bot/discord's BenchmarkInteractionRoundTrip
// for the gateway: the fake sends an /echo interaction (here signed and
// POSTed, there written to the gateway socket) and records the first
// response (here the HTTP answer, there the callback request). Signing and
// verifying are part of each request.
//
//	go test ./bot/http/ -run '^$' -bench RoundTrip -benchtime 5000x
//	go test ./bot/discord/ -run '^$' -bench RoundTrip -benchtime 5000x

func benchRig(b *testing.B) *rig {
	return startRig(b, func(s *settings) {
		s.endpoint.Log = slog.New(slog.DiscardHandler)
		s.server.Log = slog.New(slog.DiscardHandler)
	})
}

// BenchmarkEndpointRoundTrip sends interactions one after another.
func BenchmarkEndpointRoundTrip(b *testing.B) {
	r := benchRig(b)
	echo := fakediscord.SlashCommand("echo")
	for range 20 { // warm up connections
		r.deliver(echo)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		d, _ := r.deliver(echo)
		lat = append(lat, d.Callback.Latency)
	}
	b.StopTimer()
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkEndpointRoundTripParallel sends interactions from GOMAXPROCS
// goroutines at once (-cpu raises it).
func BenchmarkEndpointRoundTripParallel(b *testing.B) {
	r := benchRig(b)
	echo := fakediscord.SlashCommand("echo")
	for range 20 {
		r.deliver(echo)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d, err := r.srv.DeliverInteraction(r.url, echo)
			if err != nil || d.Callback == nil || d.Callback.Type != 4 {
				b.Errorf("deliver: %v, %+v", err, d.Callback)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
