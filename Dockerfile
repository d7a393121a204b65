# Build: docker build -t ballerina-bot .
# Run:   docker run --env-file .env -v ballerina-data:/data ballerina-bot
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
ENV DATABASE_URL=/data/ballerina.db
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/ballerina"]
