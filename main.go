// Command ballerina is a Discord bot that knows one film, Ballerina (2023),
// from five articles. Without a Discord token it runs as a console.
//
//	ballerina                      Discord when DISCORD_TOKEN is set, else the console
//	ballerina discord              Discord; fails without DISCORD_TOKEN (deployments)
//	ballerina http                 Discord's HTTP interactions endpoint on HTTP_ADDR
//	ballerina console [--json]     the console; --json prints one object per command
//	ballerina ask [--json] "…"     answer one question and exit
//	ballerina facts lint           check the knowledge base against its sources
//	ballerina health               query /healthz on METRICS_ADDR (container health checks)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // zone data inside the binary, for quote-of-the-day timezones
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/bot/console"
	"github.com/ballerina-bot/ballerina/bot/discord"
	state "github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

// version is the bot's release, shown by /about.
const version = "0.1.0"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the command ran and failed (lint problems, a failed one-shot)
	exitUsage  = 2 // bad arguments or configuration
)

const usage = `usage:
  ballerina                        run on Discord when DISCORD_TOKEN is set, else the console
  ballerina discord                run on Discord; without DISCORD_TOKEN, fail (for deployments)
  ballerina http                   serve Discord's interactions endpoint (POST /interactions) on
                                   HTTP_ADDR; needs DISCORD_PUBLIC_KEY, and DISCORD_APPLICATION_ID
                                   or DISCORD_TOKEN
  ballerina console [--json]       the console (--json: one JSON object per command)
  ballerina ask [--json] QUESTION  answer one question and exit
  ballerina facts lint             check the knowledge base against its five sources
  ballerina health                 ask /healthz on METRICS_ADDR: exit 0 when healthy, else 1
`

// app is everything a subcommand needs, wired once.
type app struct {
	cfg    config
	log    *slog.Logger
	logs   *logSink // where log lines go, at which level
	store  *facts.Store
	table  commands.Table
	trivia *trivia.Games
	qotd   *qotd.Scheduler
	in     io.Reader
	out    io.Writer
	errw   io.Writer
}

func run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer, getenv func(string) string) int {
	if err := loadDotenv(".env"); err != nil {
		fmt.Fprintln(errw, "ballerina:", err)
		return exitUsage
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(errw, "ballerina:", err)
		return exitUsage
	}
	cmd := ""
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	// What needs neither the knowledge base nor a database.
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return exitOK
	case "health":
		if len(args) > 0 {
			break
		}
		return health(ctx, cfg, out)
	case "discord":
		if len(args) > 0 {
			break
		}
		if cfg.Token == "" {
			fmt.Fprintln(errw, "ballerina: discord: DISCORD_TOKEN is not set; put the bot token in the environment or in .env (see .env.example)")
			return exitUsage
		}
	case "http":
		if len(args) > 0 {
			break
		}
		if err := cfg.checkHTTP(); err != nil {
			fmt.Fprintln(errw, "ballerina: http:", err)
			return exitUsage
		}
	}
	a, err := newApp(cfg, in, out, errw)
	if err != nil {
		fmt.Fprintln(errw, "ballerina:", err)
		return exitFailed
	}
	switch cmd {
	case "":
		if cfg.Token != "" {
			return a.discord(ctx)
		}
		return a.console(ctx, false)
	case "discord":
		if len(args) == 0 {
			return a.discord(ctx)
		}
	case "http":
		if len(args) == 0 {
			return a.http(ctx)
		}
	case "console":
		fs := flag.NewFlagSet("console", flag.ContinueOnError)
		fs.SetOutput(errw)
		asJSON := fs.Bool("json", false, "print one JSON object per command")
		if err := fs.Parse(args); err != nil {
			return exitUsage
		}
		return a.console(ctx, *asJSON)
	case "ask":
		fs := flag.NewFlagSet("ask", flag.ContinueOnError)
		fs.SetOutput(errw)
		asJSON := fs.Bool("json", false, "print the answer as a JSON object")
		if err := fs.Parse(args); err != nil {
			return exitUsage
		}
		return a.ask(ctx, strings.Join(fs.Args(), " "), *asJSON)
	case "facts":
		if len(args) == 1 && args[0] == "lint" {
			return a.lint()
		}
	}
	fmt.Fprintf(errw, "ballerina: unknown command %q\n%s", strings.Join(append([]string{cmd}, args...), " "), usage)
	return exitUsage
}

