# One image for the API and the worker (the command picks the role).
FROM node:20.18-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prisma.ts scripts/prisma.ts
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --omit=dev --ignore-scripts && npm install --no-save --ignore-scripts prisma@7.10.1 @prisma/schema-engine-wasm@8.1.0-2.59be4fda12412a79eeb9c2ae727b6aa723593323 \
 && node --import tsx scripts/prisma.ts generate

FROM node:20.18-bookworm-slim
# MALLOC_ARENA_MAX: one glibc malloc arena instead of up to 8 per core (infra/config.ts, bench/README.md).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 MALLOC_ARENA_MAX=1
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/generated generated
COPY . .
# The workflow bundle is built once here, so a worker container starts without running webpack; the
# product is compiled to generated/app/ so that it runs on plain node, without tsx's loader (~36 MB per process),
# and the pages' browser code (web/) is bundled into generated/web/, which the API serves.
RUN node --import tsx scripts/bundle-workflows.ts && node --import tsx scripts/build.ts
RUN useradd --system --uid 10001 campaign && chown -R campaign /app
USER campaign
EXPOSE 3000
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=100", "--liftoff-only", "generated/app/start.js", "--role", "api"]
