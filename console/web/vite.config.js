import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Built into dist/ and served by the console's BFF (same origin: the session cookie and CSRF token
// work without CORS). Everything is bundled; nothing is loaded from a CDN.
export default defineConfig({
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: { environment: 'node', include: ['src/**/*.test.js'] },
})
