import { describe, expect, it } from 'vitest';

import action from '../actions/list-dashboards.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce list-dashboards', () => {
    it('lists the recently viewed dashboards', async () => {
        const nango = actionMock('list-dashboards');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual({
            dashboards: [
                { dashboardId: '01ZEm00000000G9MAI', name: 'Sales Overview' },
                { dashboardId: '01ZEm00000000GAMAY', name: 'My Pipeline' }
            ],
            truncated: false
        });
    });

    it('keeps the first N with limit', async () => {
        const nango = actionMock('list-dashboards');
        const output = await run(action, nango, { limit: 1 });
        expect(output.dashboards).toHaveLength(1);
    });

    it.each([[{ limit: 0 }], [{ limit: 'all' }]])('refuses %j before any request', async (input) => {
        const nango = actionMock('list-dashboards');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
