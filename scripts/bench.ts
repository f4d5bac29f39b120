/**
 * `npm run bench`: syncs and collection writes through their compiled bundles against the emulator at several object
 * sizes, each scenario in its own process, each repeated at least 3 times on a freshly seeded org and interleaved with
 * the run it is compared with (the REST sync and the same transfer through the Nango SDK client with the transfer-only floor, Bulk with the REST sync, in alternating
 * order), min and median reported with the median of the paired ratios; then the REST sync against an emulator that
 * delays every Salesforce response (--latency-ms), next to its lower bound (calls × latency + one page of work); then
 * the reconciliation of a large object after a purge, against the full re-read it replaces; then Bulk ingest against
 * collections. Prints the tables and writes bench-results/latest.json.
 *
 * The emulator runs in this process, which `npm run bench` starts with a larger young generation
 * (--max-semi-space-size=32): its org holds hundreds of thousands of records, and with V8's default every few result
 * pages made its collector mark all of them, pauses of 100 ms and more that a real org's servers do not add to a
 * response. The scenario processes are started with their own flags (a 128 MB heap, V8's defaults otherwise).
 *
 *   npm run bench                       # 10,000 and 100,000 records; 20,000 at 300 ms latency; reconciliation at
 *                                       # 100,000 and 1,000,000; each 3 times (--repeat, at least 3), but a
 *                                       # reconciliation above 200,000 once (--repeat-large)
 *   npm run bench -- --latency-ms 300 --latency-records 20000   # the latency scenario (--latency-records none: without)
 *   npm run bench -- --records 5000,20000 --reconcile 100000 --repeat 5
 *   npm run bench -- --reconcile none   # without the reconciliation scenario
 *   npm run bench -- --records none --reconcile none --ingest 2000,10000,100000   # only Bulk ingest vs collections
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startEmulator, type EmulatorHandle } from '../emulator/src/index.js';
import { BULK_PAGE_SIZE } from '../salesforce/lib/sync/bulk.js';
import { BULK_THRESHOLD } from '../salesforce/lib/sync/engine.js';
import { buildBundles } from './build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** V8 old-space limit of each scenario process. */
const HEAP_MB = 128;
/** Larger limits tried, in order, for a reconciliation that runs out of memory at HEAP_MB (printed when used). */
const RAISED_HEAP_MB = [256, 512, 1024];
/** Reconciliations of more records than this repeat --repeat-large times (default 1) instead of --repeat. */
const LARGE = 200_000;
/** Records hard-deleted before each reconciliation. */
const PURGED = 1_000;

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? (process.argv[i + 1] ?? fallback) : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
}

interface Child {
    ms: number;
    /** CPU of the scenario's process while it ran (all its threads: parsing, mapping, garbage collection). */
    cpuMs?: number;
    records: number;
    peakRssMb: number;
    error?: string;
    /** The V8 heap ran out (the process aborted). */
    outOfMemory?: boolean;
    /** Syncs: the checkpoint the run ended with. */
    checkpoint?: Record<string, unknown> | null;
    /** Reconciliations (see bench-run.ts). */
    saved?: number;
    held?: number;
    removedIds?: string[];
    how?: string;
    baseHeapMb?: number;
    peakHeapMb?: number;
}

function runChild(scenario: Record<string, unknown>, heapMb = HEAP_MB): Promise<Child> {
    return new Promise((resolve) => {
        // a fixed V8 heap for every scenario, as a function runner has: peak RSS then shows what a run keeps, not how
        // lazily V8 collects garbage when it may grow (--expose-gc: a reconciliation measures its settled heap)
        const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--expose-gc', '--import', 'tsx', path.join(root, 'scripts', 'bench-run.ts'), JSON.stringify(scenario)], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => {
            process.stderr.write(c);
            err = (err + c.toString()).slice(-4000);
        });
        child.on('close', (code, signal) => {
            const line = out.trim().split('\n').pop() ?? '{}';
            try {
                resolve(JSON.parse(line) as Child);
            } catch {
                const outOfMemory = /heap out of memory|Reached heap limit/i.test(err);
                resolve({ ms: 0, records: 0, peakRssMb: 0, outOfMemory, error: outOfMemory ? `out of memory at a ${heapMb} MB heap` : `exit ${code ?? signal}: ${(out + err).slice(-500)}` });
            }
        });
    });
}

/** The median, rounded to `decimals` (an even count averages the middle two). */
function median(values: readonly number[], decimals = 0): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const m = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    return Math.round(m * 10 ** decimals) / 10 ** decimals;
}

