/**
 * `npm start`: the offline demo. Builds the function bundles that changed (scripts/build.ts, the nango CLI's own
 * bundler), starts the embedded Salesforce emulator on a free port, runs a few functions through their compiled
 * bundles in Nango's sandbox (the runtime of `npm run call`), printing each step as it finishes, then shows the
 * real-time change notifier (issue 13): installs it on Contact with its action (the emulator's Metadata API deploy),
 * loads the contacts sync into a record cache, updates one contact over REST and times the path from that write to
 * the cache (the emulated org's POST to the emulator's Nango webhook, routed to the sync's onWebhook), then runs the
 * README's backend and agent snippets (official SDK and MCP client) against the functions handed to the emulator as
 * `nango deploy` sends them, and stops the emulator. Needs no .env, no Nango account and no network.
 */
import { performance } from 'node:perf_hooks';

import { startEmulator, type EmulatorHandle, type ReceivedWebhook } from '../emulator/src/index.js';
import { loadNango, RecordCache, runFunction, runWebhook, syncsSubscribedTo, type HttpCall, type RunResult } from '../tests/e2e/runtime.js';
import { buildBundles, deployPayload } from './build.js';

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

/** A step's Salesforce calls in one line, repeats counted (`POST /services/Soap/m/66.0 200 ×3`), and its time. */
function callLine(calls: readonly HttpCall[], ms: number): string {
    const counts = new Map<string, number>();
    for (const c of calls.filter((call) => call.path.startsWith('/proxy/'))) {
        const key = `${c.method} ${c.path.replace(/^\/proxy/, '').split('?')[0] ?? ''} ${c.status ?? '—'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const list = [...counts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key)).join(', ');
    return `   ${total} Salesforce call(s): ${list || 'none'} · ${Math.round(ms)} ms\n`;
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

interface InstallOutput {
    deployId: string;
    status: string;
    orgType: string;
    webhookUrl: string;
    objects: Array<{ sObject: string; trigger: string }>;
    classes: string[];
    tests: { run: number; failures: number };
    coverage: Array<{ name: string; percent: number | null }>;
}

/** The notifier's POST for a record as the emulator's Nango webhook endpoint queued it, waited for up to timeoutMs. */
async function queuedFor(emulator: EmulatorHandle, id: string, timeoutMs: number): Promise<ReceivedWebhook | undefined> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
        const hit = emulator.webhooks.received().find((w) => ((field(w.body, 'records') as unknown[] | undefined) ?? []).some((r) => field(r, 'id') === id));
        if (hit) return hit;
        if (performance.now() > deadline) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
}

/** The shared secret the install wrote to the connection metadata: only to make sure nothing printed shows it. */
async function notifierSecret(emulator: EmulatorHandle): Promise<string> {
    const res = await fetch(`${emulator.url}/connection/${emulator.connectionId}?provider_config_key=salesforce`, { headers: { Authorization: 'Bearer emulator-secret-key' } });
    const body = (await res.json()) as { metadata?: { changeNotifier?: { secret?: unknown } } };
    return String(body.metadata?.changeNotifier?.secret ?? '');
}

/**
 * Part 4: install-change-notifier for Contact (its real bundle, through the emulator's Metadata API deploy), a first
 * load of the contacts sync into a record cache, then a user's REST update of one contact, the org's notification
 * routed to the sync's onWebhook with the same cache, and the time from the write to the cache update. Numbered from
 * `first`; returns how many steps failed (a failed step ends the part).
 */
async function realtime(emulator: EmulatorHandle, first: number): Promise<number> {
    const hostport = emulator.url;
    const connectionId = emulator.connectionId;
    const unexpected = (what: unknown): number => {
        write(`   unexpected result: ${JSON.stringify(what).slice(0, 400)}\n\n`);
        return 1;
    };

    write(`── ${first}. install-change-notifier: the Apex for Contact, deployed with the Metadata API, its tests run\n`);
    let calls: HttpCall[] = [];
    let started = performance.now();
    const install = await runFunction('install-change-notifier', { hostport, connectionId, input: { objects: ['Contact'] }, validate: true, onCall: (c) => calls.push(c) });
    const out = install.output as InstallOutput | undefined;
    if (install.error || install.invalid.length > 0 || out?.status !== 'Succeeded') return unexpected(install.error ?? install.invalid[0] ?? out);
    const coverage = out.coverage.map((c) => `${c.name} ${c.percent ?? '—'}%`).join(', ');
    const shown = [
        `deployed ${out.deployId} (${out.orgType} org): trigger ${out.objects.map((o) => o.trigger).join(', ')}, classes ${out.classes.join(', ')}`,
        `tests: ${out.tests.run} run, ${out.tests.failures} failures · coverage: ${coverage}`,
        `POSTs to ${out.webhookUrl}; the shared secret is kept in the connection metadata (not shown)`
    ].join('\n');
    const secret = await notifierSecret(emulator);
    if (secret === '' || shown.includes(secret)) return unexpected('the connection metadata holds no secret, or the summary would show it');
    write(`${shown.replace(/^/gm, '   ')}\n${callLine(calls, performance.now() - started)}\n`);

    write(`── ${first + 1}. contacts sync: a first load into Nango's record cache (simulated by tests/e2e/runtime.ts)\n`);
    const cache = new RecordCache();
    calls = [];
    started = performance.now();
    const load = await runFunction('contacts', { hostport, connectionId, cache, validate: true, onCall: (c) => calls.push(c) });
    const ids = cache.ids('SalesforceContact');
    const id = ids[0];
    if (load.error || load.invalid.length > 0 || id === undefined) return unexpected(load.error ?? load.invalid[0] ?? 'no contact in the cache');
    write(`   ${ids.length} contacts in the cache; from here on only the webhook changes it\n${callLine(calls, performance.now() - started)}\n`);

    const title = 'VP, Real-time Demos';
    const before = cache.get('SalesforceContact', id)?.['title'];
    write(`── ${first + 2}. a user updates contact ${id} over REST; the org's POST to Nango, routed to the contacts sync's onWebhook\n`);
    emulator.webhooks.clear();
    calls = [];
    const wallStart = Date.now();
    started = performance.now();
    const patch = await fetch(`${hostport}/services/data/v66.0/sobjects/Contact/${id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${emulator.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ Title: title })
    });
    await patch.arrayBuffer();
    const patchMs = performance.now() - started;
    if (patch.status !== 204) return unexpected(`PATCH answered ${patch.status}`);
    const queued = await queuedFor(emulator, id, 5_000);
    if (!queued) return unexpected('no notification reached the webhook endpoint within 5 s of the write');
    const queuedMs = queued.receivedAt - wallStart;
    const eventType = String(field(field(queued.body, 'nango'), 'eventType'));
    const routed = syncsSubscribedTo(eventType);
    if (!routed.includes('contacts')) return unexpected(`contacts is not subscribed to ${eventType}`);
    const webhookStarted = performance.now();
    const applied = await runWebhook('contacts', queued.body, { hostport, connectionId, cache, validate: true, onCall: (c) => calls.push(c) });
    const done = performance.now();
    const latency = done - started;
    const after = cache.get('SalesforceContact', id)?.['title'];
    if (applied.error || applied.invalid.length > 0 || after !== title) return unexpected(applied.error ?? applied.invalid[0] ?? applied.output);
    const outcome = applied.output as { status?: string; saved?: number } | undefined;
    write(
        [
            `   title in the cache: ${JSON.stringify(before ?? null)} → ${JSON.stringify(after)}, ${Math.round(latency)} ms after the write began`,
            `   (PATCH answered in ${Math.round(patchMs)} ms, ${eventType} queued at the webhook after ${queuedMs} ms, onWebhook ${Math.round(done - webhookStarted)} ms: ${outcome?.status ?? '?'}, ${outcome?.saved ?? 0} saved)`,
            ''
        ].join('\n')
    );
    write(`${callLine(calls, done - webhookStarted)}\n`);
    if (latency >= 1_000) {
        write(`   a second or more from the write to the cache: slower than expected\n\n`);
        return 1;
    }
    return 0;
}

/**
 * Part 5: the emulator receives the built functions as `nango deploy` sends them (without its compile: deployPayload),
 * then the README's two snippets run in this process: scripts/examples/from-backend.ts (@nangohq/node) and
 * from-agent.ts (the official MCP client). Returns how many failed.
 */
async function clients(emulator: EmulatorHandle): Promise<number> {
    const started = performance.now();
    const deployed = await fetch(`${emulator.url}/sync/deploy`, {
        method: 'POST',
        headers: { Authorization: 'Bearer emulator-secret-key', 'Content-Type': 'application/json' },
        body: JSON.stringify(deployPayload())
    });
    if (!deployed.ok) {
        write(`   the emulator refused the deploy: ${deployed.status} ${(await deployed.text()).slice(0, 300)}\n`);
        return 1;
    }
    write(`── deployed ${emulator.deployed().length} functions to the emulator's Nango side\n`);
    Object.assign(process.env, { NANGO_HOSTPORT: emulator.url, NANGO_SECRET_KEY_DEV: 'emulator-secret-key', SALESFORCE_CONNECTION_ID: emulator.connectionId });
    let failed = 0;
    for (const example of ['from-backend', 'from-agent']) {
        write(`── scripts/examples/${example}.ts\n`);
        try {
            await import(`./examples/${example}.js`);
        } catch (error) {
            failed++;
            write(`   failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
    }
    const runtime = emulator.stats().runtime;
    write(`   ${runtime.actionCalls} action calls (${runtime.mcpToolCalls} through MCP), ${runtime.syncRuns} sync run, in ${seconds(performance.now() - started)}\n\n`);
    return failed;
}

async function main(): Promise<void> {
    write('1/5 Building the function bundles (only those whose sources changed)…\n');
    const nangoLoaded = loadNango();
    const build = await buildBundles({ onProgress: (line) => write(`    ${line}\n`) });
    write(`    ${build.built.length} built, ${build.upToDate} up to date, in ${seconds(build.ms)}\n`);
    await nangoLoaded;

    write('2/5 Starting the Salesforce emulator…\n');
    // lagSeconds 0 in the connection metadata: the sync of part 4 reads it (with the notifier's settings) from the host
    const emulator = await startEmulator({ seed: 1, volume: 25, metadata: { lagSeconds: 0 } });
    write(`    listening on ${emulator.url} (connection id ${emulator.connectionId}, 25 records per object)\n\n`);
    write(`3/5 Running ${steps.length} functions through their compiled bundles:\n\n`);
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
            write(`${callLine(calls, performance.now() - started)}\n`);
        }
        write(`4/5 Real-time change notifications: the notifier installed in the org, then one contact changed by a user:\n\n`);
        failures += await realtime(emulator, steps.length + 1);
        write(`5/5 From your backend and from an agent: the README's two snippets, the official Node SDK and MCP client against the deployed functions:\n\n`);
        failures += await clients(emulator);
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
