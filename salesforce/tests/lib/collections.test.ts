import { describe, expect, it } from 'vitest';

import { fitOutcome, runCollection, type CollectionOutcome } from '../../lib/writes/collections.js';
import { OUTPUT_BUDGET_BYTES, jsonSize } from '../../lib/http/output.js';
import { fakeNango, type Answer } from './fake-nango.js';

const records = (n: number) => Array.from({ length: n }, (_, i) => ({ attributes: { type: 'Contact' }, LastName: `L${i}` }));
const ok = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `id${from + i}`, success: true, errors: [] }));

/** A composite answer in which every chunk succeeds. */
function compositeOk(sizes: number[], from: number): Answer {
    let at = from;
    return {
        data: {
            compositeResponse: sizes.map((size, i) => {
                const body = ok(size, at);
                at += size;
                return { referenceId: `chunk${i}`, httpStatusCode: 200, body, httpHeaders: {} };
            })
        }
    };
}

describe('runCollection', () => {
    it('sends up to 200 records as one plain collection request', async () => {
        const nango = fakeNango({ data: ok(200) });
        const outcome = await runCollection(nango, { operation: 'create', items: records(200), allOrNone: false });
        expect(nango.proxy).toHaveBeenCalledTimes(1);
        expect(nango.proxy.mock.calls[0]?.[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/composite/sobjects', retries: 0 });
        expect(outcome).toMatchObject({ success: true, apiCalls: 1, batches: [{ fromIndex: 0, toIndex: 199, status: 'committed' }] });
    });

    it('packs 2,345 records into three composite calls of at most five 200-record chunks, results in input order', async () => {
        const nango = fakeNango(compositeOk([200, 200, 200, 200, 200], 0), compositeOk([200, 200, 200, 200, 200], 1000), compositeOk([200, 145], 2000));
        const outcome = await runCollection(nango, { operation: 'create', items: records(2345), allOrNone: false });
        expect(nango.proxy).toHaveBeenCalledTimes(3);
        const first = nango.proxy.mock.calls[0]?.[0] as { endpoint: string; data: { compositeRequest: Array<{ url: string; body: { records: unknown[] } }> } };
        expect(first.endpoint).toBe('/services/data/v66.0/composite');
        expect(first.data.compositeRequest.map((s) => s.body.records.length)).toEqual([200, 200, 200, 200, 200]);
        expect(first.data.compositeRequest[0]?.url).toBe('/services/data/v66.0/composite/sobjects');
        expect(outcome.apiCalls).toBe(3);
        expect(outcome.results.map((r) => r.index)).toEqual(Array.from({ length: 2345 }, (_, i) => i));
        expect(outcome.results.map((r) => r.recordId)).toEqual(Array.from({ length: 2345 }, (_, i) => `id${i}`));
        expect(outcome.batches).toEqual([
            { fromIndex: 0, toIndex: 999, status: 'committed' },
            { fromIndex: 1000, toIndex: 1999, status: 'committed' },
            { fromIndex: 2000, toIndex: 2344, status: 'committed' }
        ]);
    });

    it('deletes through composite with ids and allOrNone in each subrequest URL', async () => {
        const nango = fakeNango(compositeOk([200, 50], 0));
        const ids = Array.from({ length: 250 }, (_, i) => `001D000000IqhS${String(i).padStart(4, '0')}`);
        await runCollection(nango, { operation: 'delete', items: ids, allOrNone: true });
        const sub = (nango.proxy.mock.calls[0]?.[0] as { data: { compositeRequest: Array<{ method: string; url: string }> } }).data.compositeRequest[1];
        expect(sub?.method).toBe('DELETE');
        expect(sub?.url).toBe(`/services/data/v66.0/composite/sobjects?ids=${ids.slice(200).join('%2C')}&allOrNone=true`);
        expect(nango.proxy.mock.calls[0]?.[0]).toMatchObject({ retries: 3 });
    });

    it('with allOrNone, a failed call is rolled back and later calls are not sent', async () => {
        const halted = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];
        const failed: Answer = {
            data: {
                compositeResponse: [
                    { referenceId: 'chunk0', httpStatusCode: 400, body: halted },
                    { referenceId: 'chunk1', httpStatusCode: 200, body: [{ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] }, ...ok(199).map(() => ({ success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'rolled back', fields: [] }] }))] },
                    { referenceId: 'chunk2', httpStatusCode: 400, body: halted },
                    { referenceId: 'chunk3', httpStatusCode: 400, body: halted },
                    { referenceId: 'chunk4', httpStatusCode: 400, body: halted }
                ]
            }
        };
        const nango = fakeNango(compositeOk([200, 200, 200, 200, 200], 0), failed);
        const outcome = await runCollection(nango, { operation: 'update', items: records(2500), allOrNone: true });
        expect(nango.proxy).toHaveBeenCalledTimes(2);
        expect(outcome.batches.map((b) => b.status)).toEqual(['committed', 'rolled_back', 'not_sent']);
        expect(outcome.results[1000]?.errors[0]?.errorCode).toBe('PROCESSING_HALTED');
        expect(outcome.results[1200]?.errors[0]).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });
        expect(outcome.results[2499]?.errors[0]?.errorCode).toBe('NOT_ATTEMPTED');
        expect(outcome.success).toBe(false);
        expect(outcome.results).toHaveLength(2500);
    });

    it('a failed or rolled-back update keeps the id we sent (Salesforce\'s failed result carries none, a rolled-back one may)', async () => {
        const rolledBack = { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] };
        const answer: Answer = {
            data: [
                { id: '003RM000003oCprYAE', success: false, errors: [rolledBack] },
                { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'Contact ID: id value of incorrect type: 001xx000003DGb2999', fields: ['Id'] }] }
            ]
        };
        const items = [
            { attributes: { type: 'Contact' }, id: '003SENT00000001AAA', LastName: 'A' },
            { attributes: { type: 'Contact' }, id: '003SENT00000002AAA', LastName: 'B' }
        ];
        const outcome = await runCollection(fakeNango(answer), { operation: 'update', items, allOrNone: true });
        expect(outcome.results.map((r) => r.recordId)).toEqual(['003SENT00000001AAA', '003SENT00000002AAA']);
        expect(outcome.results.map((r) => r.success)).toEqual([false, false]);
        expect(outcome.results[0]?.errors[0]?.errorCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
        expect(outcome.batches[0]?.status).toBe('rolled_back');
    });

    it('a failed create has no recordId, even when Salesforce names a rolled-back one', async () => {
        const answer: Answer = { data: [{ id: '003RM000003oCprYAE', success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'rolled back', fields: [] }] }, { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'LastName', fields: ['LastName'] }] }] };
        const outcome = await runCollection(fakeNango(answer), { operation: 'create', items: records(2), allOrNone: true });
        expect(outcome.results.map((r) => r.recordId)).toEqual([null, null]);
    });

    it('a failed delete, and the records of a batch never sent, keep the ids we sent', async () => {
        const fail = (id: string) => ({ id: null, success: false, errors: [{ statusCode: 'DELETE_FAILED', message: `cannot delete ${id}`, fields: [] }] });
        const ids = Array.from({ length: 1001 }, (_, i) => `001D${String(i).padStart(11, '0')}AAA`);
        const first: Answer = { data: { compositeResponse: [0, 1, 2, 3, 4].map((c) => ({ httpStatusCode: 200, body: ids.slice(c * 200, c * 200 + 200).map(fail) })) } };
        const outcome = await runCollection(fakeNango(first), { operation: 'delete', items: ids, allOrNone: true });
        expect(outcome.results.map((r) => r.recordId)).toEqual(ids);
        expect(outcome.results[1000]?.errors[0]?.errorCode).toBe('NOT_ATTEMPTED');
        expect(outcome.batches.map((b) => b.status)).toEqual(['rolled_back', 'not_sent']);
    });

    it('a delete of a record already in the Recycle Bin (ENTITY_IS_DELETED) is a success with alreadyDeleted, without allOrNone only', async () => {
        const deleted = { success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
        const answer = (): Answer => ({ data: [{ id: '001D000000IqhSLIAZ', success: true, errors: [] }, deleted] });
        const ids = ['001D000000IqhSLIAZ', '001D000000IqhDLIAZ'];
        const loose = await runCollection(fakeNango(answer()), { operation: 'delete', items: ids, allOrNone: false });
        expect(loose.success).toBe(true);
        expect(loose.results[1]).toEqual({ index: 1, recordId: '001D000000IqhDLIAZ', success: true, alreadyDeleted: true, errors: [] });
        expect(loose.batches[0]?.status).toBe('committed');
        // with allOrNone the call was rolled back for it: it stays a failure
        const strict = await runCollection(fakeNango(answer()), { operation: 'delete', items: ids, allOrNone: true });
        expect(strict.results[1]).toMatchObject({ success: false, recordId: '001D000000IqhDLIAZ', errors: [{ errorCode: 'ENTITY_IS_DELETED' }] });
        expect(strict.results[1]?.alreadyDeleted).toBeUndefined();
        // an update of a deleted record is no success
        const update = await runCollection(fakeNango({ data: [deleted] }), { operation: 'update', items: [{ attributes: { type: 'Account' }, id: ids[1], Name: 'x' }], allOrNone: false });
        expect(update.results[0]).toMatchObject({ success: false, recordId: ids[1] });
    });

    it('an upsert on Id: the sent Id is kept on failure, records without one have null; sent once when it creates', async () => {
        const answer: Answer = { data: [{ success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] }, { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Name', fields: ['Name'] }] }] };
        const items = [{ attributes: { type: 'Account' }, Id: '001D000000IqhSLIAZ', Name: 'A' }, { attributes: { type: 'Account' } }];
        const nango = fakeNango(answer);
        const outcome = await runCollection(nango, { operation: 'upsert', items, allOrNone: false, sObject: 'Account', externalIdField: 'Id' });
        expect(outcome.results.map((r) => r.recordId)).toEqual(['001D000000IqhSLIAZ', null]);
        expect(nango.proxy.mock.calls[0]?.[0]).toMatchObject({ method: 'PATCH', endpoint: '/services/data/v66.0/composite/sobjects/Account/Id', retries: 0 });
        // every record carries an Id: nothing is created, safe to retry
        const updatesOnly = fakeNango({ data: [{ id: '001D000000IqhSLIAZ', success: true, created: false, errors: [] }] });
        await runCollection(updatesOnly, { operation: 'upsert', items: items.slice(0, 1), allOrNone: false, sObject: 'Account', externalIdField: 'Id' });
        expect(updatesOnly.proxy.mock.calls[0]?.[0]?.['retries']).toBeGreaterThan(0);
        // an upsert by an external-id field sent no record id
        const byExt = await runCollection(fakeNango(answer), { operation: 'upsert', items: [{ attributes: { type: 'Account' }, Id: 'x', Ext__c: 'E1' }, { attributes: { type: 'Account' } }], allOrNone: false, sObject: 'Account', externalIdField: 'Ext__c' });
        expect(byExt.results.map((r) => r.recordId)).toEqual([null, null]);
    });

    it('without allOrNone, every call is sent and partial results are kept', async () => {
        const partial: Answer = { data: [...ok(1), { success: false, errors: [{ statusCode: 'DUPLICATE_VALUE', message: 'dup', fields: ['Ext__c'] }] }] };
        const outcome = await runCollection(fakeNango(partial), { operation: 'upsert', items: records(2), allOrNone: false, sObject: 'Contact', externalIdField: 'Ext__c' });
        expect(outcome.batches[0]?.status).toBe('partially_committed');
        expect(outcome.results[1]).toEqual({ index: 1, recordId: null, success: false, errors: [{ errorCode: 'DUPLICATE_VALUE', message: 'dup', fields: ['Ext__c'] }] });
    });
});

describe('fitOutcome', () => {
    it('trims error messages, never results, when the output would pass 2 MB', () => {
        const long = 'x'.repeat(1000);
        const outcome: CollectionOutcome = {
            success: false,
            results: Array.from({ length: 5000 }, (_, i) => ({ index: i, recordId: null, success: false, errors: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: long, fields: ['A__c'] }] })),
            batches: [],
            apiCalls: 5
        };
        expect(jsonSize(outcome)).toBeGreaterThan(OUTPUT_BUDGET_BYTES);
        const fitted = fitOutcome(outcome);
        expect(fitted.messagesTrimmed).toBe(true);
        expect(fitted.results).toHaveLength(5000);
        expect(fitted.results[0]?.errors[0]).toMatchObject({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['A__c'] });
        expect(jsonSize(fitted)).toBeLessThanOrEqual(OUTPUT_BUDGET_BYTES);
    });
});
