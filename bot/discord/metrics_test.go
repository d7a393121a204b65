package discord

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape GETs /metrics from h over HTTP as Prometheus does (plain text
// format), checks that the answer parses as the standard exposition format,
// and returns it.
func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/metrics", nil)
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("scrape: %s, Content-Type %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	if _, err := p.TextToMetricFamilies(strings.NewReader(string(body))); err != nil {
		t.Fatalf("scrape is not the text exposition format: %v\n%s", err, body)
	}
	return string(body)
}

func TestMetricsScrape(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	m.interaction("ask", OutcomeOK)
	m.interaction("ask", OutcomeOK)
	m.interaction(`we"ird\name`, OutcomeError)
	m.deferral("ask")
	m.mention(OutcomeNotFound)
	m.observeLatency(30 * time.Millisecond)
	m.observeLatency(4 * time.Second)
	m.rateLimited(true)
	m.restRequest()
	m.addShard(2)
	m.addShard(3)
	m.reconnect(3)
	m.openFailed(3)
	m.openFailed(3)
	ack := time.Now().Add(-2 * time.Second)
	m.setHealth(func() Health {
		return Health{Connected: false, InFlight: 3, ShardCount: 4, Shards: []ShardHealth{
			{ID: 2, Connected: true, LastHeartbeatAck: ack, AckAge: 2 * time.Second, Latency: 40 * time.Millisecond, Guilds: 25},
			{ID: 3, DownFor: time.Second},
		}}
	})

	body := scrape(t, m)
	for _, want := range []string{
		`ballerina_discord_interactions_total{command="ask",outcome="ok"} 2`,
		`ballerina_discord_interactions_total{command="we\"ird\\name",outcome="error"} 1`,
		`ballerina_discord_interactions_deferred_total{command="ask"} 1`,
		`ballerina_discord_mentions_total{outcome="not_found"} 1`,
		`ballerina_discord_interaction_latency_seconds_bucket{le="0.05"} 1`,
		`ballerina_discord_interaction_latency_seconds_bucket{le="5"} 2`,
		`ballerina_discord_interaction_latency_seconds_bucket{le="+Inf"} 2`,
		`ballerina_discord_interaction_latency_seconds_count 2`,
		`# TYPE ballerina_discord_interaction_latency_seconds histogram`,
		`ballerina_discord_rest_rate_limited_total{scope="global"} 1`,
		`ballerina_discord_rest_rate_limited_total{scope="route"} 0`,
		`ballerina_discord_rest_errors_total{kind="5xx"} 0`,
		`ballerina_discord_rest_requests_total 1`,
		`ballerina_discord_gateway_reconnects_total{shard="2"} 0`,
		`ballerina_discord_gateway_reconnects_total{shard="3"} 1`,
		`ballerina_discord_gateway_open_failures_total{shard="2"} 0`,
		`ballerina_discord_gateway_open_failures_total{shard="3"} 2`,
		`ballerina_discord_gateway_connected{shard="2"} 1`,
		`ballerina_discord_gateway_connected{shard="3"} 0`,
		`ballerina_discord_gateway_heartbeat_ack_age_seconds{shard="2"} 2`,
		`ballerina_discord_gateway_heartbeat_ack_age_seconds{shard="3"} -1`,
		`ballerina_discord_gateway_latency_seconds{shard="2"} 0.04`,
		`ballerina_discord_gateway_guilds{shard="2"} 25`,
		`ballerina_discord_interactions_in_flight 3`,
		// The Go runtime and process collectors, beside the bot's own.
		"\ngo_goroutines ",
		"\ngo_memstats_heap_alloc_bytes ",
		"\ngo_info{version=",
		"\nprocess_resident_memory_bytes ",
		"\nprocess_start_time_seconds ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", body)
	}
	if got := m.Interactions("ask", OutcomeOK); got != 2 {
		t.Errorf("Interactions = %d, want 2", got)
	}
	if got, shard3 := m.Reconnects(), m.ShardReconnects(3); got != 1 || shard3 != 1 {
		t.Errorf("Reconnects = %d, shard 3 %d, want 1 and 1", got, shard3)
	}
}

func TestMetricsBeforeTheBotReportsHealth(t *testing.T) {
	t.Parallel()
	body := scrape(t, NewMetrics())
	for _, want := range []string{
		"ballerina_discord_interactions_in_flight 0",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	// No shard yet, so no per-shard series (rather than a made-up shard).
	if strings.Contains(body, "ballerina_discord_gateway_connected{") {
		t.Errorf("a shard series before the bot has shards:\n%s", body)
	}
}

// Each Metrics has its own registry: two bots in one process count apart.
func TestMetricsAreNotShared(t *testing.T) {
	t.Parallel()
	a, b := NewMetrics(), NewMetrics()
	a.reconnect(0)
	if a.Reconnects() != 1 || b.Reconnects() != 0 {
		t.Errorf("reconnects: a %d, b %d", a.Reconnects(), b.Reconnects())
	}
}
