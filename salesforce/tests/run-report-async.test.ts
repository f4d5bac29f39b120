import { describe, expect, it } from 'vitest';

import action from '../actions/run-report-async.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce run-report-async', () => {
    it('starts a run with POST …/instances, sent once (never retried)', async () => {
        const nango = actionMock('run-report-async');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toMatchObject({ reportId: '00OEm00000000GAMAY', status: 'New', hasDetailRows: true, filters: null });
        expect(output.instanceId).toMatch(/^0LG/);
        expect(output.nextStep).toContain('get-report-instance');
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', params: { includeDetails: 'true' }, retries: 0 });
        expect(requests(nango)[0]).not.toHaveProperty('data');
    });

    it('with a filter: describe, then the run with the saved and added filters', async () => {
        const nango = actionMock('run-report-async');
        const output = await run(action, nango, { reportId: '00OEm00000000GAMAY', filters: [{ column: 'STAGE_NAME', operator: 'equals', value: 'Closed Won' }] });
        expect(requests(nango).map((r) => r['method'])).toEqual(['GET', 'POST']);
        expect(output.filters).toEqual([{ column: 'STAGE_NAME', operator: 'equals', value: 'Closed Won' }]);
    });

    it('an unknown column is refused after describe, with no run started', async () => {
        const nango = actionMock('run-report-async');
        const error = await actionErrorOf(run(action, nango, { reportId: '00OEm00000000GAMAY', filters: [{ column: 'STAGE', operator: 'equals', value: 'x' }] }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['filters.0.column'] });
        expect(error.message).toContain('no run was started');
        expect(requestCount(nango)).toBe(1);
    });

    it.each([
        ['a missing reportId', {}],
        ['an instance id as report id', { reportId: '0LGEm0000000003OAA' }],
        ['a filter logic typo', { reportId: '00OEm00000000GAMAY', filters: [{ column: 'AMOUNT', operator: 'equals', value: '1' }], booleanFilter: '1 AND; DROP' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('run-report-async');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
