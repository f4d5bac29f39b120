/**
 * Real-time change notifications end to end (issue 13): the emulated org's notifier POSTs envelopes to the emulator's
 * Nango webhook URL, and each queued body is handed to the onWebhook of the syncs subscribed to its event type, through
 * their compiled bundles (runtime.ts runWebhook), with Nango's record cache simulated. After the first load no
 * scheduled run happens: what reaches the caches comes through webhooks alone.
 */
import { describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../emulator/src/index.js';
import { RecordCache, runWebhook, syncsSubscribedTo, type HttpCall, type RunOptions, type RunResult } from './runtime.js';
import { syncHarness } from './sync-harness.js';

const h = syncHarness({ seed: 13 });

const SECRET = '3c9e1f0a5b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f';
const OBJECTS = ['Account', 'Contact', 'Opportunity', 'Case', 'Invoice__c', 'Lead', 'Task'];
const SOQL = "SELECT Name, Amount__c, Status__c FROM Invoice__c WHERE Status__c != 'Void'";
const METADATA = {
    lagSeconds: 0,
    soqlQuery: SOQL,
    changeNotifier: { secret: SECRET, objects: OBJECTS, installedAt: '2026-12-01T09:00:00.000Z', webhookUrl: '' }
};

/** Each sync, the model it saves and the object it reads. */
const SYNCS = {
    accounts: ['SalesforceAccount', 'Account'],
    contacts: ['SalesforceContact', 'Contact'],
    opportunities: ['SalesforceOpportunity', 'Opportunity'],
    cases: ['SalesforceCase', 'Case'],
    tickets: ['SalesforceTicket', 'Case'],
    'records-by-soql': ['SalesforceSoqlRecord', 'Invoice__c'],
    leads: ['SalesforceLead', 'Lead'],
    tasks: ['SalesforceTask', 'Task']
} as const;
type SyncName = keyof typeof SYNCS;

interface World {
    emu: EmulatorHandle;
    caches: Map<SyncName, RecordCache>;
    /** Each sync's checkpoint after its first load (the webhooks never change it). */
    checkpoints: Map<SyncName, Record<string, unknown> | null>;
}

/** Starts the org, loads every sync once into its cache, then installs the notifier on every object. */
async function world(volume: Record<string, number> = {}): Promise<World> {
    const emu = await h.start({ volume: { default: 30, ...volume } });
    const caches = new Map<SyncName, RecordCache>();
    const checkpoints = new Map<SyncName, Record<string, unknown> | null>();
    for (const name of Object.keys(SYNCS) as SyncName[]) {
        const cache = new RecordCache();
        const result = await h.sync(name, { cache, metadata: METADATA });
        caches.set(name, cache);
        checkpoints.set(name, result.checkpoint);
    }
    const url = `${emu.url}/webhook/6b2f0c1e-9a47-4d2b-8e5f-3c1a7d9e0b42/salesforce`;
    emu.notifier.install({ objects: OBJECTS, url, secret: SECRET });
    return { emu, caches, checkpoints };
}

function webhookOptions(w: World, sync: SyncName, extra: Partial<RunOptions> = {}): RunOptions {
    return { hostport: w.emu.url, connectionId: w.emu.connectionId, validate: true, metadata: METADATA, cache: w.caches.get(sync) as RecordCache, ...extra };
}

interface Delivery {
    sync: SyncName;
    body: Record<string, any>;
    result: RunResult;
}

/** Waits for the notifier, then hands every queued body to each sync subscribed to its event type (as Nango routes them). */
async function route(w: World): Promise<Delivery[]> {
    await w.emu.notifier.idle();
    const bodies = w.emu.webhooks.received().map((r) => r.body as Record<string, any>);
    w.emu.webhooks.clear();
    const out: Delivery[] = [];
    for (const body of bodies) {
        for (const sync of syncsSubscribedTo(String(body['nango']?.['eventType']))) {
            if (!(sync in SYNCS)) continue;
            const result = await runWebhook(sync, body, webhookOptions(w, sync as SyncName));
            expect(result.error, `${sync} onWebhook`).toBeUndefined();
            expect(result.invalid, `${sync} records must match the model`).toEqual([]);
            // the checkpoint belongs to the scheduled runs
            expect(result.checkpointCalls).toBe(0);
            out.push({ sync: sync as SyncName, body, result });
        }
    }
    return out;
}

/** What a fresh full load of the sync saves now, by id. */
async function fresh(sync: SyncName): Promise<Map<string, Record<string, unknown>>> {
    const cache = new RecordCache();
    await h.sync(sync, { cache, metadata: METADATA });
    return cache.records.get(SYNCS[sync][0]) ?? new Map();
}

/** The cache holds exactly what a full load would save now: same ids, same values. */
async function expectCurrent(w: World, sync: SyncName): Promise<void> {
    const held = w.caches.get(sync)?.records.get(SYNCS[sync][0]) ?? new Map();
    const now = await fresh(sync);
    expect([...held.keys()].sort(), `${sync} ids`).toEqual([...now.keys()].sort());
    for (const [id, record] of now) expect(held.get(id), `${sync} ${id}`).toEqual(record);
}

function snapshot(w: World): string {
    return JSON.stringify([...w.caches].map(([name, cache]) => [name, [...(cache.records.get(SYNCS[name][0])?.entries() ?? [])]]));
}

async function patchContacts(emu: EmulatorHandle, ids: readonly string[], values: (i: number) => Record<string, unknown>): Promise<void> {
    // one composite request of collections, allOrNone: one transaction, as a bulk update by an integration would be
    const compositeRequest = [];
    for (let i = 0; i < ids.length; i += 200) {
        compositeRequest.push({
            method: 'PATCH',
            url: '/services/data/v66.0/composite/sobjects',
            referenceId: `chunk${i / 200}`,
            body: { allOrNone: true, records: ids.slice(i, i + 200).map((id, j) => ({ attributes: { type: 'Contact' }, id, ...values(i + j) })) }
        });
    }
    const res = await fetch(`${emu.url}/services/data/v66.0/composite`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${emu.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ allOrNone: true, compositeRequest })
    });
    const body = (await res.json()) as { compositeResponse: Array<{ httpStatusCode: number }> };
    expect(res.status).toBe(200);
    expect(body.compositeResponse.map((r) => r.httpStatusCode)).toEqual(compositeRequest.map(() => 200));
}

