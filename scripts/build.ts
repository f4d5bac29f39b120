/**
 * The incremental build behind `npm run call`, `npm start` and the test suite: writes the same `build/*.cjs` bundles
 * and `.nango/nango.json` as `nango compile`, through the CLI's own bundler (esbuild plus its checks of imports,
 * exports and awaits) and its own definitions parser, but rebuilds a bundle only when one of its source files is
 * newer than it. It does not type-check: `npm run typecheck` (same compiler options) and `nango compile`/`dryrun`/
 * `deploy` do.
 *
 *   npx tsx scripts/build.ts [--force] [name ...]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as url from 'node:url';

export const projectRoot = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..');

const require = createRequire(import.meta.url);
const nangoDir = path.dirname(require.resolve('nango/package.json'));

interface Result<T> {
    isErr(): boolean;
    value: T;
    error: unknown;
}
interface CompilerModule {
    bundleFile(args: { entryPoint: string; projectRootPath: string; sourcemap?: 'inline' | 'false' }): Promise<Result<string>>;
}

/** One function registered in index.ts. */
export interface Entry {
    name: string;
    type: 'action' | 'sync';
    /** Relative path of its source, e.g. salesforce/actions/query-records.ts. */
    source: string;
    /** Absolute path of its bundle. */
    bundle: string;
}

/** The functions index.ts registers, in its order. */
export function entries(root: string = projectRoot): Entry[] {
    const index = fs.readFileSync(path.join(root, 'index.ts'), 'utf8');
    return [...index.matchAll(/^import '\.\/(salesforce\/(actions|syncs)\/([a-z0-9-]+))\.js';$/gm)].map((m) => ({
        name: m[3] ?? '',
        type: m[2] === 'syncs' ? 'sync' : 'action',
        source: `${m[1] ?? ''}.ts`,
        bundle: path.join(root, 'build', `${(m[1] ?? '').replaceAll('/', '_')}.cjs`)
    }));
}

/** Every project file a source file reaches through relative imports (type-only imports included), itself first. */
export function sourcesOf(file: string, seen: Set<string> = new Set()): Set<string> {
    if (seen.has(file) || !fs.existsSync(file)) return seen;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\s+'(\.{1,2}\/[^']+)'/g)) {
        const spec = m[1] ?? m[2] ?? '';
        sourcesOf(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), seen);
    }
    return seen;
}

function mtime(file: string): number {
    try {
        return fs.statSync(file).mtimeMs;
    } catch {
        return -1;
    }
}

/** Entries whose bundle is missing or older than one of its sources. */
export function staleEntries(list: Entry[], root: string = projectRoot): Entry[] {
    const cache = new Map<string, number>();
    const time = (file: string): number => {
        let t = cache.get(file);
        if (t === undefined) cache.set(file, (t = mtime(file)));
        return t;
    };
    return list.filter((entry) => {
        const built = mtime(entry.bundle);
        if (built < 0) return true;
        for (const file of sourcesOf(path.join(root, entry.source))) {
            if (time(file) > built) return true;
        }
        return false;
    });
}

export interface BuildOptions {
    /** Build only these functions (when stale); default: every stale one. */
    only?: string[];
    /** Rebuild even what is up to date. */
    force?: boolean;
    /** Progress lines ("bundled 12/64 …"). */
    onProgress?: (line: string) => void;
    root?: string;
}

export interface BuildResult {
    /** Functions bundled by this call. */
    built: string[];
    /** Functions whose bundle was already up to date. */
    upToDate: number;
    /** Whether .nango/nango.json was written. */
    definitions: boolean;
    ms: number;
}

export class BuildError extends Error {}

function load<T>(relative: string): Promise<T> {
    return import(url.pathToFileURL(path.join(nangoDir, 'dist', relative)).href) as Promise<T>;
}

/** Writes through a temporary file, so a reader never sees half a bundle. */
function writeAtomic(file: string, text: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, 'utf8');
    fs.renameSync(tmp, file);
}

function errorText(error: unknown): string {
    if (error && typeof error === 'object' && 'toText' in error && typeof error.toText === 'function') return String(error.toText());
    if (error instanceof Error) return error.message;
    return String(error);
}

/**
 * Bundles what is stale, then regenerates .nango/nango.json when a bundle changed or it is older than index.ts or
 * a bundle (the definitions are read from the bundles, as `nango compile` does).
 */
