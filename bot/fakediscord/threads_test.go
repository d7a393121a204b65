package fakediscord_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

func TestThreadsOnMessages(t *testing.T) {
	srv := fakediscord.Start(t, quietOpts())
	post := func(path, body string) (int, string) {
		t.Helper()
		status, raw := call(t, srv, http.MethodPost, path, body)
		return status, string(raw)
	}
	ch := fakediscord.DefaultChannelID
	_, raw := post("/channels/"+ch+"/messages", `{"content":"<@&1400000000000000001> <@&1400000000000000002>","allowed_mentions":{"parse":[],"roles":["1400000000000000001"]}}`)
	var m fakediscord.Message
	if err := json.Unmarshal([]byte(raw), &m); err != nil || m.ID == "" {
		t.Fatalf("post: %s", raw)
	}
	if len(m.MentionRoles) != 1 || m.MentionRoles[0] != "1400000000000000001" {
		t.Errorf("mention_roles %v, want the allowed role only", m.MentionRoles)
	}
	tests := []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"opened", "/channels/" + ch + "/messages/" + m.ID + "/threads", `{"name":"Quote of the day","auto_archive_duration":1440}`, 201, `"parent_id":"` + ch + `"`},
		{"a second one", "/channels/" + ch + "/messages/" + m.ID + "/threads", `{"name":"again"}`, 400, `"code":160004`},
		{"no name", "/channels/" + ch + "/messages/" + m.ID + "/threads", `{"name":""}`, 400, `"code":50035`},
		{"a name too long", "/channels/" + ch + "/messages/" + m.ID + "/threads", `{"name":"` + strings.Repeat("x", 101) + `"}`, 400, `"code":50035`},
		{"an archive duration Discord lacks", "/channels/" + ch + "/messages/" + m.ID + "/threads", `{"name":"x","auto_archive_duration":30}`, 400, `"code":50035`},
		{"unknown message", "/channels/" + ch + "/messages/1/threads", `{"name":"x"}`, 404, `"code":10008`},
		{"unknown channel", "/channels/1/messages/" + m.ID + "/threads", `{"name":"x"}`, 404, `"code":10003`},
	}
	for _, tc := range tests {
		status, body := post(tc.path, tc.body)
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want %d with %s", tc.name, status, body, tc.status, tc.want)
		}
	}
	if th, ok := srv.Channel(m.ID); !ok || th.Type != 11 || th.Name != "Quote of the day" {
		t.Errorf("thread %+v (%v)", th, ok)
	}
}
