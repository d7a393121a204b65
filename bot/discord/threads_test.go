package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands"
)

// A post that pings a role pings that role only, and a post with a thread
// opens one, named as asked; a resend with the same nonce keeps the one
// thread, and a thread Discord refuses leaves the post standing.
func TestMessengerRolePingAndThread(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakeOpts())
	fx, logs := &fixture{}, &logSink{}
	b, err := New(testConfig(srv, fx, logs))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkBodies(t, srv) })
	ctx := context.Background()
	const role = "1400000000000000001"
	msg := commands.Message{ChannelID: fakediscord.DefaultChannelID, Nonce: "qotd-2024-05-01-g",
		Response:     commands.Response{Content: "<@&" + role + "> @everyone <@&1400000000000000002> <@1500000000000000001>", Card: &commands.Card{Title: "Quote of the day", Description: "“Line”"}},
		MentionRoles: []string{role, "not-an-id"}, Thread: "Quote of the day: “" + strings.Repeat("long ", 40) + "”"}
	id, err := b.Messenger().Send(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := srv.Message(id)
	if len(m.MentionRoles) != 1 || m.MentionRoles[0] != role || m.MentionEveryone || len(m.Mentions) != 0 {
		t.Errorf("pings: roles %v, everyone %v, users %v; want the one role only", m.MentionRoles, m.MentionEveryone, m.Mentions)
	}
	var am map[string]any
	_ = json.Unmarshal(m.AllowedMentions, &am)
	if got, _ := json.Marshal(am); string(got) != `{"parse":[],"roles":["`+role+`"]}` {
		t.Errorf("allowed_mentions %s", got)
	}
	th, ok := srv.Channel(id)
	if !ok || th.ParentID != fakediscord.DefaultChannelID || th.Type != 11 || len([]rune(th.Name)) > 100 || !strings.HasPrefix(th.Name, "Quote of the day: “long") || !strings.HasSuffix(th.Name, "…") {
		t.Errorf("thread %+v (found %v)", th, ok)
	}
	// The resend answers with the first message; its thread exists already.
	if again, err := b.Messenger().Send(ctx, msg); err != nil || again != id {
		t.Fatalf("resend: %s %v", again, err)
	}
	if n := len(srv.RequestsTo("POST /channels/*/messages/*/threads")); n != 2 {
		t.Errorf("%d thread requests, want 2", n)
	}
	if strings.Contains(logs.String(), "could not open the thread") {
		t.Errorf("an existing thread was logged as a failure:\n%s", logs)
	}
	// Discord refuses the thread: the post stands, the log says why.
	srv.FailNext("POST /channels/*/messages/*/threads", http.StatusForbidden, 1)
	msg.Nonce = "qotd-2024-05-02-g"
	id2, err := b.Messenger().Send(ctx, msg)
	if err != nil || id2 == "" || id2 == id {
		t.Fatalf("send with a refused thread: %q %v", id2, err)
	}
	if _, ok := srv.Channel(id2); ok {
		t.Error("a refused thread exists")
	}
	if !strings.Contains(logs.String(), "could not open the thread") {
		t.Errorf("the refused thread is not logged:\n%s", logs)
	}
}
