// Package fakediscord is an in-process fake of Discord for end-to-end tests
// of the bot. The real, unmodified discordgo client talks to it over real
// sockets: REST under http://127.0.0.1:PORT/api/v9/ and a JSON WebSocket
// gateway at ws://127.0.0.1:PORT/gateway. It is test-only: import it from
// _test.go files, never from the production binary.
//
// # Wiring
//
// Point the bot's DISCORD_API_URL at Server.URL(). The bot's transport
// rewrites scheme and host of every request and keeps the path, so
// GET /api/v9/gateway returns Server.GatewayURL() and discordgo dials it
// with "?v=9&encoding=json" appended. NewSession builds such a session for
// tests of the fake itself (and for anyone who needs a raw client).
//
// # Example
//
//	srv := fakediscord.Start(t, fakediscord.Options{HeartbeatInterval: 200 * time.Millisecond})
//	sess := fakediscord.NewSession(t, srv)
//	sess.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
//		_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
//			Type: discordgo.InteractionResponseChannelMessageWithSource,
//			Data: &discordgo.InteractionResponseData{Content: "Jeon Jong-seo plays Ok-ju"},
//		})
//	})
//	if err := sess.Open(); err != nil { t.Fatal(err) }
//	ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("cast", fakediscord.Str("name", "okju")))
//	if err != nil { t.Fatal(err) }
//	cb := srv.AwaitCallback(t, ix.ID)          // type 4, within the deadline?
//	orig, _ := srv.Original(ix.ID)             // the message the user sees
//	_ = cb; _ = orig
//
// # Gateway
//
// HELLO carries Options.HeartbeatInterval; op 1 is answered with op 11;
// IDENTIFY (token with or without "Bot ") gets READY (seq 1) and one
// GUILD_CREATE per guild when the GUILDS intent is set; each dispatch of a
// session gets the next sequence number and is logged. RESUME of a known
// session replays every logged dispatch after the client's seq, then sends
// RESUMED; an unknown or invalidated session gets op 9 (d false). A client
// closing with 1000/1001 invalidates its session, as on Discord. Wrong token:
// close 4004; privileged intents listed in Options.DisallowedIntents: 4014;
// a second IDENTIFY on an authenticated socket: 4005.
//
// Dispatch sends any event to the live session; DispatchInteraction and
// DispatchMessage build realistic INTERACTION_CREATE and MESSAGE_CREATE
// payloads from the templates in testdata/ (SlashCommand, Autocomplete,
// Button, SelectMenu, ModalSubmit, UserMessage, Mention, plus InDM, By,
// WithPermissions, OnMessage…). While the session has no socket, dispatches
// are logged and delivered by the next RESUME.
//
// Faults: DropConnections (TCP close, no close frame), CloseConnections(code),
// SendReconnect (op 7), SendInvalidSession (op 9), SetHeartbeatAcks(false),
// and FaultNextConnections for future sockets (NoHello, ReconnectOnHandshake
// = op 7 before READY, CloseOnHandshake, DropAfterResume, NoHeartbeatAck).
//
// # REST
//
// Every request needs "Authorization: Bot <token>" (401 {"code":0} otherwise)
// except GET /gateway, which is public as on Discord. Implemented routes:
// gateway and gateway/bot, users/@me, applications/@me and
// oauth2/applications/@me, the bulk overwrite of global and guild commands,
// interaction callbacks (types 1, 4–9, with 10062 for unknown interactions or
// a missed Options.InteractionDeadline and 40060 for a second
// acknowledgement), the webhook routes of interaction tokens (@original,
// follow-ups), channels (GET, typing, messages create/list/get/edit/delete,
// with nonce + enforce_nonce deduplication, a public thread on a message:
// 160004 for a second one), guild roles and members, and DM creation. Message bodies
// are checked against Discord's limits (50035 Invalid Form Body, 50006 empty
// message) and mentions are resolved against allowed_mentions, so a test can
// assert Message.MentionEveryone is false. Normal responses carry
// X-RateLimit-* headers. Every request is recorded (Requests, RequestsTo,
// AwaitRequest).
//
// REST faults are queued per route pattern ("POST /channels/*/messages",
// "*"): InjectFault, FailNext, RateLimitNext (429 with retry_after, global
// or per route), DelayNext; a Fault may also carry a non-JSON body
// (CloudflareBody) or extra headers.
//
// # Waiting
//
// Nothing in the fake sleeps to wait: WaitFor(ctx, cond) and Await(tb, what,
// cond) re-check cond on every state change (and every 20ms), bounded by the
// context or DefaultWaitTimeout.
//
// # discordgo v0.29.0 behaviour seen against the fake
//
// Open uses GET /gateway (not /gateway/bot) and adds a trailing slash to the
// URL. Close sleeps one second whenever a socket is open, including inside
// its own reconnect path, so every reconnect costs at least a second. After
// a drop it RESUMEs with the seq of the last event it read; the replayed
// events come before RESUMED, so Open logs "Expected READY/RESUMED" (harmless).
// Handlers run in their own goroutines, so events (replays included) can
// reach handlers out of order. op 9 makes it IDENTIFY again on the same
// socket whatever d says. After a heartbeat-ACK timeout it closes with 1000,
// which kills the session, so its RESUME gets op 9 and it identifies again.
// A connection broken before its heartbeat goroutine ran (or right after a
// RESUME) lets that goroutine close the next connection: parallel reconnect
// loops that survive Close (hazard 1). A socket that never says HELLO blocks
// Open, holding the session lock, until the socket dies; op 7 before READY
// deadlocks Open for good; close codes 4004 and 4014 are retried forever.
// A global 429 without X-RateLimit-Reset-After (as Discord sends it) does
// not hold back other routes; a non-JSON 429 body fails the call with a JSON
// syntax error; 502 is retried up to MaxRestRetries. MessageSend has no
// nonce or enforce_nonce field (send them with RequestWithBucketID), and
// ChannelMessageSend sends no allowed_mentions (Message.MentionEveryone
// shows the ping). hazards_test.go reproduces each of these on demand.
package fakediscord
