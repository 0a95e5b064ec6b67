// An ESM bundle for Node 20 of the compiled app (out/app.js), written to bundle/app.mjs.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  target: 'node20',
  context: fileURLToPath(new URL('.', import.meta.url)),
  entry: './out/app.js',
  output: {
    path: fileURLToPath(new URL('bundle', import.meta.url)),
    filename: 'app.mjs',
    module: true,
    chunkFormat: 'module',
  },
  experiments: { outputModule: true },
  optimization: { minimize: false },
};