export async function buildBundles(options: BuildOptions = {}): Promise<BuildResult> {
    const started = Date.now();
    const root = options.root ?? projectRoot;
    const progress = options.onProgress ?? (() => {});
    const all = entries(root);
    let wanted = all;
    if (options.only) {
        const unknown = options.only.filter((name) => !all.some((e) => e.name === name));
        if (unknown.length > 0) throw new BuildError(`not registered in index.ts: ${unknown.join(', ')}`);
        wanted = all.filter((e) => options.only?.includes(e.name));
    }
    const stale = options.force ? wanted : staleEntries(wanted, root);
    const built: string[] = [];
    if (stale.length > 0) {
        progress(`bundling ${stale.length} of ${all.length} function(s) whose sources changed…`);
        const compiler = await load<CompilerModule>('zeroYaml/compile.js');
        fs.mkdirSync(path.join(root, 'build'), { recursive: true });
        let next = 0;
        let failure: string | undefined;
        const worker = async (): Promise<void> => {
            while (failure === undefined && next < stale.length) {
                const entry = stale[next++] as Entry;
                const result = await compiler.bundleFile({ entryPoint: path.join(root, entry.source.replace(/\.ts$/, '.js')), projectRootPath: root, sourcemap: 'inline' });
                if (result.isErr()) {
                    failure = `${entry.source}: ${errorText(result.error)}`;
                    return;
                }
                writeAtomic(entry.bundle, result.value);
                built.push(entry.name);
                if (built.length % 8 === 0 || built.length === stale.length) progress(`bundled ${built.length}/${stale.length}`);
            }
        };
        // two at a time: esbuild works in its own process while babel checks the next file
        await Promise.all([worker(), worker()]);
        if (failure !== undefined) throw new BuildError(`bundling failed: ${failure}`);
    }
    const nangoJson = path.join(root, '.nango', 'nango.json');
    const jsonTime = mtime(nangoJson);
    const needsDefinitions =
        built.length > 0 || jsonTime < 0 || jsonTime < mtime(path.join(root, 'index.ts')) || all.some((e) => mtime(e.bundle) > jsonTime);
    if (needsDefinitions) {
        const missing = all.filter((e) => mtime(e.bundle) < 0);
        if (missing.length > 0) {
            // the definitions are read from every bundle: build the missing ones first
            const more = await buildBundles({ ...options, only: missing.map((e) => e.name), force: true });
            built.push(...more.built);
            return { built, upToDate: all.length - built.length, definitions: more.definitions, ms: Date.now() - started };
        }
        progress('reading the definitions (.nango/nango.json)…');
        // in a plain node process: a TypeScript loader (tsx, vitest) changes what importing a .cjs bundle yields
        const child = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'definitions.mjs'), root], { encoding: 'utf8' });
        if (child.status !== 0) throw new BuildError(`definitions failed: ${String(child.stderr || child.stdout).trim()}`);
    }
    return { built, upToDate: wanted.length - built.length, definitions: needsDefinitions, ms: Date.now() - started };
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const force = args.includes('--force');
    const names = args.filter((a) => !a.startsWith('--'));
    const result = await buildBundles({ force, ...(names.length > 0 ? { only: names } : {}), onProgress: (line) => process.stdout.write(`${line}\n`) });
    process.stdout.write(
        `${result.built.length} bundle(s) built, ${result.upToDate} up to date${result.definitions ? ', .nango/nango.json written' : ''} in ${(result.ms / 1000).toFixed(1)} s\n`
    );
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
    main().catch((error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    });
}

interface Definition {
    name: string;
    type: 'action' | 'sync';
    description?: string;
    input?: string | null;
    output?: string[] | null;
    json_schema?: unknown;
    version?: string;
    runs?: string;
    auto_start?: boolean;
    webhookSubscriptions?: string[];
}

/**
 * The body `nango deploy` POSTs to /sync/deploy for what was built (flowConfigs from .nango/nango.json and the bundles
 * in build/), without its compile: `npm start` hands it to the emulator, whose Nango side then runs the functions.
 */
export function deployPayload(root: string = projectRoot): Record<string, unknown> {
    const config = JSON.parse(fs.readFileSync(path.join(root, '.nango', 'nango.json'), 'utf8')) as Array<{ providerConfigKey: string; actions: Definition[]; syncs: Definition[] }>;
    const bundles = new Map(entries(root).map((e) => [e.name, e]));
    const flowConfigs = config.flatMap((integration) =>
        [...integration.syncs, ...integration.actions].flatMap((d) => {
            const entry = bundles.get(d.name);
            if (!entry) return [];
            return [
                {
                    syncName: d.name,
                    providerConfigKey: integration.providerConfigKey,
                    type: d.type,
                    models: d.output ?? [],
                    models_json_schema: d.json_schema,
                    input: d.input ?? undefined,
                    version: d.version,
                    metadata: d.description ? { description: d.description } : {},
                    fileBody: { js: fs.readFileSync(entry.bundle, 'utf8'), ts: fs.readFileSync(path.join(root, entry.source), 'utf8') },
                    ...(d.type === 'sync' ? { runs: d.runs, auto_start: d.auto_start === true, webhookSubscriptions: d.webhookSubscriptions ?? [] } : {})
                }
            ];
        })
    );
    return { flowConfigs, reconcile: true, debug: false };
}
