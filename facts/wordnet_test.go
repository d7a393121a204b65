package facts

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestLexiconIsUpToDate regenerates lexicon.go where WordNet is installed
// (Debian's wordnet-base) and fails when the committed file differs: after
// editing the store's words, run `go generate ./facts`. Elsewhere (CI) it
// is skipped: the build needs no WordNet.
func TestLexiconIsUpToDate(t *testing.T) {
	const wordnet = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(wordnet, "data.noun")); err != nil {
		t.Skip("WordNet is not installed (apt-get install wordnet-base)")
	}
	if testing.Short() {
		t.Skip("regenerating the lexicon takes a few seconds")
	}
	out := filepath.Join(t.TempDir(), "lexicon.go")
	cmd := exec.Command("go", "run", "./internal/lexicon", "-wordnet", wordnet, "-data", "data", "-out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("lexicon.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("lexicon.go is out of date: run `go generate ./facts`")
	}
}
