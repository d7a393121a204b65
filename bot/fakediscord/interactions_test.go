package fakediscord_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// The basic round trip the bot's adapter performs: INTERACTION_CREATE via
// AddHandler, answered with InteractionRespond, recorded by the fake.
func TestSlashCommandRoundTrip(t *testing.T) {
	t.Parallel()
	srv, sess, _ := openSession(t, quietOpts())
	got := make(chan *discordgo.InteractionCreate, 1)
	errs := make(chan error, 1)
	sess.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		got <- i
		errs <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Content:         "Jeon Jong-seo plays Ok-ju",
				AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
			},
		})
	})

	ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("cast", fakediscord.Str("name", "okju")))
	if err != nil {
		t.Fatal(err)
	}
	i := recv(t, got, "the interaction")
	if err := recv(t, errs, "InteractionRespond"); err != nil {
		t.Fatalf("InteractionRespond: %v", err)
	}
	data := i.ApplicationCommandData()
	if data.Name != "cast" || data.Options[0].StringValue() != "okju" || i.Member == nil ||
		i.Member.User.ID != fakediscord.DefaultUserID || i.GuildID != fakediscord.DefaultGuildID {
		t.Fatalf("discordgo decoded %+v / %+v", i.Interaction, data)
	}
	cb := srv.AwaitCallback(t, ix.ID)
	if cb.Type != 4 || cb.Latency <= 0 {
		t.Errorf("callback = %+v", cb)
	}
	orig, ok := srv.Original(ix.ID)
	if !ok || orig.Content != "Jeon Jong-seo plays Ok-ju" || orig.ChannelID != fakediscord.DefaultChannelID || orig.MentionEveryone {
		t.Errorf("original = %+v", orig)
	}
	var am struct{ Parse []string }
	if err := json.Unmarshal(orig.AllowedMentions, &am); err != nil || am.Parse == nil || len(am.Parse) != 0 {
		t.Errorf("allowed_mentions = %s", orig.AllowedMentions)
	}
	req := srv.AwaitRequest(t, "POST /interactions/{id}/{token}/callback")
	if req.Header.Get("Authorization") != "Bot "+fakediscord.DefaultToken {
		t.Errorf("callback Authorization = %q", req.Header.Get("Authorization"))
	}

	// A second acknowledgement is refused, as is an unknown interaction.
	err = sess.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	if status, code := restStatus(t, err); status != 400 || code != 40060 {
		t.Errorf("second ack: %d %d", status, code)
	}
	bogus := *i.Interaction
	bogus.Token = "not-a-token"
	err = sess.InteractionRespond(&bogus, &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: "x"}})
	if status, code := restStatus(t, err); status != 404 || code != 10062 {
		t.Errorf("unknown interaction: %d %d", status, code)
	}
}

// Each kind of interaction decodes in discordgo, and its typical answer is
// accepted by the fake.
func TestInteractionKinds(t *testing.T) {
	t.Parallel()
	srv, sess, ev := openSession(t, quietOpts())
	btnMsg, err := sess.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{
		Content: "Who plays Ok-ju?",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Jeon Jong-seo", CustomID: "trivia:answer:0"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name    string
		spec    fakediscord.InteractionSpec
		check   func(t *testing.T, i *discordgo.InteractionCreate)
		respond *discordgo.InteractionResponse
	}{{
		name: "subcommand",
		spec: fakediscord.SlashCommand("trivia", fakediscord.Sub("start", fakediscord.Int("rounds", 3))),
		check: func(t *testing.T, i *discordgo.InteractionCreate) {
			sub := i.ApplicationCommandData().Options[0]
			if sub.Type != discordgo.ApplicationCommandOptionSubCommand || sub.Name != "start" || sub.Options[0].IntValue() != 3 {
				t.Errorf("subcommand = %+v", sub)
			}
		},
		respond: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource},
	}, {
		name: "autocomplete",
		spec: fakediscord.Autocomplete("cast", fakediscord.Focused(fakediscord.Str("name", "okj"))),
		check: func(t *testing.T, i *discordgo.InteractionCreate) {
			o := i.ApplicationCommandData().Options[0]
			if i.Type != discordgo.InteractionApplicationCommandAutocomplete || !o.Focused || o.StringValue() != "okj" {
				t.Errorf("autocomplete = %+v", o)
			}
		},
		respond: &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "Ok-ju", Value: "okju"}}}},
	}, {
		name: "button on the bot's message",
		spec: fakediscord.Button("trivia:answer:0").OnMessage(btnMsg.ID),
		check: func(t *testing.T, i *discordgo.InteractionCreate) {
			if i.MessageComponentData().CustomID != "trivia:answer:0" || i.Message == nil || i.Message.ID != btnMsg.ID {
				t.Errorf("button = %+v message=%+v", i.MessageComponentData(), i.Message)
			}
		},
		respond: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
			Data: &discordgo.InteractionResponseData{Content: "Correct!", Components: []discordgo.MessageComponent{}}},
	}, {
		name: "modal submit",
		spec: fakediscord.ModalSubmit("qotd:setup", fakediscord.Field("time", "09:00"), fakediscord.Field("tz", "Asia/Seoul")),
		check: func(t *testing.T, i *discordgo.InteractionCreate) {
			d := i.ModalSubmitData()
			in := d.Components[1].(*discordgo.ActionsRow).Components[0].(*discordgo.TextInput)
			if d.CustomID != "qotd:setup" || in.CustomID != "tz" || in.Value != "Asia/Seoul" {
				t.Errorf("modal = %+v", d)
			}
		},
		respond: &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: "Saved", Flags: discordgo.MessageFlagsEphemeral}},
	}, {
		name: "slash command in a DM",
		spec: fakediscord.SlashCommand("plot").InDM(),
		check: func(t *testing.T, i *discordgo.InteractionCreate) {
			if i.Member != nil || i.User == nil || i.User.ID != fakediscord.DefaultUserID || i.GuildID != "" ||
				i.ChannelID != fakediscord.DefaultDMChannelID {
				t.Errorf("DM interaction = %+v", i.Interaction)
			}
		},
		respond: &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: "||spoiler||"}},
	}}
	for _, c := range cases {
		ix, err := srv.DispatchInteraction(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		i := recv(t, ev.interactions, c.name)
		if i.ID != ix.ID || i.Token != ix.Token || i.AppID != fakediscord.DefaultAppID {
			t.Fatalf("%s: got id %s token %s", c.name, i.ID, i.Token)
		}
		c.check(t, i)
		if err := sess.InteractionRespond(i.Interaction, c.respond); err != nil {
			t.Errorf("%s: respond: %v", c.name, err)
		}
	}
	if m, _ := srv.Message(btnMsg.ID); m.Content != "Correct!" || len(m.Components) != 0 || m.EditedTimestamp == nil {
		t.Errorf("UPDATE_MESSAGE did not edit the button's message: %+v", m)
	}
}

