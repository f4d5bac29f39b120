/**
 * `npm run call -- <function> [--input JSON|@file.json] [--metadata JSON|@file.json] [--checkpoint JSON|@file.json]`
 *
 * Runs one function's compiled bundle in this process, in the same sandbox and with the same CLI runtime as
 * `nango dryrun` (tests/e2e/runtime.ts), and prints its output or typed error, the Salesforce calls it made and,
 * for a sync, what it saved and deleted and its last checkpoint. The bundle is rebuilt first only when one of its
 * sources changed (scripts/build.ts), so a call takes about a second.
 *
 * Where it runs:
 * - NANGO_HOSTPORT unset: an emulator started for the call (embedded; seed 1, 25 records per object by default).
 * - NANGO_HOSTPORT pointing at a running emulator (`npm run emulator`): that one.
 * - NANGO_HOSTPORT pointing at a Nango server, with NANGO_SECRET_KEY_DEV (or _PROD with `-e prod`): that Nango,
 *   through its proxy, for the connection `--connection` (or SALESFORCE_CONNECTION_ID). Write actions need
 *   `--allow-writes` there: they change the real org.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import dotenv from 'dotenv';

import { BuildError, buildBundles, entries, projectRoot } from './build.js';
import type { HttpCall, RunResult } from '../tests/e2e/runtime.js';

const USAGE = `Usage: npm run call -- <function> [options]

  --input JSON|@file.json       action input (default {})
  --metadata JSON|@file.json    sync only: connection metadata to use instead of the connection's own
  --checkpoint JSON|@file.json  sync only: checkpoint to start from
  --connection ID               connection id (default: SALESFORCE_CONNECTION_ID, or the emulator's)
  -e, --environment dev|prod    which secret key to use against a Nango server (default dev)
  --allow-writes                let a write action run against a real Nango connection
  --volume N  --seed N          records per object and data seed of the embedded emulator (default 25 and 1)
  --no-validate                 skip checking input, output and records against the compiled JSON schemas
  --json                        print the whole result as JSON (every record of a sync) instead of a summary
  --list                        list the functions

Target: NANGO_HOSTPORT unset → an emulator started for this call; set → that host (a running emulator, or a
Nango server with NANGO_SECRET_KEY_DEV/_PROD).`;

/**
 * Functions that change the org or notify people (composite requests may carry writes; call-apex-rest counts as one
 * whatever its method: the org's code decides what it does).
 */
const WRITE_PREFIXES = /^(create|update|delete|upsert|close|convert|composite|add|remove|merge|submit|approve|send|post|upload|link|abort|install|uninstall)-/;
const WRITE_ACTIONS = new Set(['run-flow', 'run-invocable-action', 'call-apex-rest']);
const isWrite = (name: string): boolean => WRITE_PREFIXES.test(name) || WRITE_ACTIONS.has(name);

class UsageError extends Error {}

interface Args {
    name: string;
    input?: unknown;
    metadata?: Record<string, unknown>;
    checkpoint?: Record<string, unknown>;
    connection?: string;
    environment: 'dev' | 'prod';
    allowWrites: boolean;
    validate: boolean;
    json: boolean;
    volume: number;
    seed: number;
}

function readJson(flag: string, raw: string): unknown {
    let text = raw;
    if (raw.startsWith('@')) {
        const file = path.resolve(raw.slice(1));
        if (!fs.existsSync(file)) throw new UsageError(`${flag} ${raw}: no such file`);
        text = fs.readFileSync(file, 'utf8');
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new UsageError(`${flag} is not valid JSON (${error instanceof Error ? error.message : String(error)}); quote it in single quotes, e.g. ${flag} '{"key":"value"}', or pass @file.json`);
    }
}

