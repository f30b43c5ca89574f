/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The image (Dockerfile) runs .next/standalone: server.js and only the node_modules files the server traces to,
  // so the runtime stage needs no `npm ci`, no dev tools and no mesh in a box (nextjs.org/docs/app/api-reference/
  // config/next-config-js/output). `next start` still serves the same build for the demo and the browser tests.
  output: 'standalone',
  // This folder, not a parent with a lockfile of its own: server.js lands at .next/standalone/server.js.
  outputFileTracingRoot: import.meta.dirname,
  // The console draws no next/image: no /_next/image route, so nothing written to .next/cache/images, and sharp with
  // its 19 MB of libvips stays out of the standalone output (the image budget: README "Benchmarks").
  images: { unoptimized: true },
  outputFileTracingExcludes: { '*': ['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*'] },
  // The contracts and server/ are ESM TypeScript that import './health.js' (Node's rule). Turbopack cannot map
  // .js to .ts yet, so the console builds with webpack (`next build --webpack`), which can.
  webpack: (config) => {
    config.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'] };
    return config;
  },
  // The OpenTelemetry SDK is loaded from node_modules only when an OTLP endpoint is set (server/observability/otlp.ts),
  // and shares one @opentelemetry/api with the routes' spans.
  serverExternalPackages: [
    '@kubernetes/client-node',
    '@opentelemetry/api',
    '@opentelemetry/sdk-trace',
    '@opentelemetry/context-async-hooks',
    '@opentelemetry/exporter-trace-otlp-http',
    '@opentelemetry/resources',
    '@opentelemetry/semantic-conventions',
  ],
};

export default nextConfig;
