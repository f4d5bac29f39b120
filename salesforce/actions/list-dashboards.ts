import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { fitItems } from '../lib/http/output.js';
import { parseInput } from '../lib/input/schemas.js';
import { withAnalyticsLimits } from '../lib/crm/reports.js';

const Input = z.object({
    limit: z.number().int().min(1).max(200).optional().describe('Most dashboards to return, 1–200 (default: all Salesforce lists).')
});

const Output = z.object({
    dashboards: z
        .array(
            z.object({
                dashboardId: z.string().describe('Dashboard id, starts with 01Z, e.g. "01ZD00000007S89MAE"; pass it to get-dashboard.'),
                name: z.string().describe('Dashboard name, e.g. "Sales Overview".')
            })
        )
        .describe('Dashboards the connected user viewed most recently, most recent first.'),
    truncated: z.boolean().describe("True when the list was cut to stay under Nango's 2 MB output limit.")
});

const action = createAction({
    description:
        'List the dashboards the connected user viewed most recently (to find every dashboard, query-records on Dashboard: SELECT Id, Title, FolderName FROM Dashboard). Calls GET /analytics/dashboards. Read-only. Next: get-dashboard.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            try {
                const response = await request<unknown>(nango, { method: 'GET', endpoint: paths.dashboards(), context: 'list dashboards' });
                const list = Array.isArray(response.data) ? (response.data as Array<Record<string, unknown>>) : [];
                const dashboards = list.slice(0, input.limit ?? list.length).map((d) => ({ dashboardId: String(d['id'] ?? ''), name: String(d['name'] ?? '') }));
                const fitted = fitItems(dashboards, { dashboards: [], truncated: false });
                return { dashboards: fitted.items, truncated: !fitted.complete };
            } catch (error) {
                throw withAnalyticsLimits(nango, error);
            }
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
