/**
 * Runs a compiled function bundle (what `nango compile` produces and `nango deploy` ships) the way Nango's runner and
 * `nango dryrun` do: in a `vm` sandbox with only the globals and modules Nango gives functions (`url`, `crypto`,
 * `nango`, `zod`), with the CLI's own `NangoActionCLI`/`NangoSyncCLI` runtime talking to a Nango host (this emulator)
 * over real HTTP. The tests run the bundles of `build/` through it (tests/e2e/runtime.ts); the emulator's Nango side
 * runs the bundles it received from `nango deploy` through it (nango-runtime.ts). It takes the bundle's code as text
 * and knows nothing of the package that produced it.
 */
import { Buffer } from 'node:buffer';
import * as crypto from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as url from 'node:url';
import vm from 'node:vm';
import * as zod from 'zod';

const require = createRequire(import.meta.url);
const nangoDir = path.dirname(require.resolve('nango/package.json'));
const nangoRequire = createRequire(path.join(nangoDir, 'package.json'));

interface CliModule {
    NangoActionCLI: new (props: unknown, cliProps: unknown) => any;
    NangoSyncCLI: new (props: unknown, cliProps: unknown) => any;
}
interface RunnerSdk {
    ActionError: new (...args: any[]) => Error & { type: string; payload: unknown };
    validateData: (args: { version: string; input: unknown; modelName: string | undefined; jsonSchema: unknown }) => true | unknown[];
}

let loaded: Promise<{ cli: CliModule; sdk: RunnerSdk; scripts: unknown }> | undefined;
/** Loads Nango's CLI runtime modules (once); call it first to keep module loading out of a measurement. */
export function loadNango() {
    loaded ??= (async () => ({
        cli: (await import(url.pathToFileURL(path.join(nangoDir, 'dist', 'services', 'sdk.js')).href)) as CliModule,
        sdk: (await import(url.pathToFileURL(nangoRequire.resolve('@nangohq/runner-sdk')).href)) as RunnerSdk,
        scripts: await import(url.pathToFileURL(path.join(nangoDir, 'dist', 'sdkScripts.js')).href)
    }))();
    return loaded;
}

/** What a function's compiled definition says of it (an entry of .nango/nango.json, or of a deploy). */
export interface ScriptInfo {
    name: string;
    type: 'action' | 'sync';
    input?: string | null;
    output?: string[] | null;
    json_schema?: unknown;
    version?: string;
}

/** What Nango's records API says of one record: when it was first and last seen, its last change, its place in order. */
export interface RecordMetadata {
    first_seen_at: string;
    last_modified_at: string;
    last_action: 'ADDED' | 'UPDATED' | 'DELETED';
    deleted_at: string | null;
    /** Opaque position in modification order: a later change has a greater cursor. */
    cursor: string;
}

/**
 * What Nango keeps of a sync's records between runs (the CLI's dry run keeps nothing): saves upsert, deletes remove,
 * and a trackDeletesStart/End window removes what was not saved inside it, even across runs. It also keeps what
 * Nango's records API serves (`GET /records`): each record's metadata and the last payload of deleted ones. A save
 * whose payload equals the one held changes nothing (Nango compares payloads the same way); saving a deleted record
 * again makes it UPDATED. Simplified: one store per model, no variants, no pruning.
 */
export class RecordCache {
    /** The live records, by model and id. */
    readonly records = new Map<string, Map<string, Record<string, unknown>>>();
    private readonly windows = new Map<string, Set<string>>();
    private readonly meta = new Map<string, Map<string, RecordMetadata>>();
    private readonly tombstones = new Map<string, Map<string, Record<string, unknown>>>();
    private sequence = 0;
    /** How many times each id was saved during the last run, per model. */
    savesInRun = new Map<string, Map<string, number>>();

    constructor(private readonly clock: () => number = Date.now) {}

    private model(name: string): Map<string, Record<string, unknown>> {
        let m = this.records.get(name);
        if (!m) this.records.set(name, (m = new Map()));
        return m;
    }

