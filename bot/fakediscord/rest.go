package fakediscord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// restState is guarded by Server.mu.
type restState struct {
	routes       []route
	requests     []Request
	faults       []*queuedRESTFault
	channels     map[string]*Channel
	channelErrs  map[string]APIError
	messages     map[string]*Message
	chanMsgs     map[string][]string
	nonces       map[string]nonceEntry
	interactions map[string]*interactionState
	byToken      map[string]*interactionState
	commands     map[string][]Command // key: guild id, "" for global
	roles        map[string][]Role    // key: guild id; absent means @everyone only
	botRoles     map[string][]string  // key: guild id
}

type handler func(w http.ResponseWriter, r *http.Request, p []string, body []byte)

type route struct {
	method string
	segs   []string // "*" matches one segment
	h      handler
}

func (rs *restState) init(s *Server) {
	rs.channels = map[string]*Channel{}
	rs.channelErrs = map[string]APIError{}
	rs.messages = map[string]*Message{}
	rs.chanMsgs = map[string][]string{}
	rs.nonces = map[string]nonceEntry{}
	rs.interactions = map[string]*interactionState{}
	rs.byToken = map[string]*interactionState{}
	rs.commands = map[string][]Command{}
	rs.roles = map[string][]Role{}
	rs.botRoles = map[string][]string{}
	rs.channels[DefaultChannelID] = &Channel{ID: DefaultChannelID, Type: 0, GuildID: s.opts.GuildIDs[0], Name: "general"}
	rs.channels[DefaultDMChannelID] = &Channel{ID: DefaultDMChannelID, Type: 1, Recipients: []User{DefaultUser()}}
	add := func(method, path string, h handler) {
		rs.routes = append(rs.routes, route{method: method, segs: strings.Split(strings.Trim(path, "/"), "/"), h: h})
	}
	add("GET", "/gateway", s.getGateway)
	add("GET", "/gateway/bot", s.getGateway)
	add("GET", "/users/@me", s.getMe)
	add("POST", "/users/@me/channels", s.createDM)
	add("GET", "/applications/@me", s.getApplication)
	add("GET", "/oauth2/applications/@me", s.getApplication)
	add("GET", "/applications/*/commands", s.getCommands)
	add("PUT", "/applications/*/commands", s.putCommands)
	add("GET", "/applications/*/guilds/*/commands", s.getCommands)
	add("PUT", "/applications/*/guilds/*/commands", s.putCommands)
	add("POST", "/interactions/*/*/callback", s.postCallback)
	add("POST", "/webhooks/*/*", s.postFollowup)
	add("GET", "/webhooks/*/*/messages/*", s.webhookMessage)
	add("PATCH", "/webhooks/*/*/messages/*", s.webhookMessage)
	add("DELETE", "/webhooks/*/*/messages/*", s.webhookMessage)
	add("GET", "/guilds/*/roles", s.getRoles)
	add("GET", "/guilds/*/members/*", s.getMember)
	add("GET", "/channels/*", s.getChannel)
	add("POST", "/channels/*/typing", s.postTyping)
	add("GET", "/channels/*/messages", s.listMessages)
	add("POST", "/channels/*/messages", s.postMessage)
	add("GET", "/channels/*/messages/*", s.channelMessage)
	add("PATCH", "/channels/*/messages/*", s.channelMessage)
	add("DELETE", "/channels/*/messages/*", s.channelMessage)
	add("POST", "/channels/*/messages/*/threads", s.postThread)
}

