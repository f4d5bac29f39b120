import { describe, expect, it } from 'vitest';

import action from '../actions/create-sobject-collection.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce create-sobject-collection', () => {
    it('creates the records in one call and reports each result in input order, with statusCode errors mapped', async () => {
        const nango = actionMock('create-sobject-collection');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', retries: 0 });
    });

    it.each([
        ['no records', { sObject: 'Contact', records: [] }],
        ['more than 5,000 records', { sObject: 'Contact', records: Array.from({ length: 5001 }, () => ({ LastName: 'x' })) }],
        ['10,000 records', { sObject: 'Contact', records: Array.from({ length: 10_000 }, () => ({ LastName: 'x' })) }],
        ['an Id in a record', { sObject: 'Contact', records: [{ LastName: 'x' }, { Id: '0035g00000AbC01AAA', LastName: 'y' }] }],
        ['a bad field name in a record', { sObject: 'Contact', records: [{ 'Last Name': 'x' }] }],
        ['a bad sObject', { sObject: 'Contact/..', records: [{ LastName: 'x' }] }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-sobject-collection');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