function printTable(header: string[], rows: Array<Array<string | number>>): void {
    const lines = [header, ...rows.map((r) => r.map(String))];
    const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
    for (const line of lines) process.stdout.write(`${line.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')}\n`);
}

export interface Row {
    records: number;
    scenario: string;
    /** Median and fastest of the runs. */
    seconds: number;
    minSeconds: number;
    /** Client CPU of the run's process (median), in ms. */
    cpuMs: number;
    /** What `vsBaseline` compares with: the transfer-only floor (REST sync) or the REST sync (Bulk). */
    pairedWith?: 'transfer' | 'REST';
    /** CPU against the paired run's (median of the paired ratios). */
    cpuVsBaseline: number | null;
    /** Peak RSS against the paired run's (median of the paired ratios). */
    rssVsBaseline: number | null;
    recordsPerSecond: number;
    apiCalls: number;
    lowerBound: number;
    megabytes: number;
    peakRssMb: number;
    vsBaseline: number | null;
    error?: string;
}

async function measure(emulator: EmulatorHandle, size: number, scenario: string, spec: Record<string, unknown>, lowerBound: number, baselineMs?: number): Promise<Row> {
    emulator.resetStats();
    const result = await runChild({ hostport: emulator.url, connectionId: emulator.connectionId, ...spec });
    const stats = emulator.stats();
    return {
        records: size,
        scenario,
        seconds: Math.round(result.ms) / 1000,
        minSeconds: Math.round(result.ms) / 1000,
        cpuMs: Math.round(result.cpuMs ?? 0),
        cpuVsBaseline: null,
        rssVsBaseline: null,
        recordsPerSecond: result.ms > 0 ? Math.round((result.records / result.ms) * 1000) : 0,
        apiCalls: stats.calls,
        lowerBound,
        megabytes: Math.round(stats.bytesOut / 10_000) / 100,
        peakRssMb: Math.round(result.peakRssMb),
        vsBaseline: baselineMs ? Math.round((result.ms / baselineMs) * 100) / 100 : null,
        ...(result.error ? { error: result.error } : {}),
        ...(result.records !== size && spec['kind'] !== 'action' && scenario.startsWith('contacts') ? { error: `saved ${result.records} of ${size}` } : {})
    };
}

/** Pairs a run with the one it is compared with: the ratios of time, CPU and peak RSS. */
function paired(row: Row, base: Row, pairedWith: 'transfer' | 'REST'): Row {
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
    return { ...row, pairedWith, vsBaseline: ratio(row.seconds, base.seconds), cpuVsBaseline: ratio(row.cpuMs, base.cpuMs), rssVsBaseline: ratio(row.peakRssMb, base.peakRssMb) };
}

/** The runs in the given order, or the reverse one (alternating repetitions cancel a drift of the machine's speed). */
async function inOrder<T>(reverse: boolean, runs: Array<() => Promise<T>>): Promise<T[]> {
    const out = new Array<T>(runs.length);
    const order = runs.map((_, i) => i);
    if (reverse) order.reverse();
    for (const i of order) out[i] = await (runs[i] as () => Promise<T>)();
    return out;
}

/** One row per scenario: the median of each measure over the repetitions, the fastest run, and the medians of the paired ratios. */
function medianRow(runs: Row[]): Row {
    const first = runs[0] as Row;
    const seconds = median(runs.map((r) => r.seconds), 3);
    const ratios = runs.map((r) => r.vsBaseline).filter((v): v is number => v !== null);
    const cpuRatios = runs.map((r) => r.cpuVsBaseline).filter((v): v is number => v !== null);
    const rssRatios = runs.map((r) => r.rssVsBaseline).filter((v): v is number => v !== null);
    const error = runs.find((r) => r.error)?.error;
    return {
        ...first,
        seconds,
        minSeconds: Math.min(...runs.map((r) => r.seconds)),
        cpuMs: median(runs.map((r) => r.cpuMs)),
        cpuVsBaseline: cpuRatios.length > 0 ? median(cpuRatios, 2) : null,
        rssVsBaseline: rssRatios.length > 0 ? median(rssRatios, 2) : null,
        recordsPerSecond: median(runs.map((r) => r.recordsPerSecond)),
        apiCalls: median(runs.map((r) => r.apiCalls)),
        megabytes: median(runs.map((r) => r.megabytes), 2),
        peakRssMb: median(runs.map((r) => r.peakRssMb)),
        vsBaseline: ratios.length > 0 ? median(ratios, 2) : null,
        ...(error ? { error } : {})
    };
}

/**
 * The scenarios of one size, `repeat` times, each time on a freshly seeded org (the collection create adds records);
 * each repetition pairs the contacts sync with its own baseline.
 */
