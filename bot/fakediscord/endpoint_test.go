package fakediscord_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// endpoint is a minimal interactions endpoint: it checks the fake's
// signature as Discord documents it and answers with answer.
func endpoint(t *testing.T, key ed25519.PublicKey, answer func(body []byte) (int, string)) string {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
		msg := append([]byte(r.Header.Get("X-Signature-Timestamp")), body...)
		if err != nil || !ed25519.Verify(key, msg, sig) || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		status, out := answer(body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, out)
	}))
	t.Cleanup(hs.Close)
	return hs.URL + "/interactions"
}

func TestDeliverInteraction(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, quietOpts())
	const msg = `{"type":4,"data":{"content":"Jeon Jong-seo plays Ok-ju","allowed_mentions":{"parse":[]}}}`
	tests := []struct {
		name    string
		spec    fakediscord.InteractionSpec
		status  int
		answer  string
		wantErr string // "" when the answer is accepted
		cbType  int
	}{
		{"ping", fakediscord.Ping(), 200, `{"type":1}`, "", 1},
		{"message", fakediscord.SlashCommand("cast"), 200, msg, "", 4},
		{"deferred", fakediscord.SlashCommand("cast"), 200, `{"type":5}`, "", 5},
		{"empty message", fakediscord.SlashCommand("cast"), 200, `{"type":4,"data":{"content":""}}`, "Cannot send an empty message", 0},
		{"wrong type for a command", fakediscord.SlashCommand("cast"), 200, `{"type":7,"data":{"content":"x"}}`, "INTERACTION_RESPONSE_TYPE_INVALID", 0},
		{"not JSON", fakediscord.SlashCommand("cast"), 200, `<html>`, "invalid JSON", 0},
		{"refused", fakediscord.SlashCommand("cast"), 500, `{}`, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url := endpoint(t, srv.PublicKey(), func([]byte) (int, string) { return tc.status, tc.answer })
			d, err := srv.DeliverInteraction(url, tc.spec)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || d.Status != tc.status {
				t.Fatalf("status %d, err %v", d.Status, err)
			}
			if tc.cbType == 0 {
				if d.Callback != nil {
					t.Errorf("a %d answer was taken as the response", tc.status)
				}
				return
			}
			if d.Callback == nil || d.Callback.Type != tc.cbType {
				t.Fatalf("callback %+v", d.Callback)
			}
			if tc.cbType == 4 {
				if m, ok := srv.Original(d.ID); !ok || m.Content != "Jeon Jong-seo plays Ok-ju" {
					t.Errorf("original %+v", m)
				}
			}
			// The answer is recorded as the callback request it stands for.
			reqs := srv.RequestsTo("POST /interactions/" + d.ID + "/*/callback")
			if len(reqs) != 1 || !bytes.Equal(reqs[0].Body, []byte(tc.answer)) || reqs[0].Status != http.StatusNoContent {
				t.Errorf("recorded %+v", reqs)
			}
		})
	}
}

// The webhook routes of an interaction take its token, with no bot token;
// a wrong bot token is still refused.
func TestWebhookRoutesNeedNoBotToken(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, quietOpts())
	url := endpoint(t, srv.PublicKey(), func([]byte) (int, string) { return 200, `{"type":5}` })
	d, err := srv.DeliverInteraction(url, fakediscord.SlashCommand("cast"))
	if err != nil {
		t.Fatal(err)
	}
	patch := func(auth string) int {
		body := `{"content":"Ok-ju","allowed_mentions":{"parse":[]}}`
		req, _ := http.NewRequest(http.MethodPatch, srv.URL()+"/api/v10/webhooks/"+srv.AppID()+"/"+d.Token+"/messages/@original", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := patch("Bot wrong"); got != http.StatusUnauthorized {
		t.Errorf("a wrong bot token got %d", got)
	}
	if got := patch(""); got != http.StatusOK {
		t.Errorf("no bot token got %d", got)
	}
	if m, _ := srv.Original(d.ID); m.Content != "Ok-ju" {
		t.Errorf("original %+v", m)
	}
}
