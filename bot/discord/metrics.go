package discord

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
)

// Interaction outcomes, the "outcome" label of ballerina_discord_interactions_total.
const (
	OutcomeOK         = "ok"          // answered with something found
	OutcomeNotFound   = "not_found"   // answered, Response.Found false
	OutcomeError      = "error"       // the handler returned an error; apology shown
	OutcomePanic      = "panic"       // the handler panicked; apology shown
	OutcomeTimeout    = "timeout"     // the handler did not return in time; apology shown
	OutcomeRestarting = "restarting"  // arrived during shutdown; told to retry
	OutcomeFailed     = "send_failed" // the answer could not be delivered to Discord
)

// Metrics counts what the Discord adapter does and serves it, with the Go
// runtime and process metrics, on /metrics. Each Metrics has its own
// registry (never Prometheus's global one), so several bots in one process
// (tests) do not share counters. The zero value is not usable; call
// NewMetrics. All methods are safe for concurrent use.
type Metrics struct {
	reg     *prometheus.Registry
	handler http.Handler

	interactions *prometheus.CounterVec // command, outcome
	deferred     *prometheus.CounterVec // command
	mentions     *prometheus.CounterVec // outcome
	latency      prometheus.Histogram
	reconnects   *prometheus.CounterVec // shard
	openFailures *prometheus.CounterVec // shard
	restRequests prometheus.Counter
	rest429      *prometheus.CounterVec // scope: global, route
	restErrors   *prometheus.CounterVec // kind: 5xx, network

	mu     sync.Mutex
	health func() Health // read at scrape time; set by New
}

// NewMetrics returns zeroed metrics on a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_discord_interactions_total",
			Help: "Interactions answered, by command and outcome.",
		}, []string{"command", "outcome"}),
		deferred: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_discord_interactions_deferred_total",
			Help: "Interactions acknowledged with a deferred response because the handler was slow.",
		}, []string{"command"}),
		mentions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_discord_mentions_total",
			Help: "Messages that mentioned the bot (or DMs), by outcome.",
		}, []string{"outcome"}),
		// Receipt of INTERACTION_CREATE to the first callback accepted;
		// Discord's deadline is 3 s.
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ballerina_discord_interaction_latency_seconds",
			Help:    "Time from receiving an interaction to Discord accepting its first response.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5},
		}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_discord_gateway_reconnects_total",
			Help: "Gateway connections re-opened after a loss, by shard.",
		}, []string{"shard"}),
		openFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_discord_gateway_open_failures_total",
			Help: "Gateway connection attempts that failed, by shard.",
		}, []string{"shard"}),
		restRequests: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ballerina_discord_rest_requests_total",
			Help: "REST requests sent to Discord (retries included).",
		}),
		rest429: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_discord_rest_rate_limited_total",
			Help: "REST responses with status 429, by scope.",
		}, []string{"scope"}),
		restErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_discord_rest_errors_total",
			Help: "REST failures: 5xx responses and network errors.",
		}, []string{"kind"}),
	}
	// The fixed label values are exported at 0 from the start, so a rate()
	// over them works before the first failure.
	for _, scope := range []string{"global", "route"} {
		m.rest429.WithLabelValues(scope)
	}
	for _, kind := range []string{"5xx", "network"} {
		m.restErrors.WithLabelValues(kind)
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.interactions, m.deferred, m.mentions, m.latency,
		m.reconnects, m.openFailures, m.restRequests, m.rest429, m.restErrors,
		shardCollector{m},
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ballerina_discord_interactions_in_flight",
			Help: "Interactions and mentions being handled now.",
		}, func() float64 {
			h, _ := m.snapshot()
			return float64(h.InFlight)
		}),
	)
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

func (m *Metrics) setHealth(f func() Health) {
	m.mu.Lock()
	m.health = f
	m.mu.Unlock()
}

// snapshot reads the bot's health once per gauge; false before New set it.
func (m *Metrics) snapshot() (Health, bool) {
	m.mu.Lock()
	f := m.health
	m.mu.Unlock()
	if f == nil {
		return Health{}, false
	}
	return f(), true
}

func (m *Metrics) interaction(command, outcome string) {
	m.interactions.WithLabelValues(command, outcome).Inc()
}

