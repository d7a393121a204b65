package facts

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseMessage(t *testing.T) {
	tests := []struct {
		text                      string
		parts                     []string
		greeting, help, otherFilm bool
	}{
		{text: "who directed it?", parts: []string{"who directed it?"}},
		{text: "hi", greeting: true},
		{text: "hey thanks!! lol", greeting: true},
		{text: "good morning!", greeting: true},
		{text: "good night!", greeting: true},
		{text: "help", help: true},
		{text: "what can you do?", help: true},
		{text: "hi!! quick q – who's the lead actress lol", parts: []string{"who's the lead actress lol"}},
		{text: "who directed it and who did the music?", parts: []string{"who directed it", "who did the music?"}},
		{text: "how long is it & where can i stream it", parts: []string{"how long is it", "where can i stream it"}},
		{text: "what inspired it, also is there a sequel?", parts: []string{"what inspired it", "is there a sequel?"}},
		{text: "who's the villain? and what was ok-ju's job", parts: []string{"who's the villain?", "what was ok-ju's job"}},
		{text: "ok last one: is there a sequel", parts: []string{"is there a sequel"}},
		{text: "thanks! and how long is it?", parts: []string{"how long is it?"}},
		{text: "runtime and director?", parts: []string{"runtime?", "director?"}},
		{text: "how long is it and on which platform is it?", parts: []string{"how long is it", "on which platform is it?"}},
		{text: "who plays ok-ju and in what year did it come out", parts: []string{"who plays ok-ju", "in what year did it come out"}},
		{text: "good evening. how are you today?", greeting: true},
		{text: "runtime in minutes + the platform it streams on?", parts: []string{"runtime in minutes?", "the platform it streams on?"}},
		// A colon inside a title does not end the question.
		{text: "which role did kim ji-hoon play in money heist: korea?", parts: []string{"which role did kim ji-hoon play in money heist: korea?"}},
		// A statement around questions is context, not a question.
		{text: "just finished it on netflix, it was insane. who is the girl who dies", parts: []string{"who is the girl who dies"}},
		{text: "who was the stunt coordinator? the fights were nuts", parts: []string{"who was the stunt coordinator?"}},
		// Asking the server again, or "which" opening a remark, asks nothing new.
		{text: "how long is it? does anyone have the runtime", parts: []string{"how long is it?"}},
		{text: "it played at busan, which sounds fun. who directed it?", parts: []string{"who directed it?"}},
		{text: "which looks better, the call or ballerina?", parts: []string{"which looks better, the call or ballerina?"}},
		// The asker's story before a dash, and why they ask after a comma, are context.
		{text: "we watched it last night and now i'm blanking — who plays the villain?", parts: []string{"who plays the villain?"}},
		{text: "my son keeps asking how long it is, trying to see if it fits before bed", parts: []string{"my son keeps asking how long it is"}},
		{text: "gangs of wasseypur – what year?", parts: []string{"gangs of wasseypur – what year?"}},
		// A dash after chatter sets the question apart; after a name it
		// leads into the question.
		{text: "sorry if this came up — who did the music?", parts: []string{"who did the music?"}},
		{text: "Gangs of Wasseypur – what year?", parts: []string{"Gangs of Wasseypur – what year?"}},
		// "and about" asks of a second thing what was asked of the first.
		{text: "what does the review say about the music and about the fights", parts: []string{"what does the review say about the music", "what does the review say about the fights"}},
		// A mention before the question word addresses the bot.
		{text: "great film lol. @bot who did the music", parts: []string{"@bot who did the music"}},
		// Telling someone else is no request to the bot.
		{text: "when did it come out? wanna tell my sister", parts: []string{"when did it come out?"}},
		// "and" inside one question does not split it.
		{text: "did the director and the lead actress work together", parts: []string{"did the director and the lead actress work together"}},
		{text: "is the ballerina with ana de armas good", otherFilm: true, parts: []string{"is the ballerina with ana de armas good"}},
		{text: "ballerina 2025 cast?", otherFilm: true, parts: []string{"ballerina 2025 cast?"}},
		{text: "who plays a, who plays b, who plays c, who plays d", parts: []string{"who plays a", "who plays b", "who plays c"}},
		// An emoji ends what was said before it.
		{text: "sorry im new here 😅 is it a korean movie?", parts: []string{"is it a korean movie?"}},
		{text: "wait wait wait… was she the ballerina??", parts: []string{"was she the ballerina?"}},
		// Chat shorthand: "n" joins two questions.
		{text: "who made it n how many mins", parts: []string{"who made it", "how many mins"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			m := parseMessage(tc.text)
			var got []string
			for _, p := range m.parts {
				got = append(got, p.text)
			}
			if diff := cmp.Diff(tc.parts, got); diff != "" {
				t.Errorf("parts (-want +got):\n%s", diff)
			}
			if m.greeting != tc.greeting || m.help != tc.help || m.otherFilm != tc.otherFilm {
				t.Errorf("greeting/help/otherFilm = %v/%v/%v, want %v/%v/%v", m.greeting, m.help, m.otherFilm, tc.greeting, tc.help, tc.otherFilm)
			}
		})
	}
}

