# stock-chat server image: `docker compose up` (with MongoDB) or `docker run -e JWT_SECRET=...`
# (embedded SQLite under /app/data). scripts/check-docker.sh runs the build stage's
# `RUN npm ...` steps and the CMD outside Docker, so keep those steps plain npm commands.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# The code stays owned by root (read-only to the server); only the data dir is writable.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/widget/dist ./widget/dist
COPY --from=build /app/admin/dist ./admin/dist
COPY --from=build /app/demo ./demo
COPY --from=build /app/bin ./bin
# `stock-chat token|diagnose|backup` (and `npm run token`) run the compiled CLI; no dev dependencies needed.
RUN ln -s /app/bin/stock-chat.mjs /usr/local/bin/stock-chat
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node","dist/server/index.js"]