    private metaOf(name: string): Map<string, RecordMetadata> {
        let m = this.meta.get(name);
        if (!m) this.meta.set(name, (m = new Map()));
        return m;
    }

    private stamp(name: string, id: string, action: RecordMetadata['last_action']): void {
        const now = new Date(this.clock()).toISOString();
        const previous = this.metaOf(name).get(id);
        // a fixed-width counter keeps cursors in string order
        const cursor = String(++this.sequence).padStart(12, '0');
        this.metaOf(name).set(id, { first_seen_at: previous?.first_seen_at ?? now, last_modified_at: now, last_action: action, deleted_at: action === 'DELETED' ? now : null, cursor });
    }

    beginRun(): void {
        this.savesInRun = new Map();
    }

    save(name: string, records: Array<Record<string, unknown>>): void {
        const counts = this.savesInRun.get(name) ?? new Map<string, number>();
        this.savesInRun.set(name, counts);
        for (const record of records) {
            const id = String(record['id']);
            const held = this.model(name).get(id);
            const known = this.metaOf(name).has(id);
            if (held === undefined || JSON.stringify(held) !== JSON.stringify(record)) this.stamp(name, id, known ? 'UPDATED' : 'ADDED');
            this.tombstones.get(name)?.delete(id);
            this.model(name).set(id, record);
            this.windows.get(name)?.add(id);
            counts.set(id, (counts.get(id) ?? 0) + 1);
        }
    }

    private remove(name: string, id: string): void {
        const held = this.model(name).get(id);
        if (held === undefined) return;
        this.model(name).delete(id);
        let t = this.tombstones.get(name);
        if (!t) this.tombstones.set(name, (t = new Map()));
        t.set(id, held);
        this.stamp(name, id, 'DELETED');
    }

    delete(name: string, records: Array<Record<string, unknown>>): void {
        for (const record of records) this.remove(name, String(record['id']));
    }

    trackDeletesStart(name: string): void {
        if (!this.windows.has(name)) this.windows.set(name, new Set());
    }

    trackDeletesEnd(name: string): { deletedKeys: string[] } {
        const seen = this.windows.get(name) ?? new Set<string>();
        this.windows.delete(name);
        const deletedKeys = [...this.model(name).keys()].filter((id) => !seen.has(id));
        deletedKeys.forEach((id) => this.remove(name, id));
        return { deletedKeys };
    }

    ids(name: string): string[] {
        return [...this.model(name).keys()].sort();
    }

    /** The record held under an id, or undefined. */
    get(name: string, id: string): Record<string, unknown> | undefined {
        return this.records.get(name)?.get(id);
    }

    /** What Nango's getRecordsByIds answers: the records held under those ids (missing ones left out). */
    byIds(name: string, ids: readonly string[]): Map<string, Record<string, unknown>> {
        const out = new Map<string, Record<string, unknown>>();
        for (const id of ids) {
            const record = this.get(name, id);
            if (record) out.set(id, record);
        }
        return out;
    }

    /** Ids saved more than once in the last run. */
    savedTwice(name: string): string[] {
        return [...(this.savesInRun.get(name) ?? new Map<string, number>()).entries()].filter(([, n]) => n > 1).map(([id]) => id);
    }

    /** Live and deleted records with their metadata, oldest change first (what `GET /records` pages through). */
    changes(name: string): Array<Record<string, unknown> & { _nango_metadata: RecordMetadata }> {
        const out: Array<Record<string, unknown> & { _nango_metadata: RecordMetadata }> = [];
        for (const [id, m] of this.metaOf(name)) {
            const payload = this.model(name).get(id) ?? this.tombstones.get(name)?.get(id);
            if (payload) out.push({ ...payload, _nango_metadata: { ...m } });
        }
        return out.sort((a, b) => (a._nango_metadata.cursor < b._nango_metadata.cursor ? -1 : 1));
    }