func newApp(cfg config, in io.Reader, out, errw io.Writer) (*app, error) {
	store, err := facts.LoadEmbedded()
	if err != nil {
		return nil, fmt.Errorf("load knowledge base: %w", err)
	}
	matcher := facts.NewMatcher(store)
	logs := cfg.logger(errw)
	log := logs.Logger
	// math/rand/v2's top-level functions are safe for concurrent use.
	clock := cfg.featureClock()
	if cfg.ClockOffset != 0 {
		log.Warn("the clock of trivia and the quote of the day is shifted (for tests only)", "offset", cfg.ClockOffset, "var", clockOffsetVar)
	}
	games := &trivia.Games{Store: store, Matcher: matcher, Clock: clock, Intn: rand.IntN, Log: log}
	daily := &qotd.Scheduler{Store: store, Clock: clock, Log: log}
	table := commands.New(commands.Config{
		Store:   store,
		Matcher: matcher,
		Version: version,
		Intn:    rand.IntN,
		Extra:   []commands.Command{games.Command(), daily.Command()},
	})
	return &app{cfg: cfg, log: log, logs: logs, store: store, table: table, trivia: games, qotd: daily, in: in, out: out, errw: errw}, nil
}

// openState opens the state database (SQLite or PostgreSQL) and hands it to
// the features that keep state. The caller closes it. A failure is logged in
// one line, with the URL's password hidden.
func (a *app) openState(ctx context.Context) (*state.DB, error) {
	db, err := state.Open(ctx, a.cfg.database())
	if err != nil {
		msg := "cannot open the state database; set DATABASE_URL to a writable SQLite file or a PostgreSQL URL"
		switch {
		case errors.Is(err, state.ErrNotWritable):
			msg = "the state database is read-only; make it and its directory writable, or set DATABASE_URL to a writable SQLite file"
		case errors.Is(err, state.ErrUnreachable):
			msg = "cannot reach the state database; is PostgreSQL running at DATABASE_URL, and may this host connect?"
		}
		a.log.Error(msg, "path", state.RedactURL(a.cfg.DatabasePath), "err", err)
		return nil, err
	}
	a.trivia.Scores, a.trivia.Instance = db.Trivia(), a.cfg.Instance
	a.trivia.Lease, a.trivia.SweepEvery = a.cfg.TriviaLease, a.cfg.TriviaSweep
	a.qotd.Schedules = db.QOTD()
	a.qotd.Instance = a.cfg.Instance
	if db.Postgres() {
		// Other processes may share the database: follow their /qotd changes.
		a.qotd.ReloadEvery = qotdReload
	}
	return db, nil
}

// qotdReload is how often the quote of the day reads the schedules again
// when PostgreSQL lets several processes share them.
const qotdReload = time.Minute

// console runs the console: on a terminal with line editing, else line by
// line as before (pipes, scripts, --json). The console is for people, so it
// logs warnings and errors only unless LOG_LEVEL asks for more.
func (a *app) console(ctx context.Context, asJSON bool) int {
	if !a.cfg.LogLevelSet {
		a.logs.Level.Set(slog.LevelWarn)
	}
	db, err := a.openState(ctx)
	if err != nil {
		return exitFailed
	}
	defer db.Close()
	c := &console.Console{
		Table: a.table, In: a.in, Out: a.out, Log: a.log, JSON: asJSON,
		User: commands.User{ID: "console", Name: "you"}, GuildID: "console", ChannelID: "console",
	}
	if tty, ok := console.OpenTTY(a.in, a.out); ok && !asJSON {
		c.TTY = tty
		if f, ok := a.errw.(*os.File); ok && console.IsTerminal(f) {
			// Log lines on the same screen go through the console, which
			// keeps the prompt whole; a redirected stderr keeps them.
			a.logs.Redirect(c.LogWriter(a.errw))
			defer a.logs.Redirect(a.errw)
		}
	}
	a.trivia.Messenger = c
	if err := a.trivia.Recover(ctx); err != nil {
		a.log.Warn("could not take over the trivia games of stopped processes", "err", err)
	}
	defer a.trivia.Shutdown(context.WithoutCancel(ctx)) // before the database closes
	a.qotd.Messenger, a.qotd.Channels = c, qotd.AllowAllChannels{}
	if err := a.qotd.Start(ctx); err != nil {
		a.log.Error("cannot start the quote-of-the-day scheduler", "err", err)
		return exitFailed
	}
	defer a.qotd.Stop()
	if err := c.Run(ctx); err != nil {
		a.log.Error("console stopped", "err", err)
		return exitFailed
	}
	return exitOK
}

