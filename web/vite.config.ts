import { defineConfig } from 'vitest/config';

// Output: web/dist/index.html plus content-hashed files under dist/assets/,
// which the C++ server (src/webui/) serves with an immutable cache policy.
// scripts/precompress.mjs then writes .gz beside each compressible file.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a running `fairlabel serve` on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
