package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/joho/godotenv"
)

// loadDotenv reads .env when it exists, without overriding variables already
// set in the environment. A .env that exists but cannot be parsed is an error:
// running with half a configuration would be worse.
func loadDotenv(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %s cannot be read (%w)", errConfig, path, err)
	}
	vals, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		return fmt.Errorf("%w: %s line %d %s; fix it or remove it, see .env.example", errConfig, path, badDotenvLine(data), dotenvProblem(err))
	}
	for k, v := range vals {
		if _, set := os.LookupEnv(k); !set {
			os.Setenv(k, v)
		}
	}
	return nil
}

// dotenvProblem says what is wrong in words of our own: godotenv's message
// quotes the rest of the file from the bad line on, bot token included.
func dotenvProblem(err error) string {
	switch msg := err.Error(); {
	case strings.HasPrefix(msg, "unterminated quoted value"):
		return "opens a quoted value that is never closed"
	case strings.HasPrefix(msg, "unexpected character"):
		return "is not NAME=value (a name has only letters, digits, _ and .)"
	}
	return "cannot be parsed"
}

// badDotenvLine finds the line godotenv fails on, which its error does not
// say: the line after the longest run of leading lines that parses on its
// own. (A quoted value may span lines, so the first prefix that fails is
// not enough: it may close further down.)
func badDotenvLine(data []byte) int {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	ok := 0
	for k := 1; k <= len(lines); k++ {
		if _, err := godotenv.Unmarshal(strings.Join(lines[:k], "\n") + "\n"); err == nil {
			ok = k
		}
	}
	return min(ok+1, max(len(lines), 1))
}
