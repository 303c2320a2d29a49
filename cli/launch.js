#!/usr/bin/env node
// `node cli/launch.js <entry> [args...]`: runs one of the app's entry points (synth, preview, cost, policy,
// deploy-order) as compiled JavaScript. This file is plain JavaScript so that it runs before anything is built.
// `node cli/launch.js --build` only brings the build up to date.
//
// Build: esbuild bundles each entry point with everything it imports (the project's TypeScript, cdktf,
// constructs, the provider classes it uses, zod, yaml) into .build/<entry>-<content hash>.js. One file
// instead of ~650 modules saves Node's module resolution, and V8 compiles it once: the compiled code is kept
// beside the bundle (<bundle>.v8cache, V8's own code cache, the same mechanism as Node 22's
// module.enableCompileCache()) and reused while the bundle is unchanged. The output is byte-identical to
// running the TypeScript with tsx (test/main.test.ts compares them).
//
// Up-to-date check: .build/inputs.json records size and mtime of every project file esbuild read; a run
// stats those (a few milliseconds) and rebuilds only when one changed or disappeared, when node_modules was
// reinstalled, or when this file changed. A rebuild takes well under a second. Nothing is type-checked
// here: `npm run typecheck` (part of `npm test`) does that, as with tsx before.
//
// `__dirname` in the bundled sources keeps meaning the directory of the source file (environments/load.ts
// finds the YAML files beside it, the policy pack its suppressions file at the root): the build rewrites it
// to that directory relative to the bundle, so a moved checkout keeps working.
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const ROOT = path.resolve(__dirname, '..');
const BUILD_DIR = path.join(ROOT, '.build');
const INPUTS_FILE = path.join(BUILD_DIR, 'inputs.json');
/** Entry point name -> source file. main.ts is the cdktf app itself (cdktf.json "app"). */
const ENTRIES = {
  synth: 'main.ts',
  preview: 'cli/preview.ts',
  cost: 'cli/cost.ts',
  policy: 'cli/policy.ts',
  'deploy-order': 'cli/deploy-order.ts',
  'serving-report': 'cli/serving-report.ts',
  runbook: 'cli/runbook.ts',
};
/** Development tools that no entry point may pull into a bundle (a mistake if one did: keep them out). */
const EXTERNAL = ['esbuild', 'typescript', 'jest', 'tsx'];
/** Rewritten on every `npm ci`/`npm install`: a reinstall (new versions) triggers a rebuild. */
const INSTALL_MARKER = path.join(ROOT, 'node_modules', '.package-lock.json');

function stamp(file) {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** The recorded build, when it was made from exactly the files as they are now; else undefined. */
function currentBuild() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(INPUTS_FILE, 'utf8'));
  } catch {
    return undefined;
  }
  if (recorded.launcher !== stamp(__filename) || recorded.install !== stamp(INSTALL_MARKER) || recorded.root !== ROOT) return undefined;
  if (Object.keys(ENTRIES).some((e) => !recorded.bundles[e] || !fs.existsSync(path.join(BUILD_DIR, recorded.bundles[e])))) return undefined;
  for (const [file, s] of Object.entries(recorded.inputs)) if (stamp(path.join(ROOT, file)) !== s) return undefined;
  return recorded;
}

/** Replaces `__dirname` in a project source file with that file's own directory, found from the bundle's. */
const sourceDirname = {
  name: 'source-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const contents = await fs.promises.readFile(args.path, 'utf8');
      if (args.path.includes(`${path.sep}node_modules${path.sep}`) || !/\b__dirname\b/.test(contents)) return undefined;
      const rel = path.relative(BUILD_DIR, path.dirname(args.path)).split(path.sep).join('/');
      return { contents: contents.replace(/\b__dirname\b/g, `require('path').join(__dirname, ${JSON.stringify(rel)})`), loader: 'ts' };
    });
  },
};

/**
 * cdktf zips a TerraformAsset directory by running its own module as a child process
 * (`node ${__filename} <src> <dest>` in cdktf/lib/private/fs.js). Inside a bundle `__filename` would be the
 * bundle, which would start the app again with those two paths as arguments; point it at the installed
 * file instead (its path relative to the bundle, like sourceDirname above).
 */
const cdktfArchiveCli = {
  name: 'cdktf-archive-cli',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, async (args) => {
      const contents = await fs.promises.readFile(args.path, 'utf8');
      const rel = path.relative(BUILD_DIR, args.path).split(path.sep).join('/');
      return { contents: contents.replace(/\b__filename\b/g, `require('path').join(__dirname, ${JSON.stringify(rel)})`), loader: 'js' };
    });
  },
};

/**
 * What each entry point's own source imports from cdktf, constructs and the provider packages (the
 * module-load floor npm run bench compares with), from esbuild's metafile.
 */
