import { describe, expect, it } from 'vitest';

import action from '../actions/get-dashboard.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce get-dashboard', () => {
    it('returns components with their status, groups and totals', async () => {
        const nango = actionMock('get-dashboard');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toMatchObject({ dashboardId: '01ZEm00000000G9MAI', name: 'Sales Overview', dashboardType: 'SpecifiedUser', filters: [], truncated: false });
        expect(output.components.map((c: { title: string }) => c.title)).toEqual(['Pipeline by Stage', 'Open Pipeline', 'Accounts by Industry', 'Territories']);
        const stage = output.components[0];
        expect(stage).toMatchObject({ visualizationType: 'Bar', status: { dataStatus: 'DATA', errorCode: null } });
        expect(stage.groups[0]).toHaveProperty('groupings.Stage');
        const sum = stage.groups.reduce((n: number, g: { aggregates: Record<string, number> }) => n + (g.aggregates['Sum of Amount'] ?? 0), 0);
        expect(sum).toBe(stage.grandTotals['Sum of Amount']);
        expect(output.components[3].status).toMatchObject({ dataStatus: 'ERROR', errorCode: '203' });
        expect(output.components[3].groups).toEqual([]);
    });

    it('a filter option the dashboard does not have is a 400 from Salesforce', async () => {
        const nango = actionMock('get-dashboard');
        const error = await actionErrorOf(run(action, nango, { dashboardId: '01ZEm00000000GAMAY', filterOptionIds: ['0ICEm0000000zzz'] }));
        expect(error).toMatchObject({ type: 'salesforce_error', status: 400, errorCode: 'BAD_REQUEST' });
        expect(error.message).toContain('filter item');
    });

    it.each([
        ['a report id', { dashboardId: '00OEm00000000G9MAI' }],
        ['four filter options', { dashboardId: '01ZEm00000000G9MAI', filterOptionIds: ['0ICEm0000000zzz', '0ICEm0000000zzy', '0ICEm0000000zzx', '0ICEm0000000zzw'] }],
        ['a filter option with &', { dashboardId: '01ZEm00000000G9MAI', filterOptionIds: ['0ICEm000000&x=1'] }],
        ['a running user that is not an id', { dashboardId: '01ZEm00000000G9MAI', runningUserId: 'me' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-dashboard');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
