package httpbot

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzEndpoint sends the endpoint arbitrary bodies, signed or not, with
// arbitrary timestamps. Whatever arrives, nothing panics and nothing is
// answered 5xx; only a good signature within the replay window gets past
// 401; what gets past is answered 200 with a valid response or 400. The
// seeds are the captured interaction payloads of bot/discord/testdata and
// some broken ones.
//
//	go test ./bot/http/ -run '^$' -fuzz FuzzEndpoint -fuzztime 30s
func FuzzEndpoint(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "discord", "testdata", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no payloads in ../discord/testdata: %v", err)
	}
	now := time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)
	r := startRig(f, func(s *settings) {
		s.noToken = true
		s.server.Now = func() time.Time { return now }
	})
	close(r.fx.gate) // /slow answers at once
	app := r.srv.AppID()
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, true, int64(0))
	}
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `{"type":1}`, `{"id":"1","token":"t","type":1}`,
		`{"id":"1","token":"t","application_id":"` + app + `","type":2,"data":{"name":"echo","options":[{"name":"text","type":3,"value":"@everyone"}]}}`,
		`{"id":"1","token":"t","application_id":"` + app + `","type":2,"data":{"name":"boom"}}`,
		`{"id":"1","token":"t","application_id":"` + app + `","type":3,"data":{"custom_id":"game:form"},"message":{"id":"5"}}`,
		`{"id":"1","token":"t","application_id":"` + app + `","type":4,"data":{"name":"echo","options":[{"name":"text","type":3,"value":"x","focused":true}]}}`,
		`{"id":"1","token":"t","application_id":"` + app + `","type":5,"data":{"custom_id":"game:modal","components":[{"type":18,"component":{"custom_id":"answer","value":"x"}}]}}`,
		`{"id":"1","token":"t","application_id":"` + app + `","type":99}`,
	} {
		f.Add([]byte(s), true, int64(0))
		f.Add([]byte(s), false, int64(0))
		f.Add([]byte(s), true, int64(-301))
	}

	f.Fuzz(func(t *testing.T, body []byte, sign bool, skew int64) {
		stamp := strconv.FormatInt(now.Unix()+skew, 10)
		req := httptest.NewRequest(http.MethodPost, "/interactions", strings.NewReader(string(body)))
		req.Header.Set("X-Signature-Timestamp", stamp)
		if sign {
			req.Header.Set("X-Signature-Ed25519", r.srv.Sign(stamp, body))
		} else {
			req.Header.Set("X-Signature-Ed25519", strings.Repeat("ab", 64))
		}
		rec := httptest.NewRecorder()
		r.hs.ServeHTTP(rec, req)
		valid := sign && skew >= -300 && skew <= 300
		switch {
		case !valid && rec.Code != http.StatusUnauthorized:
			t.Fatalf("an unsigned or stale request got %d: %s", rec.Code, rec.Body)
		case valid && rec.Code == http.StatusOK:
			var cb struct {
				Type int             `json:"type"`
				Data json.RawMessage `json:"data"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &cb); err != nil || cb.Type < 1 || cb.Type > 9 || cb.Type == 2 || cb.Type == 3 {
				t.Fatalf("answered 200 with %s", rec.Body)
			}
			if cb.Type == 4 || cb.Type == 7 {
				var m struct {
					AllowedMentions *struct{ Parse []string } `json:"allowed_mentions"`
				}
				if json.Unmarshal(cb.Data, &m) != nil || m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
					t.Fatalf("a message without allowed_mentions {parse: []}: %s", rec.Body)
				}
			}
		case valid && rec.Code != http.StatusBadRequest && rec.Code != http.StatusRequestEntityTooLarge:
			t.Fatalf("a signed request got %d: %s", rec.Code, rec.Body)
		}
	})
}
