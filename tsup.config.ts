import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const shared: Options = {
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  splitting: false,
  treeshake: true,
  // `npm run build` empties dist first; the builds below run side by side.
  clean: false,
  esbuildOptions(options) {
    // The maps give stack traces (`node --enable-source-maps`) the source files and lines without
    // shipping the sources themselves, which were two thirds of the tarball.
    options.sourcesContent = false;
  },
};

const entries = { index: 'src/index.ts', schemas: 'src/schemas.ts', emulator: 'src/emulator/index.ts' };

/**
 * In the ESM outputs, `src/transport/alicloud.ts` (the one module importing the CommonJS-only
 * `@alicloud/*` packages) is not bundled but loaded from `dist/alicloud.js`, built below.
 */
const alicloudApart: EsbuildPlugin = {
  name: 'alicloud-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/alicloud\.js$/ }, (args) =>
      args.importer.includes(`${sep}src${sep}transport${sep}`)
        ? { path: './alicloud.js', external: true }
        : undefined,
    );
  },
};

/**
 * In the commands, the package's entry point is not bundled but loaded from the built entry, so that a
 * command adds only its own code to the package: `src/cli/` imports `../index.js`, loaded from
 * `dist/index.js`; `src/emulator/cli.ts` imports `./index.js`, loaded from `dist/emulator.js`.
 */
const entryApart = (importerFolder: string, specifier: string, built: string): EsbuildPlugin => ({
  name: 'entry-apart',
  setup(build) {
    const filter = new RegExp(`^${specifier.replaceAll('.', '\\.')}$`);
    build.onResolve({ filter }, (args) =>
      args.importer.includes(`${sep}src${sep}${importerFolder}${sep}`)
        ? { path: built, external: true }
        : undefined,
    );
  },
});

/**
 * Turns each `require()` of a Node module (`fs`, `crypto`, …) in bundled CommonJS code into an
 * `import` of it: esbuild would otherwise emit a `__require("fs")` that fails in an ES module, and so
 * would an application's bundler (esbuild: "Dynamic require of "fs" is not supported"; webpack: "Cannot
 * find module 'fs'"), whereas any bundler or Node reads an `import` of `node:fs`.
 */
const nodeModulesAsImports: EsbuildPlugin = {
  name: 'node-modules-as-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'require-call' && isBuiltin(args.path)
        ? { path: args.path.replace(/^node:/, ''), namespace: 'node-module' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-module' }, (args) => ({
      contents: `export * from 'node:${args.path}';\nexport { default } from 'node:${args.path}';\n`,
      loader: 'js',
    }));
  },
};

/**
 * Writes `dist/alicloud.js.LICENSES.txt`: the name, version, license and license text of each package
 * bundled into `dist/alicloud.js`, as their licenses ask of a copy.
 */
const bundledLicenses: EsbuildPlugin = {
  name: 'bundled-licenses',
  setup(build) {
    build.initialOptions.metafile = true;
    build.onEnd((result) => {
      if (result.metafile === undefined) return;
      const packageRoots = new Set<string>();
      for (const input of Object.keys(result.metafile.inputs)) {
        let folder = dirname(input);
        while (folder.includes('node_modules') && !existsSync(join(folder, 'package.json')))
          folder = dirname(folder);
        if (folder.includes('node_modules')) packageRoots.add(folder);
      }
      const notices = [...packageRoots].sort().map((folder) => {
        const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
          license?: string;
          author?: string | { name: string };
        };
        const author = typeof manifest.author === 'object' ? manifest.author.name : manifest.author;
        const licenseFile = readdirSync(folder).find((file) => /^(licen[cs]e|copying)/i.test(file));
        const text =
          licenseFile === undefined ? '' : `\n\n${readFileSync(join(folder, licenseFile), 'utf8').trim()}`;
        return `${manifest.name}@${manifest.version} (${manifest.license ?? 'no license field'})${author ? `, by ${author}` : ''}${text}`;
      });
      mkdirSync('dist', { recursive: true });
      writeFileSync(
        'dist/alicloud.js.LICENSES.txt',
        `Packages bundled into alicloud.js:\n\n${notices.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`,
      );
    });
  },
};

export default defineConfig([
  { ...shared, entry: entries, format: ['esm'], dts: true, esbuildPlugins: [alicloudApart] },
  { ...shared, entry: entries, format: ['cjs'], dts: true },
  {
    // Loaded by the ESM outputs (see above): an ES module with the CommonJS-only `@alicloud/*`
    // packages (and theirs) bundled in, which imports Node's modules and requires nothing, so that an
    // application's bundler reads it as it reads any ES module. The CommonJS outputs require the
    // packages as they are.
    ...shared,
    entry: { alicloud: 'src/transport/alicloud.ts' },
    format: ['esm'],
    dts: false,
    noExternal: [/./],
    esbuildPlugins: [nodeModulesAsImports, bundledLicenses],
  },
  {
    // The standalone emulator command (`alicloud-alert-emulator`); its shebang comes from the source.
    ...shared,
    entry: { cli: 'src/emulator/cli.ts' },
    format: ['esm'],
    dts: false,
    esbuildPlugins: [entryApart('emulator', './index.js', './emulator.js')],
  },
  {
    // The handler's command (`alicloud-alert-handler`), over the package's public entry; its shebang
    // comes from the source. The yaml package it loads for YAML rule files is an optional peer, left out.
    ...shared,
    entry: { 'handler-cli': 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    esbuildPlugins: [entryApart('cli', '../index.js', './index.js')],
  },
]);