function readObject(flag: string, raw: string): Record<string, unknown> {
    const value = readJson(flag, raw);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${flag} must be a JSON object`);
    return value as Record<string, unknown>;
}

function count(flag: string, raw: string, max: number): number {
    if (!/^\d+$/.test(raw) || Number(raw) > max) throw new UsageError(`${flag} expects a whole number from 0 to ${max}, not "${raw}"`);
    return Number(raw);
}

function parseArgs(argv: string[]): Args | 'help' | 'list' {
    const args: Args = { name: '', environment: 'dev', allowWrites: false, validate: true, json: false, volume: 25, seed: 1 };
    const valued = new Set(['--input', '-i', '--metadata', '-m', '--checkpoint', '-c', '--connection', '--environment', '-e', '--volume', '--seed']);
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        if (arg === '--help' || arg === '-h') return 'help';
        if (arg === '--list') return 'list';
        let flag = arg;
        let value: string | undefined;
        const eq = arg.indexOf('=');
        if (arg.startsWith('--') && eq > 0) {
            flag = arg.slice(0, eq);
            value = arg.slice(eq + 1);
        }
        if (valued.has(flag)) {
            if (value === undefined) {
                value = argv[++i];
                if (value === undefined) throw new UsageError(`${flag} needs a value`);
            }
            switch (flag) {
                case '--input':
                case '-i':
                    args.input = readJson('--input', value);
                    break;
                case '--metadata':
                case '-m':
                    args.metadata = readObject('--metadata', value);
                    break;
                case '--checkpoint':
                case '-c':
                    args.checkpoint = readObject('--checkpoint', value);
                    break;
                case '--connection':
                    args.connection = value;
                    break;
                case '--environment':
                case '-e':
                    if (value !== 'dev' && value !== 'prod') throw new UsageError(`${flag} is dev or prod, not "${value}"`);
                    args.environment = value;
                    break;
                case '--volume':
                    args.volume = count('--volume', value, 100_000);
                    break;
                case '--seed':
                    args.seed = count('--seed', value, 2 ** 31);
                    break;
            }
        } else if (arg === '--allow-writes') {
            args.allowWrites = true;
        } else if (arg === '--no-validate') {
            args.validate = false;
        } else if (arg === '--validate') {
            args.validate = true;
        } else if (arg === '--json') {
            args.json = true;
        } else if (arg.startsWith('-')) {
            throw new UsageError(`unknown option ${arg} (see npm run call -- --help)`);
        } else if (args.name === '') {
            args.name = arg;
        } else {
            throw new UsageError(`unexpected argument "${arg}": give the input with --input '{…}'`);
        }
    }
    if (args.name === '') throw new UsageError('which function? e.g. npm run call -- query-records --input \'{"query":"SELECT Id FROM Account LIMIT 3"}\'');
    return args;
}

/**
 * Whether the host answers as the emulator does (its own stats path, which neither Salesforce nor Nango has). A
 * refused connection is retried for a few seconds: an emulator just started in the background may not listen yet.
 */
async function isEmulator(host: string): Promise<boolean> {
    const deadline = Date.now() + 8_000;
    for (;;) {
        try {
            const response = await fetch(new URL('/__emulator/stats', host), { signal: AbortSignal.timeout(3_000) });
            return response.ok && (response.headers.get('content-type') ?? '').includes('json');
        } catch (error) {
            const code = (error as { cause?: { code?: string } }).cause?.code;
            if (code !== 'ECONNREFUSED') return false;
            if (Date.now() > deadline) throw new UsageError(`nothing answers at NANGO_HOSTPORT=${host}: start the emulator (npm run emulator), or unset NANGO_HOSTPORT to use an embedded one`);
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
    }
}

function showPath(raw: string): string {
    let shown = raw.replace(/^\/proxy(?=\/)/, '');
    try {
        shown = decodeURIComponent(shown.replaceAll('+', ' '));
    } catch {
        // keep it encoded
    }
    return shown.length > 160 ? `${shown.slice(0, 157)}…` : shown;
}

function print(line = ''): void {
    process.stdout.write(`${line}\n`);
}

function printSummary(type: 'action' | 'sync', result: RunResult, calls: HttpCall[]): void {
    if (result.error) {
        const { payload, message } = result.error;
        if (payload && typeof payload === 'object' && typeof payload.type === 'string') {
            // an ActionError: its payload is the typed error every function throws (README: Errors)
            print(`error: ${payload.type}${payload.errorCode ? ` (${payload.errorCode})` : ''}: ${payload.message ?? ''}`);
            print(JSON.stringify(payload, null, 2));
        } else {
            print(`error: ${result.error.type}${message ? `: ${message}` : ''}`);
            if (payload !== null && payload !== undefined) print(JSON.stringify(payload, null, 2));
        }
    } else if (type === 'action') {
        print('output:');
        print(JSON.stringify(result.output, null, 2));
    }
    if (type === 'sync') {
        const models = new Set([...Object.keys(result.saved), ...Object.keys(result.deleted)]);
        if (models.size === 0) print('saved: nothing');
        for (const model of models) {
            const saved = result.saved[model] ?? [];
            const deleted = result.deleted[model] ?? [];
            print(`${model}: ${saved.length} saved, ${deleted.length} deleted`);
            for (const record of saved.slice(0, 2)) print(`  ${JSON.stringify(record)}`);
            if (saved.length > 2) print(`  … ${saved.length - 2} more (--json prints every record)`);
            if (deleted.length > 0) print(`  deleted ids: ${deleted.slice(0, 10).map((r: Record<string, unknown>) => String(r['id'])).join(', ')}${deleted.length > 10 ? ', …' : ''}`);
        }
        print(`checkpoint: ${result.checkpoint ? JSON.stringify(result.checkpoint) : 'none'}`);
    }
    for (const line of result.logs) print(`log: ${line}`);
    for (const problem of result.invalid as Array<{ instancePath?: string; message?: string }>) {
        print(`schema check failed: ${problem.instancePath || '/'} ${problem.message ?? JSON.stringify(problem)}`);
    }
    const salesforce = calls.filter((c) => c.path.startsWith('/proxy/'));
    print(`Salesforce calls: ${salesforce.length}`);
    for (const call of salesforce) print(`  ${call.method.padEnd(6)} ${showPath(call.path)}  → ${call.status ?? 'no answer'}  ${call.ms} ms`);
}

async function main(): Promise<number> {
    dotenv.config({ path: path.join(projectRoot, '.env'), quiet: true });
    const parsed = parseArgs(process.argv.slice(2));
    if (parsed === 'help') {
        print(USAGE);
        return 0;
    }
    if (parsed === 'list') {
        for (const entry of entries()) print(`${entry.type.padEnd(6)} ${entry.name}`);
        return 0;
    }
    const args = parsed;
    const entry = entries().find((e) => e.name === args.name);
    if (!entry) throw new UsageError(`no function "${args.name}" in index.ts (npm run call -- --list shows them)`);
    if (entry.type === 'action' && (args.metadata || args.checkpoint)) throw new UsageError('--metadata and --checkpoint are for syncs');
    if (entry.type === 'sync' && args.input !== undefined) throw new UsageError('a sync takes no --input (use --metadata and --checkpoint)');

    // load Nango's runtime while the bundle is checked and the target found
    const runtime = import('../tests/e2e/runtime.js').then(async (m) => {
        await m.loadNango();
        return m;
    });
    const build = await buildBundles({ only: [entry.name], onProgress: (line) => process.stderr.write(`build: ${line}\n`) });

    const hostport = process.env['NANGO_HOSTPORT'];
    let stop: (() => Promise<void>) | undefined;
    let target: { hostport: string; connectionId: string; secretKey: string; label: string; real: boolean };
    if (!hostport) {
        const { startEmulator } = await import('../emulator/src/index.js');
        const emulator = await startEmulator({ seed: args.seed, volume: args.volume });
        stop = () => emulator.stop();
        target = { hostport: emulator.url, connectionId: emulator.connectionId, secretKey: 'emulator-secret-key', label: `embedded emulator ${emulator.url}`, real: false };
    } else if (await isEmulator(hostport)) {
        const connectionId = args.connection ?? process.env['SALESFORCE_CONNECTION_ID'] ?? 'salesforce-emulator';
        target = { hostport, connectionId, secretKey: 'emulator-secret-key', label: `emulator at ${hostport}`, real: false };
    } else {
        const keyName = args.environment === 'prod' ? 'NANGO_SECRET_KEY_PROD' : 'NANGO_SECRET_KEY_DEV';
        const secretKey = process.env[keyName];
        if (!secretKey) throw new UsageError(`NANGO_HOSTPORT is ${hostport}, which is not an emulator: set ${keyName} (in .env or the environment) to call a Nango connection`);
        const connectionId = args.connection ?? process.env['SALESFORCE_CONNECTION_ID'];
        if (!connectionId) throw new UsageError('give the Nango connection id with --connection ID (or SALESFORCE_CONNECTION_ID)');
        if (isWrite(entry.name) && !args.allowWrites) {
            throw new UsageError(`${entry.name} writes to the Salesforce org of connection ${connectionId}, a real org: add --allow-writes to run it`);
        }
        target = { hostport, connectionId, secretKey, label: `Nango ${hostport} (${args.environment}) — a real Salesforce org`, real: true };
    }

    const calls: HttpCall[] = [];
    let result: RunResult;
    try {
        const { runFunction } = await runtime;
        if (!args.json) print(`▸ ${entry.name} (${entry.type}) on ${target.label}, connection ${target.connectionId}`);
        result = await runFunction(entry.name, {
            hostport: target.hostport,
            connectionId: target.connectionId,
            secretKey: target.secretKey,
            input: entry.type === 'action' ? (args.input ?? {}) : undefined,
            ...(args.metadata ? { metadata: args.metadata } : {}),
            ...(args.checkpoint ? { checkpoint: args.checkpoint } : {}),
            validate: args.validate,
            onCall: (call) => calls.push(call)
        });
    } finally {
        await stop?.();
    }
    const seconds = (performance.now() / 1000).toFixed(2);
    if (args.json) {
        print(JSON.stringify({ function: entry.name, type: entry.type, ...result, calls: calls.filter((c) => c.path.startsWith('/proxy/')) }, null, 2));
    } else {
        printSummary(entry.type, result, calls);
        const built = build.built.length > 0 ? `bundle rebuilt in ${(build.ms / 1000).toFixed(1)} s` : 'bundle up to date';
        print(`${result.error || result.invalid.length > 0 ? 'failed' : 'done'} in ${seconds} s (${built})`);
    }
    return result.error || result.invalid.length > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        if (error instanceof UsageError || error instanceof BuildError) {
            process.stderr.write(`call: ${error.message}\n`);
            process.exit(2);
        }
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
    }
);
