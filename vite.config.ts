import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The staff web app: served by the Node server at /app from dist/web.
export default defineConfig({
  root: 'src/web',
  base: '/app/',
  plugins: [react()],
  css: {
    preprocessorOptions: {
      // nhsuk-frontend's own deprecation warnings are not ours to fix.
      scss: { quietDeps: true, silenceDeprecations: ['import'] },
    },
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // lightningcss (the default) fails on nhsuk-frontend's CSS hacks; see STACK-NOTES.md.
    cssMinify: 'esbuild',
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