// splitAPIPath turns "/api/v9/users/@me" into "/users/@me".
func splitAPIPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "/api/v")
	if !ok {
		return "", false
	}
	i := strings.IndexByte(rest, '/')
	if i <= 0 || strings.Trim(rest[:i], "0123456789") != "" {
		return "", false
	}
	return rest[i:], true
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	routePath, ok := splitAPIPath(r.URL.Path)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	req := Request{Method: r.Method, Path: r.URL.Path, Route: routePath, Query: r.URL.Query(),
		Header: r.Header.Clone(), Body: body, Time: time.Now()}
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		req.Status = sw.status
		s.record(req)
	}()
	if !ok {
		writeError(sw, http.StatusNotFound, 0, "404: Not Found")
		return
	}
	// Gateway discovery and the routes an interaction token authorises
	// (callbacks, the interaction's webhook) need no bot token, as on
	// Discord; a wrong one is still refused.
	tokenFree := strings.HasPrefix(routePath, "/webhooks/") || strings.HasPrefix(routePath, "/interactions/")
	public := (r.Method == http.MethodGet && routePath == "/gateway") ||
		(tokenFree && r.Header.Get("Authorization") == "")
	if !public && !s.validToken(r.Header.Get("Authorization"), false) {
		writeError(sw, http.StatusUnauthorized, 0, "401: Unauthorized")
		return
	}
	// Find the route first, so that injected faults carry its bucket.
	segs := strings.Split(strings.Trim(routePath, "/"), "/")
	var found *route
	var params []string
	pathKnown := false
	for i := range s.rest.routes {
		rt := &s.rest.routes[i]
		if p, match := matchSegs(rt.segs, segs); match {
			pathKnown = true
			if rt.method == r.Method {
				found, params = rt, p
				break
			}
		}
	}
	bucketKey := r.Method + " " + routePath
	if found != nil {
		bucketKey = r.Method + " " + strings.Join(found.segs, "/")
	}
	if f := s.takeRESTFault(r.Method, routePath); f != nil {
		if !s.sleep(r.Context(), f.Delay) {
			sw.status = 499 // client gone or server closing
			return
		}
		if f.Status != 0 {
			s.logf("%s %s: injected %d", r.Method, routePath, f.Status)
			writeFault(sw, bucketKey, params, *f)
			return
		}
	}
	switch {
	case found != nil:
		setRateLimitHeaders(sw.Header(), bucketKey, params)
		found.h(sw, r, params, body)
	case pathKnown:
		writeError(sw, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
	default:
		writeError(sw, http.StatusNotFound, 0, "404: Not Found")
	}
}

func matchSegs(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		switch {
		case p == "*" || (strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}")):
			if segs[i] == "" {
				return nil, false
			}
			params = append(params, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return params, true
}

// setRateLimitHeaders adds Discord's bucket headers to a normal response:
// plenty remaining, so a well-behaved client never waits.
func setRateLimitHeaders(h http.Header, routeKey string, params []string) {
	major := ""
	if len(params) > 0 {
		major = params[0]
	}
	f := fnv.New64a()
	_, _ = f.Write([]byte(routeKey + " " + major))
	h.Set("X-RateLimit-Bucket", fmt.Sprintf("%016x", f.Sum64()))
	h.Set("X-RateLimit-Limit", "50")
	h.Set("X-RateLimit-Remaining", "49")
	h.Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(time.Now().Add(time.Second).UnixMilli())/1000))
	h.Set("X-RateLimit-Reset-After", "1.000")
}

func (s *Server) record(req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.rest.requests) >= maxRecordedRequests {
		s.rest.requests = s.rest.requests[1:]
	}
	s.rest.requests = append(s.rest.requests, req)
	s.notifyLocked()
}

// Requests returns every recorded REST request, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.rest.requests...)
}

// RequestsTo returns the recorded requests matching pattern, oldest first.
// Patterns are "METHOD /route" or "/route", relative to /api/vN, where "*"
// or "{name}" matches one path segment: "POST /channels/*/messages",
// "/interactions/{id}/{token}/callback". "*" alone matches every request.
func (s *Server) RequestsTo(pattern string) []Request {
	p := parsePattern(pattern)
	var out []Request
	for _, r := range s.Requests() {
		if p.match(r.Method, r.Route) {
			out = append(out, r)
		}
	}
	return out
}

// AwaitRequest waits (DefaultWaitTimeout) until a request matching pattern
// has been answered and returns the first such request.
func (s *Server) AwaitRequest(tb testing.TB, pattern string) Request {
	tb.Helper()
	var got []Request
	s.Await(tb, "a request to "+pattern, func() bool {
		got = s.RequestsTo(pattern)
		return len(got) > 0
	})
	return got[0]
}

// WaitForRequest is AwaitRequest with a context instead of a testing.TB.
func (s *Server) WaitForRequest(ctx context.Context, pattern string) (Request, error) {
	var got []Request
	err := s.WaitFor(ctx, func() bool {
		got = s.RequestsTo(pattern)
		return len(got) > 0
	})
	if err != nil {
		return Request{}, err
	}
	return got[0], nil
}

