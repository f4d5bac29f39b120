import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { prepareRun, reportIdSchema, runFilterInputShape, withAnalyticsLimits } from '../lib/crm/reports.js';

const Input = z.object({
    reportId: reportIdSchema,
    ...runFilterInputShape
});

const Output = z.object({
    instanceId: z.string().describe('Id of this run, starts with 0LG, e.g. "0LGD000000000IjOAI"; pass it with reportId to get-report-instance.'),
    reportId: z.string().describe('Report id, starts with 00O.'),
    status: z.enum(['New', 'Running', 'Success', 'Error']).describe('Status of the run when it was requested, usually New.'),
    requestDate: z.string().nullable().describe('When the run was requested, ISO 8601, e.g. "2026-01-31T10:00:00Z".'),
    hasDetailRows: z.boolean().describe('True when detail rows were requested (includeDetails).'),
    filters: z
        .array(z.object({ column: z.string().describe('Column API name, e.g. "STAGE_NAME".'), operator: z.string().describe('Operator, e.g. "equals".'), value: z.string().describe('Value, e.g. "Closed Won".') }))
        .nullable()
        .describe("The filters sent for this run; null when it runs with the report's saved filters."),
    nextStep: z.string().describe('What to call next, e.g. get-report-instance with this reportId and instanceId.')
});

const action = createAction({
    description:
        "Start an asynchronous run of a report (better for long reports: no timeout, 1,200 runs per hour) with optional filters for this run only; returns the instance id to poll with get-report-instance. Results are kept by Salesforce for 24 hours and hold at most 2,000 detail rows. Calls POST /analytics/reports/{reportId}/instances?includeDetails= (GET …/describe first when filters are added to the saved ones). Does not change data; sent once, never retried (a retry would start a second run).",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const details = input.includeDetails ?? true;
        return guarded(nango, async () => {
            try {
                const body = await prepareRun(nango, input, 'Only the report was described; no run was started.');
                const response = await request<Record<string, unknown>>(nango, {
                    method: 'POST',
                    endpoint: paths.reportInstances(input.reportId),
                    params: { includeDetails: String(details) },
                    ...(body ? { data: body } : {}),
                    context: `start an asynchronous run of report ${input.reportId}`
                });
                const data = response.data ?? {};
                const status = ['New', 'Running', 'Success', 'Error'].includes(String(data['status'])) ? (data['status'] as 'New' | 'Running' | 'Success' | 'Error') : 'New';
                const instanceId = String(data['id'] ?? '');
                return {
                    instanceId,
                    reportId: input.reportId,
                    status,
                    requestDate: typeof data['requestDate'] === 'string' ? data['requestDate'] : null,
                    hasDetailRows: data['hasDetailRows'] === undefined ? details : data['hasDetailRows'] === true,
                    filters: body ? body.reportMetadata.reportFilters : null,
                    nextStep: `Call get-report-instance with {"reportId": "${input.reportId}", "instanceId": "${instanceId}"} until status is Success (or Error); results stay available for 24 hours.`
                };
            } catch (error) {
                throw withAnalyticsLimits(nango, error);
            }
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
