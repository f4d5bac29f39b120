import { describe, expect, it } from 'vitest';

import action from '../actions/list-recent-items.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce list-recent-items', () => {
    it('passes the limit and returns the items', async () => {
        const nango = actionMock('list-recent-items');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ params: { limit: '2' } });
    });

    it('sends no limit when none is given', async () => {
        const nango = actionMock('list-recent-items');
        await run(action, nango, {});
        expect(requests(nango)[0]?.['params']).toBeUndefined();
    });

    it.each([[0], [201], [1.5], ['10']])('refuses limit %j before any request', async (limit) => {
        const nango = actionMock('list-recent-items');
        expect((await actionErrorOf(run(action, nango, { limit }))).type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
