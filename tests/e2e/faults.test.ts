/**
 * The fault suite: failures injected into the emulator at chosen points of every sync and of the write actions, then
 * a rerun. Checked against the emulator's store through a simulated Nango record cache: after the rerun a sync holds
 * exactly the org's live records, none saved twice in one run; a create is never executed twice.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import type { FaultRule } from '../../emulator/src/faults.js';
import { RecordCache, runFunction, type RunResult } from './runtime.js';

const tally = { injected: 0, lost: 0, duplicated: 0, runs: 0 };
let emulator: EmulatorHandle | undefined;
afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
});
afterAll(() => {
    process.stdout.write(`faults: ${tally.injected} faults injected over ${tally.runs} runs, ${tally.lost} records lost, ${tally.duplicated} duplicated\n`);
    expect(tally.lost).toBe(0);
    expect(tally.duplicated).toBe(0);
});

interface SyncCase {
    name: string;
    model: string;
    /** Ids the model must hold: the org's live records as the sync defines them. */
    expected: (e: EmulatorHandle) => string[];
    /** The query endpoint of its main pass. */
    query: string;
    metadata?: Record<string, unknown>;
}

const liveIds = (type: string) => (e: EmulatorHandle) => e.org.list(type).map((r) => String(r['Id']));
/** The rows of the history objects the API user sees (rows about a field hidden by field-level security are left out). */
const historyIds = (e: EmulatorHandle) =>
    ['AccountHistory', 'OpportunityFieldHistory', 'CaseHistory', 'ContactHistory', 'LeadHistory'].flatMap((type) => {
        const def = e.org.schema.get(type);
        return def ? e.org.list(type).filter((r) => !e.org.schema.historyRowHidden(def, r)).map((r) => String(r['Id'])) : [];
    });
const SYNCS: SyncCase[] = [
    { name: 'accounts', model: 'SalesforceAccount', expected: liveIds('Account'), query: '/queryAll' },
    { name: 'contacts', model: 'SalesforceContact', expected: liveIds('Contact'), query: '/queryAll' },
    { name: 'opportunities', model: 'SalesforceOpportunity', expected: liveIds('Opportunity'), query: '/queryAll' },
    { name: 'cases', model: 'SalesforceCase', expected: liveIds('Case'), query: '/queryAll' },
    { name: 'users', model: 'SalesforceUser', expected: liveIds('User'), query: '/query' },
    { name: 'campaigns', model: 'SalesforceCampaign', expected: liveIds('Campaign'), query: '/queryAll' },
    { name: 'campaign-members', model: 'SalesforceCampaignMember', expected: liveIds('CampaignMember'), query: '/queryAll' },
    { name: 'tickets', model: 'SalesforceTicket', expected: liveIds('Case'), query: '/queryAll' },
    { name: 'events', model: 'SalesforceEvent', expected: liveIds('Event'), query: '/queryAll' },
    { name: 'opportunity-line-items', model: 'SalesforceOpportunityLineItem', expected: liveIds('OpportunityLineItem'), query: '/queryAll' },
    // history rows are changed by writing tracked fields of their parents (no deletes: those leave by reconciliation)
    { name: 'field-history', model: 'SalesforceFieldHistory', expected: historyIds, query: '/queryAll' },
    {
        name: 'articles',
        model: 'SalesforceArticle',
        expected: (e) => [...new Set(e.org.list('Knowledge__kav').filter((r) => r['PublishStatus'] === 'Online' && r['Language'] === 'en_US').map((r) => String(r['KnowledgeArticleId'])))],
        query: '/query'
    },
    {
        name: 'records-by-soql',
        model: 'SalesforceSoqlRecord',
        expected: liveIds('Invoice__c'),
        query: '/queryAll',
        metadata: { soqlQuery: 'SELECT Name, Amount__c, Account__r.Name FROM Invoice__c' }
    }
];

