import { describe, expect, it } from 'vitest';

import action from '../actions/get-quick-action-defaults.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce get-quick-action-defaults', () => {
    it('returns the defaults of a global action in the context of a record', async () => {
        const nango = actionMock('get-quick-action-defaults');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it("uses the object's path for an object action", async () => {
        const nango = actionMock('get-quick-action-defaults');
        const output = await run(action, nango, { actionName: 'Account.New_Account', sObject: 'Account' });
        expect(requests(nango)[0]?.['endpoint']).toBe('/services/data/v66.0/sobjects/Account/quickActions/Account.New_Account/defaultValues');
        expect(output.defaultValues).toMatchObject({ OwnerId: '005D0000001Az1bIAC' });
    });

    it('reports an unknown action as not_found', async () => {
        const nango = actionMock('get-quick-action-defaults');
        expect((await actionErrorOf(run(action, nango, { actionName: 'NoSuchAction' }))).type).toBe('not_found');
    });

    it.each([
        ['a traversal in the action', { actionName: '../limits' }],
        ['three dotted parts', { actionName: 'a.b.c' }],
        ['a query string', { actionName: 'LogACall?x=1' }],
        ['a bad context id', { actionName: 'LogACall', contextId: '001/../x' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-quick-action-defaults');
        expect((await actionErrorOf(run(action, nango, input))).type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
