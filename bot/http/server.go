// Package httpbot serves Discord's HTTP interactions endpoint: Discord
// POSTs each interaction to POST /interactions, signed with the
// application's Ed25519 key, and takes the HTTP answer as the first
// response. This package checks what arrives (signature, timestamp, size)
// and hands the body to discord.Endpoint, which answers it with the same
// decoding, dispatch, rendering and REST client as the gateway adapter.
//
// Wiring: New(Config), then Run(ctx, listener); HealthHandler serves
// /healthz. Mentions (@bot question) need the gateway: Discord sends
// messages only over it.
package httpbot

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/ballerina-bot/ballerina/bot/discord"
)

// Config configures a Server. PublicKey and Endpoint are required; zero
// values take the defaults in brackets.
type Config struct {
	// PublicKey verifies the signature of every request.
	PublicKey ed25519.PublicKey
	// Endpoint answers the interactions whose signature is good.
	Endpoint *discord.Endpoint
	// Log receives the server's log lines [discarded]. Tokens never reach
	// it: interaction bodies are not logged.
	Log *slog.Logger
	// Now is the clock the signature timestamps are checked against [time.Now].
	Now func() time.Time
	// MaxBody is the largest request body read [1 MiB]; a larger one is
	// refused with 413 without reading it all.
	MaxBody int64
	// MaxSkew is how far a request's timestamp may be from Now [5m].
	MaxSkew time.Duration
	// ShutdownTimeout bounds Run's return after ctx ends [5s].
	ShutdownTimeout time.Duration
}

// Server is the interactions endpoint.
type Server struct {
	cfg      Config
	log      *slog.Logger
	metrics  *metrics
	handler  http.Handler
	stopping atomic.Bool
}

// New checks cfg, registers the server's metrics beside the adapter's and
// builds the Server; it does not listen.
func New(cfg Config) (*Server, error) {
	if len(cfg.PublicKey) != ed25519.PublicKeySize {
		return nil, errors.New("httpbot: no public key")
	}
	if cfg.Endpoint == nil {
		return nil, errors.New("httpbot: no endpoint")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxSkew <= 0 {
		cfg.MaxSkew = 5 * time.Minute
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	s := &Server{cfg: cfg, log: cfg.Log, metrics: newMetrics()}
	if err := cfg.Endpoint.Metrics().Register(s.metrics.requests, s.metrics.latency); err != nil {
		return nil, fmt.Errorf("httpbot: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/interactions", s.serveInteraction)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		s.metrics.observe(OutcomeNotFound, 0)
		http.Error(w, "not found: Discord posts interactions to /interactions", http.StatusNotFound)
	})
	s.handler = mux
	return s, nil
}

// ServeHTTP serves POST /interactions; anything else is 404 or 405.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// serveInteraction checks a request in the order that costs the least to
// refuse: signature headers, declared size, body size, signature,
// timestamp; only then is the body read as an interaction.
func (s *Server) serveInteraction(w http.ResponseWriter, r *http.Request) {
	received := time.Now() // real time: the 3-second window runs from here
	outcome := OutcomePanic
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("http: panic while serving an interaction", "panic", p, "stack", string(debug.Stack()))
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
		s.metrics.observe(outcome, time.Since(received))
	}()
	if r.Method != http.MethodPost {
		outcome = OutcomeBadMethod
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed: Discord posts interactions", http.StatusMethodNotAllowed)
		return
	}
	sig, err := readSignature(r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp"))
	if err != nil {
		outcome = err.Error()
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	if r.ContentLength > s.cfg.MaxBody {
		outcome = OutcomeTooLarge
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			outcome = OutcomeTooLarge
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		outcome = OutcomeAbandoned
		s.log.Debug("http: could not read a request body", "err", err)
		return
	}
	if err := sig.verify(s.cfg.PublicKey, body, s.cfg.Now(), s.cfg.MaxSkew); err != nil {
		outcome = err.Error()
		if errors.Is(err, errStale) {
			s.log.Warn("http: refused a request with a stale timestamp (a replay, or this machine's clock is off)",
				"timestamp", sig.at.UTC().Format(time.RFC3339))
		}
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	if s.stopping.Load() {
		w.Header().Set("Connection", "close")
	}
	err = s.cfg.Endpoint.Answer(r.Context(), body, received, func(resp []byte) error {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, err := w.Write(resp)
		return err
	})
	switch {
	case err == nil:
		outcome = OutcomeAnswered
	case errors.Is(err, discord.ErrBadInteraction):
		outcome = OutcomeBadRequest
		s.log.Warn("http: a signed request is not an interaction", "err", err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "the body is not an interaction"})
	case r.Context().Err() != nil:
		outcome = OutcomeAbandoned
	default:
		outcome = OutcomeWriteFailed
		s.log.Warn("http: could not write a response", "err", err)
	}
}

// Healthy reports whether the server takes interactions: true until
// shutdown begins.
func (s *Server) Healthy() bool { return !s.stopping.Load() }

// HealthHandler serves /healthz: 200 while the endpoint takes
// interactions, 503 once shutdown began; details as JSON.
func (s *Server) HealthHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		status, code := "ok", http.StatusOK
		if !s.Healthy() {
			status, code = "unavailable", http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"status": status, "mode": "http", "in_flight": s.cfg.Endpoint.InFlight(), "stopping": !s.Healthy(),
		})
	})
}

// Run serves ln until ctx ends, then stops accepting, lets the requests in
// flight finish and the endpoint deliver its deferred answers, and returns
// within Config.ShutdownTimeout. It returns an error only when serving
// failed.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("http: serving the interactions endpoint", "addr", ln.Addr().String(), "path", "/interactions")
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
		served = nil
	}
	start := time.Now()
	s.stopping.Store(true)
	// Both at once: the HTTP server stops accepting and waits for the
	// requests it is answering (each within Discord's 3 s), while the
	// endpoint tells late arrivals to retry and drains deferred answers.
	shutCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		s.cfg.Endpoint.Shutdown()
	}()
	if serr := srv.Shutdown(shutCtx); serr != nil {
		s.log.Warn("http: closing connections still open at the shutdown deadline", "err", serr)
		_ = srv.Close()
	}
	select {
	case <-drained:
	case <-shutCtx.Done():
		s.log.Error("http: the endpoint did not finish its work in time; exiting anyway")
	}
	if served != nil {
		if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
	}
	s.log.Info("http: stopped", "took", time.Since(start).Round(time.Millisecond))
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("httpbot: serve: %w", err)
	}
	return nil
}
