/** The change notifier (issue 13): the org POSTs envelopes after committed writes; the Nango side queues them. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { start, type Client } from './helpers.js';

const SECRET = 'a'.repeat(64);
let c: Client;
let url: string;

beforeAll(async () => {
    c = await start({ volume: { Contact: 450, Account: 30, default: 10 } });
    url = `${c.emu.url}/webhook/test-environment/salesforce`;
});
afterAll(async () => {
    await c.emu.stop();
});
beforeEach(async () => {
    c.emu.notifier.install({ objects: ['Account', 'Contact'], url, secret: SECRET });
    await c.emu.notifier.idle();
    c.emu.webhooks.clear();
});

/** The envelopes POSTed since `from` (an index into sent()). */
async function sentSince(from: number): Promise<Array<Record<string, any>>> {
    await c.emu.notifier.idle();
    return c.emu.notifier.sent().slice(from).map((s) => s.body);
}

const contactIds = (n: number, skip = 0): string[] => c.emu.org.list('Contact').slice(skip, skip + n).map((r) => r['Id'] as string);

describe('the org side', () => {
    it('a collections update of 200 contacts is one POST, a single PATCH another; the envelope follows the contract', async () => {
        const from = c.emu.notifier.sent().length;
        const ids = contactIds(200);
        const res = await c.sf('composite/sobjects', { method: 'PATCH', json: { allOrNone: false, records: ids.map((id) => ({ attributes: { type: 'Contact' }, id, Title: 'Bulk title' })) } });
        expect(res.status).toBe(200);
        const single = await c.sf(`sobjects/Contact/${ids[0]}`, { method: 'PATCH', json: { Department: 'Ops' } });
        expect(single.status).toBe(204);
        const bodies = await sentSince(from);
        expect(bodies.map((b) => b['records'].length)).toEqual([200, 1]);
        const [first, second] = bodies as [Record<string, any>, Record<string, any>];
        expect(first).toMatchObject({ nango: { connectionId: c.emu.connectionId, eventType: 'contact.updated' }, secret: SECRET, orgId: c.emu.org.orgId, sObject: 'Contact', change: 'updated' });
        expect(c.emu.org.orgId).toMatch(/^00D\w{15}$/);
        expect(first['records'].map((r: { id: string }) => r.id)).toEqual(ids);
        expect(first['records'][1]).toEqual({ id: ids[1], systemModstamp: new Date(c.emu.org.get(ids[1] as string)?.['SystemModstamp'] as number).toISOString(), changedFields: ['Title'] });
        expect(second['records']).toEqual([{ id: ids[0], systemModstamp: new Date(c.emu.org.get(ids[0] as string)?.['SystemModstamp'] as number).toISOString(), changedFields: ['Department'] }]);
        expect(Number.isFinite(Date.parse(first['sentAt']))).toBe(true);
        // the Nango side got both, each naming this connection
        expect(c.emu.webhooks.received().map((w) => [w.integration, w.environment, w.connectionMatched])).toEqual([
            ['salesforce', 'test-environment', true],
            ['salesforce', 'test-environment', true]
        ]);
        expect(c.emu.notifier.sent().slice(from).map((s) => s.status)).toEqual([200, 200]);
    });

    it('POSTs after the write\'s response: the PATCH is logged before the webhook arrives, and nothing is sent synchronously', async () => {
        const id = contactIds(1, 5)[0] as string;
        c.emu.resetStats();
        await c.sf(`sobjects/Contact/${id}`, { method: 'PATCH', json: { Title: 'After response' } });
        await c.emu.notifier.idle();
        const log = c.emu.stats().log.map((e) => e.endpoint);
        const patch = log.findIndex((e) => e.startsWith('PATCH /sobjects/Contact'));
        const hook = log.indexOf('nango POST /webhook/{environment}/{integration}');
        expect(patch).toBeGreaterThanOrEqual(0);
        expect(hook).toBeGreaterThan(patch);
        const before = c.emu.notifier.sent().length;
        c.emu.org.update('Contact', id, { Title: 'In process' });
        expect(c.emu.notifier.sent().length).toBe(before);
        await c.emu.notifier.idle();
        expect(c.emu.notifier.sent().length).toBe(before + 1);
        const last = c.emu.notifier.sent().at(-1);
        expect(last?.postedAt).toBeGreaterThanOrEqual(last?.committedAt ?? Infinity);
    });

    it('in-process writes in one stretch of synchronous work are one unit: 450 updates are 3 POSTs of 200, 200 and 50', async () => {
        const from = c.emu.notifier.sent().length;
        for (const id of contactIds(450)) c.emu.org.update('Contact', id, { Title: 'Loop' });
        const bodies = await sentSince(from);
        expect(bodies.map((b) => b['records'].length)).toEqual([200, 200, 50]);
        expect(new Set(bodies.flatMap((b) => b['records'].map((r: { id: string }) => r.id))).size).toBe(450);
    });

    it('groups per object and change kind; a record written twice in one unit is listed once with every changed field', async () => {
        const from = c.emu.notifier.sent().length;
        const [a, b] = contactIds(2, 10) as [string, string];
        let created = '';
        c.emu.org.atomically(() => {
            c.emu.org.update('Contact', a, { Title: 'One' });
            c.emu.org.update('Contact', a, { Department: 'Two' });
            c.emu.org.update('Contact', b, { Title: 'Three' });
            created = c.emu.org.insert('Account', { Name: 'Notified Inc' })['Id'] as string;
        });
        const bodies = await sentSince(from);
        expect(bodies.map((x) => x['nango']['eventType'])).toEqual(['contact.updated', 'account.created']);
        expect(bodies[0]?.['records'].map((r: { id: string; changedFields: string[] }) => [r.id, r.changedFields])).toEqual([
            [a, ['Title', 'Department']],
            [b, ['Title']]
        ]);
        expect(bodies[1]?.['records']).toEqual([{ id: created, systemModstamp: expect.any(String), changedFields: [] }]);
    });

    it('rolled-back writes send nothing; allOrNone=false sends only the records that were saved', async () => {
        const from = c.emu.notifier.sent().length;
        const [a, b] = contactIds(2, 20) as [string, string];
        const records = [
            { attributes: { type: 'Contact' }, id: a, Title: 'Kept?' },
            { attributes: { type: 'Contact' }, id: b, LastName: '' }
        ];
        const all = await c.sf('composite/sobjects', { method: 'PATCH', json: { allOrNone: true, records } });
        expect(all.body.map((r: { success: boolean }) => r.success)).toEqual([false, false]);
        expect(await sentSince(from)).toEqual([]);
        const some = await c.sf('composite/sobjects', { method: 'PATCH', json: { allOrNone: false, records } });
        expect(some.body.map((r: { success: boolean }) => r.success)).toEqual([true, false]);
        expect((await sentSince(from)).map((x) => x['records'].map((r: { id: string }) => r.id))).toEqual([[a]]);
    });

    it('a deleted account is notified, its cascade-deleted contacts are not (no trigger fires for them); undelete and create too', async () => {
        const from = c.emu.notifier.sent().length;
        const account = c.emu.org.insert('Account', { Name: 'Cascade parent' })['Id'] as string;
        const child = c.emu.org.insert('Contact', { LastName: 'Child', AccountId: account })['Id'] as string;
        await c.emu.notifier.idle();
        const mid = c.emu.notifier.sent().length;
        expect((await c.sf(`sobjects/Account/${account}`, { method: 'DELETE' })).status).toBe(204);
        expect(c.emu.org.get(child)?.['IsDeleted']).toBe(true);
        c.emu.org.undelete(account);
        const bodies = await sentSince(mid);
        expect(bodies.map((x) => [x['nango']['eventType'], x['records'].map((r: { id: string }) => r.id)])).toEqual([
            ['account.deleted', [account]],
            ['account.undeleted', [account]]
        ]);
        expect(c.emu.notifier.sent().slice(from, mid).map((s) => (s.body['nango'] as { eventType: string }).eventType)).toEqual(['account.created', 'contact.created']);
    });

    it('a long transaction notifies when it commits, with the stamps of its DML, in a POST of its own', async () => {
        const from = c.emu.notifier.sent().length;
        const id = contactIds(1, 30)[0] as string;
        const at = c.emu.org.now() - 5_000;
        const tx = c.emu.org.beginLongTransaction({ at });
        tx.update(id, { Title: 'Late' }, { at });
        await c.emu.notifier.idle();
        expect(c.emu.notifier.sent().length).toBe(from);
        tx.commit();
        const bodies = await sentSince(from);
        expect(bodies.map((x) => x['records'])).toEqual([[{ id, systemModstamp: new Date(at).toISOString(), changedFields: ['Title'] }]]);
    });

    it('objects not watched and an uninstalled notifier send nothing; install checks its settings', async () => {
        const from = c.emu.notifier.sent().length;
        const opp = c.emu.org.list('Opportunity')[0]?.['Id'] as string;
        c.emu.org.update('Opportunity', opp, { Description: 'Not watched' });
        c.emu.notifier.uninstall();
        expect(c.emu.notifier.status()).toEqual({ installed: false, objects: [], url: null, connectionId: null });
        c.emu.org.update('Contact', contactIds(1)[0] as string, { Title: 'Uninstalled' });
        expect(await sentSince(from)).toEqual([]);
        expect(() => c.emu.notifier.install({ objects: ['Nope__c'], url, secret: SECRET })).toThrow(/Nope__c is not an object/);
        expect(() => c.emu.notifier.install({ objects: ['Contact'], url, secret: '' })).toThrow(/secret/);
        c.emu.notifier.install({ objects: ['contact', 'invoice__c'], url, secret: SECRET, connectionId: 'other' });
        expect(c.emu.notifier.status()).toEqual({ installed: true, objects: ['Contact', 'Invoice__c'], url, connectionId: 'other' });
    });

    it('a callout that fails is recorded with its error, not retried', async () => {
        const from = c.emu.notifier.sent().length;
        c.emu.notifier.install({ objects: ['Contact'], url: 'http://127.0.0.1:9/webhook/x/salesforce', secret: SECRET });
        c.emu.org.update('Contact', contactIds(1)[0] as string, { Title: 'Unreachable' });
        await c.emu.notifier.idle();
        const failed = c.emu.notifier.sent().slice(from);
        expect(failed).toHaveLength(1);
        expect(failed[0]?.status).toBeNull();
        expect(failed[0]?.error).toBeTruthy();
    });
});

describe('the Nango side', () => {
    it('POST /webhook/{environment}/salesforce answers 200 and queues the body; GET /__emulator/webhooks lists it', async () => {
        const res = await fetch(`${c.emu.url}/webhook/env-1/salesforce`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ nango: { connectionId: 'someone-else' }, x: 1 }) });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: 'success' });
        const text = await fetch(`${c.emu.url}/webhook/env-1/salesforce`, { method: 'POST', body: 'not json' });
        expect(text.status).toBe(200);
        const listed = (await c.nango('/__emulator/webhooks')).body.webhooks as Array<Record<string, unknown>>;
        expect(listed.map((w) => [w['environment'], w['body'], w['connectionMatched']])).toEqual([
            ['env-1', { nango: { connectionId: 'someone-else' }, x: 1 }, false],
            ['env-1', 'not json', false]
        ]);
        expect(c.emu.webhooks.received()).toHaveLength(2);
    });

    it('an unknown integration key is 404 unknown_provider_config, and nothing is queued', async () => {
        const res = await fetch(`${c.emu.url}/webhook/env-1/hubspot`, { method: 'POST', body: '{}' });
        expect(res.status).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_provider_config');
        expect(c.emu.webhooks.received()).toEqual([]);
    });
});