/** Faults at chosen points of a run's paging; `fails` says whether the run itself must fail (and a rerun finish). */
const QUERY_MORE = /\/query\/[A-Za-z0-9]+-\d+/;
const FAULTS: Array<{ label: string; rule: (query: string) => FaultRule; fails: boolean }> = [
    { label: '503 twice on page 2 (retried by the proxy)', rule: () => ({ match: { path: QUERY_MORE }, times: 2, fault: { kind: 'status', status: 503 } }), fails: false },
    { label: '500 on page 2 past every retry', rule: () => ({ match: { path: QUERY_MORE }, times: 4, fault: { kind: 'status', status: 500 } }), fails: true },
    { label: 'dropped connection on page 3', rule: () => ({ match: { path: QUERY_MORE, nth: 2 }, times: 1, fault: { kind: 'drop' } }), fails: false },
    { label: 'delay on the first page', rule: (q) => ({ match: { path: q }, times: 1, fault: { kind: 'delay', ms: 150 } }), fails: false },
    { label: 'INVALID_SESSION_ID on page 2', rule: () => ({ match: { path: QUERY_MORE }, times: 1, fault: { kind: 'error', errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' } }), fails: true },
    { label: 'QUERY_TIMEOUT on the first query (window narrowed)', rule: (q) => ({ match: { path: q }, times: 2, fault: { kind: 'error', errorCode: 'QUERY_TIMEOUT', message: 'Your query request was running for too long.' } }), fails: false },
    { label: 'INVALID_QUERY_LOCATOR on page 3 (restart from the checkpoint)', rule: () => ({ match: { path: QUERY_MORE, nth: 2 }, times: 1, fault: { kind: 'error', errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' } }), fails: false },
    { label: 'REQUEST_LIMIT_EXCEEDED on page 2 (clean stop)', rule: () => ({ match: { path: QUERY_MORE }, times: 1, fault: { kind: 'error', errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' } }), fails: false }
];

async function run(sync: SyncCase, cache: RecordCache, checkpoint?: Record<string, unknown> | null): Promise<RunResult> {
    if (!emulator) throw new Error('no emulator');
    tally.runs++;
    return runFunction(sync.name, {
        hostport: emulator.url,
        connectionId: emulator.connectionId,
        metadata: { lagSeconds: 0, batchSize: 200, reconcileEveryDays: 0, bulkThreshold: 0, ...(sync.metadata ?? {}) },
        ...(checkpoint ? { checkpoint } : {}),
        cache
    });
}

/** Runs until the sync reports no early stop or failure (at most 4 runs); returns the last result. */
async function runToEnd(sync: SyncCase, cache: RecordCache, first: RunResult): Promise<RunResult> {
    let last = first;
    for (let i = 0; i < 4 && (last.error || last.logs.some((l) => l.includes('stopping early'))); i++) {
        last = await run(sync, cache, last.checkpoint);
        expect(cache.savedTwice(sync.model), `${sync.name}: saved twice in one run`).toEqual([]);
    }
    return last;
}

function check(sync: SyncCase, cache: RecordCache): void {
    const expected = sync.expected(emulator as EmulatorHandle).sort();
    const held = cache.ids(sync.model);
    const lost = expected.filter((id) => !held.includes(id));
    const extra = held.filter((id) => !expected.includes(id));
    tally.lost += lost.length + extra.length;
    expect({ lost, extra }, `${sync.name}: cache must hold exactly the org's records`).toEqual({ lost: [], extra: [] });
}

describe.each(SYNCS)('$name under faults', (sync) => {
    it.each(FAULTS)('$label: a full load, then an incremental run with changes and deletes', async ({ rule, fails }) => {
        emulator = await startEmulator({ seed: 13, volume: { default: 450, User: 450, Knowledge__kav: 2000 }, pageSize: 200, proxyRetryBaseMs: 1 });
        const e = emulator;
        const cache = new RecordCache();

        // full load under the fault
        e.faults.inject(rule(sync.query));
        tally.injected++;
        const first = await run(sync, cache);
        if (fails) expect(first.error, `${sync.name} should fail under this fault`).toBeDefined();
        expect(cache.savedTwice(sync.model)).toEqual([]);
        expect(e.faults.fired().length, 'the fault must have fired').toBeGreaterThan(0);
        e.faults.clear();
        const loaded = await runToEnd(sync, cache, first);
        expect(loaded.error).toBeUndefined();
        const afterLoad = loaded.checkpoint;
        check(sync, cache);

        // changes and deletes, then an incremental run under the same fault
        const type = sync.name === 'field-history' ? 'Opportunity' : sync.name === 'records-by-soql' ? 'Invoice__c' : sync.name === 'tickets' ? 'Case' : sync.name === 'articles' ? null : sync.model.replace('Salesforce', '');
        if (type) {
            const records = e.org.list(type);
            const deletable = type !== 'User' && sync.name !== 'field-history';
            records.slice(0, 250).forEach((r, i) => {
                if (deletable && i % 5 === 0) e.org.delete(type, String(r['Id']));
                else if (type === 'User') e.org.update('User', String(r['Id']), { Title: `T${i}` });
                else e.org.update(type, String(r['Id']), sync.name === 'field-history' ? { Amount: 1000 + i } : type === 'Case' ? { Priority: 'High' } : type === 'Invoice__c' ? { Amount__c: i } : type === 'CampaignMember' ? { Status: 'Responded' } : { Description: `changed ${i}` });
            });
        }
        e.faults.inject(rule(sync.query));
        tally.injected++;
        const incremental = await run(sync, cache, afterLoad);
        expect(cache.savedTwice(sync.model)).toEqual([]);
        e.faults.clear();
        await runToEnd(sync, cache, incremental);
        check(sync, cache);
    });
});

describe('write actions under faults', () => {
    async function act(name: string, input: unknown): Promise<RunResult> {
        if (!emulator) throw new Error('no emulator');
        return runFunction(name, { hostport: emulator.url, connectionId: emulator.connectionId, input });
    }

    it('a create whose answer is lost is executed once, never retried, and reported as a network error', async () => {
        emulator = await startEmulator({ seed: 2, volume: 10, proxyRetryBaseMs: 1 });
        const before = emulator.org.count('Account');
        emulator.faults.inject({ match: { method: 'POST', path: '/sobjects/Account' }, times: 1, fault: { kind: 'drop-after' } });
        tally.injected++;
        const result = await act('create-record', { sObject: 'Account', record: { Name: 'Lost answer' } });
        expect(result.error?.payload).toMatchObject({ type: expect.stringMatching(/network_error|server_error/) });
        const created = emulator.org.count('Account') - before;
        tally.duplicated += Math.max(0, created - 1);
        expect(created).toBe(1);
    });

    it('a create refused with 503 is not retried and creates nothing', async () => {
        emulator = await startEmulator({ seed: 2, volume: 10, proxyRetryBaseMs: 1 });
        const before = emulator.org.count('Contact');
        emulator.faults.inject({ match: { method: 'POST', path: '/sobjects/Contact' }, times: 1, fault: { kind: 'status', status: 503 } });
        tally.injected++;
        const result = await act('create-contact', { lastName: 'Unlucky' });
        expect(result.error?.payload).toMatchObject({ type: 'server_error', status: 503 });
        expect(emulator.org.count('Contact')).toBe(before);
        expect(emulator.stats().calls).toBe(1);
    });

    it('a collection create whose answer is lost writes its records once', async () => {
        emulator = await startEmulator({ seed: 2, volume: 10, proxyRetryBaseMs: 1 });
        const before = emulator.org.count('Contact');
        emulator.faults.inject({ match: { method: 'POST', path: '/composite' }, times: 1, fault: { kind: 'drop-after' } });
        tally.injected++;
        const records = Array.from({ length: 450 }, (_, i) => ({ LastName: `Batch ${i}` }));
        const result = await act('create-sobject-collection', { sObject: 'Contact', records });
        expect(result.error).toBeDefined();
        const created = emulator.org.count('Contact') - before;
        tally.duplicated += Math.max(0, created - 450);
        expect(created).toBe(450);
    });

    it('idempotent writes (update, upsert, delete) are retried through 503s and applied once', async () => {
        emulator = await startEmulator({ seed: 2, volume: 10, proxyRetryBaseMs: 1 });
        const e = emulator;
        const account = String(e.org.list('Account')[0]?.['Id']);
        e.faults.inject({ match: { method: 'PATCH', path: '/sobjects/Account' }, times: 2, fault: { kind: 'status', status: 503 } });
        tally.injected++;
        expect((await act('update-account', { recordId: account, industry: 'Energy' })).output).toMatchObject({ success: true });
        expect(e.org.get(account)?.['Industry']).toBe('Energy');

        const invoices = e.org.count('Invoice__c');
        e.faults.inject({ match: { method: 'PATCH', path: '/sobjects/Invoice__c' }, times: 2, fault: { kind: 'status', status: 503 } });
        tally.injected++;
        const upserted = await act('upsert-record', { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'FAULT-1', record: { Amount__c: 5 } });
        expect(upserted.output).toMatchObject({ created: true });
        expect(e.org.count('Invoice__c')).toBe(invoices + 1);

        e.faults.inject({ match: { method: 'DELETE', path: '/sobjects/Account' }, times: 1, fault: { kind: 'drop' } });
        tally.injected++;
        expect((await act('delete-account', { recordId: account })).output).toMatchObject({ success: true });
        expect(e.org.get(account)?.['IsDeleted']).toBe(true);
    });
});
