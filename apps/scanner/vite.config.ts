import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './build/pwa.ts';

/** The dev server forwards the API to a local sync server so the app's own origin works as server URL. */
const devServer = process.env.STOCKLINE_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Relative paths: the same build is served by the sync server at / and loaded from disk by the desktop app.
  base: './',
  plugins: [react(), VitePWA(pwaOptions())],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': devServer,
      '/healthz': devServer,
      '/socket.io': { target: devServer, ws: true },
    },
  },
});
