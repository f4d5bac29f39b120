/**
 * One benchmark scenario, run in its own process by scripts/bench.ts so that its peak memory is its own. Prints one
 * JSON line: { ms, records, peakRssMb, error? }.
 */
import { loadNango, runFunction } from '../tests/e2e/runtime.js';
import { buildSoql, compare, dateTimeLiteral } from '../salesforce/lib/soql/builder.js';
import { CONTACT_FIELDS } from '../salesforce/models/contact.js';

interface Scenario {
    kind: 'sync' | 'action' | 'baseline';
    name: string;
    hostport: string;
    connectionId: string;
    metadata?: Record<string, unknown>;
    input?: unknown;
    /** For create-sobject-collection: how many new contacts to send (built here; too large for a command line). */
    newContacts?: number;
}

/** Pages through the contacts sync's own query via the Nango proxy, parsing each page and nothing more. */
async function baseline(s: Scenario): Promise<number> {
    const soql = buildSoql({
        select: ['Id', 'SystemModstamp', ...CONTACT_FIELDS, 'IsDeleted'],
        from: 'Contact',
        where: compare('SystemModstamp', '<=', dateTimeLiteral(new Date())),
        orderBy: [{ field: 'SystemModstamp' }, { field: 'Id' }]
    });
    const headers = { Authorization: 'Bearer emulator-secret-key', 'Connection-Id': s.connectionId, 'Provider-Config-Key': 'salesforce' };
    let next: string | undefined = `/services/data/v66.0/queryAll?q=${encodeURIComponent(soql)}`;
    let records = 0;
    while (next) {
        const response = await fetch(`${s.hostport}/proxy${next}`, { headers });
        const page = (await response.json()) as { records: unknown[]; done: boolean; nextRecordsUrl?: string };
        records += page.records.length;
        next = page.done ? undefined : page.nextRecordsUrl;
    }
    return records;
}

async function main(): Promise<void> {
    const scenario = JSON.parse(process.argv[2] ?? '{}') as Scenario;
    await loadNango();
    const started = performance.now();
    let records = 0;
    let error: string | undefined;
    if (scenario.kind === 'baseline') {
        records = await baseline(scenario);
    } else {
        const result = await runFunction(scenario.name, {
            hostport: scenario.hostport,
            connectionId: scenario.connectionId,
            ...(scenario.metadata ? { metadata: scenario.metadata } : {}),
            ...(scenario.input !== undefined ? { input: scenario.input } : {}),
            ...(scenario.newContacts
                ? { input: { sObject: 'Contact', records: Array.from({ length: scenario.newContacts }, (_, i) => ({ LastName: `Bench ${i}`, Email: `bench${i}@example.com` })) } }
                : {}),
            countOnly: true
        });
        records = scenario.kind === 'sync' ? result.counts.saved + result.counts.deleted : ((result.output as { results?: unknown[] } | undefined)?.results?.length ?? 0);
        if (result.error) error = result.error.message ?? JSON.stringify(result.error.payload);
    }
    const ms = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ ms, records, peakRssMb: process.resourceUsage().maxRSS / 1024, ...(error ? { error } : {}) })}\n`);
}

main().catch((e: unknown) => {
    process.stdout.write(`${JSON.stringify({ ms: 0, records: 0, peakRssMb: 0, error: String(e) })}\n`);
    process.exit(1);
});
