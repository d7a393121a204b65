package main

import (
	"bytes"
	"os"
	"testing"
)

// TestZoneListIsGenerated keeps the committed list and its inputs in step:
// run go generate ./commands/qotd/ after changing either.
func TestZoneListIsGenerated(t *testing.T) {
	want, err := generate("tzdata")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../zonelist.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("commands/qotd/zonelist.go differs from what zonegen makes of tzdata/: run go generate ./commands/qotd/")
	}
}

func TestEachRowRefusesShortRows(t *testing.T) {
	err := eachRow([]byte("# comment\nKR\t+3733+12658\tAsia/Seoul\nKR\tAsia/Seoul\n"), 3, func([]string) error { return nil })
	if err == nil || err.Error() != "line 3: 2 fields, want at least 3" {
		t.Errorf("err = %v", err)
	}
}
