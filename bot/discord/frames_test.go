package discord

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const upgradeResponse = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

// wsFrame encodes one server frame.
func wsFrame(fin bool, opcode byte, payload []byte, masked bool) []byte {
	var b bytes.Buffer
	b0 := opcode
	if fin {
		b0 |= 0x80
	}
	b.WriteByte(b0)
	m := byte(0)
	if masked {
		m = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		b.WriteByte(m | byte(n))
	case n <= 0xFFFF:
		b.WriteByte(m | 126)
		binary.Write(&b, binary.BigEndian, uint16(n))
	default:
		b.WriteByte(m | 127)
		binary.Write(&b, binary.BigEndian, uint64(n))
	}
	if masked {
		key := [4]byte{1, 2, 3, 4}
		b.Write(key[:])
		for i, c := range payload {
			b.WriteByte(c ^ key[i%4])
		}
	} else {
		b.Write(payload)
	}
	return b.Bytes()
}

func textFrame(s string) []byte { return wsFrame(true, wsText, []byte(s), false) }

func closeFrame(code int, reason string) []byte {
	p := binary.BigEndian.AppendUint16(nil, uint16(code))
	return wsFrame(true, wsClose, append(p, reason...), false)
}

// feedInChunks feeds stream in chunks of size n and collects the events.
func feedInChunks(stream []byte, n int) []frameEvent {
	var p frameParser
	var evs []frameEvent
	for len(stream) > 0 {
		k := min(n, len(stream))
		evs = p.feed(stream[:k], evs)
		stream = stream[k:]
	}
	return evs
}

func TestFrameParserAnySplit(t *testing.T) {
	t.Parallel()
	big := `{"op":0,"d":{"content":"` + strings.Repeat("x", 70000) + `"},"s":3,"t":"MESSAGE_CREATE"}`
	var stream []byte
	stream = append(stream, upgradeResponse...)
	stream = append(stream, textFrame(`{"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null}`)...)
	// "d" first, with nested "op" and "t" keys and escaped quotes: only the
	// top level counts (the fake, like encoding/json, writes "op" first;
	// Discord writes "t" first).
	stream = append(stream, textFrame(`{"d":{"t":"NOPE","op":7,"s":"a \"quoted\" }{ ]["},"op":0,"s":1,"t":"READY"}`)...)
	stream = append(stream, textFrame(strings.Repeat(" ", 130)+`{"t":null,"s":null,"op":11,"d":null}`)...) // 16-bit length
	stream = append(stream, wsFrame(true, wsPing, []byte("hi"), false)...)
	// A fragmented message with a pong between its fragments.
	stream = append(stream, wsFrame(false, wsText, []byte(`{"op":0,"t":"INTER`), false)...)
	stream = append(stream, wsFrame(true, wsPong, nil, false)...)
	stream = append(stream, wsFrame(true, wsContinuation, []byte(`ACTION_CREATE","s":2,"d":{}}`), false)...)
	stream = append(stream, textFrame(big)...) // 64-bit length
	stream = append(stream, wsFrame(true, wsText, []byte(`{"op":7,"d":null}`), true)...)
	stream = append(stream, wsFrame(true, wsBinary, []byte{0x78, 0x9c}, false)...)
	stream = append(stream, closeFrame(4004, "Authentication failed.")...)

	want := []frameEvent{
		{Text: true, Op: 10, D: []byte(`{"heartbeat_interval":41250}`)},
		{Text: true, Op: 0, T: "READY"},
		{Text: true, Op: 11},
		{Control: true},
		{Control: true},
		{Text: true, Op: 0, T: "INTERACTION_CREATE"},
		{Text: true, Op: 0, T: "MESSAGE_CREATE"},
		{Text: true, Op: 7},
		{Binary: true, Op: -1},
		{Close: true, Code: 4004, Reason: "Authentication failed."},
	}
	for _, n := range []int{1, 2, 3, 7, 64, 4096, len(stream)} {
		got := feedInChunks(stream, n)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("chunks of %d (-want +got):\n%s", n, diff)
		}
	}
}

func TestFrameParserSkipsHugeMessages(t *testing.T) {
	t.Parallel()
	payload := `{"op":0,"t":"GUILD_CREATE","d":"` + strings.Repeat("g", maxTextMessage) + `"}`
	stream := append([]byte(upgradeResponse), textFrame(payload)...)
	stream = append(stream, textFrame(`{"op":11}`)...)
	got := feedInChunks(stream, 1<<16)
	want := []frameEvent{{Text: true, Op: -1}, {Text: true, Op: 11}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestScanEnvelope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		op    int
		t     string
		ok    bool
		wantD string
	}{
		{`{"op":9,"d":false}`, 9, "", true, `false`},
		{` { "t" : "RESUMED" , "op" : 0 , "d" : { } } `, 0, "RESUMED", true, `{ }`},
		{`{"t":"A\u0042","op":0}`, 0, "AB", true, ``},
		{`{"op":0,"d":[1,{"x":"]"}],"t":"X"}`, 0, "X", true, `[1,{"x":"]"}]`},
		{`{"op":`, -1, "", false, ``},
		{`not json`, -1, "", false, ``},
	}
	for _, tt := range tests {
		env, ok := scanEnvelope([]byte(tt.in))
		if ok != tt.ok || env.op != tt.op || env.t != tt.t || string(env.d) != tt.wantD {
			t.Errorf("scanEnvelope(%s) = %+v %v", tt.in, env, ok)
		}
	}
}

