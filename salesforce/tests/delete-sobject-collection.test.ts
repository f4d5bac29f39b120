import { describe, expect, it } from 'vitest';

import action from '../actions/delete-sobject-collection.js';
import { toId18 } from '../lib/input/ids.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce delete-sobject-collection', () => {
    it('deletes ids of mixed objects in one call and reports a partial failure per record', async () => {
        const nango = actionMock('delete-sobject-collection');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'DELETE', params: { ids: `001D000000IqhSLIAZ,${toId18('0035g00000AbC01')}`, allOrNone: 'false' } });
    });

    it.each([
        ['a duplicate id', ['001D000000IqhSLIAZ', '001D000000IqhSL']],
        ['an id with a comma', ['001D000000IqhSLIAZ,003']],
        ['an id with a query string', ['001D000000IqhSL&x=1']],
        ['no ids', []]
    ])('refuses %s before any request', async (_label, recordIds) => {
        const nango = actionMock('delete-sobject-collection');
        const error = await actionErrorOf(run(action, nango, { recordIds }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
