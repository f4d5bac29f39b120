import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { actionError, type SalesforceErrorPayload } from '../lib/http/errors.js';
import { parseInput } from '../lib/input/schemas.js';
import { fitReport, flatReportShape, flattenInputShape, flattenReport, reportIdSchema, reportInstanceIdSchema, withAnalyticsLimits } from '../lib/crm/reports.js';

const Input = z.object({
    reportId: reportIdSchema,
    instanceId: reportInstanceIdSchema,
    ...flattenInputShape
});

const Output = z.object({
    instanceId: z.string().describe('Id of the run, starts with 0LG.'),
    status: z.enum(['New', 'Running', 'Success', 'Error']).describe('New (just requested), Running, Success (rows below) or Error (the run failed, e.g. the report definition is obsolete or access was removed).'),
    ready: z.boolean().describe('True when status is Success and the results are below; otherwise call again in a few seconds (New, Running) or start a new run (Error).'),
    requestDate: z.string().nullable().describe('When the run was requested, ISO 8601, e.g. "2026-01-31T10:00:00Z".'),
    completionDate: z.string().nullable().describe('When it finished (Success or Error), ISO 8601; null before.'),
    ...flatReportShape
});

const action = createAction({
    description:
        'Get the status of an asynchronous report run started by run-report-async and, once it succeeded, its rows flattened to {column: value}, group subtotals and grand totals (at most 2,000 detail rows, as every run). Salesforce keeps results for 24 hours: an older or unknown instance is not_found. Calls GET /analytics/reports/{reportId}/instances/{instanceId}. Read-only.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            let response;
            try {
                response = await request<Record<string, unknown>>(nango, { method: 'GET', endpoint: paths.reportInstance(input.reportId, input.instanceId), context: `get report instance ${input.instanceId}` });
            } catch (error) {
                const payload = (error as { payload?: SalesforceErrorPayload }).payload;
                if (error instanceof nango.ActionError && payload?.type === 'not_found') {
                    throw actionError(nango, { ...payload, message: `${payload.message} Asynchronous results are kept for 24 hours and belong to one report: check both ids, or start a new run with run-report-async.` });
                }
                throw withAnalyticsLimits(nango, error);
            }
            const data = response.data ?? {};
            const attributes = (data['attributes'] ?? {}) as Record<string, unknown>;
            const raw = String(attributes['status'] ?? '');
            const status = (['New', 'Running', 'Success', 'Error'].includes(raw) ? raw : 'Running') as 'New' | 'Running' | 'Success' | 'Error';
            const ready = status === 'Success';
            const flat = flattenReport(ready ? data : { reportMetadata: data['reportMetadata'], attributes }, { ...(input.keyBy ? { keyBy: input.keyBy } : {}), ...(input.cellFormat ? { cellFormat: input.cellFormat } : {}) });
            const envelope = {
                instanceId: String(attributes['id'] ?? input.instanceId),
                status,
                ready,
                requestDate: typeof attributes['requestDate'] === 'string' ? attributes['requestDate'] : null,
                completionDate: typeof attributes['completionDate'] === 'string' ? attributes['completionDate'] : null
            };
            const fitted = fitReport(ready ? flat : { ...flat, rows: [], groups: [], grandTotals: {}, allData: true, detailRowCount: 0 }, envelope);
            if (!ready) {
                fitted.advice =
                    status === 'Error'
                        ? 'The run failed (Salesforce gives no reason here: often the report definition is obsolete or access to it was removed). Run run-report for the error, or run-report-async again.'
                        : 'Still running: call get-report-instance again in a few seconds.';
            }
            return fitted;
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
