package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/commands"
)

// What users see when something goes wrong. Never err.Error(): the log has
// the detail.
const (
	apologyText    = "Sorry, something went wrong on my side. Please try again."
	tooSlowText    = "Sorry, that took too long. Please try again."
	restartingText = "I'm restarting right now. Please try again in a few seconds."
)

// ackWindow is how long Discord waits for the first response to an
// interaction; autocompleteBudget is what a suggestion handler gets of it.
const (
	ackWindow          = 3 * time.Second
	autocompleteBudget = 2500 * time.Millisecond
	// handlerGrace is how long a handler whose context ended may take to
	// return before the adapter stops waiting for it.
	handlerGrace = 250 * time.Millisecond
)

// spawn runs f as tracked in-flight work, recovering from panics.
func (b *Bot) spawn(what string, f func()) {
	b.inflight.add()
	go func() {
		defer b.inflight.done()
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("discord: panic in the adapter", "in", what, "panic", p, "stack", string(debug.Stack()))
			}
		}()
		f()
	}()
}

// onInteraction decodes an INTERACTION_CREATE and hands it off.
func (b *Bot) onInteraction(raw []byte) {
	received := time.Now()
	ix, err := parseInteraction(raw)
	if err != nil {
		b.log.Warn("discord: ignoring an interaction", "err", err)
		return
	}
	b.spawn("interaction", func() {
		b.handleInteraction(ix, received, func(ctx context.Context, cb callback) error { return b.respond(ctx, ix, cb) })
	})
}

// replyFunc sends an interaction's first response: a REST callback on the
// gateway, the HTTP answer on the interactions endpoint (endpoint.go).
type replyFunc func(ctx context.Context, cb callback) error

// result is what a handler produced.
type result struct {
	resp     commands.Response
	err      error
	panicked bool
	timedOut bool
	cutShort bool // cancelled by shutdown
}

func (r result) outcome() string {
	switch {
	case r.cutShort:
		return OutcomeRestarting
	case r.panicked:
		return OutcomePanic
	case r.timedOut:
		return OutcomeTimeout
	case r.err != nil:
		return OutcomeError
	case !r.resp.Found:
		return OutcomeNotFound
	}
	return OutcomeOK
}

// dispatch runs the table's handler for req in its own goroutine, turning
// a panic into an error (hazard 7: discordgo runs handlers bare).
func (b *Bot) dispatch(ctx context.Context, req commands.Request, label string) <-chan result {
	ch := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("discord: handler panicked", "command", label, "kind", req.Kind, "panic", p, "stack", string(debug.Stack()))
				r = result{err: fmt.Errorf("panic: %v", p), panicked: true}
			}
			ch <- r
		}()
		r.resp, r.err = b.cfg.Table.Dispatch(ctx, req)
	}()
	return ch
}

// await waits for a handler's result until ctx ends (plus a short grace for
// a handler that returns on cancellation).
func await(ctx context.Context, ch <-chan result) result {
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
	}
	t := time.NewTimer(handlerGrace)
	defer t.Stop()
	select {
	case r := <-ch:
		if r.err != nil && errors.Is(r.err, context.DeadlineExceeded) {
			r.timedOut = true
		}
		return r
	case <-t.C:
		return result{err: fmt.Errorf("handler did not return: %w", ctx.Err()), timedOut: true}
	}
}

// label names a request's command for logs and metrics; unknown names
// collapse into "unknown" so label values stay bounded.
func (b *Bot) label(req commands.Request) string {
	name := req.Command
	if req.Kind == commands.KindComponent || req.Kind == commands.KindModal {
		name, _, _ = strings.Cut(req.CustomID, ":")
	}
	if _, ok := b.cfg.Table.Lookup(name); ok {
		return name
	}
	return "unknown"
}

