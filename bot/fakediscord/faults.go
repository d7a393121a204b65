package fakediscord

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is an injected REST misbehaviour, queued with InjectFault (or the
// FailNext, RateLimitNext and DelayNext shorthands). A matching request is
// first delayed by Delay; then, if Status is non-zero, it is answered with
// the fault instead of reaching its handler (nothing is created or changed).
type Fault struct {
	// Status is the HTTP status to answer with (429, 500, 502, 503…); 0 only
	// delays the request, which is then served normally.
	Status int
	// Body is the raw response body. Empty: a Discord-style JSON body
	// (for 429: {"message","retry_after","global"}).
	Body string
	// ContentType defaults to application/json, or text/html when Body
	// starts with "<".
	ContentType string
	// Header is added to the response, after (and over) the headers the
	// fake computes.
	Header http.Header
	// Delay is how long to wait before answering (aborted when the client
	// gives up or the server closes).
	Delay time.Duration
	// RetryAfter is the 429 retry_after (default 100ms).
	RetryAfter time.Duration
	// Global marks a 429 as a global rate limit: X-RateLimit-Global: true,
	// X-RateLimit-Scope: global and, like Discord, no bucket headers (so no
	// X-RateLimit-Reset-After: discordgo then does not hold back other
	// routes; add it through Header to see the difference).
	Global bool
	// Scope overrides X-RateLimit-Scope ("user", "global" or "shared").
	Scope string
}

// CloudflareBody is a non-JSON 429 body like the HTML page Cloudflare
// serves when an IP is banned for too many invalid requests.
const CloudflareBody = "<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head><body>Error 1015: You are being rate limited.</body></html>"

type queuedRESTFault struct {
	p pattern
	f Fault
	n int // remaining; negative: until cleared
}

// InjectFault applies f to the next n requests matching route (n < 0:
// every matching request until ClearFaults). route uses the RequestsTo
// pattern syntax, e.g. "POST /channels/*/messages" or "*". Faults are
// matched in the order they were queued.
func (s *Server) InjectFault(route string, n int, f Fault) {
	if n == 0 {
		return
	}
	s.mu.Lock()
	s.rest.faults = append(s.rest.faults, &queuedRESTFault{p: parsePattern(route), f: f, n: n})
	s.mu.Unlock()
}

// FailNext answers the next n requests matching route with status and a
// Discord-style JSON body.
func (s *Server) FailNext(route string, status, n int) {
	s.InjectFault(route, n, Fault{Status: status})
}

// RateLimitNext answers the next request matching route with a 429 that
// asks to retry after retryAfter; global selects a global rate limit.
func (s *Server) RateLimitNext(route string, retryAfter time.Duration, global bool) {
	s.InjectFault(route, 1, Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter, Global: global})
}

// DelayNext delays the next n requests matching route by d, then serves
// them normally.
func (s *Server) DelayNext(route string, d time.Duration, n int) {
	s.InjectFault(route, n, Fault{Delay: d})
}

// ClearFaults removes every queued REST fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.rest.faults = nil
	s.mu.Unlock()
}

// PendingFaults is the number of queued REST faults with uses left
// (a fault queued with n < 0 counts as one).
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rest.faults)
}

func (s *Server) takeRESTFault(method, route string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, q := range s.rest.faults {
		if !q.p.match(method, route) {
			continue
		}
		f := q.f
		if q.n > 0 {
			q.n--
			if q.n == 0 {
				s.rest.faults = append(s.rest.faults[:i:i], s.rest.faults[i+1:]...)
			}
		}
		return &f
	}
	return nil
}

func writeFault(w http.ResponseWriter, bucketKey string, params []string, f Fault) {
	h := w.Header()
	body := f.Body
	if f.Status == http.StatusTooManyRequests {
		retry := f.RetryAfter
		if retry <= 0 {
			retry = 100 * time.Millisecond
		}
		secs := retry.Seconds()
		scope := f.Scope
		if scope == "" {
			scope = map[bool]string{true: "global", false: "user"}[f.Global]
		}
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
		h.Set("X-RateLimit-Scope", scope)
		if f.Global {
			h.Set("X-RateLimit-Global", "true")
		} else {
			setRateLimitHeaders(h, bucketKey, params)
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(time.Now().Add(retry).UnixMilli())/1000))
			h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", secs))
		}
		if body == "" {
			b, _ := json.Marshal(map[string]any{"message": "You are being rate limited.", "retry_after": secs, "global": f.Global})
			body = string(b)
		}
	}
	if body == "" {
		b, _ := json.Marshal(map[string]any{"message": fmt.Sprintf("%d: %s", f.Status, http.StatusText(f.Status)), "code": 0})
		body = string(b)
	}
	ct := f.ContentType
	if ct == "" {
		ct = "application/json"
		if strings.HasPrefix(strings.TrimSpace(body), "<") {
			ct = "text/html; charset=UTF-8"
		}
	}
	h.Set("Content-Type", ct)
	for k, vs := range f.Header {
		h[http.CanonicalHeaderKey(k)] = vs
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(body))
}

// pattern is a parsed route pattern: optional method plus path segments.
type pattern struct {
	method string // "" matches any
	segs   []string
	any    bool
}

func parsePattern(s string) pattern {
	s = strings.TrimSpace(s)
	if s == "*" || s == "" {
		return pattern{any: true}
	}
	var p pattern
	if m, rest, ok := strings.Cut(s, " "); ok {
		p.method, s = strings.ToUpper(m), strings.TrimSpace(rest)
		if p.method == "*" {
			p.method = ""
		}
	}
	if s == "*" {
		p.any = true
		return p
	}
	s = strings.TrimPrefix(s, "/api/v9")
	p.segs = strings.Split(strings.Trim(s, "/"), "/")
	return p
}

func (p pattern) match(method, route string) bool {
	if p.method != "" && p.method != method {
		return false
	}
	if p.any {
		return true
	}
	_, ok := matchSegs(p.segs, strings.Split(strings.Trim(route, "/"), "/"))
	return ok
}
