/**
 * `npm run emulator -- [--port 0] [--volume 25 | --volume Account=500,Contact=2000] [--page-size 2000] [--seed 1]
 *                      [--connection-id salesforce-emulator] [--api-budget 100000] [--metadata '{"k":"v"}']
 *                      [--no-knowledge] [--tied-modstamps Contact=5000] [--bulk-polls 1] [--bulk-max-records 50000] [--latency-ms 0]
 *                      [--hidden-fields Account.AnnualRevenue,Contact.Birthdate | --no-field-security]
 *                      [--read-only-fields Contact.Title,...] [--multi-currency] [--no-queue-owners] [--pid-file emulator.pid]`
 * Field-level security defaults to DEFAULT_HIDDEN_FIELDS; it can be changed while it runs: PUT /__emulator/field-security.
 * Faults can be injected while it runs: POST/GET/DELETE /__emulator/faults.
 * Starts the emulator and prints the environment to export for the nango CLI.
 */
import fs from 'node:fs';

import { DEFAULT_HIDDEN_FIELDS, SEEDED_OBJECTS, startEmulator, type EmulatorOptions, type OrgTraits } from './index.js';

/** Options that take a value, and flags that take none: anything else is refused, not ignored. */
const VALUED = new Set(['port', 'volume', 'page-size', 'seed', 'connection-id', 'host', 'api-budget', 'metadata', 'tied-modstamps', 'bulk-polls', 'bulk-max-records', 'hidden-fields', 'read-only-fields', 'pid-file', 'latency-ms']);
const FLAGS = new Set(['help', 'no-knowledge', 'no-field-security', 'multi-currency', 'no-queue-owners']);

/** Option → value ('true' when a valued option is given no value, so each check can say what it expects). */
function parseArgs(argv: string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}" (options start with --; npm run emulator -- --help lists them)`);
        const eq = arg.indexOf('=');
        const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
        if (!VALUED.has(key) && !FLAGS.has(key)) throw new Error(`unknown option --${key} (npm run emulator -- --help lists them)`);
        if (FLAGS.has(key)) {
            if (eq > 0) throw new Error(`--${key} takes no value`);
            out.set(key, 'true');
        } else if (eq > 0) {
            // --volume=Account=500 keeps everything after the first '='.
            out.set(key, arg.slice(eq + 1));
        } else {
            const next = argv[i + 1];
            out.set(key, next !== undefined && !next.startsWith('--') ? next : 'true');
            if (next !== undefined && !next.startsWith('--')) i++;
        }
    }
    return out;
}

/** A whole number in [min, max], or undefined when the option is absent. */
function wholeNumber(args: Map<string, string>, key: string, min: number, max: number, note = ''): number | undefined {
    const raw = args.get(key);
    if (raw === undefined) return undefined;
    if (raw === 'true') throw new Error(`--${key} needs a value: a whole number from ${min} to ${max}${note}`);
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new Error(`--${key} expects a whole number from ${min} to ${max}${note}, not "${raw}"`);
    return Number(raw);
}

/** A non-empty text value, or undefined when the option is absent. */
function text(args: Map<string, string>, key: string, example: string): string | undefined {
    const raw = args.get(key);
    if (raw === undefined) return undefined;
    if (raw === 'true' || raw.trim() === '') throw new Error(`--${key} needs a value, e.g. --${key} ${example}`);
    return raw;
}

/** `Account.AnnualRevenue,Contact.Birthdate` → the list; the names themselves are checked against the org at start. */
function parseFieldList(flag: string, raw: string): string[] {
    if (raw === 'true' || raw.trim() === '') throw new Error(`--${flag} expects Object.Field names separated by commas, e.g. --${flag} Account.AnnualRevenue,Contact.Birthdate`);
    const names = raw.split(',').map((x) => x.trim());
    const bad = names.filter((n) => !/^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/.test(n));
    if (bad.length > 0) throw new Error(`--${flag}: ${bad.map((b) => `'${b}'`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not of the form Object.Field`);
    return names;
}

const MAX_RECORDS = 1_000_000;

