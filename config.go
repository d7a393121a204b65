package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ballerina-bot/ballerina/bot/discord"
	state "github.com/ballerina-bot/ballerina/bot/store"
)

// config is everything the binary reads from the environment (and .env).
type config struct {
	Token        string
	GuildID      string
	APIURL       string
	DatabaseURL  string // as given
	DatabasePath string // the SQLite file DatabaseURL names, or the PostgreSQL URL as given, for logs
	Instance     string // INSTANCE_ID, or host-pid-random: this process in leases and claims
	LogLevel     slog.Level
	LogLevelSet  bool // LOG_LEVEL was given: the console keeps it
	LogFormat    string
	MetricsAddr  string
	// TriviaLease and TriviaSweep: how long a trivia game stays its owner's
	// without renewal, and how often a process looks for games whose owner
	// is gone (0: the trivia package's defaults, 30 s and 10 s).
	TriviaLease, TriviaSweep time.Duration

	// The HTTP interactions endpoint (ballerina http).
	PublicKey     string // DISCORD_PUBLIC_KEY, hex; checked by the http subcommand
	ApplicationID string // DISCORD_APPLICATION_ID; read with the token when empty
	HTTPAddr      string // HTTP_ADDR [:8080]

	ShardCount  int           // SHARD_COUNT; 0: Discord's recommendation
	ShardIDs    []int         // SHARD_IDS; nil: every shard
	ClockOffset time.Duration // BALLERINA_TEST_CLOCK_OFFSET (tests only, see clock.go)
}

// durationSetting reads an optional duration such as 30s or 2m within
// [lo, hi]; 0 when unset.
func durationSetting(getenv func(string) string, name string, lo, hi time.Duration) (time.Duration, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < lo || d > hi {
		return 0, fmt.Errorf("%w: %s %q is not a duration from %v to %v, such as 30s", errConfig, name, v, lo, hi)
	}
	return d, nil
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

		PublicKey:     strings.TrimSpace(getenv("DISCORD_PUBLIC_KEY")),
		ApplicationID: strings.TrimSpace(getenv("DISCORD_APPLICATION_ID")),
		HTTPAddr:      strings.TrimSpace(getenv("HTTP_ADDR")),
	}
	var err error
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
	if c.ApplicationID != "" && !isSnowflake(c.ApplicationID) {
		return c, fmt.Errorf("%w: DISCORD_APPLICATION_ID %q is not a Discord id (digits only)", errConfig, c.ApplicationID)
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = ":8080"
	}
	if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
		return c, fmt.Errorf("%w: HTTP_ADDR %q is not host:port, such as :8080 or 127.0.0.1:8080", errConfig, c.HTTPAddr)
	}
	if c.DatabasePath, err = databasePath(c.DatabaseURL); err != nil {
		return c, err
	}
	c.Instance = state.InstanceID(getenv)
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			return c, fmt.Errorf("%w: METRICS_ADDR %q is not host:port, such as 127.0.0.1:9090 or :9090", errConfig, c.MetricsAddr)
		}
	}
	if c.TriviaLease, err = durationSetting(getenv, "TRIVIA_LEASE", time.Second, 10*time.Minute); err != nil {
		return c, err
	}
	if c.TriviaSweep, err = durationSetting(getenv, "TRIVIA_SWEEP", 100*time.Millisecond, 10*time.Minute); err != nil {
		return c, err
	}
	if c.ShardCount, c.ShardIDs, err = shardConfig(getenv); err != nil {
		return c, err
	}
	if c.ClockOffset, err = clockOffset(getenv); err != nil {
		return c, err
	}
	lvl := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL")))
	c.LogLevelSet = lvl != ""
	switch lvl {
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

// databasePath reads DATABASE_URL for the log and checks it: a postgres://
// or postgresql:// URL, returned as it is (bot/store opens PostgreSQL), or
// the SQLite file a path or a sqlite:, sqlite:// or file: URL names (see
// store.SQLitePath). The default is ballerina.db in the working directory.
func databasePath(raw string) (string, error) {
	if raw == "" {
		return "ballerina.db", nil
	}
	if state.IsPostgresURL(raw) {
		if _, err := url.Parse(raw); err != nil {
			return "", fmt.Errorf("%w: DATABASE_URL %s is not a valid URL; a password with @ : / ? or # must be percent-encoded", errConfig, state.RedactURL(raw))
		}
		return raw, nil
	}
	path, err := state.SQLitePath(raw)
	if err != nil {
		return "", fmt.Errorf("%w: DATABASE_URL %q: %w", errConfig, raw, err)
	}
	return path, nil
}

// database is what store.Open takes: DATABASE_URL as given (Open reads it
// as databasePath did), or the default file.
func (c config) database() string {
	if c.DatabaseURL == "" {
		return "ballerina.db"
	}
	return c.DatabaseURL
}

// shardConfig reads SHARD_COUNT (the deployment's total) and SHARD_IDS
// (this process's shards: "0-3", "4,5", "0-1,6"). A list needs the count:
// processes that each took Discord's recommendation at their own start
// could disagree on it, and a guild would then belong to two shards or none.
func shardConfig(getenv func(string) string) (int, []int, error) {
	countText := strings.TrimSpace(getenv("SHARD_COUNT"))
	idsText := strings.TrimSpace(getenv("SHARD_IDS"))
	count := 0
	if countText != "" {
		n, err := strconv.Atoi(countText)
		if err != nil || n < 1 {
			return 0, nil, fmt.Errorf("%w: SHARD_COUNT %q is not a whole number of shards, 1 or more (leave it unset for Discord's recommendation)", errConfig, countText)
		}
		if err := discord.CheckShardIDs([]int{0}, n); err != nil {
			return 0, nil, fmt.Errorf("%w: SHARD_COUNT: %v", errConfig, err)
		}
		count = n
	}
	if idsText == "" {
		return count, nil, nil
	}
	if count == 0 {
		return 0, nil, fmt.Errorf("%w: SHARD_IDS is set but SHARD_COUNT is not; every process of the deployment must be given the same SHARD_COUNT", errConfig)
	}
	ids, err := discord.ParseShardIDs(idsText)
	if err == nil {
		err = discord.CheckShardIDs(ids, count)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("%w: SHARD_IDS %v", errConfig, err)
	}
	return count, ids, nil
}

var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

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

// logSink is the process logger with what the subcommands adjust: its
// level (the console logs warnings only unless LOG_LEVEL is set) and where
// its lines go (through the console while it edits lines on a terminal).
type logSink struct {
	*slog.Logger
	Level *slog.LevelVar

	mu sync.Mutex
	w  io.Writer
}

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Redirect sends the log lines that follow to w.
func (l *logSink) Redirect(w io.Writer) {
	l.mu.Lock()
	l.w = w
	l.mu.Unlock()
}

// logger builds the process logger, writing to w. Neither the bot token nor
// an interaction token is ever logged: nothing passes the bot token to a
// log call, and redact guards every string and error that might carry one
// (a request URL inside an error, say).
func (c config) logger(w io.Writer) *logSink {
	l := &logSink{Level: new(slog.LevelVar), w: w}
	l.Level.Set(c.LogLevel)
	opts := &slog.HandlerOptions{Level: l.Level, ReplaceAttr: c.redact}
	if c.LogFormat == "json" {
		l.Logger = slog.New(slog.NewJSONHandler(l, opts))
	} else {
		l.Logger = slog.New(slog.NewTextHandler(l, opts))
	}
	return l
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
