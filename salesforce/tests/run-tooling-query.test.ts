import { describe, expect, it } from 'vitest';

import action from '../actions/run-tooling-query.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce run-tooling-query', () => {
    it('returns the first page of a Tooling query with its locator, then the next page from it', async () => {
        const nango = actionMock('run-tooling-query');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/tooling/query', headers: { 'Sforce-Query-Options': 'batchSize=200' }, retries: 3 });
        const next = await run(action, nango, { nextRecordsUrl: output.nextRecordsUrl });
        expect(next).toMatchObject({ done: true, nextRecordsUrl: null, truncated: false, records: [{ Name: 'Class3' }] });
        expect(requests(nango)[1]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/tooling/query/01gRO0000016PIAYA2-2' });
    });

    it('maps INVALID_FIELD and INVALID_SESSION_ID', async () => {
        const nango = actionMock('run-tooling-query');
        expect(await actionErrorOf(run(action, nango, { query: 'SELECT Id, Nme FROM ApexClass' }))).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_FIELD', status: 400 });
        expect(await actionErrorOf(run(action, nango, { query: 'SELECT Id FROM CustomField' }))).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
    });

    it.each([
        ['a DELETE', { query: 'DELETE FROM ApexClass' }],
        ['two statements', { query: 'SELECT Id FROM ApexClass; SELECT Id FROM ApexTrigger' }],
        ['FOR UPDATE', { query: 'SELECT Id FROM ApexClass FOR UPDATE' }],
        ['neither query nor locator', {}],
        ['both query and locator', { query: 'SELECT Id FROM ApexClass', nextRecordsUrl: '/services/data/v66.0/tooling/query/01gRO0000016PIAYA2-2' }],
        ['a REST locator', { nextRecordsUrl: '/services/data/v66.0/query/01gRO0000016PIAYA2-2' }],
        ['a batch size under 200', { query: 'SELECT Id FROM ApexClass', batchSize: 10 }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('run-tooling-query');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
