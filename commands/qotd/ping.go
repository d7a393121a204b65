package qotd

import (
	"fmt"
	"strings"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// The /qotd set options beyond channel and time: a role each post pings and
// a discussion thread opened on each post.

// maxThreadName is Discord's limit on a thread's name.
const maxThreadName = 100

// postOptions reads the role and thread options of /qotd set. A role is an
// id (Discord sends one; the console takes <@&id> too); @everyone, whose
// role id is the server's, is refused: a daily ping of the whole server is
// what the bot never does.
func postOptions(req commands.Request) (PostNeeds, commands.Response, bool) {
	var n PostNeeds
	role := strings.TrimSpace(req.Option("role"))
	role = strings.TrimSuffix(strings.TrimPrefix(role, "<@&"), ">")
	switch {
	case role == "":
	case role == req.GuildID || strings.EqualFold(role, "@everyone") || strings.EqualFold(role, "@here"):
		return n, commands.Unknown("The quote of the day never pings @everyone or @here. Pick a role people choose to have, such as a quote-fans role."), false
	case !commands.IsSnowflake(role):
		return n, commands.Unknown("Pick the role to ping from the list."), false
	default:
		n.Role = role
	}
	switch strings.ToLower(strings.TrimSpace(req.Option("thread"))) {
	case "", "false":
	case "true":
		n.Thread = true
	default:
		return n, commands.Unknown("thread is true or false."), false
	}
	return n, commands.Response{}, true
}

// needs are the channel needs of a schedule.
func needs(s Schedule) PostNeeds { return PostNeeds{Role: s.Role, Thread: s.Thread} }

// needsText lists the permissions a schedule needs, for the message that
// says some are missing.
func needsText(n PostNeeds) string {
	perms := []string{"View Channel", "Send Messages", "Embed Links"}
	if n.Thread {
		perms = append(perms, "Create Public Threads")
	}
	text := strings.Join(perms[:len(perms)-1], ", ") + " and " + perms[len(perms)-1]
	if n.Role != "" {
		text += fmt.Sprintf(", and to ping <@&%s> either Mention All Roles or the role set to be mentionable by anyone", n.Role)
	}
	return text
}

// extrasText describes the role and thread of a schedule, "" when none.
func extrasText(s Schedule) string {
	var parts []string
	if s.Role != "" {
		parts = append(parts, fmt.Sprintf("pinging <@&%s>", s.Role))
	}
	if s.Thread {
		parts = append(parts, "with a discussion thread on each post")
	}
	return strings.Join(parts, ", ")
}

// postMessage is the day's post: the quote card, the role's mention when
// the schedule pings one (that role only may ping), and the thread to open.
func postMessage(store *facts.Store, s Schedule, quote *facts.Quote, date string) commands.Message {
	m := commands.Message{ChannelID: s.ChannelID, Nonce: postNonce(s.GuildID, date), Response: postCard(store, quote)}
	if s.Role != "" {
		m.Response.Content = "<@&" + s.Role + ">"
		m.MentionRoles = []string{s.Role}
	}
	if s.Thread {
		m.Thread = threadName(quote, date)
	}
	return m
}

// threadName names the discussion thread after the quote. A thread's name
// shows "||" as it is, so a spoiler quote's thread is named after the date.
func threadName(q *facts.Quote, date string) string {
	if q.Spoiler || strings.Contains(q.Text, "||") {
		return "Quote of the day, " + date
	}
	return commands.Clip("Quote of the day: “"+strings.Join(strings.Fields(q.Text), " ")+"”", maxThreadName)
}
