package trivia

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// /trivia leaderboard and /trivia stats.

// The periods of /trivia leaderboard.
const (
	periodWeek  = "week"
	periodMonth = "month"
	periodAll   = "all"
)

// periodStart is when a leaderboard period began: the week from Monday
// 00:00 UTC, the month from its first day 00:00 UTC; zero for all time.
func periodStart(period string, now time.Time) time.Time {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch period {
	case periodWeek:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case periodMonth:
		return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// leaderboard answers /trivia leaderboard: the top 10 of this server (or DM
// channel) over a period, and the requester's own rank.
func (t *Games) leaderboard(ctx context.Context, req commands.Request) (commands.Response, error) {
	period, ok := choiceOption(req, "period", periodAll, periodWeek, periodMonth, periodAll)
	if !ok {
		return commands.Unknown("period must be week, month or all."), nil
	}
	since := periodStart(period, t.clock().Now())
	scope := scopeOf(req)
	top, err := t.scores().Leaderboard(ctx, scope, since, boardSize)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia leaderboard: %w", err)
	}
	me, played, err := t.scores().Standing(ctx, scope, req.User.ID, since)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia standing: %w", err)
	}
	return boardCard(req, period, since, top, me, played), nil
}

// stats answers /trivia stats: the numbers here of the requester, or of the
// player the user option names.
func (t *Games) stats(ctx context.Context, req commands.Request) (commands.Response, error) {
	scope := scopeOf(req)
	who := req.User
	if v := strings.TrimSpace(req.Option("user")); v != "" {
		u, found, err := t.player(ctx, scope, v)
		if err != nil {
			return commands.Response{}, fmt.Errorf("trivia stats: %w", err)
		}
		if !found {
			return commands.Unknown(fmt.Sprintf("%s has not played trivia in %s.", commands.Quoted(v, 40), scopeName(req))), nil
		}
		who = u
	}
	st, err := t.scores().Stats(ctx, scope, who.ID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("trivia stats: %w", err)
	}
	return statsCard(req, who, st), nil
}

// player finds a player of scope by id, or — as the console sends names —
// by the name they last played under.
func (t *Games) player(ctx context.Context, scope, v string) (commands.User, bool, error) {
	if v != "" && strings.Trim(v, "0123456789") == "" {
		st, ok, err := t.scores().Standing(ctx, scope, v, time.Time{})
		if err != nil || ok {
			return st.User, ok, err
		}
	}
	all, err := t.scores().Leaderboard(ctx, scope, time.Time{}, maxPlayerLookup)
	if err != nil {
		return commands.User{}, false, err
	}
	for _, st := range all {
		if strings.EqualFold(st.User.Name, v) || st.User.ID == v {
			return st.User, true, nil
		}
	}
	return commands.User{}, false, nil
}

// maxPlayerLookup bounds the players a name is looked for among.
const maxPlayerLookup = 1000

// Recover ends the games a previous run left unfinished (it stopped or
