# The console's image: `docker build -t sextant-console .` (README "Build the image"). Three stages: the dependencies
# (`npm ci`, dev tools included, for the build only), the build (`next build`, whose `output: 'standalone'` writes
# server.js and the node_modules files it traces to), and the runtime, which holds only that output, Next's static
# files and public/ on a shell-less Node image. The mesh in a box, the tests and the dev tools never reach it.
# test/unit/deploy/dockerfile-lint.test.ts lints this file; deploy/base/deployment.yaml runs it.

# Node 20 on Debian 12, as the runtime below: Node 20.20.2 is the last release of the 20 line (nodejs.org, 2026-03-24).
# The tag says which; the digest keeps a re-pushed tag from changing the build.
FROM node:20.20.2-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS deps
WORKDIR /app
# The lockfile lists the mesh in a box as a workspace, so `npm ci` needs its package.json; nothing else of it.
COPY package.json package-lock.json ./
COPY packages/mesh-in-a-box/package.json packages/mesh-in-a-box/
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# An empty directory, made here because the runtime image has no shell to make one: it becomes .next/cache there,
# owned by the runtime user, the one place besides /tmp that the server writes (Next's image and fetch caches).
RUN npm run build && mkdir /app/empty

# Google's distroless cc image for Debian 12 (github.com/GoogleContainerTools/distroless, cc/README.md): glibc,
# libstdc++, libgcc, CA certificates and tzdata, no shell and no package manager; its `nonroot` tag runs as uid 65532.
# It is what their nodejs20-debian12 image is built on (nodejs/nodejs.bzl), which adds Node's release tarball at
# /nodejs: the binary, and 51 MB of C headers (include/node) that only native-addon builds read. Taking the binary
# alone, from the build stage, keeps the image under its 200 MB budget (README "Benchmarks") and runs the Node 20
# the console was built and tested with (20.20.2, newer than the 20.19 of their last Node 20 image). The project
# publishes no version tags: pin the digest your registry resolves (`docker buildx imagetools inspect
# gcr.io/distroless/cc-debian12:nonroot`) when you mirror it.
FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
WORKDIR /app
# HOSTNAME: Next's standalone server listens on it, and Kubernetes sets it to the pod's name (one interface only).
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    NEXT_TELEMETRY_DISABLED=1
# Where distroless puts it. Node's official binary links only glibc, libstdc++ and libgcc_s (its OpenSSL and ICU are
# built in), all in the cc image.
COPY --from=deps /usr/local/bin/node /nodejs/bin/node
# Owned by root and only readable by the server: the code cannot be changed by the process that runs it.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build --chown=65532:65532 /app/empty ./.next/cache
USER 65532:65532
EXPOSE 3000
# Exec form: node is PID 1 and gets SIGTERM from Kubernetes itself (no shell in between, none in the image).
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["server.js"]
