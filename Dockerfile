# syntax=docker/dockerfile:1
# lakectl in a container: `docker build -t lakectl .`, then
#   docker run --rm -v "$PWD:/work" lakectl audit --static blueprints/retail-analytics.yaml
# AWS credentials come in as usual (-e AWS_ACCESS_KEY_ID ... or -v ~/.aws:/home/nonroot/.aws:ro).

# Build stage: the official Rust image, pinned to the toolchain the README states.
FROM rust:1.95.0-slim-bookworm AS build
WORKDIR /src
# Manifests first, so the dependency layer is cached until Cargo.toml or Cargo.lock change.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs benches/render.rs \
    && cargo fetch --locked
COPY . .
# The templates are compiled into the binary (include_str!), so the runtime needs no files.
RUN cargo build --release --locked --bin lakectl \
    && install -m 0755 target/release/lakectl /usr/local/bin/lakectl

# Runtime stage: glibc and CA certificates only, no shell, no package manager; runs as the
# image's unprivileged `nonroot` user, by number (uid 65532) so that Kubernetes can check it.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/bin/lakectl /usr/local/bin/lakectl
WORKDIR /work
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/lakectl"]
CMD ["--help"]