func (m *Metrics) deferral(command string)        { m.deferred.WithLabelValues(command).Inc() }
func (m *Metrics) mention(outcome string)         { m.mentions.WithLabelValues(outcome).Inc() }
func (m *Metrics) observeLatency(d time.Duration) { m.latency.Observe(d.Seconds()) }

// addShard exports a shard's counters at 0 from the start.
func (m *Metrics) addShard(shard int) {
	m.reconnects.WithLabelValues(strconv.Itoa(shard))
	m.openFailures.WithLabelValues(strconv.Itoa(shard))
}

func (m *Metrics) reconnect(shard int)   { m.reconnects.WithLabelValues(strconv.Itoa(shard)).Inc() }
func (m *Metrics) openFailed(shard int)  { m.openFailures.WithLabelValues(strconv.Itoa(shard)).Inc() }
func (m *Metrics) restRequest()          { m.restRequests.Inc() }
func (m *Metrics) restError(kind string) { m.restErrors.WithLabelValues(kind).Inc() }

func (m *Metrics) rateLimited(global bool) {
	scope := "route"
	if global {
		scope = "global"
	}
	m.rest429.WithLabelValues(scope).Inc()
}

// Interactions returns the count for one command and outcome (for tests and
// diagnostics).
func (m *Metrics) Interactions(command, outcome string) uint64 {
	return counterValue(m.interactions.WithLabelValues(command, outcome))
}

// RateLimited returns how many 429s were seen, by scope "global" or "route".
func (m *Metrics) RateLimited(scope string) uint64 {
	return counterValue(m.rest429.WithLabelValues(scope))
}

// Reconnects returns how many times gateway connections were re-opened
// after they were lost, over every shard.
func (m *Metrics) Reconnects() uint64 {
	ch := make(chan prometheus.Metric, 64)
	go func() { m.reconnects.Collect(ch); close(ch) }()
	var n uint64
	for metric := range ch {
		var d dto.Metric
		if metric.Write(&d) == nil {
			n += uint64(d.GetCounter().GetValue())
		}
	}
	return n
}

// ShardReconnects returns the reconnects of one shard.
func (m *Metrics) ShardReconnects(shard int) uint64 {
	return counterValue(m.reconnects.WithLabelValues(strconv.Itoa(shard)))
}

// Per-shard gauges, read from the bot's health at scrape time.
var (
	descConnected = prometheus.NewDesc("ballerina_discord_gateway_connected",
		"1 when the shard's gateway connection is up (READY or RESUMED seen).", []string{"shard"}, nil)
	descAckAge = prometheus.NewDesc("ballerina_discord_gateway_heartbeat_ack_age_seconds",
		"Seconds since the shard's last heartbeat ACK (-1 when none yet).", []string{"shard"}, nil)
	descLatency = prometheus.NewDesc("ballerina_discord_gateway_latency_seconds",
		"Time between the shard's last heartbeat and its ACK.", []string{"shard"}, nil)
	descGuilds = prometheus.NewDesc("ballerina_discord_gateway_guilds",
		"Guilds the shard serves.", []string{"shard"}, nil)
)

// shardCollector exports one series per shard of the process.
type shardCollector struct{ m *Metrics }

func (c shardCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descConnected
	ch <- descAckAge
	ch <- descLatency
	ch <- descGuilds
}

func (c shardCollector) Collect(ch chan<- prometheus.Metric) {
	h, ok := c.m.snapshot()
	if !ok {
		return
	}
	for _, s := range h.Shards {
		id := strconv.Itoa(s.ID)
		connected := 0.0
		if s.Connected {
			connected = 1
		}
		ch <- prometheus.MustNewConstMetric(descConnected, prometheus.GaugeValue, connected, id)
		ch <- prometheus.MustNewConstMetric(descAckAge, prometheus.GaugeValue, ackAge(s.LastHeartbeatAck, s.AckAge), id)
		ch <- prometheus.MustNewConstMetric(descLatency, prometheus.GaugeValue, s.Latency.Seconds(), id)
		ch <- prometheus.MustNewConstMetric(descGuilds, prometheus.GaugeValue, float64(s.Guilds), id)
	}
}

func counterValue(c prometheus.Counter) uint64 {
	var d dto.Metric
	if err := c.Write(&d); err != nil {
		return 0
	}
	return uint64(d.GetCounter().GetValue())
}

// ServeHTTP serves the metrics in Prometheus's exposition format (text, or
// protobuf / OpenMetrics when the scraper asks for them).
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.handler.ServeHTTP(w, r) }
