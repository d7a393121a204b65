package qotd

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	"github.com/ballerina-bot/ballerina/facts"
)

// postNonce is the Discord nonce of a server's post for a local date: stable
// across restarts, at most 25 characters as Discord requires.
func postNonce(guildID, date string) string {
	sum := sha256.Sum256([]byte("qotd\x00" + guildID + "\x00" + date))
	return hex.EncodeToString(sum[:])[:25]
}

// nextQuote picks the quote a server posts next. Each cycle visits every quote
// once, in an order fixed by the guild id and the cycle number (a keyed hash,
// so it survives restarts, Go upgrades and additions to the store); a quote
// used in this cycle is skipped, and when all are used the next cycle begins,
// never with the quote posted last. It returns nil when the store has none.
func nextQuote(s *facts.Store, guildID string, rot Rotation) (*facts.Quote, int) {
	if len(s.Quotes) == 0 {
		return nil, rot.Cycle
	}
	used := make(map[string]bool, len(rot.Used))
	for _, id := range rot.Used {
		used[id] = true
	}
	if q := firstInCycle(s, guildID, rot.Cycle, func(id string) bool { return !used[id] }); q != nil {
		return q, rot.Cycle
	}
	cycle := rot.Cycle + 1
	if q := firstInCycle(s, guildID, cycle, func(id string) bool { return id != rot.Last }); q != nil {
		return q, cycle
	}
	return firstInCycle(s, guildID, cycle, func(string) bool { return true }), cycle // a single quote
}

// firstInCycle returns the quote with the smallest rotation key among those
// ok accepts.
func firstInCycle(s *facts.Store, guildID string, cycle int, ok func(id string) bool) *facts.Quote {
	var best *facts.Quote
	var bestKey uint64
	for i := range s.Quotes {
		q := &s.Quotes[i]
		if !ok(q.ID) {
			continue
		}
		k := rotationKey(guildID, cycle, q.ID)
		if best == nil || k < bestKey || (k == bestKey && q.ID < best.ID) {
			best, bestKey = q, k
		}
	}
	return best
}

func rotationKey(guildID string, cycle int, quoteID string) uint64 {
	var c [8]byte
	binary.BigEndian.PutUint64(c[:], uint64(cycle))
	h := sha256.New()
	h.Write([]byte(guildID))
	h.Write([]byte{0})
	h.Write(c[:])
	h.Write([]byte(quoteID))
	return binary.BigEndian.Uint64(h.Sum(nil))
}
