package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// healthTimeout bounds the whole health check; Docker's default
// HEALTHCHECK timeout is 30 s, the Dockerfile asks for 5 s.
const healthTimeout = 3 * time.Second

// health asks the running bot's /healthz on METRICS_ADDR and prints one
// line: the container's HEALTHCHECK, since the distroless image has no
// curl. Exit 0 when healthy, 1 otherwise (Docker reads only 0 and 1).
func health(ctx context.Context, cfg config, out io.Writer) int {
	if cfg.MetricsAddr == "" {
		fmt.Fprintln(out, "unhealthy: METRICS_ADDR is not set, so the bot serves no /healthz to ask")
		return exitFailed
	}
	u := healthURL(cfg.MetricsAddr)
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		fmt.Fprintf(out, "unhealthy: METRICS_ADDR %q gives no usable URL\n", cfg.MetricsAddr)
		return exitFailed
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is said already
		}
		fmt.Fprintf(out, "unhealthy: %s did not answer: %v\n", u, err)
		return exitFailed
	}
	defer resp.Body.Close()
	var h struct {
		GatewayConnected bool    `json:"gateway_connected"`
		AckAge           float64 `json:"heartbeat_ack_age_seconds"`
		InFlight         int     `json:"in_flight"`
		Stopping         bool    `json:"stopping"`
		Mode             string  `json:"mode"` // "http" for the interactions endpoint, else the gateway
		Shards           []struct {
			ID        int     `json:"id"`
			Connected bool    `json:"connected"`
			Healthy   bool    `json:"healthy"`
			AckAge    float64 `json:"heartbeat_ack_age_seconds"`
		} `json:"shards"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&h); err != nil {
		fmt.Fprintf(out, "unhealthy: %s answered %s, not the bot's health report\n", u, resp.Status)
		return exitFailed
	}
	if resp.StatusCode == http.StatusOK && h.Mode == "http" {
		fmt.Fprintf(out, "healthy: interactions endpoint serving, %d in flight\n", h.InFlight)
		return exitOK
	}
	if len(h.Shards) > 1 { // one line for the process, naming the shards that are not well
		connected := 0
		var bad []string
		for _, sh := range h.Shards {
			switch {
			case sh.Connected && sh.Healthy:
				connected++
			case sh.Healthy:
				bad = append(bad, fmt.Sprintf("shard %d reconnecting", sh.ID))
			case sh.Connected:
				bad = append(bad, fmt.Sprintf("shard %d heartbeats not acknowledged, last ACK %s", sh.ID, ackAge(sh.AckAge)))
			default:
				bad = append(bad, fmt.Sprintf("shard %d not connected", sh.ID))
			}
		}
		state := fmt.Sprintf("%d of %d shards connected", connected, len(h.Shards))
		if len(bad) > 0 {
			state += " (" + strings.Join(bad, "; ") + ")"
		}
		if resp.StatusCode == http.StatusOK {
			fmt.Fprintf(out, "healthy: %s, oldest heartbeat ACK %s, %d in flight\n", state, ackAge(h.AckAge), h.InFlight)
			return exitOK
		}
		if h.Stopping {
			state = "shutting down"
		}
		fmt.Fprintf(out, "unhealthy: %s (%s)\n", state, resp.Status)
		return exitFailed
	}
	if resp.StatusCode == http.StatusOK {
		fmt.Fprintf(out, "healthy: gateway connected, last heartbeat ACK %s, %d in flight\n", ackAge(h.AckAge), h.InFlight)
		return exitOK
	}
	why := "gateway not connected"
	switch {
	case h.Stopping:
		why = "shutting down"
	case h.GatewayConnected:
		why = "heartbeats not acknowledged, last ACK " + ackAge(h.AckAge)
	}
	fmt.Fprintf(out, "unhealthy: %s (%s)\n", why, resp.Status)
	return exitFailed
}

// healthURL is /healthz on addr, with a listen-on-all address (":9090",
// "0.0.0.0:9090", "[::]:9090") asked on the loopback.
func healthURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + "/healthz"
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}

func ackAge(seconds float64) string {
	if seconds < 0 {
		return "never"
	}
	return fmt.Sprintf("%.1f s ago", seconds)
}
