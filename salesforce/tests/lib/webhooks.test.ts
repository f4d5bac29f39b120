/**
 * The change-notification handler every record sync uses (lib/sync/webhooks.ts), run through the syncs' own onWebhook
 * with Nango's sync mock and this folder's webhooks.test.json: refusals touch nothing, one describe and one query
 * re-read the named records, and a record Nango holds in a newer version is left alone.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it, vi } from 'vitest';

import { ChangeNotificationSchema, MAX_NOTIFIED_RECORDS, secretsMatch, webhookSubscriptionsFor } from '../../lib/sync/webhooks.js';
import accounts from '../../syncs/accounts.js';
import contacts from '../../syncs/contacts.js';
import recordsBySoql from '../../syncs/records-by-soql.js';
import tickets from '../../syncs/tickets.js';
import { answer, deleted, describePath, logged, saved, sent, warnings, type SyncMock } from '../sync-helpers.js';

const dirname = path.dirname(fileURLToPath(import.meta.url));
const SECRET = '5f2b9c0e7d4a41b8a3c6e9f1027d5b4c8e0a6f3d9b1c7e2a4f6d8b0c2e4a6f81';
const ORG = '00DRO00000000012AA';
const A1 = '001RO00000LxAa1YAF';
const A2 = '001RO00000LxAb2YAF';
const A3 = '001RO00000LxAc3YAF';
const C1 = '500RO00000CsEa1YAF';
const I1 = 'a0IRO00000InVa12AF';
const I2 = 'a0IRO00000InVb22AF';
const QUERY_ALL = '/services/data/v66.0/queryAll';
const ACCOUNT_SELECT =
    'SELECT Id, SystemModstamp, Name, Type, Industry, Website, Phone, Description, AnnualRevenue, NumberOfEmployees, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, ShippingStreet, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry, ParentId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate, IsDeleted';

interface Handler {
    onWebhook?: (nango: never, payload: unknown) => unknown;
}

function mock(model: string): SyncMock {
    return new globalThis.vitest.NangoSyncMock({ dirname, name: 'webhooks', Model: model });
}

/** The mock as Nango's runtime gives it to onWebhook, with getRecordsByIds answering from `held`. */
function withHeld(nango: SyncMock, held: Record<string, Record<string, unknown>> = {}): SyncMock & { getRecordsByIds: ReturnType<typeof vi.fn> } {
    const getRecordsByIds = vi.fn(async (ids: string[]) => new Map(ids.filter((id) => held[id]).map((id) => [id, held[id]])));
    return Object.assign(nango, { getRecordsByIds });
}

async function deliver(sync: Handler, nango: SyncMock, payload: unknown): Promise<any> {
    if (!sync.onWebhook) throw new Error('the sync has no onWebhook');
    return (sync.onWebhook as (n: unknown, p: unknown) => Promise<unknown>)(nango, payload);
}

function envelope(sObject: string, change: string, ids: readonly string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        nango: { connectionId: 'conn-1', eventType: `${sObject.toLowerCase()}.${change}` },
        secret: SECRET,
        orgId: ORG,
        sObject,
        change,
        records: ids.map((id) => ({ id, systemModstamp: '2026-11-22T11:30:00.000Z', changedFields: change === 'updated' ? ['Name'] : [] })),
        sentAt: '2026-11-22T11:30:01.000Z',
        ...overrides
    };
}

/** Nothing reached Salesforce or Nango's records, no checkpoint was touched, and exactly one line was logged. */
function expectUntouched(nango: SyncMock, salesforceCalls = 0): void {
    expect(nango.proxy).toHaveBeenCalledTimes(salesforceCalls);
    expect(nango.batchSave).not.toHaveBeenCalled();
    expect(nango.batchDelete).not.toHaveBeenCalled();
    expect(nango.getCheckpoint).not.toHaveBeenCalled();
    expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    expect(logged(nango)).toHaveLength(1);
    expect(logged(nango).join('\n')).not.toContain(SECRET);
}