func TestSenses(t *testing.T) {
	tests := []struct {
		question string
		want     string
		duration bool
	}{
		{"whats the rotten tomatoes score", "whats the rotten tomatoes rating", false},
		{"what score did critics give it", "what rating did critics give it", false},
		{"who did the score", "who did the score", false},
		{"were any scenes cut from the film", "were any scenes removed from the film", false},
		{"why so many cuts", "why so many cuts", false},
		{"how long is it", "how long is it", false},
		{"how long is the movie", "how long is the movie", false},
		{"how long have they been dating", "how have they been dating", true},
		{"how old is jun", "how age is jun", false},
		{"who is the ballerina", "who is the ballerinas", false},
		{"did it hit number one", "did it reach number one", false},
		{"what did he pay attention to", "what did he attention to", false},
		{"what is the gang called", "what is the gang name", false},
		{"where was it filmed", "where was it filming", false},
		{"how did it do on netflix", "how did it success on netflix", false},
		{"who plays the heavy", "who plays the villain", false},
		{"who worked together with netflix", "who worked with netflix", false},
		{"was the heavy subject hard to film", "was the heavy subject hard to film", false},
		{"which films did he name as inspirations", "which films did he as inspirations", false},
	}
	for _, tc := range tests {
		got, duration := senses(words(tc.question), false)
		if strings.Join(got, " ") != tc.want || duration != tc.duration {
			t.Errorf("senses(%q) = %q, %v; want %q, %v", tc.question, strings.Join(got, " "), duration, tc.want, tc.duration)
		}
	}
	if got, _ := senses(words("what is his rank in the gang"), true); !strings.Contains(strings.Join(got, " "), "position") {
		t.Errorf("a person's rank is a position, got %q", got)
	}
}

func TestNumberOf(t *testing.T) {
	tests := map[string]string{"5th": "5", "28th": "28", "1st": "1", "third": "3", "fifth": "5", "twenty": "20",
		"ninetythree": "93", "twentyeighth": "28", "two": "2", "one": "", "first": "", "second": "", "thirty": "30", "5": "", "these": ""}
	for w, want := range tests {
		got, ok := numberOf(w)
		if got != want || ok != (want != "") {
			t.Errorf("numberOf(%q) = %q, %v; want %q", w, got, ok, want)
		}
	}
}

