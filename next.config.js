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
  serverExternalPackages: ['@kubernetes/client-node'],
};

export default nextConfig;
