# syntax=docker/dockerfile:1
# The ecities node as a small image that runs as an unprivileged user.
#
#   docker build -t ecities .
#   docker run -p 8080:8080 -v ecities-data:/var/lib/ecities \
#     -e ECITIES_PUBLIC_URL=https://ecities.city.example ecities
#
# Where no Docker engine runs (CI here), tests/packaging.rs checks this file
# for consistency; see docs/OPERATIONS.md for checking a build elsewhere.

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
# Cache mounts (BuildKit): a rebuild after a source change reuses the
# registry and the compiled dependencies instead of building 400 crates.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p ecities \
    && install -D -m 0755 target/release/ecities /out/ecities

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/ecities --create-home --shell /usr/sbin/nologin ecities
COPY --from=build /out/ecities /usr/local/bin/ecities
COPY config/ /usr/share/ecities/config/
USER ecities
WORKDIR /var/lib/ecities
VOLUME ["/var/lib/ecities"]
ENV ECITIES_BIND=0.0.0.0:8080 \
    ECITIES_DATABASE_URL=sqlite:///var/lib/ecities/data/ecities.db
EXPOSE 8080
# /healthz over plain bash (no curl in the image).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ECITIES_BIND##*:} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["ecities"]
CMD ["serve"]
