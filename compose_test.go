package main

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ballerina-bot/ballerina/bot/discord"
)

// compose.yaml runs the bot processes of one deployment: they must agree on
// SHARD_COUNT, cover every shard exactly once, share one PostgreSQL
// database and each read the token from .env.
func TestComposeSplitsTheShards(t *testing.T) {
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			EnvFile     string            `yaml:"env_file"`
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	count, dbURL := 0, ""
	var covered []int
	bots := 0
	for name, s := range c.Services {
		env := s.Environment
		if env["SHARD_IDS"] == "" {
			continue
		}
		bots++
		if s.EnvFile != ".env" {
			t.Errorf("%s does not read .env", name)
		}
		n, err := strconv.Atoi(env["SHARD_COUNT"])
		if err != nil || (count != 0 && n != count) {
			t.Errorf("%s: SHARD_COUNT %q (others %d)", name, env["SHARD_COUNT"], count)
		}
		count = n
		ids, err := discord.ParseShardIDs(env["SHARD_IDS"])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		covered = append(covered, ids...)
		if !strings.HasPrefix(env["DATABASE_URL"], "postgres://") || (dbURL != "" && env["DATABASE_URL"] != dbURL) {
			t.Errorf("%s: DATABASE_URL %q, want the one shared PostgreSQL database", name, env["DATABASE_URL"])
		}
		dbURL = env["DATABASE_URL"]
		if env["INSTANCE_ID"] == "" || env["METRICS_ADDR"] == "" {
			t.Errorf("%s: no INSTANCE_ID or METRICS_ADDR", name)
		}
	}
	slices.Sort(covered)
	want := make([]int, count)
	for i := range want {
		want[i] = i
	}
	if bots < 2 || !slices.Equal(covered, want) {
		t.Errorf("%d bot processes cover shards %v of %d, want each of 0-%d once", bots, covered, count, count-1)
	}
}
