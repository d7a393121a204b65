package trivia_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
)

// Many players in several channels click at once, on the last millisecond,
// while the reveal fires: every player ends with exactly one outcome per
// question, the same in their replies, the store and the reveal.
func TestTriviaSimultaneousClicksSettleOnce(t *testing.T) {
	const channels, players = 4, 25
	for seed := uint64(20); seed < 30; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := newTriviaRig(t, seed)
			handler := r.Command().Component
			for c := range channels {
				r.do(t, cmdReq(alice, "c"+strconv.Itoa(c), "start", "rounds:2", "seconds:10"))
			}
			r.clock.Advance(3 * time.Second)
			rounds := make([]postedRound, channels)
			for c := range channels {
				rounds[c] = r.round(t, "c"+strconv.Itoa(c))
			}
			r.clock.Advance(10*time.Second - time.Millisecond)

			replies := make([][][]string, channels) // channel -> player -> replies
			var wg sync.WaitGroup
			var clicks atomic.Int32
			gate := make(chan struct{})
			for c := range channels {
				replies[c] = make([][]string, players)
				for p := range players {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-gate
						u := commands.User{ID: fmt.Sprintf("u%02d", p), Name: fmt.Sprintf("P%02d", p)}
						for k := range 3 { // a double click, then a change of mind
							letter := string(rune('A' + (p+k/2)%4))
							resp, err := handler(context.Background(), clickReq(u, "c"+strconv.Itoa(c), rounds[c].button(t, letter)))
							if err != nil {
								t.Errorf("click: %v", err)
								return
							}
							replies[c][p] = append(replies[c][p], resp.Content)
							clicks.Add(1)
						}
					}()
				}
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				for clicks.Load() < channels*players { // let about a third of the clicks in first
					runtime.Gosched()
				}
				r.clock.Advance(time.Millisecond) // the deadline: every reveal fires
			}()
			close(gate)
			wg.Wait()

			reveals := map[string]string{}
			for _, m := range r.msgr.Messages() {
				if m.Response.Card != nil && strings.HasPrefix(m.Response.Card.Title, "Question 1: the answer is") {
					reveals[m.ChannelID] = m.Response.Card.Description
				}
			}
			for c := range channels {
				ch := "c" + strconv.Itoa(c)
				gid := gameOf(rounds[c].button(t, "A"))
				stored := map[string]string{}
				for _, a := range r.scores.answersOf(gid) {
					if _, dup := stored[a.User.ID]; dup {
						t.Errorf("%s: %s stored twice", ch, a.User.ID)
					}
					stored[a.User.ID] = a.Choice
				}
				locked := 0
				for p := range players {
					uid := fmt.Sprintf("u%02d", p)
					var lockedIn string
					for _, c := range replies[c][p] {
						switch {
						case strings.HasPrefix(c, "Locked in: "):
							if lockedIn != "" {
								t.Errorf("%s: %s locked in twice: %q", ch, uid, replies)
							}
							lockedIn = c[len("Locked in: ") : len("Locked in: ")+1]
						case strings.HasPrefix(c, "You already locked in "):
							if got := c[len("You already locked in "):][:1]; got != lockedIn {
								t.Errorf("%s: %s told %q after locking in %q", ch, uid, c, lockedIn)
							}
						case strings.HasPrefix(c, "Too late"):
						default:
							t.Errorf("%s: %s got %q", ch, uid, c)
						}
					}
					if lockedIn != stored[uid] {
						t.Errorf("%s: %s locked in %q but the store has %q", ch, uid, lockedIn, stored[uid])
					}
					if lockedIn != "" {
						locked++
					}
				}
				rev, ok := reveals[ch]
				if !ok {
					t.Fatalf("%s: no reveal", ch)
				}
				t.Logf("%s: %d of %d players locked in before the reveal", ch, locked, players)
				if got := revealedAnswers(rev); got != locked {
					t.Errorf("%s: the reveal counts %d answers, %d players locked in:\n%s", ch, got, locked, rev)
				}
			}
		})
	}
}

