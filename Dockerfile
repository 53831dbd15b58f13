# The imagestreams server image: `isctl` on Node.js 20, running as uid/gid 1000, with nothing
# but node, the built server and its production dependencies.
#
#   docker build -t imagestreams:0.1.0 .
#   docker run --read-only --tmpfs /tmp -v imagestreams-data:/var/lib/imagestreams \
#     -p 8443:8443 imagestreams:0.1.0 serve --listen=0.0.0.0:8443 \
#     --data-dir=/var/lib/imagestreams --token-auth-file=...
#
# NODE_IMAGE is any Debian-based image with node 20 and npm in /usr/local (the official `node`
# images' layout); the tests build one of their own, since nothing can be pulled there.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
# `npm ci` installs the locked dependencies, runs their install scripts (better-sqlite3 fetches
# its prebuilt binary for this node and libc, or compiles it where a C++ toolchain is present) and
# then the package's `prepare` script, which is `npm run build`: tsc to dist/ and the console to
# dist/console. Then the dev dependencies (compilers, bundlers, linters) are pruned, and npm's
# download cache dropped (a smaller layer to commit).
RUN npm ci --no-audit --no-fund \
  && test -f dist/src/cli/main.js \
  && test -f dist/console/index.html \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# No package manager in the server image: npm, npx, corepack and yarn go.
RUN rm -rf /usr/local/lib/node_modules /usr/local/include/node /opt/yarn-* \
    /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
    /usr/local/bin/yarn /usr/local/bin/yarnpkg \
  && mkdir -p /var/lib/imagestreams \
  && chown 1000:1000 /var/lib/imagestreams \
  && chmod 0750 /var/lib/imagestreams
WORKDIR /app
# package.json marks the package root, where the server finds dist/console.
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/dist/console ./dist/console
ENV NODE_ENV=production
# The SQLite store (one replica); mount a volume or PersistentVolumeClaim here. The image runs
# with a read-only root filesystem: the data directory and /tmp are the only places it writes.
VOLUME ["/var/lib/imagestreams"]
USER 1000:1000
EXPOSE 8443
ENTRYPOINT ["node", "/app/dist/src/cli/main.js"]
# Without --token-auth-file, anonymous requests are answered from loopback only.
CMD ["serve", "--listen=0.0.0.0:8443", "--data-dir=/var/lib/imagestreams"]
