package discord

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
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

// Metrics counts what the Discord adapter does, for /metrics. The zero value
// is not usable; call NewMetrics. All methods are safe for concurrent use.
type Metrics struct {
	mu           sync.Mutex
	interactions map[[2]string]uint64 // {command, outcome}
	deferred     map[string]uint64    // command
	mentions     map[string]uint64    // outcome
	latency      histogram
	reconnects   uint64
	openFailures uint64
	rest429      map[string]uint64 // scope: global, route
	restErrors   map[string]uint64 // kind: 5xx, network
	restRequests uint64

	// gauges read at scrape time
	health func() Health
}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	// Latency buckets (seconds): receipt of INTERACTION_CREATE to the first
	// callback accepted; Discord's deadline is 3s.
	bounds := []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5}
	return &Metrics{
		interactions: map[[2]string]uint64{},
		deferred:     map[string]uint64{},
		mentions:     map[string]uint64{},
		latency:      histogram{bounds: bounds, counts: make([]uint64, len(bounds))},
		rest429:      map[string]uint64{},
		restErrors:   map[string]uint64{},
	}
}

type histogram struct {
	bounds []float64
	counts []uint64 // non-cumulative, per bucket
	inf    uint64
	sum    float64
	n      uint64
}

func (h *histogram) observe(v float64) {
	h.sum += v
	h.n++
	for i, b := range h.bounds {
		if v <= b {
			h.counts[i]++
			return
		}
	}
	h.inf++
}

func (m *Metrics) interaction(command, outcome string) {
	m.mu.Lock()
	m.interactions[[2]string{command, outcome}]++
	m.mu.Unlock()
}

func (m *Metrics) deferral(command string) {
	m.mu.Lock()
	m.deferred[command]++
	m.mu.Unlock()
}

func (m *Metrics) mention(outcome string) {
	m.mu.Lock()
	m.mentions[outcome]++
	m.mu.Unlock()
}

func (m *Metrics) observeLatency(d time.Duration) {
	m.mu.Lock()
	m.latency.observe(d.Seconds())
	m.mu.Unlock()
}

func (m *Metrics) reconnect() {
	m.mu.Lock()
	m.reconnects++
	m.mu.Unlock()
}

func (m *Metrics) openFailed() {
	m.mu.Lock()
	m.openFailures++
	m.mu.Unlock()
}

func (m *Metrics) restRequest() {
	m.mu.Lock()
	m.restRequests++
	m.mu.Unlock()
}

func (m *Metrics) rateLimited(global bool) {
	scope := "route"
	if global {
		scope = "global"
	}
	m.mu.Lock()
	m.rest429[scope]++
	m.mu.Unlock()
}

func (m *Metrics) restError(kind string) {
	m.mu.Lock()
	m.restErrors[kind]++
	m.mu.Unlock()
}

// Interactions returns the count for one command and outcome (for tests and
// diagnostics).
func (m *Metrics) Interactions(command, outcome string) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.interactions[[2]string{command, outcome}]
}

// RateLimited returns how many 429s were seen, by scope "global" or "route".
func (m *Metrics) RateLimited(scope string) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rest429[scope]
}

// Reconnects returns how many times the gateway connection was re-opened
// after it was lost.
func (m *Metrics) Reconnects() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reconnects
}

// ServeHTTP writes the metrics in the Prometheus text exposition format.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.WriteTo(w)
}

