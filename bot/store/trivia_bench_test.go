package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
)

// BenchmarkTriviaAnswer times one click on a trivia choice through the
// command table, judged and recorded in the database: what every player's
// answer costs the process that receives it.
//
//	go test -run '^$' -bench BenchmarkTriviaAnswer ./bot/store/
func BenchmarkTriviaAnswer(b *testing.B) {
	storetest.Bench(b, benchmarkTriviaAnswer)
}

func benchmarkTriviaAnswer(b *testing.B, db *store.DB) {
	clock := commandstest.NewClock(time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC))
	n := newNode(b, db, clock, "A", 1)
	defer n.tr.Halt()
	n.do(b, commands.Request{Kind: commands.KindCommand, Command: "trivia", Subcommand: "start", User: commands.User{ID: "1", Name: "Ann"},
		GuildID: "g1", ChannelID: "c1", Options: map[string]string{"rounds": "1", "seconds": "60"}})
	clock.Advance(3 * time.Second)
	_, right, _ := n.lastQuestion(b)
	b.ResetTimer()
	for i := range b.N {
		resp, err := n.table.Dispatch(context.Background(), click(commands.User{ID: strconv.Itoa(i), Name: "P"}, right))
		if err != nil || !strings.HasPrefix(resp.Content, "Locked in") {
			b.Fatalf("answer %d: %+v, %v", i, resp, err)
		}
	}
}