async function scenarios(size: number, repeat: number): Promise<Row[]> {
    const cases = Math.max(10, Math.round(size / 10));
    const runs: Row[][] = [];
    for (let rep = 0; rep < repeat; rep++) {
        const emulator = await startEmulator({
            seed: 1,
            volume: { Contact: size, Invoice__c: size, Case: cases, CaseComment: cases * 2, EmailMessage: cases, default: 20 },
            apiBudget: 100_000_000,
            proxyRetryBaseMs: 1,
            // no field-level security: the transfer-only baseline selects every field of the sync's query, which a
            // hidden field would fail (the sync itself would read it as null)
            traits: { hiddenFields: [], readOnlyFields: [] }
        });
        try {
            const rows: Row[] = [];
            const meta = { lagSeconds: 0, reconcileEveryDays: 0 };
            const pages = Math.ceil(size / 2000);
            // interleaved, in alternating order: floor, SDK floor, REST, Bulk; then Bulk, REST, SDK floor, floor
            const [base, sdk, rest, bulk] = await inOrder(rep % 2 === 1, [
                () => measure(emulator, size, 'transfer only (contacts query)', { kind: 'baseline', name: 'baseline' }, pages),
                // the same through the Nango SDK's proxy client, which a function's requests go through
                () => measure(emulator, size, 'transfer only, Nango SDK client', { kind: 'baseline-sdk', name: 'baseline' }, pages),
                () => measure(emulator, size, 'contacts sync, REST', { kind: 'sync', name: 'contacts', metadata: { ...meta, bulkThreshold: 0 } }, pages),
                // record count, job creation, one poll, one describe (field types), then one call per result page
                () => measure(emulator, size, 'contacts sync, Bulk API 2.0', { kind: 'sync', name: 'contacts', metadata: { ...meta, bulkThreshold: 1 } }, 4 + Math.ceil(size / BULK_PAGE_SIZE))
            ]);
            rows.push(base as Row, paired(sdk as Row, base as Row, 'transfer'), paired(rest as Row, base as Row, 'transfer'), paired(bulk as Row, rest as Row, 'REST'));
            rows.push(await measure(emulator, cases, 'tickets sync (cases + comments + emails)', { kind: 'sync', name: 'tickets', metadata: { ...meta, bulkThreshold: 0 } }, Math.ceil(cases / 2000) + 2));
            rows.push(
                await measure(
                    emulator,
                    size,
                    'records-by-soql (Invoice__c)',
                    { kind: 'sync', name: 'records-by-soql', metadata: { ...meta, bulkThreshold: 0, soqlQuery: 'SELECT Name, Amount__c, Status__c, Account__r.Name FROM Invoice__c' } },
                    pages
                )
            );
            const writes = Math.min(5000, size);
            rows.push(await measure(emulator, writes, 'create-sobject-collection', { kind: 'action', name: 'create-sobject-collection', newContacts: writes }, Math.ceil(writes / 1000)));
            runs.push(rows);
        } finally {
            await emulator.stop();
        }
    }
    return (runs[0] ?? []).map((_, i) => medianRow(runs.map((rows) => rows[i] as Row)));
}

export interface LatencyRow {
    records: number;
    latencyMs: number;
    scenario: string;
    runs: number;
    seconds: number;
    minSeconds: number;
    apiCalls: number;
    pages: number;
    cpuMs: number;
    /** Calls × latency + one page of work (the run's client CPU over its pages): what no sequence of calls can beat. */
    boundSeconds: number;
    /** Median of the runs' time over their own bound. */
    vsBound: number;
    /** REST sync only: median of the paired ratios to the transfer-only floor at the same latency. */
    vsTransfer: number | null;
    peakRssMb: number;
    error?: string;
}

/**
 * The REST sync against an emulator that delays every Salesforce response by `latencyMs` (as a real org's round trip
 * does), `repeat` times, each interleaved with the transfer-only floor at the same latency, in alternating order.
 * Sequential paging waits pages × (latency + transfer) and maps on top; the pipelined sync maps page n while page
 * n + 1 is on its way, so it should come to its calls × latency plus one page of work.
 */
