package discord

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

func TestRegistersByBulkOverwrite(t *testing.T) {
	t.Parallel()
	t.Run("guild", func(t *testing.T) {
		t.Parallel()
		r := startRig(t, fakeOpts(), nil, nil)
		r.connected()
		puts := r.srv.RequestsTo("PUT /applications/*/guilds/*/commands")
		if len(puts) != 1 || len(r.srv.RequestsTo("PUT /applications/*/commands")) != 0 {
			t.Fatalf("guild PUTs %d, global PUTs %d", len(puts), len(r.srv.RequestsTo("PUT /applications/*/commands")))
		}
		if first := r.srv.Connections()[0].OpenedAt; !puts[0].Time.Before(first) {
			t.Errorf("registered at %v, after the gateway opened at %v", puts[0].Time, first)
		}
		cmds := r.srv.Commands(fakediscord.DefaultGuildID)
		byName := map[string]fakediscord.Command{}
		for _, c := range cmds {
			byName[c.Name] = c
		}
		if len(cmds) != len(r.fx.table()) {
			t.Fatalf("%d commands registered, want %d", len(cmds), len(r.fx.table()))
		}
		trivia := byName["trivia"]
		if len(trivia.Options) != 1 || trivia.Options[0].Type != fakediscord.OptSubcommand || trivia.Options[0].Name != "start" {
			t.Fatalf("trivia options %+v", trivia.Options)
		}
		rounds := trivia.Options[0].Options[0]
		if rounds.Type != fakediscord.OptInteger || *rounds.MinValue != 1 || *rounds.MaxValue != 10 || !rounds.Autocomplete {
			t.Errorf("rounds %+v", rounds)
		}
		ask := byName["ask"].Options[0]
		if !ask.Required || *ask.MaxLength != 300 || ask.Type != fakediscord.OptString {
			t.Errorf("ask option %+v", ask)
		}
		if slow := byName["slow"].Options[0]; len(slow.Choices) != 2 || slow.Choices[0].Value != "yes" {
			t.Errorf("slow choices %+v", slow.Choices)
		}
		if !byName["cast"].Options[0].Autocomplete {
			t.Error("cast is not autocompleted")
		}
		qotd := byName["qotd"]
		if qotd.DefaultMemberPermissions == nil || *qotd.DefaultMemberPermissions != "32" {
			t.Errorf("qotd default_member_permissions %v", qotd.DefaultMemberPermissions)
		}
		if ch := qotd.Options[0]; ch.Type != fakediscord.OptChannel || len(ch.ChannelTypes) != 2 {
			t.Errorf("qotd channel option %+v", ch)
		}
		if byName["ask"].DefaultMemberPermissions != nil || byName["ask"].Contexts != nil {
			t.Errorf("ask: %+v", byName["ask"])
		}

		// A reconnect does not register again.
		r.srv.DropConnections()
		r.srv.Await(t, "a resume", func() bool { return r.srv.ResumeCount() > 0 && r.srv.Connected() })
		if n := len(r.srv.RequestsTo("PUT *")); n != 1 {
			t.Errorf("%d registrations after a reconnect", n)
		}
	})
	t.Run("global", func(t *testing.T) {
		t.Parallel()
		r := startRig(t, fakeOpts(), func(c *Config) { c.GuildID = "" }, nil)
		r.connected()
		cmds := r.srv.Commands("")
		if len(cmds) != len(r.fx.table()) || len(r.srv.RequestsTo("PUT *")) != 1 {
			t.Fatalf("%d global commands, %d PUTs", len(cmds), len(r.srv.RequestsTo("PUT *")))
		}
		for _, c := range cmds {
			dms := c.Name == "ask" || c.Name == "cast"
			want := []int{0}
			if dms {
				want = []int{0, 1}
			}
			if c.DMPermission == nil || *c.DMPermission != dms || !equalInts(c.Contexts, want) || !equalInts(c.IntegrationTypes, []int{0}) {
				t.Errorf("%s: dm_permission %v contexts %v integration_types %v", c.Name, c.DMPermission, c.Contexts, c.IntegrationTypes)
			}
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSlashCommandAnswered(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakediscord.Options{HeartbeatInterval: time.Second, InteractionDeadline: 3 * time.Second}, nil, nil)
	r.connected()
	ix := r.dispatch(fakediscord.SlashCommand("ask", fakediscord.Str("question", "who plays the villain? @everyone <@1400000000000000001>")))
	cb := r.srv.AwaitCallback(t, ix.ID)
	if cb.Type != cbMessage || cb.Latency > time.Second {
		t.Fatalf("callback type %d after %v", cb.Type, cb.Latency)
	}
	orig, ok := r.srv.Original(ix.ID)
	if !ok {
		t.Fatal("no original response")
	}
	if !strings.HasPrefix(orig.Content, "You asked: who plays the villain?") || len(orig.Embeds) != 1 || orig.Ephemeral() {
		t.Errorf("original: %q, %d embeds, ephemeral %v", orig.Content, len(orig.Embeds), orig.Ephemeral())
	}
	// The echoed @everyone and user mention ping nobody.
	if orig.MentionEveryone || len(orig.Mentions) != 0 {
		t.Errorf("mention_everyone %v, mentions %v", orig.MentionEveryone, orig.Mentions)
	}
	var e struct {
		Color  int `json:"color"`
		Footer struct {
			Text string `json:"text"`
		} `json:"footer"`
	}
	_ = json.Unmarshal(orig.Embeds[0], &e)
	if e.Color != commands.ColorPink || e.Footer.Text != "Sources: Netflix Tudum" {
		t.Errorf("embed %s", orig.Embeds[0])
	}
	r.srv.Await(t, "the metric", func() bool { return r.bot.Metrics().Interactions("ask", OutcomeOK) == 1 })

	// An unknown command (a stale registration) gets Dispatch's clear answer.
	ix = r.dispatch(fakediscord.SlashCommand("gone"))
	msg := callbackMessage(t, r.srv.AwaitCallback(t, ix.ID))
	if !strings.Contains(msg["content"].(string), `I don't know the command "gone"`) || msg["flags"].(float64) != flagEphemeral {
		t.Errorf("unknown command answer %v", msg)
	}
	// In a DM, the user's name and no permissions reach the handler.
	ix = r.dispatch(fakediscord.SlashCommand("cast", fakediscord.Str("name", "okjoo")).InDM())
	if cb := r.srv.AwaitCallback(t, ix.ID); cb.Type != cbMessage {
		t.Errorf("DM callback type %d", cb.Type)
	}
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	ix := r.dispatch(fakediscord.Autocomplete("cast", fakediscord.Focused(fakediscord.Str("name", "ok"))))
	cb := r.srv.AwaitCallback(t, ix.ID)
	var data struct {
		Choices []struct {
			Name  string `json:"name"`
			Value any    `json:"value"`
		} `json:"choices"`
	}
	if err := cb.Decode(&data); err != nil || cb.Type != cbAutocomplete {
		t.Fatalf("callback %d %s", cb.Type, cb.Data)
	}
	if len(data.Choices) != 25 || data.Choices[0].Value != "person-0" || !strings.HasPrefix(data.Choices[0].Name, "ok 0 ") {
		t.Fatalf("%d choices, first %+v", len(data.Choices), data.Choices[0])
	}
	for _, c := range data.Choices {
		if runes(c.Name) > 100 {
			t.Errorf("choice name of %d characters", runes(c.Name))
		}
	}
	// An integer option gets numeric values.
	ix = r.dispatch(fakediscord.Autocomplete("trivia", fakediscord.Sub("start", fakediscord.Focused(fakediscord.Int("rounds", 1)))))
	cb = r.srv.AwaitCallback(t, ix.ID)
	if string(cb.Data) != `{"choices":[{"name":"three","value":3},{"name":"five","value":5}]}` {
		t.Errorf("integer choices %s", cb.Data)
	}
}

func TestButtonsAndModal(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	start := r.dispatch(fakediscord.SlashCommand("trivia", fakediscord.Sub("start", fakediscord.Int("rounds", 3))))
	r.srv.AwaitCallback(t, start.ID)
	msg, ok := r.srv.Original(start.ID)
	if !ok || len(msg.Components) != 2 {
		t.Fatalf("trivia message %+v", msg)
	}
	var row struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Disabled bool   `json:"disabled"`
		} `json:"components"`
	}
	_ = json.Unmarshal(msg.Components[0], &row)
	if len(row.Components) != 5 || row.Components[1].CustomID != "trivia:answer:2" {
		t.Fatalf("first row %s", msg.Components[0])
	}

	// A click updates the message in place (type 7).
	click := r.dispatch(fakediscord.Button("trivia:answer:2").OnMessage(msg.ID))
	if cb := r.srv.AwaitCallback(t, click.ID); cb.Type != cbUpdate {
		t.Fatalf("click callback type %d", cb.Type)
	}
	updated, _ := r.srv.Message(msg.ID)
	_ = json.Unmarshal(updated.Components[0], &row)
	if updated.Content != "Locked in answer 2" || !row.Components[0].Disabled {
		t.Errorf("updated message %q %s", updated.Content, updated.Components[0])
	}

	// Another button opens a modal (type 9) …
	form := r.dispatch(fakediscord.Button("trivia:form").OnMessage(msg.ID))
	cb := r.srv.AwaitCallback(t, form.ID)
	if cb.Type != cbModal {
		t.Fatalf("form callback type %d", cb.Type)
	}
	var modal struct {
		CustomID   string `json:"custom_id"`
		Title      string `json:"title"`
		Components []struct {
			Components []struct {
				Type     int    `json:"type"`
				CustomID string `json:"custom_id"`
				Label    string `json:"label"`
			} `json:"components"`
		} `json:"components"`
	}
	_ = cb.Decode(&modal)
	if modal.CustomID != "trivia:modal" || modal.Title != "Your answer" || modal.Components[0].Components[0].CustomID != "answer" {
		t.Fatalf("modal %s", cb.Data)
	}
	// … whose submission reaches the component handler with its fields.
	submit := r.dispatch(fakediscord.ModalSubmit("trivia:modal", fakediscord.Field("answer", "Jeon Jong-seo")))
	if cb := r.srv.AwaitCallback(t, submit.ID); cb.Type != cbMessage {
		t.Fatalf("submit callback type %d", cb.Type)
	}
	if m, _ := r.srv.Original(submit.ID); m.Content != "You answered Jeon Jong-seo" {
		t.Errorf("submit answer %q", m.Content)
	}
}

func TestPanicsAndErrorsBecomeApologies(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	for _, name := range []string{"boom", "fail"} {
		ix := r.dispatch(fakediscord.SlashCommand(name))
		msg := callbackMessage(t, r.srv.AwaitCallback(t, ix.ID))
		if msg["content"] != apologyText || msg["flags"].(float64) != flagEphemeral {
			t.Errorf("%s answered %v", name, msg)
		}
		if strings.Contains(string(r.srv.AwaitCallback(t, ix.ID).Data), "secret") {
			t.Errorf("%s leaked the error to the user", name)
		}
	}
	// The bot lives on.
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
	logs := r.logs.String()
	if !strings.Contains(logs, "handler panicked") || !strings.Contains(logs, "command=boom") || !strings.Contains(logs, "kaboom: secret detail") {
		t.Errorf("the panic is not logged with its command:\n%s", logs)
	}
	if !strings.Contains(logs, "database exploded: secret detail") || !strings.Contains(logs, "command=fail") {
		t.Errorf("the error is not logged with its command:\n%s", logs)
	}
	r.srv.Await(t, "the metrics", func() bool {
		m := r.bot.Metrics()
		return m.Interactions("boom", OutcomePanic) == 1 && m.Interactions("fail", OutcomeError) == 1
	})
}

// TestSlowHandlerIsDeferred is the one test that waits out the real
// The 2-second deferral threshold: two slow commands in parallel, one
// public, one private. The handlers run until the test has seen both
// deferrals, so each deferral came while its handler was still running,
// however slow the machine; and never before the threshold.
func TestSlowHandlerIsDeferred(t *testing.T) {
	t.Parallel()
	var defaults Config
	defaults.defaults()
	if defaults.DeferAfter > 2*time.Second { // Discord's deadline is 3 s
		t.Fatalf("DeferAfter defaults to %v, leaving too little of Discord's 3 s", defaults.DeferAfter)
	}
	// The fake's deadline is generous here: a loaded machine may deliver a
	// deferral sent at 2 s after 3 s, which Discord would refuse but which
	// says nothing about the adapter.
	r := startRig(t, fakediscord.Options{HeartbeatInterval: time.Second, InteractionDeadline: 10 * time.Second},
		func(c *Config) { c.DeferAfter = 0 }, nil) // the default: 2s
	gate := make(chan struct{})
	r.fx.slowGate.Store(gate)
	r.connected()
	public := r.dispatch(fakediscord.SlashCommand("slow"))
	private := r.dispatch(fakediscord.SlashCommand("slow", fakediscord.Str("private", "yes")))

	for _, ix := range []fakediscord.Interaction{public, private} {
		cb := r.srv.AwaitCallback(t, ix.ID)
		if cb.Type != cbDeferMessage || cb.Latency < defaults.DeferAfter {
			t.Errorf("callback type %d after %v, want a deferral after %v", cb.Type, cb.Latency, defaults.DeferAfter)
		}
	}
	if n := r.fx.slowSeen.Load(); n != 2 {
		t.Errorf("%d handlers started, want 2", n)
	}
	close(gate) // the answers are ready
	r.srv.Await(t, "the public answer", func() bool {
		m, ok := r.srv.Original(public.ID)
		return ok && m.Content == "Finally: the answer."
	})
	if m, _ := r.srv.Original(public.ID); m.Ephemeral() || m.Flags&(1<<7) != 0 {
		t.Errorf("public answer flags %d", m.Flags)
	}
	// The private answer replaces the public "thinking" message with an
	// ephemeral follow-up.
	r.srv.Await(t, "the private follow-up", func() bool { return len(r.srv.RequestsTo("POST /webhooks/*/*")) == 1 })
	r.srv.AwaitRequest(t, "DELETE /webhooks/*/*/messages/@original")
	if n := len(r.srv.RequestsTo("DELETE /webhooks/*/*/messages/@original")); n != 1 {
		t.Errorf("%d deletions of the thinking message", n)
	}
	var body map[string]any
	_ = r.srv.RequestsTo("POST /webhooks/*/*")[0].Decode(&body)
	if body["flags"].(float64) != flagEphemeral || body["content"] != "Finally: the answer." {
		t.Errorf("follow-up %v", body)
	}
	r.srv.Await(t, "the metrics", func() bool { return r.bot.Metrics().Interactions("slow", OutcomeOK) == 2 })
}

func TestMentionsAndDMs(t *testing.T) {
	t.Parallel()
	opts := fakeOpts()
	opts.EchoOwnMessages = true // the bot sees its own replies and must ignore them
	r := startRig(t, opts, nil, nil)
	r.connected()
	replies := func(ch string) []fakediscord.Message {
		var out []fakediscord.Message
		for _, m := range r.srv.Messages(ch) {
			if m.Author.ID == fakediscord.DefaultBotID && m.Type == 19 { // replies, not interaction responses
				out = append(out, m)
			}
		}
		return out
	}

	if _, err := r.srv.DispatchMessage(fakediscord.UserMessage("just chatting about @everyone")); err != nil {
		t.Fatal(err)
	}
	q, err := r.srv.DispatchMessage(fakediscord.Mention("who plays the villain? @everyone"))
	if err != nil {
		t.Fatal(err)
	}
	r.srv.Await(t, "the reply to the mention", func() bool { return len(replies(fakediscord.DefaultChannelID)) == 1 })
	reply := replies(fakediscord.DefaultChannelID)[0]
	var ref struct {
		MessageID string `json:"message_id"`
	}
	_ = json.Unmarshal(reply.Reference, &ref)
	if ref.MessageID != q.ID || reply.Content != "You asked: who plays the villain? @everyone" || reply.MentionEveryone {
		t.Errorf("reply %q to %s, mention_everyone %v", reply.Content, ref.MessageID, reply.MentionEveryone)
	}

	if _, err := r.srv.DispatchMessage(fakediscord.Mention("")); err != nil {
		t.Fatal(err)
	}
	r.srv.Await(t, "the help reply", func() bool { return len(replies(fakediscord.DefaultChannelID)) == 2 })
	if got := replies(fakediscord.DefaultChannelID)[1].Content; got != mentionHelp {
		t.Errorf("empty mention answered %q", got)
	}

	if _, err := r.srv.DispatchMessage(fakediscord.UserMessage("what is the film about").InDM()); err != nil {
		t.Fatal(err)
	}
	r.srv.Await(t, "the DM reply", func() bool { return len(replies(fakediscord.DefaultDMChannelID)) == 1 })
	if got := replies(fakediscord.DefaultDMChannelID)[0].Content; got != "You asked: what is the film about" {
		t.Errorf("DM answered %q", got)
	}
	// The bot's own echoed replies started no conversation with itself.
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
	if n := len(replies(fakediscord.DefaultChannelID)); n != 2 {
		t.Errorf("%d replies in the guild channel, want 2", n)
	}
}

func TestMessengerSendEditAndErrors(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakeOpts())
	fx, logs := &fixture{}, &logSink{}
	b, err := New(testConfig(srv, fx, logs)) // REST works without Run
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkBodies(t, srv) })
	ctx := context.Background()
	msg := commands.Message{ChannelID: fakediscord.DefaultChannelID, Nonce: "qotd-2023-10-06-1200000000000000001",
		Response: commands.Response{Found: true, Ephemeral: true, Card: &commands.Card{Title: "Quote of the day", Description: "“…” @everyone"}}}
	id, err := b.Messenger().Send(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.Messenger().Send(ctx, msg)
	if err != nil || again != id {
		t.Fatalf("second send with the same nonce: %s %v, want %s", again, err, id)
	}
	if n := len(srv.Messages(fakediscord.DefaultChannelID)); n != 1 {
		t.Errorf("%d messages posted, want 1", n)
	}
	var body map[string]any
	_ = srv.RequestsTo("POST /channels/*/messages")[0].Decode(&body)
	if n, _ := body["nonce"].(string); len(n) > 25 || body["enforce_nonce"] != true || body["flags"] != nil {
		t.Errorf("body %v", body)
	}
	if err := b.Messenger().Edit(ctx, fakediscord.DefaultChannelID, id, commands.Response{Content: "edited"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.Message(id); m.Content != "edited" || len(m.Embeds) != 0 {
		t.Errorf("edited message %q with %d embeds", m.Content, len(m.Embeds))
	}

	for _, tc := range []struct {
		apiErr fakediscord.APIError
		want   error
	}{
		{fakediscord.ErrUnknownChannel, qotd.ErrUnknownChannel},
		{fakediscord.ErrMissingAccess, qotd.ErrNoAccess},
		{fakediscord.ErrMissingPermissions, qotd.ErrNoAccess},
	} {
		ch := srv.NewID()
		srv.AddChannel(fakediscord.Channel{ID: ch, GuildID: fakediscord.DefaultGuildID, Name: "x"})
		srv.SetChannelError(ch, tc.apiErr)
		_, err := b.Messenger().Send(ctx, commands.Message{ChannelID: ch, Response: commands.Response{Content: "hi"}})
		if !errors.Is(err, tc.want) {
			t.Errorf("%v: send error %v, want %v", tc.apiErr, err, tc.want)
		}
		if err := b.CanPost(ctx, fakediscord.DefaultGuildID, ch, qotd.PostNeeds{}); !errors.Is(err, tc.want) {
			t.Errorf("%v: CanPost error %v, want %v", tc.apiErr, err, tc.want)
		}
	}
	// 5xx is retried, then reported as is (neither sentinel).
	srv.FailNext("POST /channels/*/messages", http.StatusServiceUnavailable, 2)
	if _, err := b.Messenger().Send(ctx, commands.Message{ChannelID: fakediscord.DefaultChannelID, Response: commands.Response{Content: "retry me"}}); err != nil {
		t.Errorf("send after two 503s: %v", err)
	}
}

// guildProxy stands in front of the fake and serves what it lacks for
// CanPost: a guild's roles, the bot's membership and a channel with
// permission overwrites. Everything else goes to the fake.
func guildProxy(t *testing.T, srv *fakediscord.Server, roles, member, channel string) string {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g := fakediscord.DefaultGuildID
		var body string
		switch r.URL.Path {
		case "/api/v9/guilds/" + g + "/roles":
			body = roles
		case "/api/v9/guilds/" + g + "/members/" + fakediscord.DefaultBotID:
			body = member
		case "/api/v9/channels/1300000000000000009":
			body = channel
		default:
			req, _ := http.NewRequestWithContext(r.Context(), r.Method, srv.URL()+r.URL.RequestURI(), r.Body)
			req.Header = r.Header.Clone()
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			defer resp.Body.Close()
			for k, v := range resp.Header {
				w.Header()[k] = v
			}
			w.WriteHeader(resp.StatusCode)
			_, _ = io.Copy(w, resp.Body)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	})
	p := httptest.NewServer(h)
	t.Cleanup(p.Close)
	return p.URL
}

func TestCanPost(t *testing.T) {
	t.Parallel()
	g := fakediscord.DefaultGuildID
	const post = 1<<10 | 1<<11 | 1<<14 // view, send, embed links
	const threads, mentionAll = 1 << 35, 1 << 17
	roles := func(everyone int) string {
		return `[{"id":"` + g + `","permissions":"` + itoa(everyone) + `"},{"id":"77","permissions":"0"},` +
			`{"id":"88","permissions":"0","mentionable":false},{"id":"99","permissions":"0","mentionable":true}]`
	}
	channel := func(deny int) string {
		return `{"id":"1300000000000000009","type":0,"guild_id":"` + g + `","permission_overwrites":[` +
			`{"id":"77","type":0,"allow":"0","deny":"` + itoa(deny) + `"}]}`
	}
	for _, tc := range []struct {
		name, channel string
		everyone      int // the permissions of @everyone
		needs         qotd.PostNeeds
		want          error
		missing       string
	}{
		{"allowed", channel(0), post, qotd.PostNeeds{}, nil, ""},
		{"no embed links", channel(1 << 14), post, qotd.PostNeeds{}, qotd.ErrNoAccess, "Embed Links"},
		{"cannot see it", channel(1 << 10), post, qotd.PostNeeds{}, qotd.ErrNoAccess, "View Channel"},
		{"another server's channel", strings.Replace(channel(0), `"guild_id":"`+g, `"guild_id":"1`+g[1:]+`9`, 1), post, qotd.PostNeeds{}, qotd.ErrUnknownChannel, ""},
		{"a DM", `{"id":"1300000000000000009","type":1}`, post, qotd.PostNeeds{}, qotd.ErrUnknownChannel, ""},
		{"thread without Create Public Threads", channel(0), post, qotd.PostNeeds{Thread: true}, qotd.ErrNoAccess, "Create Public Threads"},
		{"thread allowed", channel(0), post | threads, qotd.PostNeeds{Thread: true}, nil, ""},
		{"thread denied in the channel", channel(threads), post | threads, qotd.PostNeeds{Thread: true}, qotd.ErrNoAccess, "Create Public Threads"},
		{"mentionable role", channel(0), post, qotd.PostNeeds{Role: "99"}, nil, ""},
		{"role not mentionable", channel(0), post, qotd.PostNeeds{Role: "88"}, qotd.ErrNoAccess, "Mention Everyone"},
		{"role not mentionable, may mention all", channel(0), post | mentionAll, qotd.PostNeeds{Role: "88"}, nil, ""},
		{"unknown role", channel(0), post, qotd.PostNeeds{Role: "12345"}, qotd.ErrUnknownRole, ""},
		{"@everyone", channel(0), post | mentionAll, qotd.PostNeeds{Role: g}, qotd.ErrUnknownRole, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fakediscord.Start(t, fakeOpts())
			cfg := testConfig(srv, &fixture{}, &logSink{})
			cfg.APIURL = guildProxy(t, srv, roles(tc.everyone), `{"roles":["77"]}`, tc.channel)
			b, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = b.CanPost(context.Background(), g, "1300000000000000009", tc.needs)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("CanPost = %v, want %v", err, tc.want)
			}
			if errors.Is(err, qotd.ErrNoAccess) && (!strings.Contains(err.Error(), "lacks") || !strings.Contains(err.Error(), tc.missing)) {
				t.Errorf("error does not say that %s is missing: %v", tc.missing, err)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestChannelPermissions(t *testing.T) {
	t.Parallel()
	const g, me = "1", "9"
	roles := map[string]uint64{g: permViewChannel | permSendMessages, "r1": permEmbedLinks, "r2": 0, "admin": permAdministrator}
	tests := []struct {
		name  string
		mine  []string
		ows   []rawOverwrite
		want  uint64
		exact bool
	}{
		{"everyone plus role", []string{"r1"}, nil, permViewChannel | permSendMessages | permEmbedLinks, true},
		{"everyone overwrite denies", []string{"r1"}, []rawOverwrite{{ID: g, Type: 0, Deny: itoa(permSendMessages)}}, permViewChannel | permEmbedLinks, true},
		{"role allow beats everyone deny", []string{"r2"}, []rawOverwrite{{ID: g, Deny: itoa(permSendMessages)}, {ID: "r2", Allow: itoa(permSendMessages)}}, permViewChannel | permSendMessages, true},
		{"member overwrite last", []string{"r1"}, []rawOverwrite{{ID: "r1", Allow: itoa(permSendMessages)}, {ID: me, Type: 1, Deny: itoa(permSendMessages)}}, permViewChannel | permEmbedLinks, true},
		{"administrator", []string{"admin"}, []rawOverwrite{{ID: g, Deny: itoa(permViewChannel)}}, ^uint64(0), true},
	}
	for _, tt := range tests {
		if got := channelPermissions(g, me, tt.mine, roles, tt.ows); got != tt.want {
			t.Errorf("%s: %b, want %b", tt.name, got, tt.want)
		}
	}
}

func TestBodiesMatchSpec(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	// The huge card is cut to Discord's limits, the 6000 total included;
	// the fake refuses (50035) anything over a limit.
	big := r.dispatch(fakediscord.SlashCommand("big"))
	if cb := r.srv.AwaitCallback(t, big.ID); cb.Type != cbMessage {
		t.Fatalf("big callback %d", cb.Type)
	}
	var data map[string]any
	_ = json.Unmarshal(r.srv.AwaitCallback(t, big.ID).Data, &data)
	if err := fakediscord.CheckMessage(data); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, spec := range []fakediscord.InteractionSpec{
		fakediscord.SlashCommand("qotd", fakediscord.ChannelOpt("channel", fakediscord.DefaultChannelID)),
		fakediscord.Autocomplete("cast", fakediscord.Focused(fakediscord.Str("name", "j"))),
		fakediscord.SlashCommand("trivia", fakediscord.Sub("start")),
		fakediscord.Button("trivia:form"),
		fakediscord.Button("trivia:answer:1"),
		fakediscord.SlashCommand("boom"),
	} {
		ix := r.dispatch(spec)
		wg.Add(1)
		go func() { defer wg.Done(); r.srv.AwaitCallback(t, ix.ID) }()
	}
	wg.Wait()
	if _, err := r.bot.Messenger().Send(context.Background(), commands.Message{ChannelID: fakediscord.DefaultChannelID, Response: commands.Response{Content: "hi"}}); err != nil {
		t.Fatal(err)
	}
	// The fake records a request after answering it: wait for all nine
	// bodies (registration, seven callbacks, the post) to be recorded.
	r.srv.Await(t, "nine recorded bodies", func() bool {
		n := 0
		for _, req := range r.srv.Requests() {
			if len(req.Body) > 0 {
				n++
			}
		}
		return n >= 9
	})
	if n := checkBodies(t, r.srv); n < 9 {
		t.Errorf("only %d bodies validated", n)
	}
	// The validator is not a rubber stamp.
	if err := loadSpec(t).CheckBody("POST", "/channels/1/messages", []byte(`{"content":5,"allowed_mentions":{"parse":[]}}`)); err == nil {
		t.Error("a bad body passed the spec")
	}
	if err := fakediscord.CheckMessage(map[string]any{"content": "x"}); err == nil {
		t.Error("a message without allowed_mentions passed")
	}
}

func TestHealthAndMetricsHandlers(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	r.srv.Await(t, "a heartbeat ACK", func() bool { return !r.bot.Health().LastHeartbeatAck.IsZero() })
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
	r.srv.Await(t, "the metric", func() bool { return r.bot.Metrics().Interactions("echo", OutcomeOK) == 1 })

	get := func(h http.Handler) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		return rec.Code, rec.Body.String()
	}
	code, body := get(r.bot.HealthHandler())
	if code != http.StatusOK || !strings.Contains(body, `"gateway_connected":true`) {
		t.Errorf("healthz %d %s", code, body)
	}
	body = scrape(t, r.bot.Metrics())
	for _, want := range []string{
		`ballerina_discord_interactions_total{command="echo",outcome="ok"} 1`,
		`ballerina_discord_interaction_latency_seconds_count 1`,
		`ballerina_discord_gateway_connected{shard="0"} 1`,
		`ballerina_discord_gateway_reconnects_total{shard="0"} 0`,
		`ballerina_discord_gateway_guilds{shard="0"} 1`,
		`ballerina_discord_rest_rate_limited_total{scope="global"} 0`,
		`# TYPE ballerina_discord_interaction_latency_seconds histogram`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	r.stop()
	if code, body := get(r.bot.HealthHandler()); code != http.StatusServiceUnavailable {
		t.Errorf("healthz after shutdown %d %s", code, body)
	}
}