    /** How many live records a model holds. */
    count(name: string): number {
        return this.records.get(name)?.size ?? 0;
    }
}
export interface RunOptions {
    hostport: string;
    connectionId: string;
    secretKey?: string;
    input?: unknown;
    /** Sync only: metadata stub (else the connection's metadata is read from the host). */
    metadata?: Record<string, unknown>;
    checkpoint?: Record<string, unknown> | null;
    /** Validate input/output/records against the compiled JSON schemas, as `--validate` does. */
    validate?: boolean;
    /** Sync only: make the Nth batchSave call (1-based) throw, as a crash mid-run would. */
    failOnSaveCall?: number;
    /** Sync only: Nango's record cache, kept across runs. */
    cache?: RecordCache;
    /** Sync only: count saved and deleted records instead of keeping them (as Nango's runner streams them away). */
    countOnly?: boolean;
    /** The sync id the runtime reports (defaults to e2e-sync). */
    syncId?: string;
    /** Called after each HTTP call the function makes to the Nango host (proxied Salesforce calls, metadata reads). */
    onCall?: (call: HttpCall) => void;
}

export interface HttpCall {
    method: string;
    /** Path and query on the Nango host, e.g. `/proxy/services/data/v66.0/query?q=…`. */
    path: string;
    /** null when no answer came (connection dropped). */
    status: number | null;
    ms: number;
}

export interface RunResult {
    output?: unknown;
    /** An ActionError's type and payload, or another thrown error's message. */
    error?: { type: string; payload: any; message?: string };
    saved: Record<string, any[]>;
    deleted: Record<string, any[]>;
    checkpoint: Record<string, unknown> | null;
    invalid: unknown[];
    /** What the function passed to nango.log. */
    logs: string[];
    /** With countOnly: how many records were saved and deleted. */
    counts: { saved: number; deleted: number };
    /** Calls of getCheckpoint, saveCheckpoint and clearCheckpoint (a webhook run must make none). */
    checkpointCalls: number;
}

interface AxiosLike {
    interceptors: {
        request: { use(onFulfilled: (config: any) => any): void };
        response: { use(onFulfilled: (value: any) => any, onRejected: (error: any) => any): void };
    };
}

/** Times every call of the Nango client's axios instance (the CLI runtime offers no hook of its own for that). */
function observeCalls(http: AxiosLike, onCall: (call: HttpCall) => void): void {
    const started = new WeakMap<object, number>();
    http.interceptors.request.use((config: object) => {
        started.set(config, Date.now());
        return config;
    });
    const report = (value: { config?: { method?: string; url?: string; baseURL?: string; params?: unknown }; status?: number; response?: { status?: number } } | undefined): void => {
        const config = value?.config;
        if (!config) return;
        const target = new URL(config.url ?? '', config.baseURL ?? 'http://localhost');
        if (config.params && typeof config.params === 'object') {
            for (const [key, v] of Object.entries(config.params as Record<string, unknown>)) if (v !== undefined) target.searchParams.append(key, String(v));
        }
        onCall({
            method: (config.method ?? 'get').toUpperCase(),
            path: `${target.pathname}${target.search}`,
            status: value.response?.status ?? value.status ?? null,
            ms: Date.now() - (started.get(config) ?? Date.now())
        });
    };
    // the CLI's own response interceptor (first in line) turns a failed call into a value, so both paths report
    http.interceptors.response.use(
        (value: any) => {
            report(value);
            return value;
        },
        (error: any) => {
            report(error);
            return Promise.reject(error);
        }
    );
}

interface BundleExports {
    type: string;
    exec: (nango: unknown, input?: unknown) => Promise<unknown>;
    onWebhook?: (nango: unknown, payload: unknown) => Promise<unknown>;
    webhookSubscriptions?: string[];
}

/** A function's bundle loaded in its sandbox, with the CLI runtime it runs against, ready to run once. */
interface Sandboxed {
    info: ScriptInfo;
    sdk: RunnerSdk;
    nango: any;
    exported: { default: BundleExports };
    result: RunResult;
    /** Records a thrown error in the result, as the CLI reports it. */
    fail(error: unknown): void;
    /** Collects what a sync run handed to Nango. */
    finish(): RunResult;
}

