import { describe, expect, it } from 'vitest';

import action from '../actions/get-limits.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce get-limits', () => {
    it('returns the named limits with used and percent used, and names it does not know', async () => {
        const nango = actionMock('get-limits');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('returns every limit when no names are given, with 0% for a zero maximum', async () => {
        const nango = actionMock('get-limits');
        const output = await run(action, nango, {});
        expect(output.limits).toHaveLength(4);
        expect(output.limits.find((l: { name: string }) => l.name === 'SingleEmail')).toEqual({ name: 'SingleEmail', max: 0, remaining: 0, used: 0, percentUsed: 0 });
    });

    it('refuses a name that is not an identifier before any request', async () => {
        const nango = actionMock('get-limits');
        expect((await actionErrorOf(run(action, nango, { names: ['Daily Api'] }))).type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
