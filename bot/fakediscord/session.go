package fakediscord

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// NewSession returns a real, unopened discordgo session wired to srv the
// way the bot wires itself to DISCORD_API_URL: token "Bot <srv.Token()>",
// and an http.Client whose transport rewrites the scheme and host of every
// request to srv.URL() (discordgo's endpoint variables stay untouched).
// Dialer stays discordgo's default; the gateway URL comes from GET
// /api/v9/gateway. tb.Cleanup closes the session (discordgo's Close sleeps
// one second when a socket is open) and the transport's idle connections.
//
// To try another token, set both sess.Token and sess.Identify.Token.
func NewSession(tb testing.TB, srv *Server) *discordgo.Session {
	tb.Helper()
	sess, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		tb.Fatalf("discordgo.New: %v", err)
	}
	origin, err := url.Parse(srv.URL())
	if err != nil {
		tb.Fatalf("fakediscord: bad origin: %v", err)
	}
	base := &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 16, IdleConnTimeout: 30 * time.Second}
	rt := &rewriteTransport{origin: origin, next: base}
	sess.Client = &http.Client{Timeout: 10 * time.Second, Transport: rt}
	tb.Cleanup(func() {
		_ = sess.Close()
		// discordgo can be left in an endless reconnect loop (its heartbeat
		// goroutine races Close). Cut it off from every server, so that it
		// cannot reach a later test's fake on a reused port: REST fails
		// here, and the cached gateway URL is dialled through a dead Dialer
		// (set under the session lock, which Open holds while dialling).
		rt.closed.Store(true)
		sess.Lock()
		sess.Dialer = &websocket.Dialer{NetDial: func(string, string) (net.Conn, error) { return nil, errSessionClosed }}
		sess.Unlock()
		base.CloseIdleConnections()
	})
	return sess
}

var errSessionClosed = errors.New("fakediscord: test session closed")

// rewriteTransport sends every request to origin, keeping path and query.
type rewriteTransport struct {
	origin *url.URL
	next   http.RoundTripper
	closed atomic.Bool
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.closed.Load() {
		return nil, errSessionClosed
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.origin.Scheme, t.origin.Host, t.origin.Host
	return t.next.RoundTrip(r2)
}
