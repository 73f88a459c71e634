// Bundles the server into dist/main.js. The @stockline/* workspace packages export TypeScript
// source, so they are bundled; every other package (including what the workspace packages
// import, like zod) stays external and is loaded from node_modules at run time: native
// better-sqlite3, the optional mongodb driver and pino's worker files work unchanged.
import { build } from 'esbuild';

const BARE = /^[^./]|^\.[^./]|^\.\.[^/]/; // not a relative or absolute path

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'externalize-non-workspace-packages',
      setup(b) {
        b.onResolve({ filter: BARE }, (args) => {
          if (args.path.startsWith('@stockline/')) return undefined; // bundled from source
          return { path: args.path, external: true };
        });
      },
    },
  ],
});
console.log('built dist/main.js');