// handleInteraction answers one interaction within Discord's 3 seconds: the
// handler's answer when it comes within DeferAfter, else a deferred
// response now and the answer as an edit or follow-up later.
func (b *Bot) handleInteraction(ix *interaction, received time.Time, reply replyFunc) {
	ackCtx, cancel := context.WithDeadline(b.workCtx, received.Add(ackWindow))
	defer cancel()
	m, err := toRequest(ix)
	if err != nil {
		b.log.Warn("discord: cannot read an interaction", "id", ix.ID, "type", ix.Type, "err", err)
		b.finishInitial(ackCtx, reply, "unknown", received, OutcomeError, apologyCallback(ix.Type))
		return
	}
	req := m.Request
	label := b.label(req)
	if b.stopping.Load() {
		cb := callback{Type: cbMessage, Data: ephemeralText(restartingText)}
		if ix.Type == ixAutocomplete {
			cb = callback{Type: cbAutocomplete, Data: choicesData{Choices: []choice{}}}
		}
		b.finishInitial(ackCtx, reply, label, received, OutcomeRestarting, cb)
		return
	}

	if req.Kind == commands.KindAutocomplete {
		hctx, hcancel := context.WithDeadline(b.handlerCtx, received.Add(autocompleteBudget))
		r := await(hctx, b.dispatch(hctx, req, label))
		hcancel()
		data := choicesData{Choices: []choice{}}
		if r.err != nil {
			b.log.Error("discord: autocomplete failed", "command", label, "err", r.err)
		} else {
			data = renderChoices(r.resp.Choices, m.FocusedType == int(commands.OptionInteger))
		}
		b.finishInitial(ackCtx, reply, label, received, r.outcome(), callback{Type: cbAutocomplete, Data: data})
		return
	}

	hctx, hcancel := context.WithTimeout(b.handlerCtx, b.cfg.HandlerTimeout)
	defer hcancel()
	results := b.dispatch(hctx, req, label)
	wait := time.NewTimer(b.cfg.DeferAfter - time.Since(received))
	select {
	case r := <-results:
		wait.Stop()
		r = b.settle(label, r)
		b.finishInitial(ackCtx, reply, label, received, r.outcome(), b.initialCallback(ix, r))
		return
	case <-wait.C:
	}

	// Slow: acknowledge now (a component keeps its message as it is), then
	// answer through the interaction's webhook.
	deferType := cbDeferMessage
	if ix.Type == ixComponent {
		deferType = cbDeferUpdate
	}
	deferred := true
	if err := reply(ackCtx, callback{Type: deferType}); err != nil {
		b.log.Error("discord: could not defer a slow interaction", "command", label, "err", err)
		deferred = false
	} else {
		b.metrics.observeLatency(time.Since(received))
		b.metrics.deferral(label)
	}
	r := b.settle(label, await(hctx, results))
	if !deferred {
		b.metrics.interaction(label, OutcomeFailed)
		return
	}
	wctx, wcancel := context.WithTimeout(b.workCtx, b.cfg.HandlerTimeout)
	defer wcancel()
	if err := b.answerDeferred(wctx, ix, r, deferType); err != nil {
		b.log.Error("discord: could not deliver a deferred answer", "command", label, "err", err)
		b.metrics.interaction(label, OutcomeFailed)
		return
	}
	b.metrics.interaction(label, r.outcome())
}

// settle marks a result cut short by shutdown and logs failures.
func (b *Bot) settle(label string, r result) result {
	if r.err != nil && !r.panicked && b.handlerCtx.Err() != nil {
		r.cutShort = true
		b.log.Warn("discord: handler cut short by shutdown", "command", label, "err", r.err)
		return r
	}
	if r.err != nil && !r.panicked {
		b.log.Error("discord: command failed", "command", label, "err", r.err)
	}
	return r
}

// finishInitial sends the first (and only) response and counts it.
func (b *Bot) finishInitial(ctx context.Context, reply replyFunc, label string, received time.Time, outcome string, cb callback) {
	if err := reply(ctx, cb); err != nil {
		b.log.Error("discord: could not answer an interaction", "command", label, "callback_type", cb.Type, "err", err)
		b.metrics.interaction(label, OutcomeFailed)
		return
	}
	b.metrics.observeLatency(time.Since(received))
	b.metrics.interaction(label, outcome)
}

func ephemeralText(s string) messageBody {
	return renderMessage(commands.Response{Ephemeral: true, Content: s}, false)
}

func apologyCallback(ixType int) callback {
	if ixType == ixAutocomplete {
		return callback{Type: cbAutocomplete, Data: choicesData{Choices: []choice{}}}
	}
	return callback{Type: cbMessage, Data: ephemeralText(apologyText)}
}

