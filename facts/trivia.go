package facts

// Trivia kinds, topics and difficulties: the vocabulary /trivia start offers
// and the deck filters on. A question's topic and spoiler flag default to its
// fact's, so a curator writes them only to override.

// Trivia kinds.
const (
	KindChoice    = "choice"    // multiple choice: the answer and three wrong choices
	KindTrueFalse = "truefalse" // a statement; the answer is "True" or "False"
	KindSource    = "source"    // "which article says…": choices are source labels
	KindBlank     = "blank"     // fill the blank (typed games only): the question holds "___"
	KindSpeaker   = "speaker"   // "who said it?": the question quotes Quote's text
)

// Trivia topics, as /trivia start names them.
const (
	TopicCast      = "cast"
	TopicStory     = "story"
	TopicMaking    = "making"
	TopicReception = "reception"
	TopicMusic     = "music"
)

// TriviaKinds lists the kinds in the order the linter reports them.
var TriviaKinds = []string{KindChoice, KindTrueFalse, KindSource, KindBlank, KindSpeaker}

// TriviaTopics lists the topics with the names players see.
var TriviaTopics = []struct{ ID, Name string }{
	{TopicCast, "Cast & characters"},
	{TopicStory, "Story"},
	{TopicMaking, "Making of"},
	{TopicReception, "Reception"},
	{TopicMusic, "Music & style"},
}

// Difficulties lists the difficulties from easiest.
var Difficulties = []string{"easy", "medium", "hard"}

// factTopics maps a fact's topic to the trivia topic its questions belong to.
var factTopics = map[string]string{
	"cast": TopicCast, "crew": TopicCast, "people": TopicCast,
	"premise": TopicStory, "plot": TopicStory,
	"production": TopicMaking, "intent": TopicMaking, "inspiration": TopicMaking,
	"locations": TopicMaking, "sequel": TopicMaking,
	"release": TopicReception, "reception": TopicReception, "festival": TopicReception, "review": TopicReception,
	"music": TopicMusic, "look": TopicMusic,
}

// TopicName is the name players see for a topic id, or "" when unknown.
func TopicName(id string) string {
	for _, t := range TriviaTopics {
		if t.ID == id {
			return t.Name
		}
	}
	return ""
}

// TriviaKind is t's kind, KindChoice when the entry leaves it out.
func (t *Trivia) TriviaKind() string {
	if t.Kind == "" {
		return KindChoice
	}
	return t.Kind
}

// Choices are the buttons a player may press, right answer first; the deck
// shuffles them. A true/false question always offers True and False.
func (t *Trivia) Choices() []string {
	if t.TriviaKind() == KindTrueFalse {
		return []string{t.Answer, otherBool(t.Answer)}
	}
	return append([]string{t.Answer}, t.Wrong...)
}

// Typed reports whether t can be asked only in typed games (a blank has no
// buttons when it has no wrong choices).
func (t *Trivia) Typed() bool { return t.TriviaKind() == KindBlank && len(t.Wrong) == 0 }

func otherBool(answer string) string {
	if Key(answer) == "true" {
		return "False"
	}
	return "True"
}

// TriviaTopic is the topic t belongs to: its own, else its fact's.
func (s *Store) TriviaTopic(t *Trivia) string {
	if t.Topic != "" {
		return t.Topic
	}
	if f, ok := s.Fact(t.Fact); ok {
		return factTopics[f.Topic]
	}
	return ""
}

// TriviaSpoiler reports whether asking or revealing t gives away the story:
// the entry says so, or its fact or quote is a spoiler.
func (s *Store) TriviaSpoiler(t *Trivia) bool {
	if t.Spoiler {
		return true
	}
	if f, ok := s.Fact(t.Fact); ok && f.Spoiler {
		return true
	}
	if q, ok := s.Quote(t.Quote); ok && q.Spoiler {
		return true
	}
	return false
}
