import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The playground (`npm run build:web`): a static site in web/dist that any static server can
// serve from any path (relative URLs), built from leapfrog's sources and examples.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Vite 8 warns when plugins take a share of a slow build's time: a remark on the machine.
    rolldownOptions: { checks: { pluginTimings: false } },
    // Over the 500 kB default on purpose: the two workers (leapfrog's sampler and the model
    // checker, ~1 MB each before gzip), vega (loaded to draw the first plot) and the data of
    // logistic_regression (loaded when chosen) are each one piece that loads when needed.
    chunkSizeWarningLimit: 1200,
  },
  // The workers are bundles of their own, so the remark is silenced for them too.
  worker: { format: 'es', rolldownOptions: { checks: { pluginTimings: false } } },
  // The examples and leapfrog's sources sit above web/.
  server: { fs: { allow: ['..'] } },
});
