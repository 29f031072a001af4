import vue from '@vitejs/plugin-vue';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The web console (docs/console.md): built once into console/dist and served by the local gateway
// at /console/ (npm start), or uploaded to the env's static hosting under /console/.
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [vue()],
  // the console imports core/contracts (types and the generated table), outside its root
  server: { fs: { allow: [path.resolve(here, '..')] } },
  build: {
    outDir: path.resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    // one manifest so scripts/size.ts can follow the first load's imports
    manifest: true,
    chunkSizeWarningLimit: 1200,
  },
});
