import { constants as zlib } from 'node:zlib';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { compression } from 'vite-plugin-compression2';
import { pwaOptions } from './build/pwa.ts';
import { quietThirdPartyNotices } from './build/quiet-notices.ts';

/** The dev server forwards the API to a local sync server so the app's own origin works as server URL. */
const devServer = process.env.STOCKLINE_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Relative paths: the same build is served by the sync server at / and loaded from disk by the desktop app.
  base: './',
  plugins: [
    react(),
    VitePWA(pwaOptions()),
    quietThirdPartyNotices(),
    // Brotli and gzip copies beside each asset, made once at build time at the highest levels;
    // the sync server picks one by Accept-Encoding. A handheld on warehouse Wi-Fi downloads
    // about a third of the bytes on every first load and every update.
    compression({
      algorithms: [
        ['brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY } }],
        ['gzip', { level: 9 }],
      ],
      include: /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/,
      threshold: 1024,
    }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': devServer,
      '/healthz': devServer,
      '/socket.io': { target: devServer, ws: true },
    },
  },
});