// ask answers one question. Bad input (empty, too long) fails with a clear
// message and exit code 1; an honest "I don't know" is a successful answer.
func (a *app) ask(ctx context.Context, question string, asJSON bool) int {
	if !a.cfg.LogLevelSet {
		a.logs.Level.Set(slog.LevelWarn)
	}
	c := &console.Console{Table: a.table, Out: a.out, Log: a.log, User: commands.User{ID: "console", Name: "you"}}
	q := strings.TrimSpace(question)
	var res console.Result
	switch n := utf8.RuneCountInString(q); {
	case n == 0:
		res = console.Result{Text: "Give a question, for example: ballerina ask \"who plays the villain\"", Sources: []string{}}
	case n > commands.MaxQuestion:
		res = console.Result{Text: fmt.Sprintf("Questions can be at most %d characters; yours has %d.", commands.MaxQuestion, n), Sources: []string{}}
	default:
		res = c.Ask(ctx, strings.ReplaceAll(q, "\n", " "))
	}
	if asJSON {
		enc, _ := json.Marshal(res)
		fmt.Fprintln(a.out, string(enc))
	} else {
		fmt.Fprintln(a.out, res.Text)
	}
	if res.Command == "" { // the question never reached /ask
		return exitFailed
	}
	return exitOK
}

func (a *app) lint() int {
	problems := a.store.Lint()
	for _, p := range problems {
		fmt.Fprintln(a.out, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(a.out, "%d problems\n", len(problems))
		return exitFailed
	}
	fmt.Fprintf(a.out, "ok: %d sources, %d people, %d facts, %d quotes, %d trivia questions\n",
		len(a.store.Sources), len(a.store.People), len(a.store.Facts), len(a.store.Quotes), len(a.store.Trivia))
	return exitOK
}

// discord runs the bot on Discord until ctx is cancelled (SIGINT/SIGTERM) or
// the gateway fails in a way retrying cannot fix.
func (a *app) discord(ctx context.Context) int {
	db, err := a.openState(ctx)
	if err != nil {
		return exitFailed
	}
	defer db.Close()
	dcfg := discord.Config{
		Token: a.cfg.Token, GuildID: a.cfg.GuildID, APIURL: a.cfg.APIURL,
		Log: a.log, Table: a.table, ShardCount: a.cfg.ShardCount, ShardIDs: a.cfg.ShardIDs,
		Instance: a.cfg.Instance,
	}
	if db.Postgres() {
		// Other processes may share the database: IDENTIFYs are paced
		// through its leases (SQLite is one process's alone).
		dcfg.IdentifyLeases = db
	}
	bot, err := discord.New(dcfg)
	if err != nil {
		a.log.Error("cannot start the Discord adapter", "err", err)
		return exitUsage
	}
	// The shards must be known before the features that work per guild
	// start: they take only the guilds of this process's shards.
	if err := bot.Prepare(ctx); err != nil {
		if ctx.Err() != nil {
			return exitOK
		}
		a.log.Error("discord: stopped", "err", err)
		return exitFailed
	}
	a.trivia.Owns, a.qotd.Owns = bot.Owns, bot.Owns
	stopPosting, ok := a.startPosting(ctx, bot.Messenger(), bot)
	if !ok {
		return exitFailed
	}
	defer stopPosting()
	if a.cfg.MetricsAddr != "" {
		srv, err := serveMetrics(a.cfg.MetricsAddr, bot.Metrics(), bot.HealthHandler(), a.log)
		if err != nil {
			a.log.Error("cannot serve metrics", "addr", a.cfg.MetricsAddr, "err", err)
			return exitUsage
		}
		defer srv.Close()
	}
	if err := bot.Run(ctx); err != nil { // nil after SIGINT/SIGTERM, within 5 s
		a.log.Error("discord: stopped", "err", err)
		return exitFailed
	}
	return exitOK
}

// startPosting gives the features that post on their own (trivia rounds,
// the quote of the day) their Messenger, takes over the trivia games of
// processes that stopped (then keeps sweeping for more) and starts the
// scheduler. It returns what stops them, to run before the database
// closes; false when they could not start (logged).
func (a *app) startPosting(ctx context.Context, m commands.Messenger, channels qotd.ChannelChecker) (func(), bool) {
	a.trivia.Messenger = m
	if err := a.trivia.Recover(ctx); err != nil {
		a.log.Warn("could not take over the trivia games of stopped processes", "err", err)
	}
	// Other processes on the database may die: take over their games.
	a.trivia.StartSweeping()
	a.qotd.Messenger, a.qotd.Channels = m, channels
	if err := a.qotd.Start(ctx); err != nil {
		a.trivia.Shutdown(context.WithoutCancel(ctx))
		a.log.Error("cannot start the quote-of-the-day scheduler", "err", err)
		return nil, false
	}
	return func() {
		a.qotd.Stop()
		a.trivia.Shutdown(context.WithoutCancel(ctx))
	}, true
}

// serveMetrics serves /metrics and /healthz. It listens before returning so
// a bad or busy address is reported at start, not lost in a goroutine.
func serveMetrics(addr string, metrics, health http.Handler, log *slog.Logger) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	mux.Handle("GET /healthz", health)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Info("serving /metrics and /healthz", "addr", ln.Addr().String())
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "addr", addr, "err", err)
		}
	}()
	return srv, nil
}
