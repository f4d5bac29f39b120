import { describe, expect, it } from 'vitest';

import action from '../actions/create-record.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce create-record', () => {
    it('creates the record and returns its id', async () => {
        const nango = actionMock('create-record');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('is sent once and never retried (a retried create would duplicate the record)', async () => {
        const nango = actionMock('create-record');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', retries: 0 });
    });

    it('maps REQUIRED_FIELD_MISSING with the missing field names', async () => {
        const nango = actionMock('create-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', record: { Industry: 'Technology' } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'], status: 400 });
        expect(error.message).toContain('Required fields are missing: [Name]');
    });

    it('maps DUPLICATES_DETECTED and advises what to do', async () => {
        const nango = actionMock('create-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', record: { Name: 'Acme Corporation', Website: 'acme.example' } }));
        expect(error).toMatchObject({ errorCode: 'DUPLICATES_DETECTED', status: 400 });
        expect(error.message).toMatch(/duplicate rule/i);
    });

    it.each([
        ['an Id in the body', { sObject: 'Account', record: { Id: '001D000000IqhSLIAZ', Name: 'x' } }],
        ['a field name with a quote', { sObject: 'Account', record: { "Name'": 'x' } }],
        ['a field name with a dot', { sObject: 'Account', record: { 'Owner.Name': 'x' } }],
        ['a record that is not an object', { sObject: 'Account', record: ['Name'] }],
        ['an sObject with a slash', { sObject: 'Account/001', record: { Name: 'x' } }],
        ['an empty sObject', { sObject: '', record: { Name: 'x' } }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-record');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
