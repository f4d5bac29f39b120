/**
 * Contract gaps of issue 14 through the compiled bundles against the emulator: upsert on Id, failed collection
 * results keep the id sent, REQUEST_LIMIT_EXCEEDED advice by cause, idempotent deletes, misspelled objects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 14, volume: 20, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;

describe('upsert-sobject-collection on Id', () => {
    it('updates the records that carry an Id and creates those that do not', async () => {
        const account = emulator.org.list('Account')[0] as Record<string, unknown>;
        const before = emulator.org.count('Account');
        const result = await action('upsert-sobject-collection', { sObject: 'Account', externalIdField: 'Id', records: [{ Id: account['Id'], Name: 'Upserted by Id' }, { Name: 'Created by Id upsert' }] });
        expect(result.error).toBeUndefined();
        expect(out(result)).toMatchObject({ success: true, results: [{ index: 0, recordId: account['Id'], success: true, created: false }, { index: 1, success: true, created: true }] });
        expect(emulator.org.get(String(account['Id']))?.['Name']).toBe('Upserted by Id');
        expect(emulator.org.get(out(result).results[1].recordId)?.['Name']).toBe('Created by Id upsert');
        expect(emulator.org.count('Account')).toBe(before + 1);
    });

    it('a failed record keeps the Id sent; a rolled-back create has none', async () => {
        const [a, b] = emulator.org.list('Account') as Array<Record<string, unknown>>;
        emulator.org.delete('Account', String(b?.['Id']));
        const result = await action('upsert-sobject-collection', { sObject: 'Account', externalIdField: 'Id', allOrNone: true, records: [{ Id: a?.['Id'], Name: 'x' }, { Id: b?.['Id'], Name: 'y' }, { Name: 'z' }] });
        expect(out(result).batches[0].status).toBe('rolled_back');
        expect(out(result).results.map((r: any) => r.recordId)).toEqual([a?.['Id'], b?.['Id'], null]);
        expect(out(result).results[1].errors[0].errorCode).toBe('ENTITY_IS_DELETED');
        expect(emulator.org.get(String(a?.['Id']))?.['Name']).not.toBe('x');
    });
});

describe('failed collection results keep the id sent', () => {
    it('update and delete of a record in the Recycle Bin name it in their failed results', async () => {
        const contacts = emulator.org.list('Contact').slice(0, 2) as Array<Record<string, unknown>>;
        const gone = String(contacts[1]?.['Id']);
        emulator.org.delete('Contact', gone);
        const updated = await action('update-sobject-collection', { sObject: 'Contact', records: contacts.map((c) => ({ recordId: String(c['Id']), record: { Title: 'Chief' } })) });
        expect(out(updated).results[1]).toMatchObject({ recordId: gone, success: false, errors: [{ errorCode: 'ENTITY_IS_DELETED' }] });
        const deleted = await action('delete-sobject-collection', { recordIds: [gone], allOrNone: true });
        expect(out(deleted).results[0]).toMatchObject({ recordId: gone, success: false, errors: [{ errorCode: 'ENTITY_IS_DELETED' }] });
    });
});

describe('idempotent deletes', () => {
    it('a DELETE whose answer is lost is retried, meets ENTITY_IS_DELETED, and is reported as deleted', async () => {
        const id = emulator.org.insert('Lead', { LastName: 'Lost reply', Company: 'Acme' })['Id'] as string;
        const rule = emulator.faults.inject({ match: { method: 'DELETE', path: `/sobjects/Lead/${id}` }, fault: { kind: 'drop-after' } });
        const result = await action('delete-lead', { recordId: id });
        expect(result.error).toBeUndefined();
        expect(out(result)).toEqual({ recordId: id, success: true, alreadyDeleted: true });
        expect(emulator.faults.fired().filter((f) => f.rule === rule.id)).toHaveLength(1);
        expect(emulator.org.get(id)?.['IsDeleted']).toBe(true);
    });

    it('a first delete says alreadyDeleted false, a second true; a collection delete without allOrNone counts it as done', async () => {
        const id = emulator.org.insert('Account', { Name: 'Delete twice' })['Id'] as string;
        expect(out(await action('delete-record', { sObject: 'Account', recordId: id }))).toEqual({ recordId: id, success: true, alreadyDeleted: false });
        expect(out(await action('delete-account', { recordId: id }))).toEqual({ recordId: id, success: true, alreadyDeleted: true });
        const other = emulator.org.insert('Account', { Name: 'Delete in a collection' })['Id'] as string;
        const collection = await action('delete-sobject-collection', { recordIds: [id, other] });
        expect(out(collection)).toMatchObject({ success: true, results: [{ recordId: id, success: true, alreadyDeleted: true, errors: [] }, { recordId: other, success: true }] });
        expect(emulator.org.get(other)?.['IsDeleted']).toBe(true);
    });

    it('an id no record has stays not_found', async () => {
        const result = await action('delete-contact', { recordId: '0035g00000AbC01AAF' });
        expect(result.error?.payload).toMatchObject({ type: 'not_found', status: 404 });
    });
});

describe('REQUEST_LIMIT_EXCEEDED advice', () => {
    it('the concurrent limit says retry after a short wait, the daily one the 24-hour window', async () => {
        emulator.faults.inject({ match: { path: '/query' }, fault: { kind: 'error', errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' } });
        const concurrent = await action('query-records', { query: 'SELECT Id FROM Account' });
        expect(concurrent.error?.payload).toMatchObject({ type: 'request_limit_exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED', status: 403 });
        expect(concurrent.error?.payload.message).toContain('retry after a short wait');
        emulator.faults.inject({ match: { path: '/query' }, fault: { kind: 'error', errorCode: 'REQUEST_LIMIT_EXCEEDED' } });
        const daily = await action('query-records', { query: 'SELECT Id FROM Account' });
        expect(daily.error?.payload.message).toContain('TotalRequests Limit exceeded.');
        expect(daily.error?.payload.message).toContain('24-hour window');
        emulator.faults.clear();
    });
});

describe('a misspelled object', () => {
    it('get-record on "Acount": not_found with the nearest names, from one describe-global', async () => {
        const account = emulator.org.list('Account')[0] as Record<string, unknown>;
        emulator.resetStats();
        const result = await action('get-record', { sObject: 'Acount', recordId: account['Id'] });
        expect(result.error?.payload).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
        expect(result.error?.payload.suggestions[0]).toBe('Account');
        expect(result.error?.payload.suggestions.length).toBeLessThanOrEqual(3);
        expect(result.error?.payload.message).toContain('Did you mean "Account"');
        expect(emulator.stats().calls).toBe(2);
    });

    it('a query FROM Invoice_c (INVALID_TYPE) suggests Invoice__c', async () => {
        const result = await action('query-records', { query: 'SELECT Id FROM Invoice_c' });
        expect(result.error?.payload).toMatchObject({ type: 'not_found', errorCode: 'INVALID_TYPE' });
        expect(result.error?.payload.suggestions).toContain('Invoice__c');
    });

    it('a missing record of an object the org has stays a plain not_found', async () => {
        const result = await action('get-record', { sObject: 'Invoice__c', recordId: 'a0I5g00000XyZ01EAF' });
        expect(result.error?.payload).toMatchObject({ type: 'not_found', status: 404 });
        expect(result.error?.payload.suggestions).toBeUndefined();
    });
});
