package main

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/ballerina-bot/ballerina"

// TestDependencyRule keeps the layout docs/ARCHITECTURE.md describes:
// main → bot → commands → facts, discordgo only in bot/ and main, features
// of commands independent of each other, and nothing importing main or the
// test-only fake from production code. It reads each package's imports
// (test files apart) from source.
func TestDependencyRule(t *testing.T) {
	imports := map[string][]string{} // package path → its module and external imports
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			return nil
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		name := module
		if path != "." {
			name += "/" + filepath.ToSlash(path)
		}
		imports[name] = pkg.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{module + "/facts", module + "/commands", module + "/commands/trivia", module + "/commands/qotd", module + "/bot/discord"} {
		if _, ok := imports[want]; !ok {
			t.Fatalf("package %s not found; found %v", want, imports)
		}
	}
	under := func(pkg, dir string) bool { return pkg == module+"/"+dir || strings.HasPrefix(pkg, module+"/"+dir+"/") }
	const discordgo = "github.com/bwmarrin/discordgo"
	for pkg, deps := range imports {
		for _, dep := range deps {
			var why string
			switch {
			case dep == module:
				why = "nothing imports main"
			case dep == discordgo && pkg != module && !under(pkg, "bot"):
				why = "only bot/ and main import discordgo"
			case under(dep, "bot/fakediscord"):
				why = "the fake Discord is for tests only"
			case under(pkg, "facts") && !under(dep, "facts") && strings.Contains(strings.Split(dep, "/")[0], ".") &&
				!slices.Contains([]string{"github.com/sahilm/fuzzy", "go.yaml.in/yaml/v3", "github.com/biter777/countries"}, dep):
				why = "facts imports only the standard library, sahilm/fuzzy, the YAML parser and the country list"
			case under(pkg, "facts") && strings.HasPrefix(dep, module+"/") && !under(dep, "facts"):
				why = "facts imports nothing of the bot"
			case under(pkg, "commands") && (under(dep, "bot") || dep == discordgo):
				why = "commands never imports bot/ or Discord"
			case pkg == module+"/commands" && under(dep, "commands") && dep != pkg:
				why = "commands does not import its features"
			case under(pkg, "commands/trivia") && under(dep, "commands/qotd"), under(pkg, "commands/qotd") && under(dep, "commands/trivia"):
				why = "features do not import each other"
			}
			if why != "" {
				t.Errorf("%s imports %s: %s", pkg, dep, why)
			}
		}
	}
}
