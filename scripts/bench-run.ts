/**
 * One benchmark scenario, run in its own process by scripts/bench.ts so that its peak memory is its own. Prints one
 * JSON line: { ms, records, peakRssMb, error?, checkpoint? (syncs), reconciliation fields (kind 'reconcile') }.
 */
import fs from 'node:fs';

import { loadNango, runFunction } from '../tests/e2e/runtime.js';
import { buildSoql, compare, dateTimeLiteral } from '../salesforce/lib/soql/builder.js';
import { CONTACT_FIELDS } from '../salesforce/models/contact.js';

interface Scenario {
    /** baseline: the transfer through fetch; baseline-sdk: the same through the Nango SDK's proxy client (what function code calls). */
    kind: 'sync' | 'action' | 'baseline' | 'baseline-sdk' | 'reconcile' | 'ingest';
    /** Ingest only: how the upserts are sent, and how many (half of them updates of the ids in idsFile, half creates). */
    method?: 'bulk' | 'collections';
    upserts?: number;
    name: string;
    hostport: string;
    connectionId: string;
    metadata?: Record<string, unknown>;
    input?: unknown;
    /** For create-sobject-collection: how many new contacts to send (built here; too large for a command line). */
    newContacts?: number;
    /** Sync only: the checkpoint the run starts from. */
    checkpoint?: Record<string, unknown>;
    /** Syncs and actions: report every HTTP call (when it ended, in ms from the start, how long it took, its path). */
    trace?: boolean;
    /** Reconcile only: a file of the ids Nango holds for `model` (one a line), listed by listRecords. */
    idsFile?: string;
    model?: string;
}

const MB = 1024 * 1024;

/** Heap in use after a full collection (the child runs with --expose-gc), in MB. */
function settledHeapMb(): number {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / MB;
}

/**
 * A due reconciliation over what Nango holds: the ids of the ids file, listed the way Nango's runtime lists a model's
 * records (`listRecords`, page by page, a fresh `{ id }` per record), then the sync run from the given checkpoint.
 * The ids stay in a Buffer outside the V8 heap, so that the heap measured is the sync's: the tests' RecordCache keeps
 * a Map of every record in the run's own process (about 107 MB of V8 heap for 1,000,000 `{ id }` records, more than
 * half of the 128 MB limit before the sync starts), where a real runner pages through Nango's API.
 * Reports what it removed (the ids, for the parent to compare with what it purged), what it saved (should be nothing),
 * the engine's reconciliation log line, and the V8 heap: settled before the run, and the peak sampled every 10 ms.
 */
async function reconcile(s: Scenario): Promise<Record<string, unknown>> {
    const model = s.model ?? 'SalesforceContact';
    const { cli } = await loadNango();
    // one id a line, all of the same length (Salesforce's 18-character ids)
    const held = fs.readFileSync(s.idsFile ?? '');
    const width = held.indexOf(10) + 1;
    const count = width > 0 ? Math.floor((held.length + 1) / width) : 0;
    (cli.NangoSyncCLI.prototype as { listRecords: unknown }).listRecords = async function* (name: string) {
        if (name !== model) return;
        for (let page = 0; page < count; page += 1_000) {
            // a page at a time, as the runtime fetches them from Nango
            await new Promise((resolve) => setImmediate(resolve));
            for (let i = page; i < Math.min(count, page + 1_000); i++) yield { id: held.toString('latin1', i * width, i * width + width - 1) };
        }
    };
    const baseHeapMb = settledHeapMb();
    let peakHeapMb = baseHeapMb;
    const sampler = setInterval(() => {
        peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / MB);
    }, 10);
    const started = performance.now();
    const result = await runFunction(s.name, {
        hostport: s.hostport,
        connectionId: s.connectionId,
        ...(s.metadata ? { metadata: s.metadata } : {}),
        ...(s.checkpoint ? { checkpoint: s.checkpoint } : {})
    });
    const ms = performance.now() - started;
    clearInterval(sampler);
    peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / MB);
    const removedIds = (result.deleted[model] ?? []).map((r: { id: unknown }) => String(r.id));
    return {
        ms,
        records: removedIds.length,
        saved: Object.values(result.saved).reduce((n, list) => n + list.length, 0),
        held: count,
        removedIds,
        how: result.logs.find((l) => /reconciliation done through/.test(l)) ?? result.logs.join(' | ').slice(-300),
        baseHeapMb,
        peakHeapMb,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        ...(result.error ? { error: result.error.message ?? JSON.stringify(result.error.payload) } : {})
    };
}

