// Package facts is the knowledge base of the bot: the curated store of what five
// articles say about the film Ballerina (2023), the linter that keeps the store
// faithful to those articles, and the matcher that answers questions from it.
//
// It imports only the standard library, sahilm/fuzzy and the YAML parser.
package facts

// Source is one of the five articles the store is drawn from. Text is the
// article as shipped in data/sources; every evidence excerpt must occur in it.
type Source struct {
	ID          string `yaml:"id"`
	File        string `yaml:"file"`
	Label       string `yaml:"label"` // short name shown in answers, e.g. "Korea Herald interview"
	Title       string `yaml:"title,omitempty"`
	Publication string `yaml:"publication,omitempty"`
	Author      string `yaml:"author,omitempty"`
	Date        string `yaml:"date,omitempty"` // YYYY-MM-DD, only when the text gives it
	Kind        string `yaml:"kind"`           // interview, feature, review
	// Noise lists lines of the article that are not about the film (site
	// furniture, "WEEKLY HOT" lists, tag clouds, reader comments). Evidence may
	// never be taken from them.
	Noise []string `yaml:"noise,omitempty"`

	Text string `yaml:"-"`
}

// Citation ties a statement to one article with a verbatim excerpt.
type Citation struct {
	Source   string `yaml:"source"`
	Evidence string `yaml:"evidence"`
}

// Person is a real person or a film character. Aliases hold every spelling the
// articles use; the matcher folds romanization variants on top of them.
type Person struct {
	ID          string     `yaml:"id"`
	Name        string     `yaml:"name"` // display name, the most common spelling
	Kind        string     `yaml:"kind"` // person | character
	Roles       []string   `yaml:"roles,omitempty"`
	Aliases     []string   `yaml:"aliases"`
	Description string     `yaml:"description"`
	Plays       []string   `yaml:"plays,omitempty"`     // character ids, for actors
	PlayedBy    []string   `yaml:"played_by,omitempty"` // person ids, for characters
	OtherWork   []string   `yaml:"other_work,omitempty"`
	Spoiler     bool       `yaml:"spoiler,omitempty"` // description reveals plot
	Cites       []Citation `yaml:"cites"`
}

// Work is another film, series, person or event the articles only refer to.
// Its names resolve like a person's, so that a question about it is weighed
// as one name, not as several rare words.
type Work struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"`
	Aliases []string `yaml:"aliases,omitempty"`
}

// Fact is one statement an article makes about the film.
type Fact struct {
	ID       string   `yaml:"id"`
	Topic    string   `yaml:"topic"` // cast, crew, premise, plot, production, intent, inspiration, music, look, locations, release, reception, festival, sequel, review
	Text     string   `yaml:"text"`
	Spoiler  bool     `yaml:"spoiler,omitempty"`
	Keywords []string `yaml:"keywords,omitempty"`
	People   []string `yaml:"people,omitempty"` // person/character ids the fact is about
	// Conflict names a group of facts whose articles disagree; an answer from
	// one fact of the group shows every fact of it.
	Conflict string     `yaml:"conflict,omitempty"`
	Cites    []Citation `yaml:"cites"`
}

// Quote is a direct quotation from an article, or a memorable sentence of
// the article's own writer. Text must occur verbatim in the source (ignoring
// case and whitespace). A quote has a Speaker or is a Byline, never both.
type Quote struct {
	ID      string `yaml:"id"`
	Speaker string `yaml:"speaker,omitempty"` // person id of whoever the article quotes
	// Byline marks the article's own words: they belong to the source's
	// author, or its outlet when the author is not named (Store.SpeakerName).
	Byline  bool   `yaml:"byline,omitempty"`
	Text    string `yaml:"text"`
	Context string `yaml:"context"`
	Source  string `yaml:"source"`
	Spoiler bool   `yaml:"spoiler,omitempty"`
}

// Trivia is a question backed by a fact. See trivia.go for the kinds, the
// topics and how choices are formed.
type Trivia struct {
	ID         string   `yaml:"id"`
	Kind       string   `yaml:"kind,omitempty"` // choice (default) | truefalse | source | blank | speaker
	Question   string   `yaml:"question"`
	Answer     string   `yaml:"answer"`            // the canonical right choice
	Accept     []string `yaml:"accept,omitempty"`  // other accepted typed answers
	Wrong      []string `yaml:"wrong,omitempty"`   // plausible wrong choices (three, none for truefalse)
	Fact       string   `yaml:"fact"`              // supporting fact id
	Quote      string   `yaml:"quote,omitempty"`   // for speaker questions: the quote id
	Difficulty string   `yaml:"difficulty"`        // easy | medium | hard
	Topic      string   `yaml:"topic,omitempty"`   // cast | story | making | reception | music; default from the fact
	Spoiler    bool     `yaml:"spoiler,omitempty"` // also true when the fact is a spoiler
}

// Plot is the film's story as /plot tells it: fact ids in story order, so
// every sentence is a fact's text and cites an article. Premise is the
// spoiler-free opening (at most MaxPremise facts); Full is the whole story.
type Plot struct {
	Premise []string `yaml:"premise"`
	Full    []string `yaml:"full"`
}

// MaxPremise is how many sentences /plot part:premise tells at most.
const MaxPremise = 4

// Discord limits the store's texts must fit in (see the linter).
const (
	MaxEmbedDescription = 4096
	MaxEmbedFieldValue  = 1024
	MaxEmbedFieldName   = 256
	MaxButtonLabel      = 80
	MaxChoiceName       = 100
	MaxContent          = 2000
)
