package fakediscord_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

const msgRoute = "POST /channels/*/messages"

func TestRateLimitIsHonoured(t *testing.T) {
	t.Parallel()
	for _, global := range []bool{false, true} {
		t.Run(map[bool]string{false: "route", true: "global"}[global], func(t *testing.T) {
			t.Parallel()
			rateLimitIsHonoured(t, global)
		})
	}
}

func rateLimitIsHonoured(t *testing.T, global bool) {
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	srv.RateLimitNext(msgRoute, 200*time.Millisecond, global)

	start := time.Now()
	m, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, "hello")
	if err != nil {
		t.Fatalf("global=%v: %v", global, err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("global=%v: retried after %v, before retry_after", global, d)
	}
	reqs := srv.RequestsTo(msgRoute)
	if len(reqs) != 2 || reqs[0].Status != 429 || reqs[1].Status != 200 {
		t.Errorf("global=%v: statuses %d", global, len(reqs))
	}
	if got := srv.Messages(fakediscord.DefaultChannelID); len(got) != 1 || got[0].ID != m.ID {
		t.Errorf("global=%v: messages = %+v", global, got)
	}
}

// Hazard 3 of docs/ARCHITECTURE.md: a global 429 as Discord sends it (no
// X-RateLimit-Reset-After) does not hold back other routes in discordgo;
// with Reset-After it does.
func TestGlobalRateLimitAndOtherRoutes(t *testing.T) {
	t.Parallel()
	for _, withResetAfter := range []bool{false, true} {
		t.Run(map[bool]string{false: "as Discord sends it", true: "with Reset-After"}[withResetAfter], func(t *testing.T) {
			t.Parallel()
			globalRateLimitAndOtherRoutes(t, withResetAfter)
		})
	}
}

func globalRateLimitAndOtherRoutes(t *testing.T, withResetAfter bool) {
	const retry = 2 * time.Second
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	f := fakediscord.Fault{Status: 429, RetryAfter: retry, Global: true}
	if withResetAfter {
		f.Header = http.Header{"X-RateLimit-Reset-After": {"2.000"}}
	}
	srv.InjectFault(msgRoute, 1, f)
	limited := make(chan *discordgo.RateLimit, 1)
	sess.AddHandler(func(_ *discordgo.Session, rl *discordgo.RateLimit) { limited <- rl })
	done := make(chan error, 1)
	go func() {
		_, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, "hi")
		done <- err
	}()
	// discordgo emits RateLimit after it has read the 429's headers.
	if rl := recv(t, limited, "the RateLimit event"); rl.RetryAfter != retry {
		t.Errorf("RetryAfter = %v", rl.RetryAfter)
	}
	if _, err := sess.Channel(fakediscord.DefaultChannelID); err != nil {
		t.Fatal(err)
	}
	if err := recv(t, done, "the rate-limited send"); err != nil {
		t.Fatal(err)
	}
	// Held back or not is read from the order of events at the fake, not
	// from how long the call took: a loaded machine can make any call slow.
	sends, gets := srv.RequestsTo(msgRoute), srv.RequestsTo("GET /channels/*")
	if len(sends) != 2 || len(gets) != 1 {
		t.Fatalf("%d sends, %d channel reads", len(sends), len(gets))
	}
	get := gets[0]
	if withResetAfter {
		// Held: the read went out only once the limit had passed.
		if wait := get.Time.Sub(sends[0].Time); wait < retry*9/10 {
			t.Errorf("Reset-After: the other route went out %v after the global 429, within its %v", wait, retry)
		}
	} else if !get.Time.Before(sends[1].Time) {
		// Not held: the read went out while the send still waited out the limit.
		t.Errorf("without Reset-After: the other route was held back until the send's retry (%v after it)", get.Time.Sub(sends[1].Time))
	}
}

// Hazard 3 again: a non-JSON 429 (Cloudflare) surfaces as a JSON syntax error.
func TestNonJSON429(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	srv.InjectFault(msgRoute, 1, fakediscord.Fault{Status: 429, Body: fakediscord.CloudflareBody})
	_, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, "hi")
	if err == nil || !strings.Contains(err.Error(), "invalid character '<'") {
		t.Fatalf("err = %v, want a JSON syntax error", err)
	}
	if n := len(srv.RequestsTo(msgRoute)); n != 1 {
		t.Errorf("requests = %d", n)
	}
}

