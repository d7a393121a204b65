package httpbot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Request outcomes, the "outcome" label of ballerina_http_requests_total.
const (
	OutcomeAnswered     = "answered"      // a response was written (PONG included)
	OutcomeUnsigned     = "unsigned"      // no signature headers: 401
	OutcomeBadSignature = "bad_signature" // malformed or wrong signature: 401
	OutcomeStale        = "stale"         // timestamp too far from now (replay): 401
	OutcomeTooLarge     = "too_large"     // body over the limit: 413
	OutcomeBadRequest   = "bad_request"   // signed, but not an interaction: 400
	OutcomeAbandoned    = "abandoned"     // the caller left before the response was ready
	OutcomeWriteFailed  = "write_failed"  // the response could not be written
	OutcomePanic        = "panic"         // a bug; 500
	OutcomeNotFound     = "not_found"     // another path: 404
	OutcomeBadMethod    = "bad_method"    // not POST: 405
)

var outcomes = []string{OutcomeAnswered, OutcomeUnsigned, OutcomeBadSignature, OutcomeStale, OutcomeTooLarge,
	OutcomeBadRequest, OutcomeAbandoned, OutcomeWriteFailed, OutcomePanic, OutcomeNotFound, OutcomeBadMethod}

// metrics counts the endpoint's HTTP requests. It registers on the
// adapter's registry (discord.Metrics.Register), so one /metrics serves
// both; the adapter's own counters cover commands, deferrals and REST.
type metrics struct {
	requests *prometheus.CounterVec
	latency  prometheus.Histogram
}

func newMetrics() *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ballerina_http_requests_total",
			Help: "Requests to the interactions endpoint, by outcome.",
		}, []string{"outcome"}),
		// Receipt of the request to its answer written; Discord gives 3 s.
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ballerina_http_request_duration_seconds",
			Help:    "Time from receiving a request on the interactions endpoint to writing its answer.",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5},
		}),
	}
	for _, o := range outcomes {
		m.requests.WithLabelValues(o) // exported at 0 from the start
	}
	return m
}

func (m *metrics) observe(outcome string, took time.Duration) {
	m.requests.WithLabelValues(outcome).Inc()
	m.latency.Observe(took.Seconds())
}

// Requests returns how many requests ended with outcome, as /metrics
// reports it.
func (s *Server) Requests(outcome string) uint64 {
	var out dto.Metric
	if err := s.metrics.requests.WithLabelValues(outcome).Write(&out); err != nil {
		return 0
	}
	return uint64(out.GetCounter().GetValue())
}
