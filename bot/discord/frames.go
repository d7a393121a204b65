package discord

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// The gateway watchdog needs to know, per connection, what the server says
// before discordgo acts on it: the close code of a close frame (fatal codes
// must end the bot, not be retried forever) and the op and event name of
// each payload (op 7 before READY deadlocks discordgo's Open). discordgo
// offers no hook, so frameParser reads the server→client byte stream of one
// WebSocket connection as it passes through the wrapped net.Conn: first the
// HTTP upgrade response, then RFC 6455 frames, in chunks of any size.

// Frame opcodes (RFC 6455 §5.2).
const (
	wsContinuation = 0x0
	wsText         = 0x1
	wsBinary       = 0x2
	wsClose        = 0x8
	wsPing         = 0x9
	wsPong         = 0xA
)

// maxTextMessage bounds the text message the parser assembles to look at its
// envelope. Larger messages (a huge READY or GUILD_CREATE) are skipped: their
// op and event name are reported as unknown.
const maxTextMessage = 8 << 20

// keepBuffer is the largest assembly buffer kept between messages, so one
// large READY does not pin megabytes for the life of the connection.
const keepBuffer = 64 << 10

// frameEvent is one complete server frame (or message) of interest.
type frameEvent struct {
	// Close is true for a close frame; Code is its status code (0 when the
	// frame carried none) and Reason its text.
	Close  bool
	Code   int
	Reason string
	// Text is true for a complete text message; Op is its gateway opcode
	// (-1 when it could not be read), T its event name ("" for none), D its
	// raw "d" value (only for op 10 HELLO, which is small).
	Text bool
	Op   int
	T    string
	D    []byte
	// Control is true for ping and pong frames, Binary for binary messages.
	Control bool
	Binary  bool
}

// Parser states.
const (
	stHTTP = iota
	stHeader
	stPayload
)

// frameParser is an incremental parser of the server→client stream. It never
// fails: bytes it cannot make sense of are skipped, since the real decoder
// (gorilla/websocket) sees the same bytes and reports protocol errors.
type frameParser struct {
	state int
	crlf  int // how much of "\r\n\r\n" the HTTP response has matched

	hdr     [14]byte
	hdrLen  int
	hdrNeed int

	opcode    byte
	fin       bool
	masked    bool
	mask      [4]byte
	maskPos   int
	remaining uint64

	msgOp byte   // opcode of the data message in progress (text or binary)
	msg   []byte // text message being assembled
	skip  bool   // the message in progress is too large to assemble
	ctrl  []byte // control frame payload (at most 125 bytes)
}

// feed parses b and appends the complete frames it ends to evs.
func (p *frameParser) feed(b []byte, evs []frameEvent) []frameEvent {
	for len(b) > 0 {
		switch p.state {
		case stHTTP:
			b = p.feedHTTP(b)
		case stHeader:
			b = p.feedHeader(b)
			if p.state == stPayload && p.remaining == 0 {
				evs = p.endFrame(evs)
			}
		case stPayload:
			n := uint64(len(b))
			if n > p.remaining {
				n = p.remaining
			}
			p.payload(b[:n])
			b = b[n:]
			p.remaining -= n
			if p.remaining == 0 {
				evs = p.endFrame(evs)
			}
		}
	}
	return evs
}

// feedHTTP skips the HTTP upgrade response up to its blank line.
func (p *frameParser) feedHTTP(b []byte) []byte {
	const end = "\r\n\r\n"
	for i, c := range b {
		switch {
		case c == end[p.crlf]:
			p.crlf++
		case c == '\r':
			p.crlf = 1
		default:
			p.crlf = 0
		}
		if p.crlf == len(end) {
			p.state, p.hdrLen, p.hdrNeed = stHeader, 0, 2
			return b[i+1:]
		}
	}
	return nil
}

// feedHeader collects a frame header: 2 bytes, then the extended length and
// the masking key the first two announce.
func (p *frameParser) feedHeader(b []byte) []byte {
	for len(b) > 0 && p.hdrLen < p.hdrNeed {
		n := copy(p.hdr[p.hdrLen:p.hdrNeed], b)
		p.hdrLen += n
		b = b[n:]
		if p.hdrLen == 2 && p.hdrNeed == 2 {
			need := 2
			switch p.hdr[1] & 0x7F {
			case 126:
				need += 2
			case 127:
				need += 8
			}
			if p.hdr[1]&0x80 != 0 {
				need += 4
			}
			p.hdrNeed = need
		}
	}
	if p.hdrLen < p.hdrNeed {
		return b
	}
	p.fin = p.hdr[0]&0x80 != 0
	p.opcode = p.hdr[0] & 0x0F
	p.masked = p.hdr[1]&0x80 != 0
	i := 2
	switch l := p.hdr[1] & 0x7F; l {
	case 126:
		p.remaining = uint64(binary.BigEndian.Uint16(p.hdr[2:4]))
		i = 4
	case 127:
		p.remaining = binary.BigEndian.Uint64(p.hdr[2:10])
		i = 10
	default:
		p.remaining = uint64(l)
	}
	if p.masked {
		copy(p.mask[:], p.hdr[i:i+4])
	}
	p.maskPos = 0
	p.state = stPayload
	switch {
	case p.opcode >= wsClose:
		p.ctrl = p.ctrl[:0]
	case p.opcode == wsText || p.opcode == wsBinary:
		p.msgOp, p.skip = p.opcode, false
		p.msg = p.msg[:0]
		if p.opcode == wsText && p.remaining > maxTextMessage {
			p.skip = true
		}
	}
	return b
}

