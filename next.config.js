/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
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
