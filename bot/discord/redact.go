package discord

import (
	"errors"
	"net/url"
	"regexp"

	"github.com/bwmarrin/discordgo"
)

// tokenInPath matches the token segment of the URLs that carry one:
// /interactions/{id}/{token}/callback and /webhooks/{app}/{token}[/…].
// Whoever holds an interaction token can answer as the bot for 15 minutes,
// so it must not reach a log.
var tokenInPath = regexp.MustCompile(`(/(?:interactions|webhooks)/[^/\s?#"'\\]+/)[^/\s?#"'\\]+`)

// RedactedToken replaces a token wherever one is redacted.
const RedactedToken = "[redacted]"

// RedactURLs replaces the token of every interaction or webhook URL in s.
// It is safe on any text: only the segment after /interactions/{id}/ or
// /webhooks/{id}/ changes.
func RedactURLs(s string) string {
	return tokenInPath.ReplaceAllString(s, "${1}"+RedactedToken)
}

// scrub makes a REST error fit to log: discordgo and net/http put the
// request URL in their errors (url.Error, RateLimitError), which carries
// the interaction token on interaction routes and names discord.com even
// when the request went to DISCORD_API_URL. The URL is rewritten in place,
// to the origin actually used and with its token redacted.
func (b *Bot) scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = b.publicURL(ue.URL)
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.RateLimit != nil {
		rl.URL = b.publicURL(rl.URL)
	}
	return err
}

// publicURL is raw as the transport sent it (the configured origin) with
// its token redacted.
func (b *Bot) publicURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		u.Scheme, u.Host = b.tr.origin.Scheme, b.tr.origin.Host
		raw = u.String()
	}
	return RedactURLs(raw)
}
