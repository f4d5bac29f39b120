import { describe, expect, it } from 'vitest';

import action from '../actions/list-quick-actions.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce list-quick-actions', () => {
    it("lists an object's actions together with the global ones", async () => {
        const nango = actionMock('list-quick-actions');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('lists global actions when no object is given', async () => {
        const nango = actionMock('list-quick-actions');
        const output = await run(action, nango, {});
        expect(requests(nango)[0]?.['endpoint']).toBe('/services/data/v66.0/quickActions');
        expect(output.quickActions.map((a: { name: string }) => a.name)).toEqual(['LogACall', 'NewTask']);
    });

    it('reports an unknown object as not_found', async () => {
        const nango = actionMock('list-quick-actions');
        expect((await actionErrorOf(run(action, nango, { sObject: 'Acount' }))).type).toBe('not_found');
    });

    it('refuses a hostile object name before any request', async () => {
        const nango = actionMock('list-quick-actions');
        expect((await actionErrorOf(run(action, nango, { sObject: '../quickActions' }))).type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