func TestServerErrors(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)

	srv.FailNext(msgRoute, 502, 2) // discordgo retries 502 up to MaxRestRetries (3)
	if _, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, "after 502s"); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.RequestsTo(msgRoute)); n != 3 {
		t.Errorf("requests after two 502s = %d, want 3", n)
	}
	srv.FailNext(msgRoute, 500, 1)
	_, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, "500")
	if status, _ := restStatus(t, err); status != 500 {
		t.Errorf("status = %d", status)
	}
	if srv.PendingFaults() != 0 {
		t.Errorf("pending faults = %d", srv.PendingFaults())
	}
}

func TestSlowResponseAndContext(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	srv.DelayNext("GET /channels/{id}", 10*time.Second, 1)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := sess.Channel(fakediscord.DefaultChannelID, discordgo.WithContext(ctx)); err == nil {
		t.Fatal("slow request succeeded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("context did not bound the call: %v", d)
	}
	if _, err := sess.Channel(fakediscord.DefaultChannelID); err != nil {
		t.Fatalf("next request: %v", err)
	}
}

// discordgo's MessageSend has no nonce/enforce_nonce fields: send them by
// embedding it in a struct and using RequestWithBucketID.
func TestNonceDeduplicates(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	send := func(nonce, content string) *discordgo.Message {
		t.Helper()
		body := struct {
			*discordgo.MessageSend
			Nonce        string `json:"nonce"`
			EnforceNonce bool   `json:"enforce_nonce"`
		}{&discordgo.MessageSend{Content: content}, nonce, true}
		ep := discordgo.EndpointChannelMessages(fakediscord.DefaultChannelID)
		raw, err := sess.RequestWithBucketID("POST", ep, body, ep)
		if err != nil {
			t.Fatal(err)
		}
		var m discordgo.Message
		if err := discordgo.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	a := send("qotd-2023-10-06", "quote of the day")
	b := send("qotd-2023-10-06", "quote of the day (retry)")
	c := send("qotd-2023-10-07", "tomorrow's quote")
	if a.ID != b.ID || b.Content != "quote of the day" || c.ID == a.ID {
		t.Errorf("a=%s b=%s(%q) c=%s", a.ID, b.ID, b.Content, c.ID)
	}
	if n := len(srv.Messages(fakediscord.DefaultChannelID)); n != 2 {
		t.Errorf("messages = %d, want 2", n)
	}
}

func TestChannelErrors(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	ch, err := sess.Channel(fakediscord.DefaultChannelID)
	if err != nil || ch.GuildID != fakediscord.DefaultGuildID || ch.Type != discordgo.ChannelTypeGuildText {
		t.Fatalf("channel = %+v, %v", ch, err)
	}
	_, err = sess.Channel("1300000000000009999")
	if status, code := restStatus(t, err); status != 404 || code != 10003 {
		t.Errorf("unknown channel: %d %d", status, code)
	}
	srv.SetChannelError(fakediscord.DefaultChannelID, fakediscord.ErrMissingAccess)
	_, err = sess.Channel(fakediscord.DefaultChannelID)
	if status, code := restStatus(t, err); status != 403 || code != 50001 {
		t.Errorf("missing access: %d %d", status, code)
	}
	srv.SetChannelError(fakediscord.DefaultChannelID, fakediscord.ErrMissingPermissions)
	_, err = sess.ChannelMessageSend(fakediscord.DefaultChannelID, "hi")
	if status, code := restStatus(t, err); status != 403 || code != 50013 {
		t.Errorf("missing permissions: %d %d", status, code)
	}
}

func TestWrongTokenREST(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	sess.Token = "Bot wrong"
	_, err := sess.User("@me")
	if status, code := restStatus(t, err); status != 401 || code != 0 {
		t.Errorf("wrong token: %d %d", status, code)
	}
	if u, err := fakediscord.NewSession(t, srv).User("@me"); err != nil || u.ID != fakediscord.DefaultBotID || !u.Bot {
		t.Errorf("right token: %+v, %v", u, err)
	}
}

func TestDiscoveryAndApplication(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	gb, err := sess.GatewayBot()
	if err != nil || gb.URL != srv.GatewayURL()+"/" || gb.Shards != 1 || gb.SessionStartLimit.MaxConcurrency != 1 {
		t.Errorf("gateway/bot = %+v, %v", gb, err)
	}
	app, err := sess.Application("@me")
	if err != nil || app.ID != fakediscord.DefaultAppID {
		t.Errorf("application = %+v, %v", app, err)
	}
	req := srv.AwaitRequest(t, "GET /oauth2/applications/@me")
	if !strings.HasPrefix(req.Path, "/api/v9/") || req.Header.Get("User-Agent") == "" {
		t.Errorf("request = %+v", req)
	}
}

func TestCommandsBulkOverwrite(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask about Ballerina", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true}}},
		{Name: "cast", Description: "Who plays whom", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "A name", Autocomplete: true}}},
	}
	first, err := sess.ApplicationCommandBulkOverwrite(fakediscord.DefaultAppID, fakediscord.DefaultGuildID, cmds)
	if err != nil || len(first) != 2 || first[0].ID == "" || first[0].GuildID != fakediscord.DefaultGuildID {
		t.Fatalf("overwrite = %+v, %v", first, err)
	}
	again, err := sess.ApplicationCommandBulkOverwrite(fakediscord.DefaultAppID, fakediscord.DefaultGuildID, cmds[:1])
	if err != nil || len(again) != 1 || again[0].ID != first[0].ID {
		t.Errorf("second overwrite kept ids? %+v, %v", again, err)
	}
	if got := srv.Commands(fakediscord.DefaultGuildID); len(got) != 1 || got[0].Options[0].Name != "question" {
		t.Errorf("stored = %+v", got)
	}
	if _, err := sess.ApplicationCommandBulkOverwrite(fakediscord.DefaultAppID, "", cmds); err != nil {
		t.Errorf("global overwrite: %v", err)
	}
	bad := []*discordgo.ApplicationCommand{{Name: "Ask Me", Description: "x"}}
	_, err = sess.ApplicationCommandBulkOverwrite(fakediscord.DefaultAppID, "", bad)
	if status, code := restStatus(t, err); status != 400 || code != 50035 {
		t.Errorf("invalid name: %d %d", status, code)
	}
	// Dispatched commands carry the registered command id.
	ev := collect(sess)
	mustOpen(t, sess)
	if _, err := srv.DispatchInteraction(fakediscord.SlashCommand("ask", fakediscord.Str("question", "plot?"))); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, ev.interactions, "interaction").ApplicationCommandData(); got.ID != first[0].ID {
		t.Errorf("data.id = %s, want %s", got.ID, first[0].ID)
	}
}

