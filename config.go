package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/joho/godotenv"
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

// loadDotenv reads .env when it exists, without overriding variables already
// set in the environment. A .env that exists but cannot be parsed is an error:
// running with half a configuration would be worse.
func loadDotenv(path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	vals, err := godotenv.Read(path)
	if err != nil {
		return fmt.Errorf("%w: %s cannot be read (%v); fix it or remove it, see .env.example", errConfig, path, err)
	}
	for k, v := range vals {
		if _, set := os.LookupEnv(k); !set {
			os.Setenv(k, v)
		}
	}
	return nil
}

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

// logger builds the process logger. The token is never logged: nothing
// passes it to a log call, and redact guards error strings that might.
func (c config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel, ReplaceAttr: c.redact}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func (c config) redact(_ []string, a slog.Attr) slog.Attr {
	if c.Token == "" {
		return a
	}
	if a.Value.Kind() == slog.KindString && strings.Contains(a.Value.String(), c.Token) {
		return slog.String(a.Key, strings.ReplaceAll(a.Value.String(), c.Token, "[redacted]"))
	}
	if a.Value.Kind() == slog.KindAny {
		if err, ok := a.Value.Any().(error); ok && strings.Contains(err.Error(), c.Token) {
			return slog.String(a.Key, strings.ReplaceAll(err.Error(), c.Token, "[redacted]"))
		}
	}
	return a
}
