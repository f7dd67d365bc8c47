# Build: docker build -t ecities .
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p ecities

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/ecities /usr/local/bin/ecities
WORKDIR /var/lib/ecities
ENV ECITIES_BIND=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["ecities"]
CMD ["serve"]
