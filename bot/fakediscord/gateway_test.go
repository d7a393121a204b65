package fakediscord_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

func TestOpenReceivesReadyAndHeartbeats(t *testing.T) {
	t.Parallel()
	srv, sess, _ := openSession(t, fastOpts())

	if got, want := sess.State.User.ID, fakediscord.DefaultBotID; got != want {
		t.Errorf("READY user id = %q, want %q", got, want)
	}
	if !sess.State.User.Bot {
		t.Error("READY user is not a bot")
	}
	ids := srv.Identifies()
	if len(ids) != 1 {
		t.Fatalf("identifies = %d, want 1", len(ids))
	}
	// discordgo asks for compression and the non-privileged intents by default;
	// the fake answers with plain JSON text frames anyway.
	if !ids[0].Compress || ids[0].Intents != int(discordgo.IntentsAllWithoutPrivileged) {
		t.Errorf("identify compress=%v intents=%d", ids[0].Compress, ids[0].Intents)
	}
	if ids[0].Token != "Bot "+fakediscord.DefaultToken {
		t.Errorf("identify token = %q", ids[0].Token)
	}
	conns := srv.Connections()
	if len(conns) != 1 || conns[0].Query.Get("v") != "9" || conns[0].Query.Get("encoding") != "json" {
		t.Fatalf("connections = %+v", conns)
	}
	// GUILD_CREATE (seq 2) reaches discordgo's state.
	srv.Await(t, "the guild in discordgo's state", func() bool {
		_, err := sess.State.Guild(fakediscord.DefaultGuildID)
		return err == nil
	})
	srv.Await(t, "three heartbeats", func() bool { return srv.Connections()[0].Heartbeats >= 3 })
	if srv.OpenConnections() != 1 || !srv.Connected() {
		t.Errorf("open=%d connected=%v", srv.OpenConnections(), srv.Connected())
	}
	if got := srv.RequestsTo("GET /gateway"); len(got) != 1 {
		t.Errorf("GET /gateway requests = %d, want 1 (discordgo does not use /gateway/bot)", len(got))
	}
}

func TestDroppedConnectionResumesAndReplays(t *testing.T) {
	t.Parallel()
	srv, _, ev := openSession(t, quietOpts())
	sessionID := srv.SessionID()

	first, err := srv.DispatchInteraction(fakediscord.SlashCommand("plot"))
	if err != nil {
		t.Fatal(err)
	}
	if got := recv(t, ev.interactions, "first interaction"); got.ID != first.ID {
		t.Fatalf("got interaction %s, want %s", got.ID, first.ID)
	}

	srv.DropConnections()
	srv.Await(t, "the socket to close", func() bool { return srv.OpenConnections() == 0 })
	// Dispatched while the bot is away: logged, then replayed by RESUME.
	second, err := srv.DispatchInteraction(fakediscord.SlashCommand("quote"))
	if err != nil {
		t.Fatal(err)
	}
	third, err := srv.DispatchInteraction(fakediscord.Button("trivia:answer:1"))
	if err != nil {
		t.Fatal(err)
	}

	recv(t, ev.resumed, "RESUMED")
	// discordgo runs each handler in its own goroutine: events may reach
	// handlers out of order, so compare sets.
	got := map[string]bool{}
	for range 2 {
		got[recv(t, ev.interactions, "replayed interaction").ID] = true
	}
	if !got[second.ID] || !got[third.ID] {
		t.Fatalf("replayed %v, want %s and %s", got, second.ID, third.ID)
	}
	rs := srv.Resumes()
	if len(rs) != 1 || !rs[0].Accepted || rs[0].SessionID != sessionID || rs[0].Replayed != 2 {
		t.Fatalf("resumes = %+v", rs)
	}
	if rs[0].Seq != first.Seq {
		t.Errorf("RESUME seq = %d, want %d (the last event discordgo saw)", rs[0].Seq, first.Seq)
	}
	if srv.IdentifyCount() != 1 {
		t.Errorf("identifies = %d, want 1", srv.IdentifyCount())
	}
}

