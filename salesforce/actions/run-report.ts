import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import {
    fitReport,
    flatReportShape,
    flattenInputShape,
    flattenReport,
    ranFilterSchema,
    prepareRun,
    reportIdSchema,
    runFilterInputShape,
    withAnalyticsLimits
} from '../lib/crm/reports.js';

const Input = z.object({
    reportId: reportIdSchema,
    ...runFilterInputShape,
    ...flattenInputShape
});

const Output = z.object({
    ...flatReportShape,
    filters: z.array(ranFilterSchema).describe('The filters the report ran with (saved ones and yours), numbered from 1 for booleanFilter.'),
    booleanFilter: z.string().nullable().describe('The filter logic of the run, e.g. "(1 OR 2) AND 3"; null: all filters must match.')
});

const action = createAction({
    description:
        "Run a report now and return its rows flattened to {column: value}, its group subtotals and grand totals. Filters apply to this run only (the report is not changed). Salesforce returns at most 2,000 detail rows per run (allData false past that; totals still cover every record): narrow with filters or read the records with query-records beyond it. Counts toward the org's 500 synchronous report runs per hour; use run-report-async for long reports. Calls GET /analytics/reports/{reportId}?includeDetails= (POST with reportMetadata filters when filters are given; GET …/describe first to add them to the saved ones). Read-only.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const details = input.includeDetails ?? true;
        return guarded(nango, async () => {
            try {
                const body = await prepareRun(nango, input, 'Only the report was described; it was not run.');
                const params = { includeDetails: String(details) };
                const response = body
                    ? await request<unknown>(nango, { method: 'POST', endpoint: paths.report(input.reportId), params, data: body, idempotent: true, context: `run report ${input.reportId}` })
                    : await request<unknown>(nango, { method: 'GET', endpoint: paths.report(input.reportId), params, context: `run report ${input.reportId}` });
                const result = response.data as Record<string, unknown> | null;
                const meta = (result?.['reportMetadata'] ?? {}) as Record<string, unknown>;
                const ranWith = Array.isArray(meta['reportFilters'])
                    ? (meta['reportFilters'] as Array<Record<string, unknown>>).map((f) => ({ column: String(f['column'] ?? ''), operator: String(f['operator'] ?? ''), value: f['value'] == null ? '' : String(f['value']) }))
                    : (body?.reportMetadata.reportFilters ?? []);
                const logic = typeof meta['reportBooleanFilter'] === 'string' && meta['reportBooleanFilter'] !== '' ? (meta['reportBooleanFilter'] as string) : (body?.reportMetadata.reportBooleanFilter ?? null);
                const flat = flattenReport(result, { ...(input.keyBy ? { keyBy: input.keyBy } : {}), ...(input.cellFormat ? { cellFormat: input.cellFormat } : {}) });
                return fitReport(flat, { filters: ranWith, booleanFilter: logic });
            } catch (error) {
                throw withAnalyticsLimits(nango, error);
            }
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