/** `N` or `Object=N,...` (objects: the seeded ones, or `default` for the others). */
function parseVolume(flag: string, raw: string): number | Partial<Record<string, number>> {
    if (raw === 'true') throw new Error(`--${flag} needs a value, e.g. --${flag} 500 or --${flag} Account=500,Contact=2000`);
    if (/^\d+$/.test(raw)) {
        if (Number(raw) > MAX_RECORDS) throw new Error(`--${flag} expects at most ${MAX_RECORDS} records per object, not ${raw}`);
        return Number(raw);
    }
    const known: readonly string[] = [...SEEDED_OBJECTS, 'default'];
    const out: Record<string, number> = {};
    for (const part of raw.split(',')) {
        const [k, v] = part.split('=');
        if (!k || v === undefined || !/^\d+$/.test(v.trim())) throw new Error(`Bad --${flag} entry "${part}" (expected N or Object=N,...)`);
        if (!known.includes(k.trim())) throw new Error(`--${flag}: "${k.trim()}" is not a seeded object (one of ${known.join(', ')})`);
        if (Number(v) > MAX_RECORDS) throw new Error(`--${flag}: at most ${MAX_RECORDS} records per object, not ${v.trim()} for ${k.trim()}`);
        out[k.trim()] = Number(v);
    }
    return out;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.has('help')) {
        console.log(
            'Usage: npm run emulator -- [--port N] [--volume N|Obj=N,...] [--page-size N] [--seed N] [--connection-id ID] [--api-budget N] [--metadata JSON] [--no-knowledge] [--tied-modstamps Obj=N,...] [--bulk-polls N] [--bulk-max-records N] [--latency-ms N] [--hidden-fields Obj.Field,... | --no-field-security] [--read-only-fields Obj.Field,...] [--multi-currency] [--no-queue-owners] [--pid-file FILE]'
        );
        console.log(`Hidden fields by default (field-level security of the API user): ${DEFAULT_HIDDEN_FIELDS.join(', ')}`);
        return;
    }
    const options: EmulatorOptions = {};
    const port = wholeNumber(args, 'port', 0, 65_535, ' (0 picks a free port)');
    if (port !== undefined) options.port = port;
    const seed = wholeNumber(args, 'seed', 0, 2 ** 31 - 1);
    if (seed !== undefined) options.seed = seed;
    // Salesforce returns at most 2,000 records per query page (its default batch size); below 200 only the emulator
    // goes, for tests (Sforce-Query-Options batchSize accepts 200-2000: REST API Developer Guide, Query Options Header)
    const pageSize = wholeNumber(args, 'page-size', 1, 2_000, ' (records per query page)');
    if (pageSize !== undefined) options.pageSize = pageSize;
    const budget = wholeNumber(args, 'api-budget', 0, 1_000_000_000, ' (API requests per 24 hours)');
    if (budget !== undefined) options.apiBudget = budget;
    const latency = wholeNumber(args, 'latency-ms', 0, 60_000, ' (round trip of every Salesforce response, in ms)');
    if (latency !== undefined) options.latencyMs = latency;
    const bulkPolls = wholeNumber(args, 'bulk-polls', 0, 1_000);
    if (bulkPolls !== undefined) options.bulkPollsToComplete = bulkPolls;
    const bulkMax = wholeNumber(args, 'bulk-max-records', 1, MAX_RECORDS);
    if (bulkMax !== undefined) options.bulkMaxRecords = bulkMax;
    const volume = args.get('volume');
    if (volume !== undefined) options.volume = parseVolume('volume', volume);
    const connectionId = text(args, 'connection-id', 'my-connection');
    if (connectionId !== undefined) options.connectionId = connectionId;
    const host = text(args, 'host', '0.0.0.0');
    if (host !== undefined) options.host = host;
    const metadata = text(args, 'metadata', `'{"lagSeconds":0}'`);
    if (metadata !== undefined) {
        let parsed: unknown;
        try {
            parsed = JSON.parse(metadata);
        } catch (error) {
            throw new Error(`--metadata is not valid JSON (${error instanceof Error ? error.message : String(error)}); quote it, e.g. --metadata '{"lagSeconds":0}'`);
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('--metadata must be a JSON object, e.g. {"lagSeconds":0}');
        options.metadata = parsed as Record<string, unknown>;
    }
    if (args.has('no-knowledge')) options.knowledge = false;
    const tied = args.get('tied-modstamps');
    if (tied !== undefined) {
        const parsed = parseVolume('tied-modstamps', tied);
        if (typeof parsed === 'number') throw new Error('--tied-modstamps expects Object=N,... (e.g. Contact=5000)');
        options.tiedModstamps = parsed;
    }
    const traits: Partial<OrgTraits> = {};
    const hidden = args.get('hidden-fields');
    if (hidden !== undefined && args.has('no-field-security')) throw new Error('--hidden-fields and --no-field-security exclude each other');
    if (hidden !== undefined) traits.hiddenFields = parseFieldList('hidden-fields', hidden);
    const readOnly = args.get('read-only-fields');
    if (readOnly !== undefined) traits.readOnlyFields = parseFieldList('read-only-fields', readOnly);
    if (args.has('no-field-security')) {
        if (readOnly !== undefined) throw new Error('--read-only-fields and --no-field-security exclude each other');
        traits.hiddenFields = [];
        traits.readOnlyFields = [];
    }
    if (args.has('multi-currency')) traits.multiCurrency = true;
    if (args.has('no-queue-owners')) traits.queueOwners = false;
    if (Object.keys(traits).length > 0) options.traits = traits;
    const pidFile = text(args, 'pid-file', 'emulator.pid');
    const started = Date.now();
    const emu = await startEmulator(options);
    const counts = SEEDED_OBJECTS.filter((t) => emu.org.schema.get(t) !== undefined)
        .map((t) => `${t}=${emu.org.count(t)}`)
        .join(' ');
    console.log(`Salesforce emulator listening on ${emu.url} (port ${emu.port}), seeded in ${Date.now() - started} ms: ${counts}`);
    console.log('');
    console.log(`export NANGO_HOSTPORT=${emu.url}`);
    // any secret is accepted; this is the one the README, npm start and the tests use
    console.log('export NANGO_SECRET_KEY_DEV=emulator-secret-key');
    console.log(`export SALESFORCE_CONNECTION_ID=${emu.connectionId}`);
    console.log('');
    console.log(`Connection id: ${emu.connectionId}   Salesforce access token: ${emu.accessToken}   Stats: ${emu.url}/__emulator/stats`);
    const fls = emu.fieldSecurity();
    console.log(`Field-level security: hidden ${fls.hiddenFields.length > 0 ? fls.hiddenFields.join(', ') : '(none)'}; read-only ${fls.readOnlyFields.length > 0 ? fls.readOnlyFields.join(', ') : '(none)'}   (PUT ${emu.url}/__emulator/field-security to change)`);
    // handlers first: stdout to a pipe is synchronous, so whoever reads the line below may kill at once
    const shutdown = (): void => {
        if (pidFile !== undefined) fs.rmSync(pidFile, { force: true });
        void emu.stop().finally(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    // the pid of this process, not of npm or tsx above it: npm does not pass a kill on to the emulator
    if (pidFile !== undefined) fs.writeFileSync(pidFile, `${process.pid}\n`);
    console.log('');
    console.log(`Running until Ctrl+C (or kill ${process.pid}): run the commands in a second terminal, after the exports above.`);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
