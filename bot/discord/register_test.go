package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

func TestAppCommands(t *testing.T) {
	t.Parallel()
	table := commands.Table{
		{
			Name: "trivia", Description: "Play trivia", DMs: false, DefaultPermission: commands.PermManageMessages,
			Subcommands: []commands.Command{{Name: "start", Description: strings.Repeat("d", 120), Options: []commands.Option{
				{Name: "topic", Description: "Topic", Type: commands.OptionString, Choices: []commands.Choice{{Name: "Cast", Value: "cast"}}, Autocomplete: true},
				{Name: "rounds", Description: "Rounds", Type: commands.OptionInteger, Required: true, Min: 1, Max: 10,
					Choices: []commands.Choice{{Name: "three", Value: "3"}, {Name: "bad", Value: "x"}}},
			}}},
		},
		{Name: "ask", DMs: true, Options: []commands.Option{{Name: "question", Type: commands.OptionString, Required: true, MaxLength: 9000}}},
	}
	got, _ := json.Marshal(appCommands(table, false))
	want := `[{"type":1,"name":"trivia","description":"Play trivia","options":[{"type":1,"name":"start","description":"` + strings.Repeat("d", 99) + `…",` +
		`"options":[{"type":4,"name":"rounds","description":"Rounds","required":true,"choices":[{"name":"three","value":3}],"min_value":1,"max_value":10},` +
		`{"type":3,"name":"topic","description":"Topic","choices":[{"name":"Cast","value":"cast"}]}]}],` +
		`"default_member_permissions":"8192","dm_permission":false,"contexts":[0],"integration_types":[0]},` +
		`{"type":1,"name":"ask","description":"ask","options":[{"type":3,"name":"question","description":"question","required":true,"max_length":6000}],` +
		`"dm_permission":true,"contexts":[0,1],"integration_types":[0]}]`
	if string(got) != want {
		t.Errorf("global registration:\n got %s\nwant %s", got, want)
	}
	guild, _ := json.Marshal(appCommands(table[1:], true))
	if string(guild) != `[{"type":1,"name":"ask","description":"ask","options":[{"type":3,"name":"question","description":"question","required":true,"max_length":6000}]}]` {
		t.Errorf("guild registration: %s", guild)
	}
}

// TestRealTableRegistersWithinSpec checks the bulk overwrite body of the
// bot's real command table against Discord's OpenAPI spec.
func TestRealTableRegistersWithinSpec(t *testing.T) {
	t.Parallel()
	store, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	matcher := facts.NewMatcher(store)
	trivia := &trivia.Games{Store: store, Matcher: matcher}
	qotd := &qotd.Scheduler{Store: store}
	table := commands.New(commands.Config{Store: store, Matcher: matcher, Version: "test", Intn: func(int) int { return 0 },
		Extra: []commands.Command{trivia.Command(), qotd.Command()}})
	spec := loadSpec(t)
	for _, guild := range []bool{true, false} {
		body, err := json.Marshal(appCommands(table, guild))
		if err != nil {
			t.Fatal(err)
		}
		route := "/applications/1/commands"
		if guild {
			route = "/applications/1/guilds/2/commands"
		}
		if err := spec.CheckBody("PUT", route, body); err != nil {
			t.Errorf("guild=%v: %v\n%s", guild, err, body)
		}
	}
}
