import { defineConfig } from 'vite';

// Preact's automatic JSX runtime through Vite's own esbuild transform: no framework
// plugin needed (and none of them installs cleanly with vite@7 here).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  test: { environment: 'node', include: ['src/**/*.test.js'] },
});