// pipeConn is a gwConn over net.Pipe; the test plays the server.
func pipeConn(t *testing.T, handshake time.Duration) (*gwConn, net.Conn, *Bot) {
	t.Helper()
	client, server := net.Pipe()
	b := &Bot{log: slog.New(slog.DiscardHandler), fatal: make(chan error, 1)}
	c := newGWConn(client, &shard{b: b, kick: make(chan struct{}, 1), guilds: map[string]struct{}{}}, handshake)
	t.Cleanup(func() { c.Close(); server.Close() })
	return c, server, b
}

// serve writes chunks to the pipe in the background, each split in tiny
// writes so reads see partial frames.
func serve(server net.Conn, chunks ...[]byte) {
	go func() {
		for _, c := range chunks {
			for len(c) > 0 {
				k := min(5, len(c))
				if _, err := server.Write(c[:k]); err != nil {
					return
				}
				c = c[k:]
			}
		}
	}()
}

func readAll(c io.Reader) ([]byte, error) {
	var out []byte
	buf := make([]byte, 3)
	for {
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			return out, err
		}
	}
}

func TestConnFailsOnReconnectBeforeReady(t *testing.T) {
	t.Parallel()
	c, server, _ := pipeConn(t, 2*time.Second)
	hello := textFrame(`{"op":10,"d":{"heartbeat_interval":45000}}`)
	serve(server, []byte(upgradeResponse), hello, textFrame(`{"op":7,"d":null}`))
	got, err := readAll(c)
	if !errors.Is(err, errReconnectBeforeReady) {
		t.Fatalf("err = %v, want errReconnectBeforeReady", err)
	}
	// What came before op 7 was delivered, and op 7 never completely:
	// the read that would complete it fails instead.
	full := append(append([]byte(upgradeResponse), hello...), textFrame(`{"op":7,"d":null}`)...)
	if len(got) < len(upgradeResponse)+len(hello) || len(got) >= len(full) || !bytes.Equal(got, full[:len(got)]) {
		t.Errorf("delivered %q", got)
	}
	if !c.dead.Load() || c.heartbeat.Load() != int64(45*time.Second) {
		t.Errorf("dead=%v heartbeat=%v", c.dead.Load(), time.Duration(c.heartbeat.Load()))
	}
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, errReconnectBeforeReady) {
		t.Errorf("a second read returned %v", err)
	}
}

func TestConnPassesReconnectAfterReady(t *testing.T) {
	t.Parallel()
	c, server, _ := pipeConn(t, 2*time.Second)
	stream := [][]byte{[]byte(upgradeResponse), textFrame(`{"op":10,"d":{"heartbeat_interval":45000}}`),
		textFrame(`{"t":"READY","s":1,"op":0,"d":{}}`), textFrame(`{"op":7,"d":null}`)}
	serve(server, append(stream, closeFrame(1000, ""))...)
	want := bytes.Join(stream, nil)
	got := make([]byte, len(want))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || !c.ready.Load() {
		t.Errorf("ready=%v, got %q", c.ready.Load(), got)
	}
}

func TestConnReadDeadlineWithoutHello(t *testing.T) {
	t.Parallel()
	c, server, _ := pipeConn(t, 150*time.Millisecond)
	serve(server, []byte(upgradeResponse)) // socket accepted, then silence
	start := time.Now()
	_, err := readAll(c)
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("read returned after %v", took)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !strings.Contains(err.Error(), "no HELLO/READY") {
		t.Fatalf("err = %v, want a timeout naming the missing HELLO", err)
	}
}

func TestConnIdleTimeoutFollowsHeartbeat(t *testing.T) {
	t.Parallel()
	c, server, _ := pipeConn(t, time.Hour)
	serve(server, []byte(upgradeResponse), textFrame(`{"op":10,"d":{"heartbeat_interval":50}}`), textFrame(`{"op":0,"t":"RESUMED","d":{}}`))
	start := time.Now()
	_, err := readAll(c)
	// 2 × 50ms + 1s of slack, far below the handshake timeout of an hour.
	if took := time.Since(start); took > 3*time.Second || err == nil {
		t.Fatalf("read returned after %v with %v", took, err)
	}
}

func TestConnReportsFatalCloseCodes(t *testing.T) {
	t.Parallel()
	for _, code := range []int{4004, 4010, 4011, 4012, 4013, 4014} {
		c, server, b := pipeConn(t, 2*time.Second)
		cf := closeFrame(code, "nope")
		serve(server, []byte(upgradeResponse), cf)
		if _, err := io.ReadFull(c, make([]byte, len(upgradeResponse)+len(cf))); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-b.fatal:
			if !strings.Contains(err.Error(), fmt.Sprint(code)) {
				t.Errorf("code %d: fatal error %q", code, err)
			}
		default:
			t.Errorf("code %d: no fatal error", code)
		}
	}
	c, server, b := pipeConn(t, 2*time.Second)
	cf := closeFrame(4000, "Unknown error.")
	serve(server, []byte(upgradeResponse), cf)
	if _, err := io.ReadFull(c, make([]byte, len(upgradeResponse)+len(cf))); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-b.fatal:
		t.Errorf("close 4000 was fatal: %v", err)
	default:
	}
}

func TestConnHidesWriteErrors(t *testing.T) {
	t.Parallel()
	c, server, _ := pipeConn(t, time.Second)
	server.Close()
	if n, err := c.Write([]byte("heartbeat")); n != 9 || err != nil {
		t.Fatalf("Write = %d, %v; want the error hidden", n, err)
	}
	if !c.dead.Load() {
		t.Fatal("a failed write did not kill the socket")
	}
	if _, err := c.Read(make([]byte, 1)); err == nil || !strings.Contains(err.Error(), "write failed") {
		t.Errorf("read after a failed write: %v", err)
	}
}