// initialCallback turns a handler's result into the first response.
func (b *Bot) initialCallback(ix *interaction, r result) callback {
	if r.err != nil {
		if r.cutShort && ix.Type != ixAutocomplete {
			return callback{Type: cbMessage, Data: ephemeralText(restartingText)}
		}
		if r.timedOut {
			return callback{Type: cbMessage, Data: ephemeralText(tooSlowText)}
		}
		return apologyCallback(ix.Type)
	}
	resp := r.resp
	if resp.Modal != nil {
		// A modal answers a command or a click, not another modal.
		if d, ok := renderModal(*resp.Modal); ok && ix.Type != ixModal {
			return callback{Type: cbModal, Data: d}
		}
		b.log.Error("discord: cannot open this modal", "custom_id", resp.Modal.CustomID, "interaction_type", ix.Type)
		if resp.Content == "" && resp.Card == nil {
			return apologyCallback(ix.Type)
		}
	}
	if resp.Update && (ix.Type == ixComponent || (ix.Type == ixModal && ix.Message != nil)) {
		return callback{Type: cbUpdate, Data: renderMessage(resp, true)}
	}
	return callback{Type: cbMessage, Data: renderMessage(resp, false)}
}

// answerDeferred delivers the answer after a deferred response: an edit of
// the message (the "thinking" one, or the clicked one with Update), or a
// follow-up. The ephemeral flag of a deferred message cannot change, so an
// ephemeral answer after a public "thinking" message replaces it with an
// ephemeral follow-up.
func (b *Bot) answerDeferred(ctx context.Context, ix *interaction, r result, deferType int) error {
	resp := r.resp
	switch {
	case r.cutShort:
		resp = commands.Response{Ephemeral: true, Content: restartingText}
	case r.err != nil && r.timedOut:
		resp = commands.Response{Ephemeral: true, Content: tooSlowText}
	case r.err != nil:
		resp = commands.Response{Ephemeral: true, Content: apologyText}
	case resp.Modal != nil:
		b.log.Error("discord: a modal cannot open after a deferred response; the handler took too long", "custom_id", resp.Modal.CustomID)
		resp = commands.Response{Ephemeral: true, Content: tooSlowText}
	}
	switch {
	case deferType == cbDeferUpdate && resp.Update:
		return b.editOriginal(ctx, ix, resp)
	case deferType == cbDeferUpdate:
		return b.followUp(ctx, ix, resp)
	case resp.Ephemeral:
		if err := b.deleteOriginal(ctx, ix); err != nil {
			return err
		}
		return b.followUp(ctx, ix, resp)
	default:
		return b.editOriginal(ctx, ix, resp)
	}
}

// respond sends an interaction callback. A retry that finds the
// interaction already acknowledged (40060) means an earlier attempt got
// through: success.
func (b *Bot) respond(ctx context.Context, ix *interaction, cb callback) error {
	endpoint := discordgo.EndpointInteractionResponse(ix.ID, ix.Token)
	_, err := b.call(ctx, http.MethodPost, endpoint, cb, callbackBucket(ix.Token))
	if err != nil {
		var retried *retriedError
		if _, code := restStatus(err); code == 40060 && errors.As(err, &retried) {
			return nil // an earlier attempt was accepted, its answer lost
		}
		return fmt.Errorf("interaction %s callback type %d: %w", ix.ID, cb.Type, err)
	}
	return nil
}

func (b *Bot) editOriginal(ctx context.Context, ix *interaction, resp commands.Response) error {
	endpoint := discordgo.EndpointWebhookMessage(ix.ApplicationID, ix.Token, "@original")
	_, err := b.call(ctx, http.MethodPatch, endpoint, renderMessage(resp, true), webhookBucket(ix.Token))
	if err != nil {
		return fmt.Errorf("interaction %s: edit the original response: %w", ix.ID, err)
	}
	return nil
}

func (b *Bot) deleteOriginal(ctx context.Context, ix *interaction) error {
	endpoint := discordgo.EndpointWebhookMessage(ix.ApplicationID, ix.Token, "@original")
	_, err := b.call(ctx, http.MethodDelete, endpoint, nil, webhookBucket(ix.Token))
	if err != nil {
		return fmt.Errorf("interaction %s: delete the original response: %w", ix.ID, err)
	}
	return nil
}

func (b *Bot) followUp(ctx context.Context, ix *interaction, resp commands.Response) error {
	endpoint := discordgo.EndpointWebhookToken(ix.ApplicationID, ix.Token)
	_, err := b.call(ctx, http.MethodPost, endpoint, renderMessage(resp, false), webhookBucket(ix.Token))
	if err != nil {
		return fmt.Errorf("interaction %s: follow-up: %w", ix.ID, err)
	}
	return nil
}