describe('change notifications reach the caches through webhooks alone', () => {
    it('a bulk update of 1,000 contacts in one transaction: 5 POSTs of 200, every contact current in the cache, none lost or saved twice', async () => {
        const w = await world({ Contact: 1_000 });
        const ids = w.emu.org.list('Contact').map((r) => String(r['Id']));
        expect(ids).toHaveLength(1_000);
        const sentBefore = w.emu.notifier.sent().length;
        await patchContacts(w.emu, ids, (i) => ({ Title: `Bulk title ${i}`, Department: i % 2 === 0 ? 'Even' : 'Odd' }));
        const deliveries = await route(w);

        const sent = w.emu.notifier.sent().slice(sentBefore);
        expect(sent.length).toBeLessThanOrEqual(10);
        expect(sent.map((s) => (s.body['records'] as unknown[]).length)).toEqual([200, 200, 200, 200, 200]);
        expect(sent.every((s) => s.status === 200)).toBe(true);
        // every POST left within seconds of the commit
        expect(Math.max(...sent.map((s) => s.postedAt - s.committedAt))).toBeLessThan(5_000);

        const contactRuns = deliveries.filter((d) => d.sync === 'contacts');
        expect(contactRuns).toHaveLength(5);
        const savedIds = contactRuns.flatMap((d) => (d.result.saved['SalesforceContact'] ?? []).map((r: { id: string }) => r.id));
        expect(savedIds).toHaveLength(1_000);
        expect(new Set(savedIds).size).toBe(1_000);
        expect(contactRuns.map((d) => d.result.output)).toEqual(contactRuns.map(() => ({ status: 'applied', saved: 200, deleted: 0, skipped: 0 })));
        // records-by-soql hears every event ('*') and leaves the other objects alone
        expect(deliveries.filter((d) => d.sync === 'records-by-soql').map((d) => (d.result.output as { status: string }).status)).toEqual(['ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
        expect(w.caches.get('contacts')?.get('SalesforceContact', ids[999] as string)).toMatchObject({ title: 'Bulk title 999', department: 'Odd' });
        await expectCurrent(w, 'contacts');
    });

    it('changes of every notified object: each sync of it is current (tickets with their conversation; records-by-soql under its WHERE)', async () => {
        const w = await world();
        const org = w.emu.org;
        const first = (type: string, n: number): string[] => org.list(type).slice(0, n).map((r) => String(r['Id']));
        const invoices = first('Invoice__c', 4);
        const openInvoice = invoices.find((id) => org.get(id)?.['Status__c'] !== 'Void') as string;
        org.atomically(() => {
            for (const id of first('Account', 5)) org.update('Account', id, { Industry: 'Biotechnology' });
            for (const id of first('Opportunity', 5)) org.update('Opportunity', id, { Description: 'Notified' });
            for (const id of first('Case', 3)) org.update('Case', id, { Subject: 'Notified case' });
            // converted leads are read-only (CANNOT_UPDATE_CONVERTED_LEAD)
            for (const lead of org.list('Lead').filter((l) => l['IsConverted'] !== true).slice(0, 3)) org.update('Lead', String(lead['Id']), { Title: 'Notified lead' });
            for (const id of first('Task', 3)) org.update('Task', id, { Subject: 'Notified task' });
            for (const id of invoices) org.update('Invoice__c', id, { Status__c: 'Paid' });
            // no longer matching records-by-soql's WHERE: removed from its cache
            org.update('Invoice__c', openInvoice, { Status__c: 'Void' });
            org.insert('Account', { Name: 'Created by notification' });
        });
        const deliveries = await route(w);
        expect(w.emu.notifier.sent().map((s) => (s.body['nango'] as { eventType: string }).eventType)).toEqual([
            'account.updated',
            'opportunity.updated',
            'case.updated',
            'lead.updated',
            'task.updated',
            'invoice__c.updated',
            'account.created'
        ]);
        expect(new Set(deliveries.map((d) => d.sync))).toEqual(new Set(Object.keys(SYNCS).filter((s) => s !== 'contacts')));
        expect(w.caches.get('records-by-soql')?.get('SalesforceSoqlRecord', openInvoice)).toBeUndefined();
        for (const sync of Object.keys(SYNCS) as SyncName[]) await expectCurrent(w, sync);
    });
});

describe('what must change nothing', () => {
    it('forged (wrong secret) and malformed bodies: refused, not one Salesforce call, every cache as it was', async () => {
        const w = await world();
        const id = String(w.emu.org.list('Contact')[0]?.['Id']);
        w.emu.org.update('Contact', id, { Title: 'Real change' });
        await w.emu.notifier.idle();
        const real = w.emu.webhooks.received()[0]?.body as Record<string, any>;
        w.emu.webhooks.clear();
        expect(real['nango'].eventType).toBe('contact.updated');
        const before = snapshot(w);
        const bodies: Array<[string, unknown]> = [
            ['forged', { ...real, secret: 'e'.repeat(64) }],
            ['not JSON', 'hello'],
            ['no records', { ...real, records: [] }],
            ['an unknown change', { ...real, change: 'merged', nango: { ...real['nango'], eventType: 'contact.merged' } }],
            ['an eventType of another change', { ...real, nango: { ...real['nango'], eventType: 'contact.deleted' } }],
            ['201 records', { ...real, records: Array.from({ length: 201 }, () => real['records'][0]) }],
            ['an Account id in a contact notification', { ...real, records: [{ ...real['records'][0], id: String(w.emu.org.list('Account')[0]?.['Id']) }] }]
        ];
        for (const [what, body] of bodies) {
            const calls: HttpCall[] = [];
            const result = await runWebhook('contacts', body, webhookOptions(w, 'contacts', { onCall: (c) => calls.push(c) }));
            expect(result.error, what).toBeUndefined();
            expect((result.output as { status: string }).status, what).toBe('refused');
            // the wrong-object id is caught after the one describe that gives the key prefix; nothing else reads anything
            expect(calls.filter((c) => c.path.includes('/query')), what).toEqual([]);
            expect(result.logs, what).toHaveLength(1);
            expect(result.logs.join('\n'), what).not.toContain(SECRET);
        }
        expect(snapshot(w)).toBe(before);
        // the real one still works
        await runWebhook('contacts', real, webhookOptions(w, 'contacts'));
        expect(w.caches.get('contacts')?.get('SalesforceContact', id)).toMatchObject({ title: 'Real change' });
    });

    it('a replayed old notification never puts an older copy back, even when it loses a race with a newer save', async () => {
        const w = await world();
        const org = w.emu.org;
        const id = String(org.list('Contact')[1]?.['Id']);
        const cache = w.caches.get('contacts') as RecordCache;
        const take = async (): Promise<Record<string, any>> => {
            await w.emu.notifier.idle();
            const body = w.emu.webhooks.received()[0]?.body as Record<string, any>;
            w.emu.webhooks.clear();
            return body;
        };
        org.update('Contact', id, { Title: 'First' });
        const older = await take();
        await new Promise((r) => setTimeout(r, 5));
        org.update('Contact', id, { Title: 'Second' });
        const newer = await take();
        expect(Date.parse(newer['records'][0].systemModstamp)).toBeGreaterThan(Date.parse(older['records'][0].systemModstamp));

        // delivered out of order: the newer first, then the old one
        await runWebhook('contacts', newer, webhookOptions(w, 'contacts'));
        expect(cache.get('SalesforceContact', id)).toMatchObject({ title: 'Second' });
        await runWebhook('contacts', older, webhookOptions(w, 'contacts'));
        expect(cache.get('SalesforceContact', id)).toMatchObject({ title: 'Second' });

        // the race: while the old notification's re-read is answered, the contact changes again and another run saves
        // that newer copy; the re-read row ('Second') is now older than what Nango holds, and must not replace it
        let raced = false;
        const result = await runWebhook(
            'contacts',
            older,
            webhookOptions(w, 'contacts', {
                onCall: (call) => {
                    if (raced || !call.path.includes('/queryAll')) return;
                    raced = true;
                    const third = org.update('Contact', id, { Title: 'Third' });
                    const held = cache.get('SalesforceContact', id) as Record<string, unknown>;
                    cache.save('SalesforceContact', [{ ...held, title: 'Third', system_modstamp: new Date(third['SystemModstamp'] as number).toISOString() }]);
                }
            })
        );
        expect(raced).toBe(true);
        expect(result.output).toEqual({ status: 'applied', saved: 0, deleted: 0, skipped: 1 });
        expect(cache.get('SalesforceContact', id)).toMatchObject({ title: 'Third' });
    });
});

describe('deletes and restores', () => {
    it('a deleted contact is removed, an undeleted one comes back; an account delete removes the account only (its cascade fires no trigger) and the next scheduled run removes the children', async () => {
        const w = await world();
        const org = w.emu.org;
        const contacts = w.caches.get('contacts') as RecordCache;
        const id = String(org.list('Contact')[2]?.['Id']);
        const res = await fetch(`${w.emu.url}/services/data/v66.0/sobjects/Contact/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${w.emu.accessToken}` } });
        expect(res.status).toBe(204);
        const deletions = await route(w);
        expect(deletions.find((d) => d.sync === 'contacts')?.body['nango'].eventType).toBe('contact.deleted');
        expect(contacts.get('SalesforceContact', id)).toBeUndefined();

        org.undelete(id);
        const restores = await route(w);
        expect(restores.find((d) => d.sync === 'contacts')?.body['nango'].eventType).toBe('contact.undeleted');
        expect(contacts.get('SalesforceContact', id)).toBeDefined();
        await expectCurrent(w, 'contacts');

        const account = org.list('Account').find((a) => org.list('Contact').some((c) => c['AccountId'] === a['Id']));
        const accountId = String(account?.['Id']);
        const children = org.list('Contact').filter((c) => c['AccountId'] === accountId).map((c) => String(c['Id']));
        expect(children.length).toBeGreaterThan(0);
        org.delete('Account', accountId);
        const cascade = await route(w);
        expect(cascade.map((d) => d.body['nango'].eventType)).toEqual(['account.deleted', 'account.deleted']);
        expect(w.caches.get('accounts')?.get('SalesforceAccount', accountId)).toBeUndefined();
        for (const child of children) expect(contacts.get('SalesforceContact', child)).toBeDefined();
        // the scheduled run stays the safety net: from the checkpoint of the first load, queryAll shows them deleted
        const scheduled = await h.sync('contacts', { cache: contacts, metadata: METADATA, checkpoint: w.checkpoints.get('contacts') ?? null });
        expect((scheduled.deleted['SalesforceContact'] ?? []).map((r: { id: string }) => r.id).sort()).toEqual([...children].sort());
        for (const child of children) expect(contacts.get('SalesforceContact', child)).toBeUndefined();
        await expectCurrent(w, 'contacts');
    });
});
