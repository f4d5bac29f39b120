import { describe, expect, it } from 'vitest';

import action from '../actions/query-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce query-records', () => {
    it('returns one page with totalSize, done and nextRecordsUrl, sending the batch size header', async () => {
        const nango = actionMock('query-records');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({
            method: 'GET',
            endpoint: '/services/data/v66.0/query',
            headers: { 'Sforce-Query-Options': 'batchSize=200' },
            retries: 3
        });
    });

    it('maps INVALID_FIELD with Salesforce message and advice', async () => {
        const nango = actionMock('query-records');
        const error = await actionErrorOf(run(action, nango, { query: "SELECT Id FROM Contact WHERE Nme = 'x'" }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_FIELD', status: 400 });
        expect(error.message).toContain("No such column 'Nme'");
    });

    it('maps INVALID_SESSION_ID to unauthorized with reconnect advice', async () => {
        const nango = actionMock('query-records');
        const error = await actionErrorOf(run(action, nango, { query: 'SELECT Id FROM Contact' }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(error.message).toMatch(/reconnect/i);
    });

    it.each([
        ['an empty query', { query: '' }],
        ['a batch size under 200', { query: 'SELECT Id FROM Account', batchSize: 100 }],
        ['a batch size over 2000', { query: 'SELECT Id FROM Account', batchSize: 2001 }],
        ['a fractional batch size', { query: 'SELECT Id FROM Account', batchSize: 250.5 }],
        ['a query over 100,000 characters', { query: `SELECT Id FROM Account WHERE Name = '${'x'.repeat(100_000)}'` }],
        ['a query that is not a string', { query: { q: 'SELECT Id FROM Account' } }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('query-records');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
