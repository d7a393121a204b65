package fakediscord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// Interactions over HTTP: when an application has an Interactions Endpoint
// URL, Discord POSTs each interaction there, signed with Ed25519 over the
// timestamp and the body, and takes the HTTP answer (200, JSON) as the
// first response. Deferred answers and follow-ups then use the same
// webhook routes as on the gateway.

// Ping is the PING Discord sends to check an endpoint (and when the URL is
// saved in the developer portal); the answer must be {"type":1}.
func Ping() InteractionSpec { return newSpec(InteractionPing) }

// PublicKey is the key an endpoint verifies the fake's signatures with.
func (s *Server) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// PublicKeyHex is PublicKey as the developer portal shows it (DISCORD_PUBLIC_KEY).
func (s *Server) PublicKeyHex() string { return hex.EncodeToString(s.PublicKey()) }

// Sign returns the X-Signature-Ed25519 header for a body sent at timestamp
// (X-Signature-Timestamp, Unix seconds), as Discord computes it.
func (s *Server) Sign(timestamp string, body []byte) string {
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	return hex.EncodeToString(ed25519.Sign(s.key, msg))
}

// signedRequest builds the POST Discord sends to an endpoint: body, signed
// at ts, with Discord's headers.
func (s *Server) signedRequest(ctx context.Context, url string, body []byte, ts time.Time) (*http.Request, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", s.Sign(stamp, body))
	return r, nil
}

// Delivery is what an endpoint did with one delivered interaction.
type Delivery struct {
	// Interaction is the fake's record after the answer: Callback is set
	// when the answer was accepted as the first response.
	Interaction
	// Status and Body are the endpoint's HTTP answer.
	Status int
	Body   []byte
}

// DeliverInteraction registers an interaction built from spec and POSTs it,
// signed, to an endpoint URL. A 200 answer is the interaction's first
// response: it is checked and applied as a callback request would be (a
// message created, a message updated…) and recorded among Requests as
// POST /interactions/{id}/{token}/callback, so Spec.Check validates it
// against Discord's schema. The error is for a failed POST (no answer,
// past Options.InteractionDeadline when set, else 10s) or a 200 answer
// Discord would refuse; any other status is returned in Delivery.Status.
func (s *Server) DeliverInteraction(url string, spec InteractionSpec) (Delivery, error) {
	s.mu.Lock()
	st := s.registerInteractionLocked(spec)
	payload := st.Payload
	s.mu.Unlock()
	timeout := s.opts.InteractionDeadline
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := s.signedRequest(ctx, url, payload, time.Now())
	if err != nil {
		return Delivery{}, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return Delivery{}, fmt.Errorf("deliver interaction %s: %w", st.ID, err)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	resp.Body.Close()
	if err != nil {
		return Delivery{}, fmt.Errorf("deliver interaction %s: read the answer: %w", st.ID, err)
	}
	d := Delivery{Status: resp.StatusCode, Body: body}
	if resp.StatusCode != http.StatusOK {
		d.Interaction, _ = s.Interaction(st.ID)
		return d, nil
	}
	var cb struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	now := time.Now()
	rec := httptest.NewRecorder()
	s.mu.Lock()
	if err := json.Unmarshal(body, &cb); err != nil {
		writeError(rec, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
	} else if problem := s.acceptCallbackLocked(st, cb.Type, cb.Data, nil, now); problem != nil {
		problem(rec)
	} else {
		rec.WriteHeader(http.StatusNoContent)
	}
	route := "/interactions/" + st.ID + "/" + st.Token + "/callback"
	s.mu.Unlock()
	s.record(Request{Method: http.MethodPost, Path: req.URL.Path, Route: route, Header: resp.Header.Clone(),
		Body: body, Time: now, Status: rec.Code})
	d.Interaction, _ = s.Interaction(st.ID)
	if rec.Code != http.StatusNoContent {
		return d, fmt.Errorf("deliver interaction %s: Discord would refuse the answer: %d %s", st.ID, rec.Code, bytes.TrimSpace(rec.Body.Bytes()))
	}
	return d, nil
}
