package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"

	"github.com/ballerina-bot/ballerina/bot/discord"
)

// config is everything the binary reads from the environment (and .env).
type config struct {
	Token       string
	GuildID     string
	APIURL      string
	DatabaseURL string
	LogLevel    slog.Level
	LogFormat   string
	MetricsAddr string
}

// errConfig marks a configuration the user must fix; the message says how.
var errConfig = errors.New("configuration")

// loadConfig reads and checks the settings. getenv is os.Getenv in main.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Token:       strings.TrimSpace(getenv("DISCORD_TOKEN")),
		GuildID:     strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIURL:      strings.TrimSpace(getenv("DISCORD_API_URL")),
		DatabaseURL: strings.TrimSpace(getenv("DATABASE_URL")),
		LogFormat:   strings.ToLower(strings.TrimSpace(getenv("LOG_FORMAT"))),
		MetricsAddr: strings.TrimSpace(getenv("METRICS_ADDR")),
	}
	c.Token = strings.TrimPrefix(c.Token, "Bot ")
	if c.APIURL == "" {
		c.APIURL = "https://discord.com"
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("%w: DISCORD_API_URL %q is not an http(s) origin such as https://discord.com", errConfig, c.APIURL)
	}
	c.APIURL = strings.TrimRight(c.APIURL, "/")
	if c.GuildID != "" && !isSnowflake(c.GuildID) {
		return c, fmt.Errorf("%w: DISCORD_GUILD_ID %q is not a Discord id (digits only)", errConfig, c.GuildID)
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "ballerina.db"
	}
	c.DatabaseURL = strings.TrimPrefix(c.DatabaseURL, "sqlite://")
	switch lvl := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL"))); lvl {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		return c, fmt.Errorf("%w: LOG_LEVEL %q is not one of debug, info, warn, error", errConfig, lvl)
	}
	switch c.LogFormat {
	case "":
		c.LogFormat = "text"
	case "text", "json":
	default:
		return c, fmt.Errorf("%w: LOG_FORMAT %q is not text or json", errConfig, c.LogFormat)
	}
	return c, nil
}

func isSnowflake(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// logger builds the process logger. Neither the bot token nor an
// interaction token is ever logged: nothing passes the bot token to a log
// call, and redact guards every string and error that might carry one
// (a request URL inside an error, say).
func (c config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel, ReplaceAttr: c.redact}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func (c config) redact(_ []string, a slog.Attr) slog.Attr {
	var s string
	switch a.Value.Kind() {
	case slog.KindString:
		s = a.Value.String()
	case slog.KindAny:
		err, ok := a.Value.Any().(error)
		if !ok || err == nil {
			return a
		}
		s = err.Error()
	default:
		return a
	}
	clean := discord.RedactURLs(s)
	if c.Token != "" {
		clean = strings.ReplaceAll(clean, c.Token, discord.RedactedToken)
	}
	if clean == s && a.Value.Kind() == slog.KindString {
		return a
	}
	return slog.String(a.Key, clean)
}