async function latencyScenario(size: number, latencyMs: number, repeat: number, failures: string[]): Promise<LatencyRow[]> {
    const pages = Math.ceil(size / 2000);
    const runs: Array<{ base: Row; rest: Row }> = [];
    for (let rep = 0; rep < repeat; rep++) {
        const emulator = await startEmulator({ seed: 1, volume: { Contact: size, default: 20 }, apiBudget: 100_000_000, proxyRetryBaseMs: 1, latencyMs, traits: { hiddenFields: [], readOnlyFields: [] } });
        try {
            const [base, rest] = await inOrder(rep % 2 === 1, [
                () => measure(emulator, size, `transfer only (contacts query), ${latencyMs} ms latency`, { kind: 'baseline', name: 'baseline' }, pages),
                () => measure(emulator, size, `contacts sync, REST, ${latencyMs} ms latency`, { kind: 'sync', name: 'contacts', metadata: { lagSeconds: 0, reconcileEveryDays: 0, bulkThreshold: 0 } }, pages)
            ]);
            runs.push({ base: base as Row, rest: paired(rest as Row, base as Row, 'transfer') });
        } finally {
            await emulator.stop();
        }
    }
    const rowOf = (mine: Row[], which: 'base' | 'rest'): LatencyRow => {
        const first = mine[0] as Row;
        const bounds = mine.map((r) => (r.apiCalls * latencyMs + r.cpuMs / pages) / 1000);
        const error = mine.find((r) => r.error)?.error;
        if (error) failures.push(`${first.scenario}: ${error}`);
        return {
            records: size,
            latencyMs,
            scenario: first.scenario,
            runs: mine.length,
            seconds: median(mine.map((r) => r.seconds), 3),
            minSeconds: Math.min(...mine.map((r) => r.seconds)),
            apiCalls: median(mine.map((r) => r.apiCalls)),
            pages,
            cpuMs: median(mine.map((r) => r.cpuMs)),
            boundSeconds: median(bounds, 3),
            vsBound: median(mine.map((r, i) => r.seconds / (bounds[i] as number)), 2),
            vsTransfer: which === 'rest' ? median(mine.map((r) => r.vsBaseline ?? 0), 2) : null,
            peakRssMb: median(mine.map((r) => r.peakRssMb)),
            ...(error ? { error } : {})
        };
    };
    return [rowOf(runs.map((r) => r.base), 'base'), rowOf(runs.map((r) => r.rest), 'rest')];
}

export interface ReconciliationRun {
    records: number;
    /** How the ids were read. */
    idRead: 'REST' | 'Bulk API 2.0';
    /** Records the run removed (batchDelete). */
    removed: number;
    seconds: number;
    /** Salesforce API calls of the whole run, and of the id read (record count and id pages, or the Bulk job's calls). */
    apiCalls: number;
    idReadCalls: number;
    byEndpoint: Record<string, number>;
    /** Response bytes of the Salesforce side, in MB. */
    megabytes: number;
    peakRssMb: number;
    /** V8 heap: settled before the run (this runner and Nango's runtime), and the peak during the run (sampled every 10 ms). */
    baseHeapMb: number;
    peakHeapMb: number;
    /** Peak minus base: what the run adds at its peak (the id Set, a page being parsed, garbage not yet collected). */
    runHeapMb: number;
    /** V8 heap limit of the run; above HEAP_MB only when the run ran out of memory at HEAP_MB (see heapNote). */
    heapMb: number;
    heapNote?: string;
    error?: string;
}

export interface FullReread {
    records: number;
    seconds: number;
    /** Every call of the full REST read, and its data pages (query and locator calls). */
    apiCalls: number;
    pages: number;
    megabytes: number;
    peakRssMb: number;
}

const calls = (byEndpoint: Record<string, number>, pattern: RegExp): number => Object.entries(byEndpoint).reduce((n, [k, v]) => n + (pattern.test(k) ? v : 0), 0);
/** What the id read of a reconciliation calls: the record count (which decides REST or Bulk), its REST /query pages (the incremental pass of Contact goes through /queryAll), or the Bulk job. */
const ID_READ = /recordCount|^GET \/query(\/|$)|\/jobs\/query/;
const DATA_PAGES = /^GET \/query(All)?(\/|$)/;

/**
 * Reconciliation at one size, `repeat` times, each on a freshly seeded org: a first load through REST (the full
 * re-read of every field the old reconciliation made, measured), PURGED records hard-deleted (spread over the object),
 * then a due reconciliation (reconciled_at older than the delete log, so the ids are compared) with the ids read
 * through REST and through one Bulk job, in alternating order. Each run must remove exactly the purged records and
 * save nothing, else the bench fails.
 */
