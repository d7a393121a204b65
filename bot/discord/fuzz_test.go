package discord

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
)

// FuzzDecodeRequest feeds the request decoder arbitrary gateway payloads,
// as INTERACTION_CREATE and as MESSAGE_CREATE. Whatever arrives, nothing
// panics; a payload is refused or becomes a Request whose kind matches the
// interaction type and whose text is valid UTF-8; a mention becomes an /ask
// within the option's length, without the bot's mention. The seed corpus
// is the captured payloads in testdata/ and some broken ones.
//
//	go test ./bot/discord/ -run '^$' -fuzz FuzzDecodeRequest -fuzztime 30s
func FuzzDecodeRequest(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no payloads in testdata: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `{"id":"1","token":"t"}`, `{"id":"1","token":"t","type":2,"data":null}`,
		`{"id":"1","token":"t","type":2,"data":{"name":"ask","options":[{"type":1,"name":"a","options":[{"type":2,"name":"b","options":[]}]}]}}`,
		`{"id":"1","token":"t","type":4,"data":{"name":"cast","options":[{"name":"name","type":3,"value":"ok\u0000ju","focused":true}]}}`,
		`{"id":"1","token":"t","type":2,"data":{"name":"trivia","options":[{"name":"rounds","type":4,"value":1e300}]}}`,
		`{"id":"1","token":"t","type":5,"data":{"custom_id":"trivia:typed","components":[{"type":18,"component":{"custom_id":"a","value":"x"}}]}}`,
		`{"id":"1","token":"t","type":3,"data":{"custom_id":"trivia:answer:1","values":["a","b"]}}`,
		`{"id":"1","token":"t","type":99}`,
		`{"id":"9","channel_id":"2","author":{"id":"7","username":"u"},"content":"<@42> <@!42>who plays <@42>the villain","mentions":[{"id":"42"}]}`,
		`{"id":"9","channel_id":"2","guild_id":"3","author":{"id":"42","username":"me"},"content":"<@42> hi"}`,
	} {
		f.Add([]byte(s))
	}
	table := (&fixture{}).table()
	ask, _ := table.Lookup("ask")
	maxQuestion := ask.Options[0].MaxLength

	f.Fuzz(func(t *testing.T, raw []byte) {
		if ix, err := parseInteraction(raw); err == nil {
			checkInteraction(t, ix)
		}
		var m rawMessage
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		q, ok := mentionQuestion(&m, "42")
		if !ok {
			return
		}
		if m.Author.ID == "42" || m.Author.Bot || strings.Contains(q, "<@42>") || strings.Contains(q, "<@!42>") {
			t.Fatalf("mention %q from %+v gave the question %q", m.Content, m.Author, q)
		}
		req, ok := messageRequest(table, &m, q)
		if !ok {
			t.Fatal("no /ask request for a mention")
		}
		if n := utf8.RuneCountInString(req.Option("question")); n > maxQuestion || req.User.ID != m.Author.ID {
			t.Fatalf("mention request %+v: a %d-character question, at most %d", req, n, maxQuestion)
		}
	})
}

func checkInteraction(t *testing.T, ix *interaction) {
	t.Helper()
	if ix.ID == "" || ix.Token == "" {
		t.Fatalf("decoded an interaction without id or token: %+v", ix)
	}
	m, err := toRequest(ix)
	if err != nil {
		return
	}
	req := m.Request
	want := map[int]commands.Kind{ixCommand: commands.KindCommand, ixAutocomplete: commands.KindAutocomplete,
		ixComponent: commands.KindComponent, ixModal: commands.KindModal}
	if k, ok := want[ix.Type]; !ok || req.Kind != k {
		t.Fatalf("interaction type %d became request kind %d", ix.Type, req.Kind)
	}
	texts := []string{req.Command, req.Subcommand, req.CustomID, req.Focused, req.User.ID, req.User.Name}
	for k, v := range req.Options {
		texts = append(texts, k, v)
	}
	for k, v := range req.Fields {
		texts = append(texts, k, v)
	}
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Fatalf("request %+v holds invalid UTF-8 %q", req, s)
		}
	}
	if req.Focused != "" {
		if _, ok := req.Options[req.Focused]; !ok {
			t.Fatalf("focused option %q is not among the options %v", req.Focused, req.Options)
		}
	}
	if (req.Kind == commands.KindCommand || req.Kind == commands.KindAutocomplete) && req.Options == nil {
		t.Fatalf("a command request without an options map: %+v", req)
	}
	if req.Kind == commands.KindModal && req.Fields == nil {
		t.Fatalf("a modal request without a fields map: %+v", req)
	}
}