// revealedAnswers counts the right and wrong answers a reveal reports.
func revealedAnswers(desc string) int {
	n := 0
	for _, line := range strings.Split(desc, "\n") {
		if rest, ok := strings.CutPrefix(line, "Got it: "); ok {
			for _, name := range strings.Split(rest, " · ") {
				if more, ok := strings.CutPrefix(name, "and "); ok {
					m, _ := strconv.Atoi(strings.TrimSuffix(more, " more"))
					n += m
				} else {
					n++
				}
			}
		}
		if rest, ok := strings.CutPrefix(line, "Wrong: "); ok {
			w, _ := strconv.Atoi(strings.TrimSuffix(rest, "."))
			n += w
		}
	}
	return n
}

// Ten /trivia start at once in one channel: one game.
func TestTriviaSimultaneousStarts(t *testing.T) {
	r := newTriviaRig(t, 30)
	var wg sync.WaitGroup
	var mu sync.Mutex
	started := 0
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := r.Command().Subcommands[0].Handler(context.Background(), cmdReq(commands.User{ID: strconv.Itoa(i), Name: "x"}, "c1", "start"))
			if err != nil {
				t.Error(err)
			}
			if !resp.Ephemeral {
				mu.Lock()
				started++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if started != 1 || len(r.scores.games()) != 1 {
		t.Errorf("%d starts answered, %d games stored; want 1", started, len(r.scores.games()))
	}
}

// /trivia stop races the last reveal: the game ends once, one way or the other.
func TestTriviaStopRacesTheLastReveal(t *testing.T) {
	for seed := uint64(40); seed < 60; seed++ {
		r := newTriviaRig(t, seed)
		r.do(t, cmdReq(alice, "c1", "start", "rounds:1", "seconds:10"))
		r.clock.Advance(3*time.Second + 10*time.Second - time.Millisecond)
		var stop commands.Response
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); r.clock.Advance(time.Millisecond) }()
		go func() {
			defer wg.Done()
			var err error
			stop, err = r.Command().Subcommands[1].Handler(context.Background(), cmdReq(alice, "c1", "stop"))
			if err != nil {
				t.Error(err)
			}
		}()
		wg.Wait()
		revealed := strings.Contains(triviaText(r.lastSent(t).Response), "game over")
		stopped := !stop.Ephemeral
		if revealed == stopped {
			t.Errorf("seed %d: revealed %v, stopped %v; want exactly one", seed, revealed, stopped)
		}
		if len(r.scores.finished()) != 1 || r.clock.Pending() != 0 {
			t.Errorf("seed %d: finished %v, pending %d", seed, r.scores.finished(), r.clock.Pending())
		}
	}
}

// stallingMessenger runs a hook once, before the first post it is asked
// for: what arrives while a question is on its way to the channel.
type stallingMessenger struct {
	*commandstest.Messenger
	once   sync.Once
	before func()
}

func (m *stallingMessenger) Send(ctx context.Context, msg commands.Message) (string, error) {
	m.once.Do(m.before)
	return m.Messenger.Send(ctx, msg)
}

// A stop that comes while the question is being posted still closes the
// question once its message exists.
func TestTriviaStopWhileTheQuestionIsPosted(t *testing.T) {
	r := newTriviaRig(t, 19)
	r.Games.Messenger = &stallingMessenger{Messenger: r.msgr, before: func() {
		if resp := r.do(t, cmdReq(alice, "c1", "stop")); !strings.Contains(triviaText(resp), "Trivia stopped by Alice") {
			t.Errorf("stop = %s", triviaText(resp))
		}
	}}
	r.do(t, cmdReq(alice, "c1", "start", "mode:typed"))
	r.clock.Advance(3 * time.Second)
	edits := r.msgr.EditList()
	if len(edits) != 1 || edits[0].MessageID != "1" || !edits[0].Response.Buttons[0].Disabled {
		t.Fatalf("edits %+v, want the question closed", edits)
	}
	r.clock.Advance(time.Minute)
	if n := len(r.msgr.EditList()); n != 1 || r.clock.Pending() != 0 {
		t.Errorf("%d edits and %d timers after the stop", n, r.clock.Pending())
	}
}
