/**
 * `npm start`: the offline demo. Builds the function bundles that changed (scripts/build.ts, the nango CLI's own
 * bundler), starts the embedded Salesforce emulator on a free port, runs a few functions through their compiled
 * bundles in Nango's sandbox (the runtime of `npm run call`), printing each step as it finishes, and stops the
 * emulator. Needs no .env, no Nango account and no network.
 */
import { performance } from 'node:perf_hooks';

import { startEmulator } from '../emulator/src/index.js';
import { loadNango, runFunction, type HttpCall, type RunResult } from '../tests/e2e/runtime.js';
import { buildBundles } from './build.js';

interface Step {
    title: string;
    name: string;
    input?: unknown;
    metadata?: Record<string, unknown>;
    /** One or two lines about the result. */
    show: (result: RunResult) => string;
}

const write = (text: string): void => {
    process.stdout.write(text);
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function field(value: unknown, key: string): unknown {
    return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

const steps: Step[] = [
    {
        title: 'query-records: five accounts by name (SOQL, one page)',
        name: 'query-records',
        input: { query: 'SELECT Id, Name, Industry, Owner.Name FROM Account ORDER BY Name LIMIT 5' },
        show: (r) => {
            const records = (field(r.output, 'records') as Array<Record<string, unknown>> | undefined) ?? [];
            return records.map((a) => `${String(a['Id'])}  ${String(a['Name'])}  (${String(a['Industry'] ?? '—')}, owner ${String(field(a['Owner'], 'Name') ?? '—')})`).join('\n');
        }
    },
    {
        title: 'list-contacts: the typed view, filtered and paged by a cursor',
        name: 'list-contacts',
        input: { nameContains: 'a', sortBy: 'lastName', limit: 3 },
        show: (r) => {
            const contacts = (field(r.output, 'contacts') as Array<Record<string, unknown>> | undefined) ?? [];
            return `${contacts.map((c) => `${String(c['name'])} <${String(c['email'] ?? '')}>`).join(', ')}\nnextCursor: ${String(field(r.output, 'nextCursor'))}`;
        }
    },
    {
        title: 'contacts sync: a full load of the emulated org',
        name: 'contacts',
        metadata: { lagSeconds: 0 },
        show: (r) => {
            const saved = r.saved['SalesforceContact'] ?? [];
            const first = saved[0] as Record<string, unknown> | undefined;
            return `${saved.length} SalesforceContact records saved, checkpoint ${JSON.stringify(r.checkpoint).slice(0, 90)}…${first ? `\nfirst: ${JSON.stringify(first).slice(0, 160)}…` : ''}`;
        }
    },
    {
        title: 'upsert-record: create an invoice by its external id…',
        name: 'upsert-record',
        input: { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'DEMO-1', record: { Amount__c: 1250, Status__c: 'Sent' } },
        show: (r) => JSON.stringify(r.output)
    },
    {
        title: '…and the same upsert again: this time it updates',
        name: 'upsert-record',
        input: { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'DEMO-1', record: { Amount__c: 1300, Status__c: 'Paid' } },
        show: (r) => JSON.stringify(r.output)
    },
    {
        title: 'get-record with a path in the object name: refused before any call',
        name: 'get-record',
        input: { sObject: '../limits', recordId: '001D000000IqhSLIAZ' },
        show: (r) => {
            const errors = (field(r.error?.payload, 'errors') as Array<{ message?: string }> | undefined) ?? [];
            return `ActionError ${String(field(r.error?.payload, 'type'))}, fields ${JSON.stringify(field(r.error?.payload, 'fields'))}: ${errors.at(-1)?.message ?? ''}`;
        }
    }
];

async function main(): Promise<void> {
    write('1/3 Building the function bundles (only those whose sources changed)…\n');
    const nangoLoaded = loadNango();
    const build = await buildBundles({ onProgress: (line) => write(`    ${line}\n`) });
    write(`    ${build.built.length} built, ${build.upToDate} up to date, in ${seconds(build.ms)}\n`);
    await nangoLoaded;

    write('2/3 Starting the Salesforce emulator…\n');
    const emulator = await startEmulator({ seed: 1, volume: 25 });
    write(`    listening on ${emulator.url} (connection id ${emulator.connectionId}, 25 records per object)\n\n`);
    write(`3/3 Running ${steps.length} functions through their compiled bundles:\n\n`);
    let failures = 0;
    try {
        for (const [i, step] of steps.entries()) {
            write(`── ${i + 1}. ${step.title}\n`);
            const calls: HttpCall[] = [];
            const started = performance.now();
            const result = await runFunction(step.name, {
                hostport: emulator.url,
                connectionId: emulator.connectionId,
                ...(step.input !== undefined ? { input: step.input } : {}),
                ...(step.metadata ? { metadata: step.metadata } : {}),
                validate: true,
                onCall: (call) => calls.push(call)
            });
            const salesforce = calls.filter((c) => c.path.startsWith('/proxy/'));
            const expectError = step.name === 'get-record';
            const ok = expectError ? result.error?.payload?.type === 'invalid_input' && salesforce.length === 0 : !result.error && result.invalid.length === 0;
            if (!ok) failures++;
            const body = ok ? step.show(result) : `unexpected result: ${JSON.stringify(result.error ?? result.invalid).slice(0, 400)}`;
            write(`${body.replace(/^/gm, '   ')}\n`);
            write(`   ${salesforce.length} Salesforce call(s): ${salesforce.map((c) => `${c.method} ${c.path.replace(/^\/proxy/, '').split('?')[0] ?? ''} ${c.status ?? '—'}`).join(', ') || 'none'} · ${Math.round(performance.now() - started)} ms\n\n`);
        }
    } finally {
        const stats = emulator.stats();
        await emulator.stop();
        write(`The emulator answered ${stats.calls} Salesforce requests and was stopped. Total ${seconds(performance.now())}.\n`);
    }
    if (failures > 0) {
        write(`${failures} demo step(s) failed.\n`);
        process.exit(1);
    }
    write(
        [
            'Next:',
            `  npm run call -- query-records --input '{"query":"SELECT Id, Name FROM Account LIMIT 3"}'   one function, about a second`,
            '  npm run call -- --list                                                                      every function',
            '  npm test                                                                                    every test',
            'The README shows the same functions against your own Salesforce connection, and `nango dryrun`, the reference.',
            ''
        ].join('\n')
    );
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
});
