import { describe, expect, it } from 'vitest';

import action from '../actions/update-record.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce update-record', () => {
    it('patches only the given fields and returns the id, not an empty body', async () => {
        const nango = actionMock('update-record');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', data: { Phone: '+1 415 555 0100', Rating: null }, retries: 3 });
    });

    it('returns the 18-character id when given a 15-character one', async () => {
        const nango = actionMock('update-record');
        const output = await run(action, nango, { sObject: 'Account', recordId: '001D000000IqhSL', record: { Phone: '+1 415 555 0100' } });
        expect(requests(nango)[0]?.['endpoint']).toBe('/services/data/v66.0/sobjects/Account/001D000000IqhSL');
        expect(output).toEqual({ recordId: '001D000000IqhSLIAZ', success: true });
    });

    it('maps ENTITY_IS_DELETED to entity_deleted', async () => {
        const nango = actionMock('update-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: '001D000000Dead1IAB', record: { Phone: '+1 415 555 0100' } }));
        expect(error).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED' });
    });

    it('maps a read-only field error with the field name', async () => {
        const nango = actionMock('update-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: '001D000000ZzzzzIAB', record: { IsDeleted: true } }));
        expect(error).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['IsDeleted'], status: 400 });
    });

    it.each([
        ['an empty record', { sObject: 'Account', recordId: '001D000000IqhSLIAZ', record: {} }],
        ['an Id in the body', { sObject: 'Account', recordId: '001D000000IqhSLIAZ', record: { Id: '001D000000IqhSLIAZ' } }],
        ['an id with a newline', { sObject: 'Account', recordId: '001D000000IqhSL\n', record: { Name: 'x' } }],
        ['an encoded traversal as id', { sObject: 'Account', recordId: '%2e%2e%2flimits', record: { Name: 'x' } }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('update-record');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
