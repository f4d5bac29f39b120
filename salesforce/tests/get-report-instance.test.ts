import { describe, expect, it } from 'vitest';

import action from '../actions/get-report-instance.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce get-report-instance', () => {
    it('returns a finished run flattened, grouped by stage', async () => {
        const nango = actionMock('get-report-instance');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toMatchObject({ instanceId: '0LGEm0000000003OAA', status: 'Success', ready: true, reportFormat: 'SUMMARY', allData: true });
        expect(output.completionDate).not.toBeNull();
        expect(output.rows.length).toBeGreaterThan(0);
        expect(Object.keys(output.rows[0])[0]).toBe('Stage');
        const counted = output.groups.reduce((n: number, g: { aggregates: Record<string, number> }) => n + (g.aggregates['Record Count'] ?? 0), 0);
        expect(counted).toBe(output.grandTotals['Record Count']);
    });

    it('an expired or unknown instance is not_found, with the 24-hour lifetime in the message', async () => {
        const nango = actionMock('get-report-instance');
        const error = await actionErrorOf(run(action, nango, { reportId: '00OEm00000000GAMAY', instanceId: '0LGEm0000000zzz' }));
        expect(error).toMatchObject({ type: 'not_found', status: 404 });
        expect(error.message).toContain('24 hours');
    });

    it.each([
        ['a report id as instance id', { reportId: '00OEm00000000GAMAY', instanceId: '00OEm00000000GAMAY' }],
        ['a path in the instance id', { reportId: '00OEm00000000GAMAY', instanceId: '0LG/../../limits' }],
        ['no report id', { instanceId: '0LGEm0000000003OAA' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-report-instance');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
