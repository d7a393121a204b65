# Build: docker build -t ballerina-bot .
# Run:   docker run -d --restart unless-stopped --env-file .env -v ballerina-data:/data -p 127.0.0.1:9090:9090 ballerina-bot
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Static binary: modernc.org/sqlite is pure Go, so no cgo is needed.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ballerina . \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ballerina /usr/local/bin/ballerina
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
ENV DATABASE_URL=/data/ballerina.db \
    METRICS_ADDR=:9090
VOLUME ["/data"]
# /metrics (Prometheus) and /healthz.
EXPOSE 9090
# `ballerina health` asks /healthz on METRICS_ADDR (the image has no curl):
# healthy once the gateway is connected and heartbeats are acknowledged.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/ballerina", "health"]
ENTRYPOINT ["/usr/local/bin/ballerina"]
# `discord`, not the bare command: without DISCORD_TOKEN the container
# exits with an error instead of starting a console on an empty stdin.
# For Discord's HTTP interactions endpoint instead, run the image with the
# command `http` and DISCORD_PUBLIC_KEY (see the README); it listens on
# HTTP_ADDR, :8080: publish it behind a TLS proxy (-p 127.0.0.1:8080:8080).
EXPOSE 8080
CMD ["discord"]
