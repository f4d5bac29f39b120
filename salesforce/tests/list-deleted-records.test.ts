import { describe, expect, it } from 'vitest';

import action from '../actions/list-deleted-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';
import { useFrozenClock } from './sync-helpers.js';

const WINDOW = { start: '2026-11-22T10:00:00Z', end: '2026-11-22T11:00:00Z' };

describe('salesforce list-deleted-records', () => {
    useFrozenClock();

    it('lists the deletes of one window with their dates; a log that starts after start says deletes may be missing', async () => {
        const nango = actionMock('list-deleted-records');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/sobjects/Account/deleted/', params: { start: '2026-11-22T10:00:00+00:00', end: '2026-11-22T11:00:00+00:00' } });
    });

    it.each([
        ['LeadStatus', 'INVALID_TYPE'],
        ['Contact', 'EXCEEDED_ID_LIMIT']
    ])('maps %s: %s', async (sObject, errorCode) => {
        const nango = actionMock('list-deleted-records');
        const error = await actionErrorOf(run(action, nango, { sObject, ...WINDOW }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode, status: 400 });
    });

    it.each([
        ['a start more than 15 days back', { sObject: 'Account', start: '2026-11-01T00:00:00Z', end: WINDOW.end }],
        ['equal minutes', { sObject: 'Account', start: '2026-11-22T10:00:00Z', end: '2026-11-22T10:00:30Z' }],
        ['an offset that is not a whole number', { sObject: 'Account', ...WINDOW, offset: 0.5 }],
        ['an sObject with a query string', { sObject: 'Account?x=1', ...WINDOW }],
        ['a day that does not exist (not read as 1 December)', { sObject: 'Account', start: WINDOW.start, end: '2026-11-31T10:00:00Z' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-deleted-records');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