/**
 * `upserts` Contact upserts on Id (half of them name an existing contact of the ids file, half have no Id and create
 * one), through one Bulk API 2.0 ingest job (create-bulk-job, get-bulk-job until done, the failed rows read once) or
 * through upsert-sobject-collection, 5,000 records per action call. Reports the records written and the action calls.
 */
async function ingest(s: Scenario): Promise<Record<string, unknown>> {
    const n = s.upserts ?? 0;
    const ids = fs.readFileSync(s.idsFile ?? '', 'utf8').split('\n').filter((l) => l !== '');
    const records = Array.from({ length: n }, (_, i) => (i % 2 === 0 && ids[i / 2] ? { Id: ids[i / 2], LastName: `Upserted ${i}`, Email: `upsert${i}@bench.example` } : { LastName: `Upserted ${i}`, Email: `upsert${i}@bench.example` }));
    const run = (name: string, input: unknown) => runFunction(name, { hostport: s.hostport, connectionId: s.connectionId, input, countOnly: true });
    const started = performance.now();
    let written = 0;
    let actionCalls = 0;
    let error: string | undefined;
    if (s.method === 'bulk') {
        // Bulk takes the Id column with empty values for the creates
        const rows = records.map((r) => ('Id' in r ? r : { Id: '', ...r }));
        const created = await run('create-bulk-job', { sObject: 'Contact', operation: 'upsert', externalIdFieldName: 'Id', records: rows });
        actionCalls++;
        const jobId = (created.output as { jobId?: string } | undefined)?.jobId;
        if (!jobId) error = created.error?.message ?? JSON.stringify(created.error?.payload);
        let status: { done?: boolean; numberRecordsProcessed?: number; numberRecordsFailed?: number; state?: string } = {};
        for (let poll = 0; jobId && !status.done && poll < 600; poll++) {
            if (poll > 0) await new Promise((resolve) => setTimeout(resolve, 100));
            status = ((await run('get-bulk-job', { jobId })).output ?? {}) as typeof status;
            actionCalls++;
        }
        if (jobId) {
            const failed = await run('get-bulk-job-results', { jobId, results: 'failed', limit: 10 });
            actionCalls++;
            const failedRows = ((failed.output as { rows?: unknown[] } | undefined)?.rows ?? []).length;
            written = (status.numberRecordsProcessed ?? 0) - (status.numberRecordsFailed ?? 0);
            if (status.state !== 'JobComplete' || failedRows > 0) error = `job ${status.state ?? 'unknown'}, ${status.numberRecordsFailed ?? '?'} rows failed`;
        }
    } else {
        for (let from = 0; from < n; from += 5_000) {
            const result = await run('upsert-sobject-collection', { sObject: 'Contact', externalIdField: 'Id', records: records.slice(from, from + 5_000) });
            actionCalls++;
            const results = (result.output as { results?: Array<{ success: boolean }> } | undefined)?.results ?? [];
            written += results.filter((r) => r.success).length;
            if (result.error) error = result.error.message ?? JSON.stringify(result.error.payload);
        }
    }
    return { ms: performance.now() - started, records: written, actionCalls, peakRssMb: process.resourceUsage().maxRSS / 1024, ...(error ? { error } : {}) };
}

/** The contacts sync's own query (every field it selects, in its order, up to now). */
function baselineSoql(): string {
    return buildSoql({
        select: ['Id', 'SystemModstamp', ...CONTACT_FIELDS, 'IsDeleted'],
        from: 'Contact',
        where: compare('SystemModstamp', '<=', dateTimeLiteral(new Date())),
        orderBy: [{ field: 'SystemModstamp' }, { field: 'Id' }]
    });
}

interface Page {
    records: unknown[];
    done: boolean;
    nextRecordsUrl?: string;
}

