/**
 * `npm run bench`: syncs and collection writes through their compiled bundles against the emulator at several object
 * sizes, each scenario in its own process; prints a table per size and writes bench-results/latest.json.
 *
 *   npm run bench                       # 10,000 and 100,000 records
 *   npm run bench -- --records 5000,20000
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startEmulator, type EmulatorHandle } from '../emulator/src/index.js';
import { BULK_PAGE_SIZE } from '../salesforce/lib/sync/bulk.js';
import { buildBundles } from './build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** V8 old-space limit of each scenario process. */
const HEAP_MB = 128;

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? (process.argv[i + 1] ?? fallback) : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
}

interface Child {
    ms: number;
    records: number;
    peakRssMb: number;
    error?: string;
}

function runChild(scenario: Record<string, unknown>): Promise<Child> {
    return new Promise((resolve) => {
        // a fixed V8 heap for every scenario, as a function runner has: peak RSS then shows what a run keeps, not how
        // lazily V8 collects garbage when it may grow
        const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', path.join(root, 'scripts', 'bench-run.ts'), JSON.stringify(scenario)], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'inherit']
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', () => {
            const line = out.trim().split('\n').pop() ?? '{}';
            try {
                resolve(JSON.parse(line) as Child);
            } catch {
                resolve({ ms: 0, records: 0, peakRssMb: 0, error: out.slice(-500) });
            }
        });
    });
}

export interface Row {
    records: number;
    scenario: string;
    seconds: number;
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

async function main(): Promise<void> {
    const sizes = arg('records', '10000,100000')
        .split(',')
        .map((n) => Number(n.trim()))
        .filter((n) => Number.isInteger(n) && n > 0);
    // the bundles the scenarios run, rebuilt only where their sources changed
    await buildBundles({ onProgress: (line) => process.stderr.write(`build: ${line}\n`) });
    const rows: Row[] = [];
    for (const size of sizes) {
        const cases = Math.max(10, Math.round(size / 10));
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
            const meta = { lagSeconds: 0, reconcileEveryDays: 0 };
            const pages = Math.ceil(size / 2000);
            const base = await measure(emulator, size, 'transfer only (contacts query)', { kind: 'baseline', name: 'baseline' }, pages);
            rows.push(base);
            const baseMs = base.seconds * 1000;
            rows.push(await measure(emulator, size, 'contacts sync, REST', { kind: 'sync', name: 'contacts', metadata: { ...meta, bulkThreshold: 0 } }, pages, baseMs));
            // record count, job creation, one poll, one describe (field types), then one call per result page
            rows.push(await measure(emulator, size, 'contacts sync, Bulk API 2.0', { kind: 'sync', name: 'contacts', metadata: { ...meta, bulkThreshold: 1 } }, 4 + Math.ceil(size / BULK_PAGE_SIZE)));
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
        } finally {
            await emulator.stop();
        }
    }
    const header = ['records', 'scenario', 'seconds', 'rec/s', 'API calls', 'lower bound', 'MB', 'peak RSS MB', 'vs transfer'];
    const lines = [header, ...rows.map((r) => [r.records, r.scenario, r.seconds, r.recordsPerSecond, r.apiCalls, r.lowerBound, r.megabytes, r.peakRssMb, r.vsBaseline ?? '', r.error ?? ''].map(String))];
    const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
    for (const line of lines) process.stdout.write(`${line.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')}\n`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results', 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, heapMb: HEAP_MB, rows }, null, 2)}\n`);
    process.stdout.write('Wrote bench-results/latest.json\n');
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