// Defer, then edit @original and send a follow-up, as a slow command does.
func TestDeferredResponseEditAndFollowup(t *testing.T) {
	t.Parallel()
	srv, sess, ev := openSession(t, quietOpts())
	ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("ask", fakediscord.Str("question", "who plays the villain")))
	if err != nil {
		t.Fatal(err)
	}
	i := recv(t, ev.interactions, "interaction").Interaction
	if err := sess.InteractionRespond(i, &discordgo.InteractionResponse{Type: 5,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
		t.Fatal(err)
	}
	if orig, _ := srv.Original(ix.ID); orig.Flags != 64|128 {
		t.Errorf("deferred original flags = %d, want ephemeral|loading", orig.Flags)
	}
	content := "Kim Ji-hoon plays the villain"
	edited, err := sess.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content})
	if err != nil {
		t.Fatal(err)
	}
	fu, err := sess.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "Source: Netflix"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := sess.InteractionResponse(i)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != edited.ID || got.Content != content || got.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("@original = %+v", got)
	}
	if fus := srv.Followups(ix.ID); len(fus) != 1 || fus[0].ID != fu.ID || fus[0].Content != "Source: Netflix" {
		t.Errorf("followups = %+v", fus)
	}
}

func TestInteractionDeadline(t *testing.T) {
	t.Parallel()
	opts := quietOpts()
	opts.InteractionDeadline = 50 * time.Millisecond
	srv, sess, ev := openSession(t, opts)
	ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("quote"))
	if err != nil {
		t.Fatal(err)
	}
	i := recv(t, ev.interactions, "interaction").Interaction
	srv.Await(t, "the deadline to pass", func() bool { return time.Since(ix.DispatchedAt) > opts.InteractionDeadline })
	err = sess.InteractionRespond(i, &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: "late"}})
	if status, code := restStatus(t, err); status != 404 || code != 10062 {
		t.Errorf("late callback: %d %d", status, code)
	}
	if rec, _ := srv.Interaction(ix.ID); rec.Callback != nil || rec.Rejected != 1 {
		t.Errorf("record = %+v", rec)
	}
}

func TestMessageCreate(t *testing.T) {
	t.Parallel()
	srv, _, ev := openSession(t, quietOpts())

	// A mention in a guild: content arrives even without MESSAGE_CONTENT.
	m, err := srv.DispatchMessage(fakediscord.Mention("who plays the villain?"))
	if err != nil {
		t.Fatal(err)
	}
	got := recv(t, ev.messages, "mention")
	if got.ID != m.ID || got.Content != "<@"+fakediscord.DefaultBotID+"> who plays the villain?" ||
		got.GuildID != fakediscord.DefaultGuildID || len(got.Mentions) != 1 || got.Mentions[0].ID != fakediscord.DefaultBotID {
		t.Errorf("mention = %+v", got.Message)
	}
	// A DM: content arrives too.
	if _, err := srv.DispatchMessage(fakediscord.UserMessage("when was it released?").InDM()); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, ev.messages, "DM"); got.Content != "when was it released?" || got.GuildID != "" {
		t.Errorf("DM = %+v", got.Message)
	}
	// A plain guild message: discordgo's default intents lack MESSAGE_CONTENT.
	if _, err := srv.DispatchMessage(fakediscord.UserMessage("okju")); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, ev.messages, "plain message"); got.Content != "" {
		t.Errorf("content without MESSAGE_CONTENT intent = %q", got.Content)
	}
}

func TestMessageCreateNeedsIntent(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, quietOpts())
	sess := fakediscord.NewSession(t, srv)
	sess.Identify.Intents = discordgo.IntentsGuilds // no GUILD_MESSAGES, no DIRECT_MESSAGES
	ev := collect(sess)
	mustOpen(t, sess)
	recv(t, ev.ready, "READY")
	if _, err := srv.DispatchMessage(fakediscord.Mention("hello")); err != fakediscord.ErrIntentMissing {
		t.Errorf("err = %v, want ErrIntentMissing", err)
	}
}