async function reconciliations(size: number, repeat: number, failures: string[]): Promise<{ full: FullReread[]; runs: ReconciliationRun[] }> {
    const full: FullReread[] = [];
    const runs: ReconciliationRun[] = [];
    const idsFile = path.join(os.tmpdir(), `bench-reconcile-${process.pid}.ids`);
    /** The smallest heap limit each id-read path ran in (after a run out of memory at HEAP_MB, the next ones start there). */
    const heapFor: Record<string, number> = {};
    for (let rep = 0; rep < repeat; rep++) {
        const seeding = performance.now();
        const emulator = await startEmulator({
            seed: 1,
            volume: { Contact: size, default: 20 },
            lean: ['Contact'],
            apiBudget: 1_000_000_000,
            proxyRetryBaseMs: 1,
            traits: { hiddenFields: [], readOnlyFields: [] }
        });
        process.stderr.write(`reconcile ${size} (${rep + 1}/${repeat}): seeded in ${Math.round(performance.now() - seeding)} ms\n`);
        try {
            emulator.resetStats();
            const load = await runChild({ kind: 'sync', name: 'contacts', hostport: emulator.url, connectionId: emulator.connectionId, metadata: { lagSeconds: 0, reconcileEveryDays: 0, bulkThreshold: 0 } });
            const loadStats = emulator.stats();
            if (load.error || load.records !== size || !load.checkpoint) {
                failures.push(`reconcile ${size}: the first load failed (${load.error ?? `saved ${load.records} of ${size}`})`);
                return { full, runs };
            }
            full.push({
                records: size,
                seconds: Math.round(load.ms) / 1000,
                apiCalls: loadStats.calls,
                pages: calls(loadStats.byEndpoint, DATA_PAGES),
                megabytes: Math.round(loadStats.bytesOut / 10_000) / 100,
                peakRssMb: Math.round(load.peakRssMb)
            });
            // what Nango holds: every record of the load; then PURGED of them, spread over the object, purged for good
            const ids = emulator.org.list('Contact').map((r) => String(r['Id']));
            fs.writeFileSync(idsFile, ids.join('\n'));
            const purged = Array.from({ length: Math.min(PURGED, size) }, (_, i) => ids[Math.floor((i * size) / Math.min(PURGED, size))] as string);
            for (const id of purged) {
                if (emulator.org.hardDelete(id) < 1) throw new Error(`hardDelete(${id}) did not purge the record`);
            }
            const due = { ...load.checkpoint, reconciled_at: '2000-01-01T00:00:00.000Z' };
            const order: Array<ReconciliationRun['idRead']> = rep % 2 === 0 ? ['REST', 'Bulk API 2.0'] : ['Bulk API 2.0', 'REST'];
            for (const idRead of order) {
                // REST: no record count, a keyset pass of ids; Bulk: the default threshold (BULK_THRESHOLD; 1 for a smaller
                // --reconcile size), one id-only job
                const bulkThreshold = idRead === 'REST' ? 0 : size > BULK_THRESHOLD ? undefined : 1;
                const metadata = { lagSeconds: 0, reconcileEveryDays: 7, ...(bulkThreshold !== undefined ? { bulkThreshold } : {}) };
                const spec = { kind: 'reconcile', name: 'contacts', model: 'SalesforceContact', hostport: emulator.url, connectionId: emulator.connectionId, metadata, checkpoint: due, idsFile };
                const notes: string[] = [];
                let heapMb = heapFor[idRead] ?? HEAP_MB;
                emulator.resetStats();
                let result = await runChild(spec, heapMb);
                while (result.outOfMemory) {
                    const next = RAISED_HEAP_MB.find((mb) => mb > heapMb);
                    notes.push(`out of memory at ${heapMb} MB`);
                    process.stderr.write(`reconcile ${size}, ids through ${idRead}: out of memory at a ${heapMb} MB heap${next ? `; again at ${next} MB` : ''}\n`);
                    if (!next) break;
                    heapMb = next;
                    emulator.resetStats();
                    result = await runChild(spec, heapMb);
                }
                heapFor[idRead] = heapMb;
                if (heapMb > HEAP_MB && notes.length === 0) notes.push(`out of memory at ${HEAP_MB} MB in an earlier repetition`);
                const stats = emulator.stats();
                const removed = [...(result.removedIds ?? [])].sort();
                const expected = [...purged].sort();
                const problems = [
                    result.error,
                    result.records !== expected.length ? `removed ${result.records}, not ${expected.length}` : undefined,
                    removed.length !== expected.length || removed.some((id, i) => id !== expected[i]) ? `deleted ${removed.length} ids that are not exactly the ${expected.length} purged` : undefined,
                    result.saved ? `saved ${result.saved} records (a reconciliation reads ids only)` : undefined,
                    (calls(stats.byEndpoint, /^POST \/jobs\/query/) > 0) !== (idRead === 'Bulk API 2.0') ? `the ids were not read through ${idRead}` : undefined
                ].filter((p): p is string => p !== undefined);
                if (problems.length > 0) failures.push(`reconcile ${size}, ids through ${idRead}: ${problems.join('; ')}`);
                runs.push({
                    records: size,
                    idRead,
                    removed: result.records,
                    seconds: Math.round(result.ms) / 1000,
                    apiCalls: stats.calls,
                    idReadCalls: calls(stats.byEndpoint, ID_READ),
                    byEndpoint: stats.byEndpoint,
                    megabytes: Math.round(stats.bytesOut / 10_000) / 100,
                    peakRssMb: Math.round(result.peakRssMb),
                    baseHeapMb: Math.round(result.baseHeapMb ?? 0),
                    peakHeapMb: Math.round(result.peakHeapMb ?? 0),
                    runHeapMb: Math.round((result.peakHeapMb ?? 0) - (result.baseHeapMb ?? 0)),
                    heapMb,
                    ...(notes.length > 0 ? { heapNote: notes.join('; ') } : {}),
                    ...(problems.length > 0 ? { error: problems.join('; ') } : {})
                });
            }
        } finally {
            fs.rmSync(idsFile, { force: true });
            await emulator.stop();
        }
    }
    return { full, runs };
}

