import { describe, expect, it } from 'vitest';

import action from '../actions/list-updated-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';
import { useFrozenClock } from './sync-helpers.js';

const WINDOW = { start: '2026-11-22T10:00:00Z', end: '2026-11-22T11:00:00Z' };

describe('salesforce list-updated-records', () => {
    useFrozenClock();

    it('lists the ids of one window, both times cut to the minute, with latestDateCovered', async () => {
        const nango = actionMock('list-updated-records');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/sobjects/Account/updated/', params: { start: '2026-11-22T10:00:00+00:00', end: '2026-11-22T11:00:00+00:00' }, retries: 3 });
    });

    it('skips the ids of a previous page with offset', async () => {
        const nango = actionMock('list-updated-records');
        const output = await run(action, nango, { ...(await nango.getInput()), offset: 1 });
        expect(output).toMatchObject({ recordIds: ['001RO00000LxAb2YAF'], totalIds: 2, nextOffset: null });
    });

    it.each([
        ['LeadStatus', 'INVALID_TYPE', 'not replicable'],
        ['Contact', 'EXCEEDED_ID_LIMIT', 'closer together'],
        ['Lead', 'INVALID_REPLICATION_DATE', 'replication enabled date']
    ])('maps %s: %s', async (sObject, errorCode, text) => {
        const nango = actionMock('list-updated-records');
        const error = await actionErrorOf(run(action, nango, { sObject, ...WINDOW }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode, status: 400 });
        expect(error.message).toContain(text);
    });

    it.each([
        ['end before start', { sObject: 'Account', start: WINDOW.end, end: WINDOW.start }],
        ['a window inside one minute', { sObject: 'Account', start: '2026-11-22T10:00:01Z', end: '2026-11-22T10:00:59Z' }],
        ['a start more than 30 days back', { sObject: 'Account', start: '2026-10-01T00:00:00Z', end: WINDOW.end }],
        ['a time without zone', { sObject: 'Account', start: '2026-11-22T10:00:00', end: WINDOW.end }],
        ['a day that does not exist (not read as 1 December)', { sObject: 'Account', start: WINDOW.start, end: '2026-11-31T10:00:00Z' }],
        ['hour 24', { sObject: 'Account', start: WINDOW.start, end: '2026-11-22T24:00Z' }],
        ['an sObject with a slash', { sObject: 'Account/x', ...WINDOW }],
        ['no end', { sObject: 'Account', start: WINDOW.start }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-updated-records');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
