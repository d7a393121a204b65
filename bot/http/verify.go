package httpbot

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParsePublicKey reads the application's public key as the developer
// portal shows it: 64 hexadecimal digits.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("no public key")
	}
	k, err := hex.DecodeString(s)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("the public key must be %d hexadecimal digits (the developer portal's \"Public Key\"), got %d characters", 2*ed25519.PublicKeySize, len(s))
	}
	return ed25519.PublicKey(k), nil
}

// Why a request was refused before its body was read as an interaction.
// Each is also the "outcome" label of the request counter.
var (
	errUnsigned     = errors.New(OutcomeUnsigned)
	errBadSignature = errors.New(OutcomeBadSignature)
	errStale        = errors.New(OutcomeStale)
)

// signature holds the two headers Discord signs a request with, decoded.
type signature struct {
	sig   []byte
	stamp string
	at    time.Time
}

// readSignature decodes X-Signature-Ed25519 and X-Signature-Timestamp;
// it needs no body, so a request without them is refused before reading it.
func readSignature(sigHex, stamp string) (signature, error) {
	if sigHex == "" || stamp == "" {
		return signature{}, errUnsigned
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return signature{}, errBadSignature
	}
	secs, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil || len(stamp) > 12 {
		return signature{}, errBadSignature
	}
	return signature{sig: sig, stamp: stamp, at: time.Unix(secs, 0)}, nil
}

// verify checks the signature over timestamp and body, then that the
// timestamp is within maxSkew of now: a captured request replayed later
// is refused even though its signature is good.
func (s signature) verify(key ed25519.PublicKey, body []byte, now time.Time, maxSkew time.Duration) error {
	msg := make([]byte, 0, len(s.stamp)+len(body))
	msg = append(append(msg, s.stamp...), body...)
	if !ed25519.Verify(key, msg, s.sig) {
		return errBadSignature
	}
	if d := now.Sub(s.at); d > maxSkew || d < -maxSkew {
		return errStale
	}
	return nil
}
