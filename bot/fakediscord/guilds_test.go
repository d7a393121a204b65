package fakediscord_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

func TestGuildRolesAndBotMember(t *testing.T) {
	srv := fakediscord.Start(t, quietOpts())
	get := func(path string) (int, []byte) {
		t.Helper()
		return call(t, srv, http.MethodGet, path, "")
	}
	g := fakediscord.DefaultGuildID
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/guilds/" + g + "/roles", 200, `[{"id":"` + g + `","name":"@everyone","permissions":"84992","position":0,"mentionable":false}]`},
		{"/guilds/" + g + "/members/" + fakediscord.DefaultBotID, 200, ""},
		{"/guilds/" + g + "/members/42", 404, `{"code":10007,"message":"Unknown Member"}`},
		{"/guilds/42/roles", 404, `{"code":10004,"message":"Unknown Guild"}`},
	}
	for _, tc := range tests {
		status, body := get(tc.path)
		if status != tc.status || tc.want != "" && string(body) != tc.want {
			t.Errorf("GET %s = %d %s, want %d %s", tc.path, status, body, tc.status, tc.want)
		}
	}
	srv.SetRoles(g, []fakediscord.Role{{ID: g, Name: "@everyone", Permissions: "0"}, {ID: "77", Name: "bot", Permissions: "2048"}}, []string{"77"})
	if _, body := get("/guilds/" + g + "/members/" + fakediscord.DefaultBotID); !json.Valid(body) || !strings.Contains(string(body), `"roles":["77"]`) {
		t.Errorf("member after SetRoles: %s", body)
	}
}