func TestInvalidSessionMakesDiscordgoIdentifyAgain(t *testing.T) {
	t.Parallel()
	srv, _, ev := openSession(t, quietOpts())
	old := srv.SessionID()

	srv.SendInvalidSession(false)
	recv(t, ev.ready, "a second READY")
	if srv.IdentifyCount() != 2 {
		t.Fatalf("identifies = %d, want 2", srv.IdentifyCount())
	}
	if srv.SessionID() == old || srv.SessionID() == "" {
		t.Errorf("session id %q did not change", srv.SessionID())
	}
	// discordgo re-identified on the same socket.
	if n := len(srv.Connections()); n != 1 {
		t.Errorf("connections = %d, want 1", n)
	}
	ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("about"))
	if err != nil {
		t.Fatal(err)
	}
	if got := recv(t, ev.interactions, "interaction in the new session"); got.ID != ix.ID {
		t.Fatalf("got %s, want %s", got.ID, ix.ID)
	}
}

func TestReconnectOpcodeResumes(t *testing.T) {
	t.Parallel()
	srv, _, ev := openSession(t, quietOpts())

	srv.SendReconnect()
	recv(t, ev.resumed, "RESUMED after op 7")
	conns := srv.Connections()
	if len(conns) != 2 || conns[0].ClientCloseCode != websocket.CloseServiceRestart {
		t.Fatalf("connections = %+v, want the first closed by the client with 1012", conns)
	}
	if srv.ResumeCount() != 1 || srv.IdentifyCount() != 1 {
		t.Errorf("resumes=%d identifies=%d", srv.ResumeCount(), srv.IdentifyCount())
	}
}

func TestCloseCodes(t *testing.T) {
	t.Parallel()
	t.Run("4000 is resumable", func(t *testing.T) {
		t.Parallel()
		srv, _, ev := openSession(t, quietOpts())
		srv.CloseConnections(4000, "")
		recv(t, ev.resumed, "RESUMED")
		if srv.IdentifyCount() != 1 {
			t.Errorf("identifies = %d", srv.IdentifyCount())
		}
	})
	t.Run("4009 needs a new session", func(t *testing.T) {
		t.Parallel()
		srv, _, ev := openSession(t, quietOpts())
		srv.CloseConnections(4009, "")
		recv(t, ev.ready, "READY of a new session")
		rs := srv.Resumes()
		if len(rs) != 1 || rs[0].Accepted {
			t.Errorf("resumes = %+v, want one refused with op 9", rs)
		}
	})
}

func TestHeartbeatAckTimeout(t *testing.T) {
	t.Parallel()
	srv, _, ev := openSession(t, fastOpts())

	srv.SetHeartbeatAcks(false)
	srv.Await(t, "discordgo to give up on the silent socket", func() bool {
		return !srv.Connections()[0].Open()
	})
	srv.SetHeartbeatAcks(true)
	// discordgo closes with 1000, which invalidates the session on Discord;
	// its RESUME is refused and it identifies again.
	if code := srv.Connections()[0].ClientCloseCode; code != websocket.CloseNormalClosure {
		t.Errorf("client close code = %d, want 1000", code)
	}
	recv(t, ev.ready, "READY after re-identify")
	if rs := srv.Resumes(); len(rs) != 1 || rs[0].Accepted {
		t.Errorf("resumes = %+v", rs)
	}
}

func TestWrongTokenGateway4004(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, quietOpts())
	sess := fakediscord.NewSession(t, srv)
	sess.Token, sess.Identify.Token = "Bot wrong", "Bot wrong"

	err := openWithin(sess, testTimeout)
	if !websocket.IsCloseError(err, 4004) {
		t.Fatalf("Open error = %v, want close 4004", err)
	}
	if srv.IdentifyCount() != 1 || srv.SessionID() != "" {
		t.Errorf("identifies=%d session=%q", srv.IdentifyCount(), srv.SessionID())
	}
}

