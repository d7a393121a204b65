package facts

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The normaliser turns text into match tokens. The same function runs over the
// store and over a user's question, so every folding below only has to be
// consistent, not linguistically exact:
//
//   - lower case, Latin accents folded (é → e), full-width forms folded;
//   - hyphens and apostrophes join (Ok-ju → okju, Jong-seo → jongseo), a
//     trailing possessive 's is dropped;
//   - romanization variants of Korean names share one key: eo/yeo/oo → u,
//     a final -ung → -un, k → g, ch → j (Jeon = Jun, Ok-joo = Ok-ju,
//     Chung-hyeon = Chung-hyung = Chung-hyun, Ji-hoon = Ji-hun).
//
// Stemming and synonyms are applied by the matcher on top of Fold, because
// names must not be stemmed.

// maxInput bounds the runes a question may have; longer input is cut, so a
// 10 000-character message costs the same as a long question.
const maxInput = 500

// Key returns the romanization-folded form of a name or phrase: its folded
// tokens joined by single spaces. Two spellings of the same name have the
// same Key.
func Key(s string) string {
	return strings.Join(Fold(s), " ")
}

// Fold splits s into folded tokens (see the package comment above).
func Fold(s string) []string {
	raw := words(s)
	for i, w := range raw {
		raw[i] = romanize(w)
	}
	return raw
}

// words lower-cases s, folds accents and splits it into words, joining across
// hyphens and apostrophes and dropping a possessive 's.
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			w := b.String()
			if len(w) > 2 && strings.HasSuffix(w, "'s") {
				w = w[:len(w)-2]
			}
			w = strings.ReplaceAll(w, "'", "")
			if w != "" {
				out = append(out, w)
			}
			b.Reset()
		}
	}
	for _, r := range s {
		r = foldRune(r)
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ':
			if b.Len() > 0 {
				b.WriteByte('\'')
			}
		case r == '-' || r == '‐' || r == '‑' || r == '–':
			// A hyphen joins two parts of one word; a dash between spaces
			// (Korea – Joint) just separates.
			if b.Len() == 0 {
				flush()
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// accentFold maps accented Latin letters to their base letter. It is small on
// purpose: names in the store are romanized Korean and English.
var accentFold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e', 'ĕ': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ō': 'o', 'ŏ': 'o', 'ø': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u', 'ŭ': 'u',
	'ç': 'c', 'ñ': 'n', 'ý': 'y', 'ÿ': 'y', 'ß': 's',
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	// Full-width ASCII (Ｏｋｊｕ) to ASCII.
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	lr := unicode.ToLower(r)
	if f, ok := accentFold[lr]; ok {
		return f
	}
	return r
}

// romanize folds romanization variants of one lower-case word.
func romanize(w string) string {
	if !isASCII(w) {
		return w
	}
	b := []byte(w)
	out := b[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 'y' && i+2 < len(b) && b[i+1] == 'e' && b[i+2] == 'o': // yeo → yu
			out = append(out, 'y', 'u')
			i += 2
		case c == 'e' && i+1 < len(b) && b[i+1] == 'o': // eo → u
			out = append(out, 'u')
			i++
		case c == 'o' && i+1 < len(b) && b[i+1] == 'o': // oo → u
			out = append(out, 'u')
			i++
		case c == 'c' && i+1 < len(b) && b[i+1] == 'h': // ch → j
			out = append(out, 'j')
			i++
		case c == 'k':
			out = append(out, 'g')
		default:
			out = append(out, c)
		}
	}
	if n := len(out); n > 3 && out[n-3] == 'u' && out[n-2] == 'n' && out[n-1] == 'g' {
		out = out[:n-1] // hyung → hyun, chung → chun
	}
	return string(out)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(fs []*Fact, f *Fact) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

func dedupe(ts []string) []string {
	out := ts[:0]
	for i, t := range ts {
		dup := false
		for _, u := range ts[:i] {
			if u == t {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}