async function sandboxed(info: ScriptInfo, bundle: string, options: RunOptions): Promise<Sandboxed> {
    const { cli, sdk, scripts } = await loadNango();
    const name = info.name;
    const props = {
        isCLI: true,
        scriptType: info.type,
        host: options.hostport,
        connectionId: options.connectionId,
        environmentId: -1,
        environmentName: 'dev',
        providerConfigKey: 'salesforce',
        activityLogId: '',
        provider: 'salesforce',
        secretKey: options.secretKey ?? 'emulator-secret-key',
        nangoConnectionId: 1,
        syncId: options.syncId ?? 'e2e-sync',
        lastSyncDate: null,
        syncConfig: {
            sync_name: name,
            models: info.output ?? [],
            input: info.input ?? null,
            type: info.type,
            models_json_schema: info.json_schema ?? null,
            version: info.version ?? '0.0.1'
        },
        syncVariant: 'base',
        variant: 'base',
        debug: false,
        team: { id: 1, name: 'team' },
        logger: { level: 'off' },
        runnerFlags: {
            validateActionInput: !!options.validate,
            validateActionOutput: !!options.validate,
            validateSyncRecords: !!options.validate,
            validateSyncMetadata: false,
            exportRunnerTelemetry: false
        },
        startedAt: new Date(),
        endUser: null,
        heartbeatTimeoutSecs: 30,
        // the CLI's default interceptors print every call; these pass responses through the same way, quietly
        axios: { response: { onFulfilled: (response: unknown) => response, onRejected: (error: unknown) => error } }
    };
    const cliProps = {
        dryRunService: {},
        ...(options.metadata ? { stubbedMetadata: options.metadata } : {}),
        ...(options.checkpoint ? { stubbedCheckpoint: options.checkpoint } : {})
    };
    const nango = info.type === 'sync' ? new cli.NangoSyncCLI(props, cliProps) : new cli.NangoActionCLI(props, cliProps);
    if (options.onCall) observeCalls(nango.nango.http, options.onCall);
    const counts = { saved: 0, deleted: 0 };
    if (options.countOnly) {
        nango.batchSave = (records: unknown[]) => {
            counts.saved += records.length;
            return true;
        };
        nango.batchDelete = (records: unknown[]) => {
            counts.deleted += records.length;
            return true;
        };
    }
    if (options.cache) {
        const cache = options.cache;
        cache.beginRun();
        const save = nango.batchSave.bind(nango);
        const remove = nango.batchDelete.bind(nango);
        nango.batchSave = (records: Array<Record<string, unknown>>, model: string) => {
            const result = save(records, model);
            cache.save(model, records);
            return result;
        };
        nango.batchDelete = (records: Array<Record<string, unknown>>, model: string) => {
            const result = remove(records, model);
            cache.delete(model, records);
            return result;
        };
        nango.trackDeletesStart = async (model: string) => cache.trackDeletesStart(model);
        nango.trackDeletesEnd = async (model: string) => cache.trackDeletesEnd(model);
        // Nango's listRecords pages through what it holds; a snapshot taken when the listing starts
        nango.listRecords = async function* (model: string) {
            for (const record of [...(cache.records.get(model)?.values() ?? [])]) yield record;
        };
        nango.getRecordsByIds = async (ids: string[], model: string) => cache.byIds(model, ids);
    }
    const counted = { checkpointCalls: 0 };
    for (const method of ['getCheckpoint', 'saveCheckpoint', 'clearCheckpoint'] as const) {
        const original = nango[method];
        if (typeof original !== 'function') continue;
        nango[method] = (...args: unknown[]) => {
            counted.checkpointCalls++;
            return original.apply(nango, args);
        };
    }
    if (options.failOnSaveCall !== undefined) {
        const save = nango.batchSave.bind(nango);
        let calls = 0;
        nango.batchSave = (...args: unknown[]) => {
            calls++;
            if (calls === options.failOnSaveCall) throw new Error(`injected failure on batchSave call ${calls}`);
            return save(...args);
        };
    }
    const logs: string[] = [];
    // capture what the function logs instead of printing it
    nango.log = (...args: unknown[]) => {
        logs.push(args.filter((a) => typeof a !== 'object' || a === null).map(String).join(' '));
    };

    const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
    const sandbox: Record<string, unknown> = {
        console: quiet,
        require: (moduleName: string) => {
            switch (moduleName) {
                case 'url':
                    return url;
                case 'crypto':
                    return crypto;
                case 'nango':
                    return scripts;
                case 'zod':
                    return zod;
                default:
                    throw new Error(`Module '${moduleName}' is not allowed`);
            }
        },
        Buffer,
        setTimeout,
        Error,
        URL,
        URLSearchParams
    };
    Object.setPrototypeOf(sandbox, null);
    const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
    const exported = new vm.Script(`(function() { var module = { exports: {} }; var exports = module.exports; ${bundle}\nreturn module.exports; })();`, {
        filename: `${name}.js`
    }).runInContext(context) as { default: BundleExports };

    const result: RunResult = { saved: {}, deleted: {}, checkpoint: null, invalid: [], logs, counts, checkpointCalls: 0 };
    return {
        info,
        sdk,
        nango,
        exported,
        result,
        fail: (error) => {
            if (error instanceof sdk.ActionError) {
                result.error = { type: error.type, payload: error.payload };
            } else {
                result.error = { type: 'thrown', payload: null, message: error instanceof Error ? error.message : String(error) };
            }
        },
        finish: () => {
            if (info.type === 'sync') {
                const sync = nango as { rawSaveOutput: Map<string, any[]>; rawDeleteOutput: Map<string, any[]>; stubbedCheckpoint?: Record<string, unknown> };
                result.saved = Object.fromEntries(sync.rawSaveOutput);
                result.deleted = Object.fromEntries(sync.rawDeleteOutput);
                result.checkpoint = sync.stubbedCheckpoint ?? null;
            }
            result.checkpointCalls = counted.checkpointCalls;
            return result;
        }
    };
}