func TestDisallowedIntent4014(t *testing.T) {
	t.Parallel()
	opts := quietOpts()
	opts.DisallowedIntents = fakediscord.IntentMessageContent
	srv := fakediscord.Start(t, opts)
	sess := fakediscord.NewSession(t, srv)
	sess.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentMessageContent

	if err := openWithin(sess, testTimeout); !websocket.IsCloseError(err, 4014) {
		t.Fatalf("Open error = %v, want close 4014", err)
	}
}

// Hazard 2 of docs/ARCHITECTURE.md: discordgo sets no read deadline, so a gateway that
// accepts the socket and never says HELLO blocks Open until the socket dies.
func TestNoHelloBlocksOpenUntilSocketDies(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, quietOpts())
	srv.FaultNextConnections(1, fakediscord.GatewayFault{NoHello: true})
	sess := fakediscord.NewSession(t, srv)

	done := make(chan error, 1)
	go func() { done <- sess.Open() }()
	srv.Await(t, "the socket", func() bool { return srv.OpenConnections() == 1 })
	select {
	case err := <-done:
		t.Fatalf("Open returned %v without HELLO", err)
	case <-time.After(300 * time.Millisecond): // proving a negative needs some time
	}
	srv.DropConnections()
	if err := recv(t, done, "Open to fail"); err == nil {
		t.Fatal("Open succeeded without HELLO")
	}
}

// The op 7 before READY fault, seen with a raw WebSocket client (discordgo
// itself deadlocks on it: see hazards_test.go).
func TestReconnectBeforeReadyRaw(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fastOpts())
	srv.FaultNextConnections(1, fakediscord.GatewayFault{ReconnectOnHandshake: true})

	ws, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL()+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	_ = ws.SetReadDeadline(time.Now().Add(testTimeout))
	var hello struct {
		Op int `json:"op"`
		D  struct {
			HeartbeatInterval int `json:"heartbeat_interval"`
		} `json:"d"`
	}
	if err := ws.ReadJSON(&hello); err != nil || hello.Op != 10 || hello.D.HeartbeatInterval != 100 {
		t.Fatalf("hello = %+v, %v", hello, err)
	}
	if err := ws.WriteJSON(map[string]any{"op": 2, "d": map[string]any{"token": srv.Token(), "intents": 513}}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Op int `json:"op"`
	}
	if err := ws.ReadJSON(&got); err != nil || got.Op != 7 {
		t.Fatalf("after IDENTIFY got op %d, %v; want 7", got.Op, err)
	}
	// Unknown opcodes close the socket with 4001.
	_ = ws.WriteJSON(map[string]any{"op": 42})
	if _, _, err := ws.ReadMessage(); !websocket.IsCloseError(err, 4001) {
		t.Fatalf("err = %v, want close 4001", err)
	}
}

func TestResumeUnknownSessionGetsOp9(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, quietOpts())
	ws, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	_ = ws.SetReadDeadline(time.Now().Add(testTimeout))
	var f struct {
		Op int  `json:"op"`
		D  bool `json:"d"`
	}
	_ = ws.ReadJSON(&struct{}{}) // HELLO
	_ = ws.WriteJSON(map[string]any{"op": 6, "d": map[string]any{"token": "Bot " + srv.Token(), "session_id": "nope", "seq": 3}})
	if err := ws.ReadJSON(&f); err != nil || f.Op != 9 || f.D {
		t.Fatalf("got %+v, %v; want op 9 d=false", f, err)
	}
	if rs := srv.Resumes(); len(rs) != 1 || rs[0].Accepted || !strings.EqualFold(rs[0].SessionID, "nope") {
		t.Errorf("resumes = %+v", rs)
	}
}
