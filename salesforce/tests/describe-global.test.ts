import { describe, expect, it } from 'vitest';

import action from '../actions/describe-global.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce describe-global', () => {
    it('filters by name and returns compact summaries', async () => {
        const nango = actionMock('describe-global');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('filters custom and queryable objects and pages with offset/limit', async () => {
        const nango = actionMock('describe-global');
        const custom = await run(action, nango, { customOnly: true });
        expect(custom.sobjects.map((o: { name: string }) => o.name)).toEqual(['Invoice__c']);
        const page = await run(action, nango, { limit: 2 });
        expect(page).toMatchObject({ totalCount: 4, nextOffset: 2 });
        expect(page.sobjects.map((o: { name: string }) => o.name)).toEqual(['Account', 'Contact']);
        const rest = await run(action, nango, { offset: 2, limit: 2 });
        expect(rest.nextOffset).toBeNull();
        expect(rest.sobjects.map((o: { name: string }) => o.name)).toEqual(['Invoice__c', 'AccountHistory']);
    });

    it('returns every attribute with detail full', async () => {
        const nango = actionMock('describe-global');
        const output = await run(action, nango, { nameContains: 'account', detail: 'full' });
        expect(output.sobjects[0]).toHaveProperty('urls');
    });

    it('refuses a negative offset before any request', async () => {
        const nango = actionMock('describe-global');
        const error = await actionErrorOf(run(action, nango, { offset: -1 }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
