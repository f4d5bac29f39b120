/**
 * `npm run emulator -- [--port 0] [--volume 25 | --volume Account=500,Contact=2000] [--page-size 2000] [--seed 1]
 *                      [--connection-id salesforce-emulator] [--api-budget 100000] [--metadata '{"k":"v"}']
 *                      [--no-knowledge] [--tied-modstamps Contact=5000] [--bulk-polls 1] [--bulk-max-records 50000]
 *                      [--hidden-fields Account.AnnualRevenue,Contact.Birthdate | --no-field-security]
 *                      [--read-only-fields Contact.Title,...] [--multi-currency] [--no-queue-owners]`
 * Field-level security defaults to DEFAULT_HIDDEN_FIELDS; it can be changed while it runs: PUT /__emulator/field-security.
 * Faults can be injected while it runs: POST/GET/DELETE /__emulator/faults.
 * Starts the emulator and prints the environment to export for the nango CLI.
 */
import { DEFAULT_HIDDEN_FIELDS, SEEDED_OBJECTS, startEmulator, type EmulatorOptions, type OrgTraits } from './index.js';

function parseArgs(argv: string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        if (!arg.startsWith('--')) continue;
        const eq = arg.indexOf('=');
        if (eq > 0 && !arg.slice(2, eq).includes(',')) {
            const key = arg.slice(2, eq);
            // --volume=Account=500 keeps everything after the first '='.
            out.set(key, arg.slice(eq + 1));
        } else {
            const next = argv[i + 1];
            out.set(arg.slice(2), next !== undefined && !next.startsWith('--') ? next : 'true');
            if (next !== undefined && !next.startsWith('--')) i++;
        }
    }
    return out;
}

/** `Account.AnnualRevenue,Contact.Birthdate` → the list; the names themselves are checked against the org at start. */
function parseFieldList(flag: string, raw: string): string[] {
    if (raw === 'true' || raw.trim() === '') throw new Error(`--${flag} expects Object.Field names separated by commas, e.g. --${flag} Account.AnnualRevenue,Contact.Birthdate`);
    const names = raw.split(',').map((x) => x.trim());
    const bad = names.filter((n) => !/^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/.test(n));
    if (bad.length > 0) throw new Error(`--${flag}: ${bad.map((b) => `'${b}'`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not of the form Object.Field`);
    return names;
}

function parseVolume(raw: string): number | Partial<Record<string, number>> {
    if (/^\d+$/.test(raw)) return Number(raw);
    const out: Record<string, number> = {};
    for (const part of raw.split(',')) {
        const [k, v] = part.split('=');
        if (!k || v === undefined || !/^\d+$/.test(v.trim())) throw new Error(`Bad --volume entry "${part}" (expected N or Object=N,...)`);
        out[k.trim()] = Number(v);
    }
    return out;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.has('help')) {
        console.log(
            'Usage: npm run emulator -- [--port N] [--volume N|Obj=N,...] [--page-size N] [--seed N] [--connection-id ID] [--api-budget N] [--metadata JSON] [--no-knowledge] [--tied-modstamps Obj=N,...] [--bulk-polls N] [--bulk-max-records N] [--hidden-fields Obj.Field,... | --no-field-security] [--read-only-fields Obj.Field,...] [--multi-currency] [--no-queue-owners]'
        );
        console.log(`Hidden fields by default (field-level security of the API user): ${DEFAULT_HIDDEN_FIELDS.join(', ')}`);
        return;
    }
    const num = (k: string): number | undefined => (args.has(k) ? Number(args.get(k)) : undefined);
    const options: EmulatorOptions = {};
    const port = num('port');
    if (port !== undefined) options.port = port;
    const seed = num('seed');
    if (seed !== undefined) options.seed = seed;
    const pageSize = num('page-size');
    if (pageSize !== undefined) options.pageSize = pageSize;
    const budget = num('api-budget');
    if (budget !== undefined) options.apiBudget = budget;
    const bulkPolls = num('bulk-polls');
    if (bulkPolls !== undefined) options.bulkPollsToComplete = bulkPolls;
    const bulkMax = num('bulk-max-records');
    if (bulkMax !== undefined) options.bulkMaxRecords = bulkMax;
    const volume = args.get('volume');
    if (volume !== undefined) options.volume = parseVolume(volume);
    const connectionId = args.get('connection-id');
    if (connectionId !== undefined) options.connectionId = connectionId;
    const host = args.get('host');
    if (host !== undefined) options.host = host;
    const metadata = args.get('metadata');
    if (metadata !== undefined) options.metadata = JSON.parse(metadata) as Record<string, unknown>;
    if (args.has('no-knowledge')) options.knowledge = false;
    const tied = args.get('tied-modstamps');
    if (tied !== undefined) {
        const parsed = parseVolume(tied);
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
    const started = Date.now();
    const emu = await startEmulator(options);
    const counts = SEEDED_OBJECTS.filter((t) => emu.org.schema.get(t) !== undefined)
        .map((t) => `${t}=${emu.org.count(t)}`)
        .join(' ');
    console.log(`Salesforce emulator listening on ${emu.url} (port ${emu.port}), seeded in ${Date.now() - started} ms: ${counts}`);
    console.log('');
    console.log(`export NANGO_HOSTPORT=${emu.url}`);
    console.log('export NANGO_SECRET_KEY_DEV=emulator-secret');
    console.log(`export SALESFORCE_CONNECTION_ID=${emu.connectionId}`);
    console.log('');
    console.log(`Connection id: ${emu.connectionId}   Salesforce access token: ${emu.accessToken}   Stats: ${emu.url}/__emulator/stats`);
    const fls = emu.fieldSecurity();
    console.log(`Field-level security: hidden ${fls.hiddenFields.length > 0 ? fls.hiddenFields.join(', ') : '(none)'}; read-only ${fls.readOnlyFields.length > 0 ? fls.readOnlyFields.join(', ') : '(none)'}   (PUT ${emu.url}/__emulator/field-security to change)`);
    const shutdown = (): void => {
        void emu.stop().finally(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
