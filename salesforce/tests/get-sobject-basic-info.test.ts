import { describe, expect, it } from 'vitest';

import action from '../actions/get-sobject-basic-info.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce get-sobject-basic-info', () => {
    it('returns the object summary and recent items', async () => {
        const nango = actionMock('get-sobject-basic-info');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('reports an unknown object as not_found', async () => {
        const nango = actionMock('get-sobject-basic-info');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Acount' }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND' });
    });

    it('refuses an sObject with a query string before any request', async () => {
        const nango = actionMock('get-sobject-basic-info');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account?fields=Id' }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