// WriteTo writes the metrics in the Prometheus text exposition format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	var sb strings.Builder
	m.mu.Lock()
	health := m.health
	family(&sb, "ballerina_discord_interactions_total", "counter", "Interactions answered, by command and outcome.")
	for _, k := range sortedKeys2(m.interactions) {
		fmt.Fprintf(&sb, "ballerina_discord_interactions_total{command=%s,outcome=%s} %d\n", quote(k[0]), quote(k[1]), m.interactions[k])
	}
	family(&sb, "ballerina_discord_interactions_deferred_total", "counter", "Interactions acknowledged with a deferred response because the handler was slow.")
	for _, k := range sortedKeys(m.deferred) {
		fmt.Fprintf(&sb, "ballerina_discord_interactions_deferred_total{command=%s} %d\n", quote(k), m.deferred[k])
	}
	family(&sb, "ballerina_discord_interaction_latency_seconds", "histogram", "Time from receiving an interaction to Discord accepting its first response.")
	var cum uint64
	for i, b := range m.latency.bounds {
		cum += m.latency.counts[i]
		fmt.Fprintf(&sb, "ballerina_discord_interaction_latency_seconds_bucket{le=\"%s\"} %d\n", formatFloat(b), cum)
	}
	cum += m.latency.inf
	fmt.Fprintf(&sb, "ballerina_discord_interaction_latency_seconds_bucket{le=\"+Inf\"} %d\n", cum)
	fmt.Fprintf(&sb, "ballerina_discord_interaction_latency_seconds_sum %s\n", formatFloat(m.latency.sum))
	fmt.Fprintf(&sb, "ballerina_discord_interaction_latency_seconds_count %d\n", m.latency.n)
	family(&sb, "ballerina_discord_mentions_total", "counter", "Messages that mentioned the bot (or DMs), by outcome.")
	for _, k := range sortedKeys(m.mentions) {
		fmt.Fprintf(&sb, "ballerina_discord_mentions_total{outcome=%s} %d\n", quote(k), m.mentions[k])
	}
	family(&sb, "ballerina_discord_gateway_reconnects_total", "counter", "Gateway connections re-opened after a loss.")
	fmt.Fprintf(&sb, "ballerina_discord_gateway_reconnects_total %d\n", m.reconnects)
	family(&sb, "ballerina_discord_gateway_open_failures_total", "counter", "Gateway connection attempts that failed.")
	fmt.Fprintf(&sb, "ballerina_discord_gateway_open_failures_total %d\n", m.openFailures)
	family(&sb, "ballerina_discord_rest_requests_total", "counter", "REST requests sent to Discord (retries included).")
	fmt.Fprintf(&sb, "ballerina_discord_rest_requests_total %d\n", m.restRequests)
	family(&sb, "ballerina_discord_rest_rate_limited_total", "counter", "REST responses with status 429, by scope.")
	for _, scope := range []string{"global", "route"} {
		fmt.Fprintf(&sb, "ballerina_discord_rest_rate_limited_total{scope=%s} %d\n", quote(scope), m.rest429[scope])
	}
	family(&sb, "ballerina_discord_rest_errors_total", "counter", "REST failures: 5xx responses and network errors.")
	for _, kind := range []string{"5xx", "network"} {
		fmt.Fprintf(&sb, "ballerina_discord_rest_errors_total{kind=%s} %d\n", quote(kind), m.restErrors[kind])
	}
	m.mu.Unlock()

	if health != nil {
		h := health()
		family(&sb, "ballerina_discord_gateway_connected", "gauge", "1 when the gateway connection is up (READY or RESUMED seen).")
		fmt.Fprintf(&sb, "ballerina_discord_gateway_connected %d\n", b2i(h.Connected))
		family(&sb, "ballerina_discord_gateway_heartbeat_ack_age_seconds", "gauge", "Seconds since the last heartbeat ACK (-1 when none yet).")
		age := -1.0
		if !h.LastHeartbeatAck.IsZero() {
			age = h.AckAge.Seconds()
		}
		fmt.Fprintf(&sb, "ballerina_discord_gateway_heartbeat_ack_age_seconds %s\n", formatFloat(age))
		family(&sb, "ballerina_discord_interactions_in_flight", "gauge", "Interactions and mentions being handled now.")
		fmt.Fprintf(&sb, "ballerina_discord_interactions_in_flight %d\n", h.InFlight)
	}
	n, err := io.WriteString(w, sb.String())
	return int64(n), err
}

func family(sb *strings.Builder, name, typ, help string) {
	fmt.Fprintf(sb, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return fmt.Sprintf("%g", f)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sortedKeys(m map[string]uint64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys2(m map[[2]string]uint64) [][2]string {
	out := make([][2]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out
}
