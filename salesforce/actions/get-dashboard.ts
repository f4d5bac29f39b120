import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { dashboardIdSchema, dashboardSummary, dashboardSummaryShape, fitDashboard, userIdSchema, withAnalyticsLimits } from '../lib/crm/reports.js';

const Input = z.object({
    dashboardId: dashboardIdSchema,
    filterOptionIds: z
        .array(recordIdSchema.describe('Id of one filter option, from filters[].options[].id of an earlier get-dashboard, e.g. "0ICD00000004CBiOAM".'))
        .max(3)
        .optional()
        .describe("Options to select in the dashboard's filters, in filter order (first filter, second, third), e.g. [\"0ICD00000004CBiOAM\"]. Default: as saved."),
    runningUserId: userIdSchema
        .optional()
        .describe('View the data as this user (User id, starts with 005, e.g. "005D0000001AamRIAS"); only where the connected user may change the running user.')
});

const Output = z.object(dashboardSummaryShape);

const action = createAction({
    description:
        "Get a dashboard with each component's data: its title, chart type, source report, status (and error if any), the grouping values and summaries it shows, and the dashboard's filters with their options. Returns the data of the last refresh (does not refresh). Calls GET /analytics/dashboards/{dashboardId}?filter1=&runningUser=. Read-only.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const params: Record<string, string> = {};
        (input.filterOptionIds ?? []).forEach((id, i) => {
            params[`filter${i + 1}`] = id;
        });
        if (input.runningUserId) params['runningUser'] = input.runningUserId;
        return guarded(nango, async () => {
            try {
                const response = await request<unknown>(nango, {
                    method: 'GET',
                    endpoint: paths.dashboard(input.dashboardId),
                    ...(Object.keys(params).length > 0 ? { params } : {}),
                    context: `get dashboard ${input.dashboardId}`
                });
                return fitDashboard(dashboardSummary(response.data));
            } catch (error) {
                throw withAnalyticsLimits(nango, error);
            }
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