export interface IngestRun {
    records: number;
    method: 'Bulk API 2.0 ingest' | 'sObject collections';
    seconds: number;
    /** Salesforce API calls, and the action calls that made them. */
    apiCalls: number;
    actionCalls: number;
    written: number;
    megabytes: number;
    peakRssMb: number;
    error?: string;
}

/**
 * `size` Contact upserts on Id (half updates of existing contacts, half creates), once through one Bulk API 2.0
 * ingest job (create-bulk-job, get-bulk-job polled every 100 ms until done, the failed rows read) and once through
 * upsert-sobject-collection (5,000 records per action call), each on a freshly seeded org, `repeat` times. Every run
 * must write every record, else the bench fails.
 */
async function ingestions(size: number, repeat: number, failures: string[]): Promise<IngestRun[]> {
    const runs: IngestRun[] = [];
    const idsFile = path.join(os.tmpdir(), `bench-ingest-${process.pid}.ids`);
    for (let rep = 0; rep < repeat; rep++) {
        const order: Array<'bulk' | 'collections'> = rep % 2 === 0 ? ['bulk', 'collections'] : ['collections', 'bulk'];
        for (const method of order) {
            const emulator = await startEmulator({ seed: 1, volume: { Contact: Math.ceil(size / 2), default: 5 }, lean: ['Contact'], apiBudget: 100_000_000, proxyRetryBaseMs: 1, bulkPollsToComplete: 1, traits: { hiddenFields: [], readOnlyFields: [] } });
            try {
                fs.writeFileSync(idsFile, emulator.org.list('Contact').map((r) => String(r['Id'])).join('\n'));
                const before = emulator.org.count('Contact');
                emulator.resetStats();
                const result = await runChild({ kind: 'ingest', name: method, method, upserts: size, idsFile, hostport: emulator.url, connectionId: emulator.connectionId });
                const stats = emulator.stats();
                const created = emulator.org.count('Contact') - before;
                const problems = [result.error, result.records !== size ? `wrote ${result.records} of ${size}` : undefined, created !== Math.floor(size / 2) ? `created ${created}, not ${Math.floor(size / 2)}` : undefined].filter((p): p is string => p !== undefined);
                const label = method === 'bulk' ? 'Bulk API 2.0 ingest' : 'sObject collections';
                if (problems.length > 0) failures.push(`ingest ${size} through ${label}: ${problems.join('; ')}`);
                runs.push({
                    records: size,
                    method: label,
                    seconds: Math.round(result.ms) / 1000,
                    apiCalls: stats.calls,
                    actionCalls: (result as { actionCalls?: number }).actionCalls ?? 0,
                    written: result.records,
                    megabytes: Math.round(stats.bytesOut / 10_000) / 100,
                    peakRssMb: Math.round(result.peakRssMb),
                    ...(problems.length > 0 ? { error: problems.join('; ') } : {})
                });
            } finally {
                fs.rmSync(idsFile, { force: true });
                await emulator.stop();
            }
        }
    }
    return runs;
}

function sizesOf(raw: string): number[] {
    if (raw === 'none') return [];
    return raw
        .split(',')
        .map((n) => Number(n.trim()))
        .filter((n) => Number.isInteger(n) && n > 0);
}