/** Pages through the contacts sync's own query via the Nango proxy with fetch, parsing each page and nothing more. */
async function baseline(s: Scenario): Promise<number> {
    const headers = { Authorization: 'Bearer emulator-secret-key', 'Connection-Id': s.connectionId, 'Provider-Config-Key': 'salesforce' };
    let next: string | undefined = `/services/data/v66.0/queryAll?q=${encodeURIComponent(baselineSoql())}`;
    let records = 0;
    while (next) {
        const response = await fetch(`${s.hostport}/proxy${next}`, { headers });
        const page = (await response.json()) as Page;
        records += page.records.length;
        next = page.done ? undefined : page.nextRecordsUrl;
    }
    return records;
}

/**
 * The same through the Nango SDK's proxy client (`@nangohq/node`, axios: what a function's nango.get runs on), the
 * SDK parsing each page: the floor of a function, whose requests cannot go through anything else.
 */
async function baselineSdk(s: Scenario): Promise<number> {
    const { Nango } = await import('@nangohq/node');
    const client = new Nango({ secretKey: 'emulator-secret-key', host: s.hostport });
    let next: string | undefined = '/services/data/v66.0/queryAll';
    let params: Record<string, string> | undefined = { q: baselineSoql() };
    let records = 0;
    while (next) {
        const response: { data: Page } = await client.proxy<Page>({ method: 'GET', endpoint: next, connectionId: s.connectionId, providerConfigKey: 'salesforce', ...(params ? { params } : {}) });
        const page: Page = response.data;
        records += page.records.length;
        next = page.done ? undefined : page.nextRecordsUrl;
        params = undefined;
    }
    return records;
}

async function main(): Promise<void> {
    const scenario = JSON.parse(process.argv[2] ?? '{}') as Scenario;
    await loadNango();
    // the scenario's own CPU (this process: requests, parsing, mapping, garbage collection), Nango's loading left out
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    let records = 0;
    let error: string | undefined;
    let extra: Record<string, unknown> = {};
    const calls: Array<{ at: number; ms: number; path: string }> = [];
    if (scenario.kind === 'reconcile') {
        const out = await reconcile(scenario);
        process.stdout.write(`${JSON.stringify(out)}\n`);
        return;
    }
    if (scenario.kind === 'ingest') {
        process.stdout.write(`${JSON.stringify(await ingest(scenario))}\n`);
        return;
    }
    if (scenario.kind === 'baseline' || scenario.kind === 'baseline-sdk') {
        records = await (scenario.kind === 'baseline' ? baseline(scenario) : baselineSdk(scenario));
    } else {
        const result = await runFunction(scenario.name, {
            hostport: scenario.hostport,
            connectionId: scenario.connectionId,
            ...(scenario.metadata ? { metadata: scenario.metadata } : {}),
            ...(scenario.input !== undefined ? { input: scenario.input } : {}),
            ...(scenario.checkpoint ? { checkpoint: scenario.checkpoint } : {}),
            ...(scenario.trace ? { onCall: (call: { path: string; ms: number }) => calls.push({ at: Math.round(performance.now() - started), ms: call.ms, path: call.path.slice(0, 90) }) } : {}),
            ...(scenario.newContacts
                ? { input: { sObject: 'Contact', records: Array.from({ length: scenario.newContacts }, (_, i) => ({ LastName: `Bench ${i}`, Email: `bench${i}@example.com` })) } }
                : {}),
            countOnly: true
        });
        records = scenario.kind === 'sync' ? result.counts.saved + result.counts.deleted : ((result.output as { results?: unknown[] } | undefined)?.results?.length ?? 0);
        if (result.error) error = result.error.message ?? JSON.stringify(result.error.payload);
        if (scenario.kind === 'sync') extra = { checkpoint: result.checkpoint };
        if (scenario.trace) extra = { ...extra, calls };
    }
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, records, peakRssMb: process.resourceUsage().maxRSS / 1024, ...extra, ...(error ? { error } : {}) })}\n`);
}

main().catch((e: unknown) => {
    process.stdout.write(`${JSON.stringify({ ms: 0, records: 0, peakRssMb: 0, error: String(e) })}\n`);
    process.exit(1);
});
