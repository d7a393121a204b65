package discord

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// restAttempts bounds the attempts of one REST call (429s and 5xx/network
// failures alike); each attempt is also bounded by Config.RESTTimeout and
// all of them by the caller's context.
const restAttempts = 4

// call makes one REST request through discordgo with our policy: a context
// deadline on each attempt, discordgo's own rate-limit retries (unbounded)
// and 502 retries (immediate) off, and a bounded retry of 429s (after
// retry_after) and 5xx or network failures (with backoff), within ctx.
// bucket names discordgo's rate-limit bucket for the request.
func (b *Bot) call(ctx context.Context, method, url string, body any, bucket string) ([]byte, error) {
	for i := 1; ; i++ {
		var at attempt
		actx, cancel := context.WithTimeout(withAttempt(ctx, &at), b.cfg.RESTTimeout)
		resp, err := b.sess.RequestWithBucketID(method, url, body, bucket,
			discordgo.WithContext(actx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(0))
		cancel()
		if err == nil {
			return resp, nil
		}
		err = b.scrub(err)
		var wait time.Duration
		switch {
		case ctx.Err() != nil:
			return nil, err
		case at.status == http.StatusTooManyRequests:
			wait = at.retryAfter
		case at.status >= 500 || at.status == 0: // 5xx, or no answer (network, attempt timeout)
			wait = time.Duration(100<<min(i, 6)) * time.Millisecond
			wait = wait/2 + rand.N(wait/2+1)
		default:
			if i > 1 {
				return nil, &retriedError{err: err, attempt: i}
			}
			return nil, err
		}
		if i >= restAttempts {
			return nil, fmt.Errorf("%w (gave up after %d attempts)", err, i)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return nil, fmt.Errorf("%w (no time left to retry in %v)", err, wait.Round(time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, err
		}
	}
}

// retriedError is a final answer that came on a retry: for a request that
// is not idempotent, the earlier attempt may have gone through.
type retriedError struct {
	err     error
	attempt int
}

func (e *retriedError) Error() string { return fmt.Sprintf("%v (on attempt %d)", e.err, e.attempt) }
func (e *retriedError) Unwrap() error { return e.err }

// restStatus returns the HTTP status and Discord error code of a failed
// call (0, 0 when there was no HTTP answer).
func restStatus(err error) (status, code int) {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		status = re.Response.StatusCode
		if re.Message != nil {
			code = re.Message.Code
		}
		return status, code
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return http.StatusTooManyRequests, 0
	}
	return 0, 0
}

// Interaction webhooks and callbacks live at URLs that contain the
// interaction token, and discordgo keeps one rate-limit bucket per URL
// forever (hazard 6). They share a fixed set of buckets instead, so memory
// stays flat however many interactions arrive. Discord does not rate-limit
// these routes per token in practice; a shared bucket at worst serialises
// two requests.
const interactionBuckets = 16

func tokenShard(token string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(token))
	return strconv.Itoa(int(h.Sum32() % interactionBuckets))
}

func callbackBucket(token string) string { return "interactions/callback/" + tokenShard(token) }
func webhookBucket(token string) string  { return "interactions/webhook/" + tokenShard(token) }