func TestMessageLimitsAndMentions(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{})
	sess := fakediscord.NewSession(t, srv)
	_, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, strings.Repeat("a", 2001))
	if status, code := restStatus(t, err); status != 400 || code != 50035 {
		t.Errorf("2001 chars: %d %d", status, code)
	}
	_, err = sess.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{})
	if status, code := restStatus(t, err); status != 400 || code != 50006 {
		t.Errorf("empty: %d %d", status, code)
	}
	// Hazard 8: ChannelMessageSend sends no allowed_mentions, so echoed text pings.
	m, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, "@everyone look")
	if err != nil || !m.MentionEveryone {
		t.Errorf("ChannelMessageSend @everyone: mention_everyone=%v, %v", m != nil && m.MentionEveryone, err)
	}
	m, err = sess.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{Content: "@everyone look",
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}})
	if err != nil || m.MentionEveryone {
		t.Errorf("with allowed_mentions: %+v, %v", m, err)
	}
	// Edit, fetch and delete.
	content := "edited"
	if _, err := sess.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: m.ID, Channel: m.ChannelID, Content: &content}); err != nil {
		t.Fatal(err)
	}
	if got, err := sess.ChannelMessage(m.ChannelID, m.ID); err != nil || got.Content != "edited" || got.EditedTimestamp == nil {
		t.Errorf("fetched = %+v, %v", got, err)
	}
	if err := sess.ChannelMessageDelete(m.ChannelID, m.ID); err != nil {
		t.Fatal(err)
	}
	_, err = sess.ChannelMessage(m.ChannelID, m.ID)
	if status, code := restStatus(t, err); status != 404 || code != 10008 {
		t.Errorf("deleted: %d %d", status, code)
	}
}

func TestEchoOwnMessages(t *testing.T) {
	t.Parallel()
	opts := quietOpts()
	opts.EchoOwnMessages = true
	_, sess, ev := openSession(t, opts)
	sent, err := sess.ChannelMessageSend(fakediscord.DefaultChannelID, "hello")
	if err != nil {
		t.Fatal(err)
	}
	got := recv(t, ev.messages, "the echo")
	if got.ID != sent.ID || got.Author.ID != fakediscord.DefaultBotID || !got.Author.Bot || got.Content != "hello" {
		t.Errorf("echo = %+v", got.Message)
	}
}