describe('handleRecordWebhook', () => {
    it('an account notification: one describe, one queryAll of the ids, the live one saved as a scheduled run maps it, the deleted and the purged ones removed', async () => {
        const nango = withHeld(mock('SalesforceAccount'));
        const outcome = await deliver(accounts, nango, envelope('Account', 'updated', [A1, A2, A3]));

        expect(outcome).toEqual({ status: 'applied', saved: 1, deleted: 2, skipped: 0 });
        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Account'), QUERY_ALL]);
        expect(requests[1]?.q).toBe(`${ACCOUNT_SELECT} FROM Account WHERE Id IN ('${A1}', '${A2}', '${A3}')`);
        expect(saved(nango, 'SalesforceAccount')).toEqual(await nango.getBatchSaveData('SalesforceAccount'));
        expect(deleted(nango, 'SalesforceAccount')).toEqual(await nango.getBatchDeleteData('SalesforceAccount'));
        expect(nango.batchSave).toHaveBeenCalledTimes(1);
        expect(nango.batchDelete).toHaveBeenCalledTimes(1);
        expect(nango.getRecordsByIds).toHaveBeenCalledWith([A1, A2, A3], 'SalesforceAccount');
        // the checkpoint belongs to the scheduled runs
        expect(nango.getCheckpoint).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
        expect(logged(nango)).toEqual(['SalesforceAccount: change notification account.updated of 3 records: saved 1, deleted 2.']);
    });

    it('the body is a hint: the same re-read follows a "created" notification of the same ids, whatever it says of them', async () => {
        const nango = withHeld(mock('SalesforceAccount'));
        const body = envelope('Account', 'created', [A1, A2, A3]);
        (body['records'] as Array<Record<string, unknown>>)[0] = { id: A1, systemModstamp: '2020-01-01T00:00:00.000Z', changedFields: [] };
        await deliver(accounts, nango, body);
        expect(saved(nango, 'SalesforceAccount')).toEqual(await nango.getBatchSaveData('SalesforceAccount'));
        expect(deleted(nango, 'SalesforceAccount')).toEqual([{ id: A2 }, { id: A3 }]);
    });

    it('never puts an older record back: one Nango holds in a newer version is skipped, one it holds older is replaced', async () => {
        // A1: Nango already holds a copy stamped after the row Salesforce returned (a later notification won the race)
        // A2: Nango's copy is older than the deletion Salesforce reports
        const nango = withHeld(mock('SalesforceAccount'), {
            [A1]: { id: A1, name: 'Newer', system_modstamp: '2026-11-22T11:35:00.000Z' },
            [A2]: { id: A2, name: 'Older', system_modstamp: '2026-11-20T08:00:00.000Z' }
        });
        const outcome = await deliver(accounts, nango, envelope('Account', 'updated', [A1, A2, A3]));
        expect(outcome).toEqual({ status: 'applied', saved: 0, deleted: 2, skipped: 1 });
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(deleted(nango, 'SalesforceAccount')).toEqual([{ id: A2 }, { id: A3 }]);
        expect(logged(nango)).toEqual(['SalesforceAccount: change notification account.updated of 3 records: saved 0, deleted 2, left 1 that Nango holds in a newer version.']);
    });

    it('a deletion older than the copy Nango holds (deleted, then restored and changed since) leaves the copy', async () => {
        const nango = withHeld(mock('SalesforceAccount'), { [A2]: { id: A2, system_modstamp: '2026-11-22T11:50:00.000Z' } });
        await deliver(accounts, nango, envelope('Account', 'deleted', [A1, A2, A3]));
        expect(deleted(nango, 'SalesforceAccount')).toEqual([{ id: A3 }]);
        expect(saved(nango, 'SalesforceAccount').map((r) => r.id)).toEqual([A1]);
    });

    it('without getRecordsByIds, asks Nango to drop saves of records changed after the run started (ignore_if_modified_after)', async () => {
        const nango = mock('SalesforceAccount');
        const setMergingStrategy = vi.fn(async () => undefined);
        Object.assign(nango, { setMergingStrategy });
        await deliver(accounts, nango, envelope('Account', 'updated', [A1, A2, A3]));
        expect(setMergingStrategy).toHaveBeenCalledWith({ strategy: 'ignore_if_modified_after' }, 'SalesforceAccount');
        expect(setMergingStrategy.mock.invocationCallOrder[0]).toBeLessThan(nango.batchSave.mock.invocationCallOrder[0] ?? 0);
        expect(saved(nango, 'SalesforceAccount')).toHaveLength(1);
    });

    it('200 ids are one query; the 201st makes the body invalid', async () => {
        const ids = Array.from({ length: MAX_NOTIFIED_RECORDS }, (_, i) => `001RO00000Lx${String(i).padStart(3, '0')}`).map(id18);
        const nango = withHeld(mock('SalesforceAccount'));
        answer(nango, QUERY_ALL, { status: 200, data: { totalSize: 0, done: true, records: [] } });
        const outcome = await deliver(accounts, nango, envelope('Account', 'updated', ids));
        const queries = sent(nango).filter((r) => r.endpoint === QUERY_ALL);
        expect(queries).toHaveLength(1);
        expect(queries[0]?.q?.match(/'001RO/g)).toHaveLength(200);
        // none came back: every one is gone (purged) or never existed, and is removed
        expect(outcome).toMatchObject({ saved: 0, deleted: 200 });

        const tooMany = withHeld(mock('SalesforceAccount'));
        const refused = await deliver(accounts, tooMany, envelope('Account', 'updated', [...ids, id18('001RO00000LxZZZ')]));
        expect(refused.status).toBe('refused');
        expectUntouched(tooMany);
        expect(warnings(tooMany)[0]).toContain('records: Too big');
    });

    it('tickets re-read the case with both child subqueries and complete a cut comment list, as exec does', async () => {
        const nango = withHeld(mock('SalesforceTicket'));
        await deliver(tickets, nango, envelope('Case', 'updated', [C1]));
        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([
            describePath('Case'),
            describePath('CaseComment'),
            describePath('EmailMessage'),
            QUERY_ALL,
            '/services/data/v66.0/query/01gRO0000016PKdYAM-1'
        ]);
        expect(requests[3]?.q).toMatch(/^SELECT Id, SystemModstamp, CaseNumber, .*IsDeleted, \(SELECT Id, CommentBody, .* FROM CaseComments ORDER BY CreatedDate ASC\), \(SELECT .* FROM EmailMessages ORDER BY MessageDate ASC\) FROM Case WHERE Id IN \('500RO00000CsEa1YAF'\)$/);
        const [ticket] = saved(nango, 'SalesforceTicket');
        expect(ticket).toMatchObject({ id: C1, status: 'Escalated', system_modstamp: '2026-11-22T11:40:00.000Z' });
        expect(ticket.conversation.map((e: { type: string }) => e.type)).toEqual(['comment', 'email', 'comment']);
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });

    it('records-by-soql: the rows of its object under its WHERE; one no longer matching is removed; other objects are ignored', async () => {
        const nango = withHeld(mock('SalesforceSoqlRecord'));
        await deliver(recordsBySoql, nango, envelope('Invoice__c', 'updated', [I1, I2]));
        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Invoice__c'), QUERY_ALL]);
        expect(requests[1]?.q).toBe(`SELECT Id, SystemModstamp, Name, Amount__c, Status__c, IsDeleted FROM Invoice__c WHERE (Id IN ('${I1}', '${I2}')) AND ((Status__c = 'Open'))`);
        expect(saved(nango, 'SalesforceSoqlRecord')).toEqual([
            { id: I1, sobject_type: 'Invoice__c', system_modstamp: '2026-11-22T11:45:00.000Z', fields: { Id: I1, SystemModstamp: '2026-11-22T11:45:00.000Z', Name: 'INV-0001', Amount__c: 1500, Status__c: 'Open' } }
        ]);
        expect(deleted(nango, 'SalesforceSoqlRecord')).toEqual([{ id: I2 }]);

        const other = withHeld(mock('SalesforceSoqlRecord'));
        const outcome = await deliver(recordsBySoql, other, envelope('Account', 'updated', [A1]));
        expect(outcome).toMatchObject({ status: 'ignored', reason: 'account.updated is about Account, and this sync reads Invoice__c' });
        expectUntouched(other);
        expect(warnings(other)).toEqual([]);
    });

    it('records-by-soql without soqlQuery fails as its exec does', async () => {
        const nango = withHeld(mock('SalesforceSoqlRecord'));
        nango.getMetadata.mockResolvedValueOnce({ changeNotifier: { secret: SECRET, objects: ['Invoice__c'], installedAt: '', webhookUrl: '' } });
        await expect(deliver(recordsBySoql, nango, envelope('Invoice__c', 'updated', [I1]))).rejects.toThrow(/records-by-soql needs metadata.soqlQuery/);
        expect(nango.batchSave).not.toHaveBeenCalled();
    });

    it('a Salesforce failure while re-reading fails the webhook run with a clear Error, having saved nothing', async () => {
        const nango = withHeld(mock('SalesforceAccount'));
        answer(nango, QUERY_ALL, { status: 403, data: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
        await expect(deliver(accounts, nango, envelope('Account', 'updated', [A1]))).rejects.toThrow('TotalRequests Limit exceeded.');
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.batchDelete).not.toHaveBeenCalled();
    });

    describe('refusals: one warning, no Salesforce call, nothing saved or deleted, no checkpoint, the secret never echoed', () => {
        const wrongSecret = 'f'.repeat(64);
        const cases: Array<[string, unknown, RegExp]> = [
            ['a forged body (wrong secret)', envelope('Account', 'updated', [A1], { secret: wrongSecret }), /its secret does not match metadata.changeNotifier.secret/],
            ['not an object', 'account.updated', /the body is not a change notification \(body: /],
            ['no records', envelope('Account', 'updated', []), /records: Too small/],
            ['an unknown change kind', envelope('Account', 'merged', [A1]), /change: Invalid option/],
            ['an eventType that is not its object and change', envelope('Account', 'updated', [A1], { nango: { connectionId: 'c', eventType: 'account.deleted' } }), /nango.eventType: must be the lower-cased object name/],
            ['a 15-character id', envelope('Account', 'updated', ['001RO00000LxAa1']), /records.0.id: must be an 18-character record id/],
            ['an id with a wrong checksum', envelope('Account', 'updated', ['001RO00000LxAa1AAA']), /records.0.id/],
            ['a secret of another shape', envelope('Account', 'updated', [A1], { secret: 'short' }), /secret: must be 64 hexadecimal characters/],
            ['an org id that is not one', envelope('Account', 'updated', [A1], { orgId: A1 }), /orgId: must be an 18-character org id/],
            ['a notification of another object', envelope('Contact', 'updated', ['003RO00000CtQa1YAF']), /contact.updated is about Contact, and this sync reads Account/]
        ];
        for (const [what, body, reason] of cases) {
            it(what, async () => {
                const nango = withHeld(mock('SalesforceAccount'));
                const outcome = await deliver(accounts, nango, body);
                expect(outcome.status).toBe('refused');
                expectUntouched(nango);
                expect(warnings(nango)[0]).toMatch(/^SalesforceAccount: change notification refused, nothing changed: /);
                expect(warnings(nango)[0]).toMatch(reason);
                expect(warnings(nango)[0]).not.toContain(wrongSecret);
            });
        }

        it('ids of another object: refused after the describe that gives the key prefix, before any query', async () => {
            const nango = withHeld(mock('SalesforceAccount'));
            const outcome = await deliver(accounts, nango, envelope('Account', 'updated', [A1, '003RO00000CtQa1YAF']));
            expect(outcome.status).toBe('refused');
            expectUntouched(nango, 1);
            expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Account')]);
            expect(warnings(nango)[0]).toContain('1 of its ids are not Account ids (Account ids start with 001), e.g. 003RO00000CtQa1YAF');
        });

        for (const [what, changeNotifier] of [
            ['no change notifier in metadata', undefined],
            ['an uninstalled notifier (empty secret)', { secret: '', objects: [], installedAt: '', webhookUrl: '' }]
        ] as const) {
            it(`${what}: every notification is refused, even one whose secret is empty too`, async () => {
                for (const secret of [SECRET, '']) {
                    const nango = withHeld(mock('SalesforceAccount'));
                    nango.getMetadata.mockResolvedValueOnce(changeNotifier ? { changeNotifier } : { lagSeconds: 0 });
                    const outcome = await deliver(accounts, nango, envelope('Account', 'updated', [A1], { secret }));
                    expect(outcome.status).toBe('refused');
                    expectUntouched(nango);
                }
            });
        }

        it('another sync refuses the same way (contacts, with the account notification)', async () => {
            const nango = withHeld(mock('SalesforceContact'));
            const outcome = await deliver(contacts, nango, envelope('Account', 'updated', [A1]));
            expect(outcome).toMatchObject({ status: 'refused', reason: 'account.updated is about Account, and this sync reads Contact' });
            expectUntouched(nango);
        });
    });
});

describe('the pieces', () => {
    it('secretsMatch compares in constant time whatever the lengths', () => {
        expect(secretsMatch(SECRET, SECRET)).toBe(true);
        expect(secretsMatch(SECRET, SECRET.toUpperCase())).toBe(false);
        expect(secretsMatch(SECRET, SECRET.slice(0, 63))).toBe(false);
        expect(secretsMatch('', SECRET)).toBe(false);
    });

    it('the syncs subscribe to each change kind of their object; records-by-soql to every event', () => {
        expect(webhookSubscriptionsFor('Invoice__c')).toEqual(['invoice__c.created', 'invoice__c.updated', 'invoice__c.deleted', 'invoice__c.undeleted']);
        expect(accounts.webhookSubscriptions).toEqual(webhookSubscriptionsFor('Account'));
        expect(contacts.webhookSubscriptions).toEqual(webhookSubscriptionsFor('Contact'));
        expect(tickets.webhookSubscriptions).toEqual(webhookSubscriptionsFor('Case'));
        expect(recordsBySoql.webhookSubscriptions).toEqual(['*']);
    });

    it('the envelope schema takes the contract\'s example', () => {
        const example = {
            nango: { connectionId: 'conn-1', eventType: 'contact.updated' },
            secret: SECRET,
            orgId: ORG,
            sObject: 'Contact',
            change: 'updated',
            records: [{ id: '003RO00000CtQa1YAF', systemModstamp: '2026-12-01T10:00:00.000Z', changedFields: ['Title'] }],
            sentAt: '2026-12-01T10:00:01.000Z'
        };
        expect(ChangeNotificationSchema.safeParse(example).success).toBe(true);
        expect(ChangeNotificationSchema.safeParse({ ...example, records: [{ ...example.records[0], systemModstamp: 'yesterday' }] }).success).toBe(false);
    });
});

/** The 18-character form of a 15-character id. */
function id18(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let flags = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charAt(chunk * 5 + i);
            if (c >= 'A' && c <= 'Z') flags |= 1 << i;
        }
        suffix += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'.charAt(flags);
    }
    return id15 + suffix;
}
