package discord

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands"
)

// The payloads in testdata/ are INTERACTION_CREATE and MESSAGE_CREATE "d"
// objects as the gateway sends them (captured from the fake, whose
// templates are real payloads with ids replaced).

func readPayload(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestToRequest(t *testing.T) {
	t.Parallel()
	fan := commands.User{ID: fakediscord.DefaultUserID, Name: "Okjoo Fan"}
	tests := []struct {
		file        string
		want        commands.Request
		focusedType int
	}{
		{
			file: "slash_ask_guild.json",
			want: commands.Request{
				Kind: commands.KindCommand, Command: "ask", Options: map[string]string{"question": "who plays the villain"},
				User:    commands.User{ID: fakediscord.DefaultUserID, Name: "Madam Ok-joo"}, // the member's nick wins
				GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
				CanManageMessages: true, // permissions "8192"
			},
		},
		{
			file: "slash_subcommand.json",
			want: commands.Request{
				Kind: commands.KindCommand, Command: "trivia", Subcommand: "start",
				Options: map[string]string{"rounds": "3", "hard": "true"},
				User:    fan, GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
				CanManageServer: true, // permissions "32"
			},
		},
		{
			file: "slash_dm.json",
			want: commands.Request{
				Kind: commands.KindCommand, Command: "cast", Options: map[string]string{"name": "okjoo"},
				User: fan, ChannelID: fakediscord.DefaultDMChannelID, // no guild, no permissions
			},
		},
		{
			file: "autocomplete.json",
			want: commands.Request{
				Kind: commands.KindAutocomplete, Command: "cast", Options: map[string]string{"name": "ok"}, Focused: "name",
				User: fan, GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
			},
			focusedType: 3,
		},
		{
			file: "autocomplete_integer.json",
			want: commands.Request{
				Kind: commands.KindAutocomplete, Command: "trivia", Subcommand: "start", Options: map[string]string{"rounds": "1"},
				Focused: "rounds", User: fan, GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
			},
			focusedType: 4,
		},
		{
			file: "button.json",
			want: commands.Request{
				Kind: commands.KindComponent, CustomID: "trivia:answer:2",
				User: fan, GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
				CanManageMessages: true, CanManageServer: true, // administrator ("8")
			},
		},
		{
			file: "select.json",
			want: commands.Request{
				Kind: commands.KindComponent, CustomID: "trivia:pick", Options: map[string]string{"values": "a\nb"},
				User: fan, GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
			},
		},
		{
			file: "modal_submit.json",
			want: commands.Request{
				Kind: commands.KindModal, CustomID: "trivia:modal",
				Fields: map[string]string{"answer": "Jeon Jong-seo", "note": ""},
				User:   fan, GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
			},
		},
		{
			// The newer modal layout: labels (type 18) wrapping one input each.
			file: "modal_submit_label.json",
			want: commands.Request{
				Kind: commands.KindModal, CustomID: "trivia:modal",
				Fields: map[string]string{"answer": "Jeon Jong-seo", "mood": "tense\nsad"},
				User:   fan, GuildID: fakediscord.DefaultGuildID, ChannelID: fakediscord.DefaultChannelID,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ix, err := parseInteraction(readPayload(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			m, err := toRequest(ix)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, m.Request); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
			if m.FocusedType != tt.focusedType {
				t.Errorf("focused type = %d, want %d", m.FocusedType, tt.focusedType)
			}
			if ix.Token == "" || ix.ApplicationID != fakediscord.DefaultAppID {
				t.Errorf("token %q, application %q", ix.Token, ix.ApplicationID)
			}
		})
	}
}

func TestParseInteractionRejectsGarbage(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`{`, `{"id":"1"}`, `[]`} {
		if _, err := parseInteraction([]byte(raw)); err == nil {
			t.Errorf("parseInteraction(%s) succeeded", raw)
		}
	}
	ix := &interaction{ID: "1", Token: "t", Type: 99}
	if _, err := toRequest(ix); err == nil {
		t.Error("unknown interaction type accepted")
	}
}

func TestOptionValue(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		`"okjoo"`: "okjoo", `3`: "3", `-12`: "-12", `2.5`: "2.5", `1e3`: "1000", `true`: "true",
		`false`: "false", `null`: "", `"1400000000000000001"`: "1400000000000000001", `9007199254740993`: "9007199254740993",
	} {
		if got := optionValue([]byte(raw)); got != want {
			t.Errorf("optionValue(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestMentionQuestion(t *testing.T) {
	t.Parallel()
	bot := fakediscord.DefaultBotID
	decode := func(name string) *rawMessage {
		var m rawMessage
		if err := jsonUnmarshal(readPayload(t, name), &m); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	if q, ok := mentionQuestion(decode("message_mention_guild.json"), bot); !ok || q != "who plays the villain?" {
		t.Errorf("guild mention: %q %v", q, ok)
	}
	if q, ok := mentionQuestion(decode("message_dm.json"), bot); !ok || q != "what is the film about" {
		t.Errorf("DM: %q %v", q, ok)
	}
	if _, ok := mentionQuestion(decode("message_guild_plain.json"), bot); ok {
		t.Error("a guild message without a mention was taken")
	}
	m := decode("message_dm.json")
	m.Author.Bot = true
	if _, ok := mentionQuestion(m, bot); ok {
		t.Error("a bot's DM was taken")
	}
	m = decode("message_mention_guild.json")
	m.Author.ID = bot
	if _, ok := mentionQuestion(m, bot); ok {
		t.Error("the bot's own message was taken")
	}
	m = &rawMessage{GuildID: "1", Author: rawUser{ID: "2"}, Content: "<@!" + bot + ">   "}
	if q, ok := mentionQuestion(m, bot); !ok || q != "" {
		t.Errorf("nickname mention without text: %q %v", q, ok)
	}

	table := commands.Table{{Name: "ask", Options: []commands.Option{{Name: "q", Type: commands.OptionString, MaxLength: 5}}}}
	req, ok := messageRequest(table, decode("message_mention_guild.json"), "who plays the villain?")
	want := commands.Request{Kind: commands.KindCommand, Command: "ask", Options: map[string]string{"q": "who…"},
		User: commands.User{ID: fakediscord.DefaultUserID, Name: "Okjoo Fan"}, GuildID: fakediscord.DefaultGuildID,
		ChannelID: fakediscord.DefaultChannelID}
	if diff := cmp.Diff(want, req); !ok || diff != "" {
		t.Errorf("messageRequest (-want +got):\n%s", diff)
	}
	if _, ok := messageRequest(commands.Table{{Name: "help"}}, decode("message_dm.json"), "x"); ok {
		t.Error("messageRequest without /ask succeeded")
	}
}