async function main(): Promise<void> {
    const sizes = sizesOf(arg('records', '10000,100000'));
    const reconcileSizes = sizesOf(arg('reconcile', '100000,1000000'));
    // Bulk API 2.0 ingest vs sObject collections: Contact upserts (--ingest 2000,10000,100000, or none)
    const ingestSizes = sizesOf(arg('ingest', '100000'));
    const count = (name: string, fallback: string) => Math.max(1, Math.floor(Number(arg(name, fallback))) || 1);
    // every scenario at least 3 times: one run on a shared machine says little
    const repeat = Math.max(3, count('repeat', '3'));
    const latencyMs = Math.max(0, Math.floor(Number(arg('latency-ms', '300'))) || 0);
    const latencySizes = latencyMs > 0 ? sizesOf(arg('latency-records', '20000')) : [];
    // a reconciliation above LARGE records (1,000,000 by default) runs fewer times: its first load alone takes a minute
    const repeatLarge = count('repeat-large', '1');
    // the bundles the scenarios run, rebuilt only where their sources changed
    await buildBundles({ onProgress: (line) => process.stderr.write(`build: ${line}\n`) });
    const loadAtStart = os.loadavg();
    process.stderr.write(`bench: load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at the start\n`);
    const started = performance.now();
    const rows: Row[] = [];
    for (const size of sizes) rows.push(...(await scenarios(size, repeat)));
    const failures: string[] = [];
    const latencyRows: LatencyRow[] = [];
    for (const size of latencySizes) latencyRows.push(...(await latencyScenario(size, latencyMs, repeat, failures)));
    const reconciled: Array<{ full: FullReread[]; runs: ReconciliationRun[] }> = [];
    for (const size of reconcileSizes) reconciled.push(await reconciliations(size, size > LARGE ? repeatLarge : repeat, failures));
    const ingested: IngestRun[] = [];
    for (const size of ingestSizes) ingested.push(...(await ingestions(size, repeat, failures)));

    if (rows.length > 0) {
        process.stdout.write(
            `\nSyncs and writes: ${repeat} runs each, each on a freshly seeded org, interleaved with its pair in alternating order; seconds as median (min); "vs" columns: median of the paired ratios (REST sync vs the transfer-only floor, Bulk vs the REST sync)\n`
        );
        printTable(
            ['records', 'scenario', 'seconds med (min)', 'rec/s', 'API calls', 'lower bound', 'MB', 'client CPU ms', 'peak RSS MB', 'paired with', 'time vs', 'CPU vs', 'RSS vs'],
            rows.map((r) => [
                r.records,
                r.scenario,
                `${r.seconds} (${r.minSeconds})`,
                r.recordsPerSecond,
                r.apiCalls,
                r.lowerBound,
                r.megabytes,
                r.cpuMs,
                r.peakRssMb,
                r.pairedWith ?? '',
                r.vsBaseline ?? '',
                r.cpuVsBaseline ?? '',
                r.rssVsBaseline ?? '',
                r.error ?? ''
            ])
        );
    }
    if (latencyRows.length > 0) {
        process.stdout.write(`\nWith ${latencyMs} ms per Salesforce response: ${repeat} runs each, interleaved; bound = API calls × latency + one page of work (the run's client CPU / pages)\n`);
        printTable(
            ['records', 'scenario', 'seconds med (min)', 'API calls', 'pages', 'client CPU ms', 'bound s', 'vs bound', 'vs transfer', 'peak RSS MB'],
            latencyRows.map((r) => [r.records, r.scenario, `${r.seconds} (${r.minSeconds})`, r.apiCalls, r.pages, r.cpuMs, r.boundSeconds, r.vsBound, r.vsTransfer ?? '', r.peakRssMb, r.error ?? ''])
        );
    }
    const summary = [];
    if (reconciled.length > 0) {
        process.stdout.write(
            `\nReconciliation after ${PURGED} records purged, next to the full REST re-read it replaces: median of the runs (each on a freshly seeded org; above ${LARGE} records --repeat-large times)\n`
        );
        const table: Array<Array<string | number>> = [];
        for (const { full, runs } of reconciled) {
            const fullRow = full.length > 0 ? { calls: median(full.map((f) => f.apiCalls)), pages: median(full.map((f) => f.pages)), seconds: median(full.map((f) => f.seconds), 3), megabytes: median(full.map((f) => f.megabytes), 2), rss: median(full.map((f) => f.peakRssMb)) } : undefined;
            for (const idRead of ['REST', 'Bulk API 2.0'] as const) {
                const mine = runs.filter((r) => r.idRead === idRead);
                const first = mine[0];
                if (!first) continue;
                const row = {
                    records: first.records,
                    idRead,
                    runs: mine.length,
                    removed: median(mine.map((r) => r.removed)),
                    apiCalls: median(mine.map((r) => r.apiCalls)),
                    idReadCalls: median(mine.map((r) => r.idReadCalls)),
                    seconds: median(mine.map((r) => r.seconds), 3),
                    megabytes: median(mine.map((r) => r.megabytes), 2),
                    peakRssMb: median(mine.map((r) => r.peakRssMb)),
                    baseHeapMb: median(mine.map((r) => r.baseHeapMb)),
                    peakHeapMb: median(mine.map((r) => r.peakHeapMb)),
                    runHeapMb: median(mine.map((r) => r.runHeapMb)),
                    heapMb: Math.max(...mine.map((r) => r.heapMb)),
                    heapNote: mine.find((r) => r.heapNote)?.heapNote ?? '',
                    fullReread: fullRow ?? null,
                    error: mine.find((r) => r.error)?.error ?? ''
                };
                summary.push(row);
                table.push([
                    row.records,
                    row.runs,
                    idRead,
                    row.removed,
                    row.apiCalls,
                    row.idReadCalls,
                    row.seconds,
                    row.megabytes,
                    row.peakRssMb,
                    `${row.heapMb}${row.heapNote ? ` (${row.heapNote})` : ''}`,
                    `${row.baseHeapMb} / ${row.peakHeapMb}`,
                    fullRow ? `${fullRow.calls} (${fullRow.pages} pages)` : '',
                    fullRow?.seconds ?? '',
                    fullRow?.megabytes ?? '',
                    fullRow?.rss ?? '',
                    row.error
                ]);
            }
        }
        printTable(
            ['records', 'runs', 'id read', 'removed', 'API calls', 'of which id read', 'seconds', 'MB', 'peak RSS MB', 'heap cap MB', 'heap MB: base / peak', 'full re-read: API calls', 'seconds', 'MB', 'peak RSS MB'],
            table
        );
        process.stdout.write(
            'Other calls of a reconciliation run: the describe, getUpdated (upper bound) and the incremental /queryAll page. Nango\'s listRecords is simulated in the run\'s process from ids kept outside the V8 heap (the tests\' RecordCache would add its own Map to the heap). Heap (V8): base = settled before the run; peak = sampled during it (garbage included).\n'
        );
    }
    const ingestSummary: Array<Record<string, unknown>> = [];
    if (ingested.length > 0) {
        process.stdout.write(`\nUpserts on Contact by Id (half updates, half creates): Bulk API 2.0 ingest vs sObject collections, median of ${repeat} run${repeat > 1 ? 's' : ''} each\n`);
        const table: Array<Array<string | number>> = [];
        for (const size of ingestSizes) {
            for (const method of ['Bulk API 2.0 ingest', 'sObject collections'] as const) {
                const mine = ingested.filter((r) => r.records === size && r.method === method);
                if (mine.length === 0) continue;
                const row = {
                    records: size,
                    method,
                    seconds: median(mine.map((r) => r.seconds), 3),
                    apiCalls: median(mine.map((r) => r.apiCalls)),
                    actionCalls: median(mine.map((r) => r.actionCalls)),
                    megabytes: median(mine.map((r) => r.megabytes), 2),
                    peakRssMb: median(mine.map((r) => r.peakRssMb)),
                    error: mine.find((r) => r.error)?.error ?? ''
                };
                ingestSummary.push(row);
                table.push([row.records, row.method, row.seconds, row.apiCalls, row.actionCalls, row.megabytes, row.peakRssMb, row.error]);
            }
        }
        printTable(['records', 'method', 'seconds', 'API calls', 'action calls', 'MB', 'peak RSS MB'], table);
        process.stdout.write('Bulk: the job create, upload and close, one status read per 100 ms until the emulator finishes (it processes at once; a real org takes seconds to minutes), the failed rows read (2 calls). Collections: 5 API calls per 5,000 records.\n');
    }
    process.stdout.write(`\nBench: ${Math.round((performance.now() - started) / 1000)} s, Node ${process.version}, ${os.cpus().length} cores, load average ${loadAtStart[0]?.toFixed(1)} at the start, ${os.loadavg()[0]?.toFixed(1)} at the end\n`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(
        path.join(root, 'bench-results', 'latest.json'),
        `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadAverageAtStart: loadAtStart, loadAverage: os.loadavg(), heapMb: HEAP_MB, repeat, repeatLarge, rows, latency: { latencyMs, rows: latencyRows }, reconciliation: { purged: PURGED, summary, runs: reconciled }, ingest: { summary: ingestSummary, runs: ingested } }, null, 2)}\n`
    );
    process.stdout.write('Wrote bench-results/latest.json\n');
    if (failures.length > 0) {
        process.stderr.write(`\nBENCH FAILED:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
        process.exit(1);
    }
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
