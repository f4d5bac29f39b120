import { describe, expect, it } from 'vitest';

import action from '../actions/update-sobject-collection.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce update-sobject-collection', () => {
    it('updates by id with allOrNone, normalising 15-character ids, in one retryable call', async () => {
        const nango = actionMock('update-sobject-collection');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', retries: 3 });
    });

    it.each([
        ['the same id twice (15 and 18 characters)', [{ recordId: '0035g00000AbC01', record: { Title: 'a' } }, { recordId: '0035g00000AbC01AAA'.slice(0, 15), record: { Title: 'b' } }]],
        ['an Account id for Contacts', [{ recordId: '001D000000IqhSLIAZ', record: { Title: 'a' } }]],
        ['an empty record', [{ recordId: '0035g00000AbC01', record: {} }]]
    ])('refuses %s before any request', async (_label, records) => {
        const nango = actionMock('update-sobject-collection');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Contact', records }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
