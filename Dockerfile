# syntax=docker/dockerfile:1
# puter-openai-proxy: one self-contained binary in a small, non-root image.
#   docker build -t puter-openai-proxy .
#   docker run -p 3000:3000 puter-openai-proxy

# Build with the same commands CI runs: `npm ci`, then `npm run build` (bun build --compile).
FROM node:20-bookworm-slim AS build
# swagger-ui-dist pulls in an install-time telemetry ping; package.json denies it to npm 11, this to older npm.
ENV SCARF_ANALYTICS=false
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json bunfig.toml ./
COPY src ./src
RUN npm run build

# Run: glibc and CA certificates, no shell, no package manager, user 65532.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/puter-openai-proxy /usr/local/bin/puter-openai-proxy
# Bun's fetch allows 256 requests in flight by default; each open stream holds one upstream request.
ENV PORT=3000 HOST=0.0.0.0 BUN_CONFIG_MAX_HTTP_REQUESTS=8192
EXPOSE 3000
USER nonroot
# The binary checks its own /health: the image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 CMD ["/usr/local/bin/puter-openai-proxy", "--healthcheck"]
# SIGTERM starts a graceful shutdown of SHUTDOWN_GRACE seconds (30 by default).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/puter-openai-proxy"]