/** Runs an action (with `options.input`) or one sync run from a bundle's code. */
export async function runBundle(info: ScriptInfo, bundle: string, options: RunOptions): Promise<RunResult> {
    const { sdk, nango, exported, result, fail, finish } = await sandboxed(info, bundle, options);
    const validate = (input: unknown, modelName: string | undefined) => {
        const outcome = sdk.validateData({ version: info.version ?? '1', input, modelName, jsonSchema: info.json_schema });
        if (Array.isArray(outcome)) result.invalid.push(...outcome);
    };
    try {
        if (info.type === 'action') {
            if (options.validate) validate(options.input, info.input ?? undefined);
            result.output = await exported.default.exec(nango, options.input);
            if (options.validate) validate(result.output, info.output?.[0]);
        } else {
            await exported.default.exec(nango);
        }
    } catch (error) {
        fail(error);
    }
    return finish();
}

/**
 * Runs a sync bundle's onWebhook with a webhook body, in the same sandbox and CLI runtime as runBundle (Nango's CLI
 * has no dry run for webhooks). With `cache`, getRecordsByIds answers from it and saves and deletes land in it; without
 * one, getRecordsByIds finds nothing. `output` is what onWebhook returned.
 */
export async function runBundleWebhook(info: ScriptInfo, bundle: string, payload: unknown, options: RunOptions): Promise<RunResult> {
    const { nango, exported, fail, finish, result } = await sandboxed(info, bundle, options);
    if (info.type !== 'sync') throw new Error(`${info.name} is an action: only syncs handle webhooks`);
    const onWebhook = exported.default.onWebhook;
    if (typeof onWebhook !== 'function') throw new Error(`${info.name} has no onWebhook`);
    if (!options.cache) nango.getRecordsByIds = async () => new Map();
    try {
        result.output = await onWebhook(nango, payload);
    } catch (error) {
        fail(error);
    }
    return finish();
}