func TestEitherSides(t *testing.T) {
	tests := []struct{ question, left, right, rest string }{
		{"is gray a rapper or a singer", "rapper", "a singer", "is gray a"},
		{"was it released on october 5th or 6th", "5th", "6th", "was it released on october"},
		// The left side takes as many words that count as the right.
		{"was it inspired by drive or john wick", "inspired by drive", "john wick", "was it"},
		{"was it number one or third on netflix", "number one", "third", "was it on netflix"},
		// Two clauses: the first side is the first's predicate.
		{"did min-hee take her own life or was she murdered", "take her own life", "was she murdered", "did minhee"},
		{"is it good or not", "", "", "is it good or not"},
		// A side that offers nothing is no choice.
		{"did it do well on netflix or nah", "", "", "did it do well on netflix or nah"},
		{"who directed it", "", "", "who directed it"},
	}
	for _, tc := range tests {
		l, r, rest := eitherSides(words(tc.question))
		if strings.Join(l, " ") != tc.left || strings.Join(r, " ") != tc.right || strings.Join(rest, " ") != tc.rest {
			t.Errorf("eitherSides(%q) = %q | %q | %q; want %q | %q | %q", tc.question, strings.Join(l, " "), strings.Join(r, " "), strings.Join(rest, " "), tc.left, tc.right, tc.rest)
		}
	}
}

func TestQuestionContext(t *testing.T) {
	// Each case: the message, then the question's words and its context,
	// "|"-separated. A question that says nothing of its own asks about
	// the statement before it.
	for _, tc := range [][3]string{
		{"the music slapped 🔥🔥 who made it", "the music slapped who made it", "the music slapped"},
		{"omg jeon jong-seo ate this role. is she dating him", "is she dating him", "omg jeon jongseo ate this role"},
		{"who directed it", "who directed it", ""},
		// For "he" or "she", the statement's subject is who is meant.
		{"kim ji-hoon is so good as choi, what else was he in", "kim jihoon what else was he in", "kim jihoon is so good as choi"},
		// A bare topic named before a question whose pronoun points
		// nowhere is what the pronoun means; a statement is not.
		{"lol the old couple 😂 what did they sell her", "lol the old couple what did they sell her", "lol the old couple"},
		{"the neon lights 😍 is that from a director they love", "the neon lights is that from a director they love", "the neon lights"},
		{"the fights were nuts. who choreographed them", "who choreographed them", "the fights were nuts"},
		// A fragment that says the question more exactly joins it.
		{"dancers = what? like symbolically", "dancers what symbolically", ""},
	} {
		parts := parseMessage(tc[0]).parts
		got := [3]string{tc[0]}
		if len(parts) > 0 {
			got[1], got[2] = strings.Join(parts[0].words, " "), strings.Join(parts[0].context, " ")
		}
		if len(parts) != 1 || got != tc {
			t.Errorf("parseMessage(%q): %d parts, words %q, context %q; want 1, %q, %q", tc[0], len(parts), got[1], got[2], tc[1], tc[2])
		}
	}
}

func TestDropLeadIn(t *testing.T) {
	for q, want := range map[string]string{
		"lol my mom asked why its called ballerina": "why its called ballerina",
		"i would like to know where the two met":    "where the two met",
		"who asked okju to take revenge":            "who asked okju to take revenge",
		"what does her friend ask when she calls":   "what does her friend ask when she calls",
		// An embedded question is put back in the order it is asked in.
		"my daughter keeps asking how long the movie is": "how long is the movie",
		"i was wondering what her name was":              "what was her name",
		"can you tell me how many minutes the film is":   "how many minutes is the film",
	} {
		if got := strings.Join(dropLeadIn(words(q)), " "); got != want {
			t.Errorf("dropLeadIn(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestCarrySubject(t *testing.T) {
	for _, tc := range [][3]string{
		// before | question | want
		{"what did the reviewer find disorienting", "what did they love", "what did the reviewer love"},
		{"what did the reviewer find disorienting", "what did he love", "what did he love"}, // a name's pronoun: see Reply
		{"what did ok-ju and min-hee do", "where did they meet", "where did they meet"},     // no lone subject
		{"who directed it", "what did they make before", "what did they make before"},       // no subject to carry
	} {
		got := strings.Join(carrySubject(words(tc[0]), words(tc[1])), " ")
		if got != tc[2] {
			t.Errorf("carrySubject(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