// payload consumes payload bytes of the current frame.
func (p *frameParser) payload(b []byte) {
	if p.masked {
		// Servers must not mask; unmask a copy anyway so the parser stays
		// in step with a peer that does.
		c := make([]byte, len(b))
		for i := range b {
			c[i] = b[i] ^ p.mask[p.maskPos&3]
			p.maskPos++
		}
		b = c
	}
	switch {
	case p.opcode >= wsClose:
		if len(p.ctrl)+len(b) <= 125 {
			p.ctrl = append(p.ctrl, b...)
		}
	case p.msgOp == wsText && !p.skip:
		if len(p.msg)+len(b) > maxTextMessage {
			p.skip = true
			p.msg = p.msg[:0]
			return
		}
		p.msg = append(p.msg, b...)
	}
}

// endFrame finishes the current frame and reports it when it completes
// something of interest.
func (p *frameParser) endFrame(evs []frameEvent) []frameEvent {
	p.state, p.hdrLen, p.hdrNeed = stHeader, 0, 2
	switch {
	case p.opcode == wsClose:
		ev := frameEvent{Close: true}
		if len(p.ctrl) >= 2 {
			ev.Code = int(binary.BigEndian.Uint16(p.ctrl[:2]))
			ev.Reason = string(p.ctrl[2:])
		}
		return append(evs, ev)
	case p.opcode == wsPing || p.opcode == wsPong:
		return append(evs, frameEvent{Control: true})
	case p.opcode > wsBinary:
		return evs // reserved opcodes: gorilla fails the connection
	}
	if !p.fin {
		return evs // more fragments follow
	}
	var ev frameEvent
	if p.msgOp == wsBinary {
		ev = frameEvent{Binary: true, Op: -1}
	} else {
		ev = frameEvent{Text: true, Op: -1}
		if !p.skip {
			if env, ok := scanEnvelope(p.msg); ok {
				ev.Op, ev.T = env.op, env.t
				if env.op == 10 {
					ev.D = append([]byte(nil), env.d...)
				}
			}
		}
	}
	if cap(p.msg) > keepBuffer {
		p.msg = nil
	} else {
		p.msg = p.msg[:0]
	}
	p.msgOp, p.skip = 0, false
	return append(evs, ev)
}

// envelope is the top level of a gateway payload: {"op", "d", "s", "t"}.
type envelope struct {
	op int
	t  string
	d  []byte
}

// scanEnvelope reads op, t and the raw d of a gateway payload without
// decoding d: it walks the top-level object only, skipping nested values.
func scanEnvelope(b []byte) (envelope, bool) {
	env := envelope{op: -1}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return env, false
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return env, false
		}
		if b[i] == '}' {
			return env, true
		}
		kStart := i
		var ok bool
		if i, ok = skipString(b, i); !ok {
			return env, false
		}
		key := b[kStart+1 : i-1]
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != ':' {
			return env, false
		}
		i = skipSpace(b, i+1)
		vStart := i
		if i, ok = skipValue(b, i); !ok {
			return env, false
		}
		val := b[vStart:i]
		switch string(key) {
		case "op":
			if n, err := strconv.Atoi(string(val)); err == nil {
				env.op = n
			}
		case "t":
			if len(val) >= 2 && val[0] == '"' {
				if s, err := strconv.Unquote(string(val)); err == nil {
					env.t = s
				} else {
					env.t = string(val[1 : len(val)-1])
				}
			}
		case "d":
			env.d = val
		}
		i = skipSpace(b, i)
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the JSON string starting at b[i].
func skipString(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return i, false
}

// skipValue returns the index just past the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				var ok bool
				if i, ok = skipString(b, i); !ok {
					return i, false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
			i++
		}
		return i, false
	default:
		j := i
		for j < len(b) && strings.IndexByte(",}] \t\r\n", b[j]) < 0 {
			j++
		}
		return j, j > i
	}
}