function frameworkImports(metafile) {
  const byInput = metafile.inputs;
  const out = {};
  for (const [output, meta] of Object.entries(metafile.outputs)) {
    if (!output.endsWith('.js')) continue;
    const specifiers = new Set();
    for (const input of Object.keys(meta.inputs)) {
      if (input.startsWith('node_modules/')) continue;
      for (const imp of byInput[input]?.imports ?? []) {
        const spec = imp.original ?? '';
        if (/^(cdktf|constructs|@cdktf\/[^/]+\/lib\/.+)$/.test(spec)) specifiers.add(spec);
      }
    }
    out[meta.entryPoint] = [...specifiers].sort();
  }
  return out;
}

async function build() {
  const esbuild = require('esbuild');
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(BUILD_DIR, 'tmp-'));
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)])),
      entryNames: '[name]-[hash]',
      outdir: tmp,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: EXTERNAL,
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'error',
      plugins: [sourceDirname, cdktfArchiveCli],
    });
    const inputs = {};
    for (const file of Object.keys(result.metafile.inputs).sort()) {
      if (!file.startsWith('node_modules/')) inputs[file] = stamp(path.join(ROOT, file)); // node_modules: INSTALL_MARKER
    }
    const bundles = {};
    const byEntry = frameworkImports(result.metafile);
    const imports = {};
    for (const [name, file] of Object.entries(ENTRIES)) {
      const output = Object.entries(result.metafile.outputs).find(([, m]) => m.entryPoint === file)?.[0];
      if (!output) throw new Error(`esbuild wrote no bundle for ${file}`);
      bundles[name] = path.basename(output);
      imports[name] = byEntry[file];
    }
    fs.writeFileSync(path.join(tmp, 'framework-imports.json'), `${JSON.stringify(imports, null, 1)}\n`);
    fs.writeFileSync(path.join(tmp, 'inputs.json'),
      `${JSON.stringify({ launcher: stamp(__filename), install: stamp(INSTALL_MARKER), root: ROOT, bundles, inputs })}\n`);
    // Move each file in with rename(), inputs.json last: a run that starts meanwhile finds either the
    // previous build or the new one. Bundle names carry their content hash, so the code cache of one
    // bundle is never applied to another; bundles of earlier builds are removed (a run still using one
    // has read it already).
    const fresh = fs.readdirSync(tmp);
    for (const f of fresh.filter((x) => x !== 'inputs.json')) fs.renameSync(path.join(tmp, f), path.join(BUILD_DIR, f));
    fs.renameSync(path.join(tmp, 'inputs.json'), INPUTS_FILE);
    const keep = new Set([...fresh, ...fresh.map((f) => `${f}.v8cache`)]);
    for (const f of fs.readdirSync(BUILD_DIR)) {
      if (!keep.has(f) && /-[A-Z0-9]+\.js(\.map|\.v8cache)?$/.test(f)) fs.rmSync(path.join(BUILD_DIR, f), { force: true });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Builds when needed; returns the path of `entry`'s bundle. */
async function ensureBuilt(entry) {
  const recorded = currentBuild() ?? (await build(), currentBuild());
  if (!recorded) throw new Error(`${INPUTS_FILE}: the build did not record itself (was a source file changed during the build?)`);
  return path.join(BUILD_DIR, recorded.bundles[entry]);
}

/**
 * Loads a bundle as CommonJS through V8's code cache: compiled with the cache of an earlier run when there
 * is one, and the cache (re)written at exit otherwise, with every function compiled by then.
 */
function requireWithCodeCache(bundle) {
  const cacheFile = `${bundle}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // A `#!` line (the package bins keep theirs) is only valid at the very start of a file, not inside the
  // module wrapper: blank it, keeping line numbers.
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#![^\n]*/, '');
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A cache that cannot be written only costs the next run its compile time.
      }
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  const req = (id) => mod.require(id);
  req.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  req.main = require.main;
  req.cache = Module._cache;
  Module._cache[bundle] = mod;
  script.runInThisContext({ displayErrors: true }).call(mod.exports, mod.exports, req, mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return mod.exports;
}

async function launch() {
  const [entry, ...args] = process.argv.slice(2);
  if (entry === '--build') {
    await ensureBuilt('synth');
    return;
  }
  if (!Object.hasOwn(ENTRIES, entry ?? '')) {
    console.error(`usage: node cli/launch.js <${Object.keys(ENTRIES).join('|')}> [arguments] | --build`);
    process.exitCode = 2;
    return;
  }
  const bundle = await ensureBuilt(entry);
  process.argv = [process.argv[0], bundle, ...args];
  requireWithCodeCache(bundle);
}

module.exports = { ENTRIES, BUILD_DIR, INPUTS_FILE, ensureBuilt, currentBuild };

if (require.main === module) {
  launch().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
