# syntax=docker/dockerfile:1.7
# Patternscope image: one image, several roles (docker-entrypoint.sh):
#   docker run IMAGE            -> web server on :3000 (default CMD "web")
#   docker run IMAGE worker     -> background job worker (training, indexing, data refresh)
#   docker run IMAGE migrate    -> apply database migrations and exit (the Helm hook Job)
# Build: docker build -t patternscope .      Details: docs/deploy.md

# Node 22 LTS (the code and its tests also run on Node 20). To pin the base image exactly, pass its digest:
#   docker build --build-arg NODE_IMAGE=node:22-bookworm-slim@sha256:<digest> .
# (the digest from `docker buildx imagetools inspect node:22-bookworm-slim`; none is written here unverified).
ARG NODE_VERSION=22
ARG NODE_IMAGE=node:${NODE_VERSION}-bookworm-slim

# ---- deps: node_modules from the lockfile (postinstall runs `prisma generate` offline) -------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ---- build: next build (standalone) + the assembled /app folder ----------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
COPY --from=deps /src/node_modules ./node_modules
COPY . .
COPY --from=deps /src/lib/generated ./lib/generated
# Same two steps as scripts/test-standalone.sh, which proves this path without Docker.
RUN npx next build && bash scripts/assemble-standalone.sh .next/standalone

# ---- runtime: the standalone folder only, run as the unprivileged `node` user (uid 1000) ------------------------
FROM ${NODE_IMAGE} AS runtime
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="patternscope" \
      org.opencontainers.image.description="Self-hosted search for price patterns in daily stock data" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
# tini as PID 1 forwards SIGTERM to node and reaps children, so rollouts stop pods cleanly.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    BIND_HOST=0.0.0.0
WORKDIR /app
# Files stay owned by root (read-only for the app); only Next's cache and ./data are writable by `node`.
COPY --from=build /src/.next/standalone ./
RUN mkdir -p .next/cache data && chown node:node .next/cache data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/docker-entrypoint.sh"]
CMD ["web"]