// APIError is a Discord JSON error: HTTP status plus {"code","message"}.
type APIError struct {
	Status  int
	Code    int
	Message string
}

func (e APIError) Error() string { return fmt.Sprintf("%d %d %s", e.Status, e.Code, e.Message) }

// Discord errors the fake produces; use them with SetChannelError.
var (
	ErrUnknownChannel      = APIError{http.StatusNotFound, 10003, "Unknown Channel"}
	ErrUnknownMessage      = APIError{http.StatusNotFound, 10008, "Unknown Message"}
	ErrUnknownWebhook      = APIError{http.StatusNotFound, 10015, "Unknown Webhook"}
	ErrUnknownInteraction  = APIError{http.StatusNotFound, 10062, "Unknown interaction"}
	ErrMissingAccess       = APIError{http.StatusForbidden, 50001, "Missing Access"}
	ErrMissingPermissions  = APIError{http.StatusForbidden, 50013, "Missing Permissions"}
	ErrAlreadyAcknowledged = APIError{http.StatusBadRequest, 40060, "Interaction has already been acknowledged."}
	ErrEmptyMessage        = APIError{http.StatusBadRequest, 50006, "Cannot send an empty message"}
	ErrInvalidWebhookToken = APIError{http.StatusUnauthorized, 50027, "Invalid Webhook Token"}
	ErrWrongChannelType    = APIError{http.StatusBadRequest, 50024, "Cannot execute action on this channel type"}
	ErrThreadExists        = APIError{http.StatusBadRequest, 160004, "A thread has already been created for this message"}
	ErrNotAuthor           = APIError{http.StatusForbidden, 50005, "Cannot edit a message authored by another user"}
)

func writeAPIError(w http.ResponseWriter, e APIError) { writeError(w, e.Status, e.Code, e.Message) }

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"message": msg, "code": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"message":"fakediscord: marshal error","code":0}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// jsonPayload returns the JSON part of a request body: the body itself, or
// the payload_json field of a multipart body (plus the uploaded files).
func jsonPayload(r *http.Request, body []byte) ([]byte, []upload, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return body, nil, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var payload []byte
	var files []upload
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return payload, files, nil
		}
		if err != nil {
			return nil, nil, err
		}
		data, _ := io.ReadAll(part)
		if part.FormName() == "payload_json" {
			payload = data
		} else {
			files = append(files, upload{name: part.FileName(), size: len(data), contentType: part.Header.Get("Content-Type")})
		}
	}
}

type upload struct {
	name, contentType string
	size              int
}

func (s *Server) getGateway(w http.ResponseWriter, r *http.Request, _ []string, _ []byte) {
	if strings.HasSuffix(r.URL.Path, "/bot") {
		s.mu.Lock()
		resetAfter := s.refreshStartsLocked(s.now())
		left := max(s.gw.startsLeft, 0)
		s.mu.Unlock()
		l := s.opts.SessionStartLimit
		writeJSON(w, http.StatusOK, map[string]any{"url": s.GatewayURL(), "shards": s.opts.Shards,
			"session_start_limit": map[string]any{"total": l.Total, "remaining": left, "reset_after": resetAfter.Milliseconds(), "max_concurrency": l.MaxConcurrency}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"url": s.GatewayURL()})
}

func (s *Server) getMe(w http.ResponseWriter, _ *http.Request, _ []string, _ []byte) {
	u := s.BotUser()
	writeJSON(w, http.StatusOK, map[string]any{"id": u.ID, "username": u.Username, "discriminator": "0",
		"global_name": nil, "avatar": nil, "bot": true, "verified": true, "mfa_enabled": false, "flags": 0,
		"public_flags": 0, "locale": "en-US", "email": nil})
}

func (s *Server) getApplication(w http.ResponseWriter, _ *http.Request, _ []string, _ []byte) {
	u := s.BotUser()
	writeJSON(w, http.StatusOK, map[string]any{"id": s.opts.AppID, "name": u.Username, "icon": nil,
		"description": "", "bot_public": true, "bot_require_code_grant": false, "verify_key": "00",
		"flags": 1 << 19, "bot": u, "owner": DefaultUser(), "team": nil, "summary": ""})
}
