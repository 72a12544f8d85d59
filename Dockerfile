# Multi-stage build: compile (with the toolchain for the SQLite driver), then a slim runtime as a non-root user.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY server ./server
COPY migrations ./migrations
COPY licenses ./licenses
COPY installer ./installer
COPY test ./test
COPY ui ./ui
RUN node bin/build.mjs && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production ONDESK_DATA_DIR=/var/lib/ondesk ONDESK_HOST=0.0.0.0 ONDESK_PORT=8080
WORKDIR /opt/ondesk
RUN groupadd --system ondesk && useradd --system --gid ondesk --home /var/lib/ondesk ondesk \
 && mkdir -p /var/lib/ondesk && chown ondesk:ondesk /var/lib/ondesk && chmod 0750 /var/lib/ondesk
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/ui ./ui
USER ondesk
VOLUME ["/var/lib/ondesk"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.ONDESK_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same Node flags and malloc settings as every other way Ondesk starts (server/shared/node-flags.ts).
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=50", "bin/ondesk.js", "serve"]
