package facts

// Chat shorthand: a fan typing fast writes "wen r they n the director
// together irl" for "when are they and the director together in real
// life". unslang reads the shorthand of a question's words as the words it
// stands for, before anything else looks at them; the store is never
// unslanged, it is written out.

// slang maps a shorthand word to the words it stands for. Only words that
// are no English word of their own (or hardly ever one in a question about
// a film) are here: "r", "n" and "w" alone are always shorthand in a chat.
var slang = map[string][]string{
	"r": {"are"}, "n": {"and"}, "w": {"with"}, "u": {"you"}, "ur": {"your"},
	"abt": {"about"}, "bout": {"about"}, "thru": {"through"}, "tho": {"though"}, "b4": {"before"},
	"yr": {"year"}, "yrs": {"years"},
	"irl": {"real", "life"}, "inspo": {"inspiration"}, "smth": {"something"}, "sth": {"something"},
	"bday": {"birthday"}, "fav": {"favorite"}, "fave": {"favorite"}, "rn": {"right", "now"}, "ofc": {"of", "course"},
	"wat": {"what"}, "wut": {"what"}, "wen": {"when"}, "dat": {"that"}, "dis": {"this"}, "da": {"the"},
	"luv": {"love"}, "prob": {"probably"}, "obv": {"obviously"}, "def": {"definitely"}, "convo": {"conversation"},
	// Spelt as they sound.
	"fites": {"fights"}, "thot": {"thought"},
	"fim": {"film"}, "flim": {"film"}, "moive": {"movie"}, "moive's": {"movie"},
}

// unslang returns ws with shorthand written out and letters held down
// ("heyyy", "sooo", "lmaooo") let go of; ws itself is left alone.
func unslang(ws []string) []string {
	var out []string
	for i, w := range ws {
		long, isSlang := slang[w]
		if w == "r" && ratedR(ws, i) {
			isSlang = false
		}
		if !isSlang {
			if short := unstretch(w); short != w {
				long, isSlang = []string{short}, true
			}
		}
		if !isSlang {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(ws)+1), ws[:i]...)
		}
		out = append(out, long...)
	}
	if out == nil {
		return ws
	}
	return out
}

// ratedR reports whether the "r" at i is the rating ("is it rated r",
// "is it r or pg-13", "an r movie"), not "are": it ends the question, or
// a word of rating stands next to it.
func ratedR(ws []string, i int) bool {
	if i == len(ws)-1 {
		return true
	}
	next := ws[i+1]
	if next == "or" || next == "rated" || next == "rating" || next == "movie" || next == "film" {
		return true
	}
	if i > 0 {
		prev := ws[i-1]
		return prev == "rated" || prev == "rating" || prev == "a" || prev == "an" || prev == "or"
	}
	return false
}

// unstretch shortens every run of three or more of one letter to two
// ("sooo" -> "soo") and, when the word still ends in a doubled letter that
// is no English ending ("heyy", "lmaoo"), to one. Most words have no such
// run and cost one pass.
func unstretch(w string) string {
	run := false
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			run = true
			break
		}
	}
	if !run {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if n := len(b); n >= 2 && b[n-1] == w[i] && b[n-2] == w[i] {
			continue
		}
		b = append(b, w[i])
	}
	if n := len(b); n >= 3 && b[n-1] == b[n-2] && !doubledEndings[b[n-1]] {
		b = b[:n-1]
	}
	return string(b)
}

// doubledEndings are letters English words end on twice ("less", "all",
// "off", "too", "see", "buzz"); any other letter doubled at the end of a
// stretched word was held down ("heyy", "lmaoo" -> "hey", "lmao").
var doubledEndings = map[byte]bool{'s': true, 'l': true, 'f': true, 'e': true, 'z': true}
