package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// clockOffsetVar shifts the clock the features read (trivia rounds, the
// quote of the day). It exists for the multi-process test: every process
// it starts gets the same offset, so all of them agree on a "now" that is
// a few seconds before a quote of the day is due, and the test need not
// wait for a real posting time. The gateway, REST and identify pacing keep
// the real clock. A process that has it set says so in its log.
const clockOffsetVar = "BALLERINA_TEST_CLOCK_OFFSET"

// shiftedClock is the system clock moved by a fixed offset; its timers run
// at real speed.
type shiftedClock struct{ offset time.Duration }

func (c shiftedClock) Now() time.Time { return time.Now().Add(c.offset) }

func (c shiftedClock) AfterFunc(d time.Duration, f func()) commands.Timer {
	return commands.SystemClock{}.AfterFunc(d, f)
}

// clockOffset reads BALLERINA_TEST_CLOCK_OFFSET: a Go duration such as
// "-3h2m1.5s"; empty is none.
func clockOffset(getenv func(string) string) (time.Duration, error) {
	v := strings.TrimSpace(getenv(clockOffsetVar))
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%w: %s %q is not a duration such as -1h30m", errConfig, clockOffsetVar, v)
	}
	return d, nil
}

// featureClock is the clock trivia and the quote of the day run on.
func (c config) featureClock() commands.Clock {
	if c.ClockOffset != 0 {
		return shiftedClock{c.ClockOffset}
	}
	return commands.SystemClock{}
}
