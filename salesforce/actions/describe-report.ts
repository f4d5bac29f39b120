import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { fitItems } from '../lib/http/output.js';
import { parseInput } from '../lib/input/schemas.js';
import { describeSummary, reportColumnInfoSchema, reportIdSchema, withAnalyticsLimits } from '../lib/crm/reports.js';

const Input = z.object({
    reportId: reportIdSchema,
    includeReportTypeColumns: z
        .boolean()
        .optional()
        .describe("Also list every column of the report's type (not only those in the report), with whether it can be filtered and its picklist values, plus the filter operators each data type takes. Default false.")
});

const Output = z.object({
    reportId: z.string().describe('Report id, starts with 00O, e.g. "00OD0000001ZbP7MAK".'),
    name: z.string().describe('Report name, e.g. "Opportunities by Stage".'),
    developerName: z.string().nullable().describe('API name, e.g. "Opportunities_by_Stage".'),
    description: z.string().nullable().describe('Report description, or null.'),
    reportFormat: z.string().describe('TABULAR, SUMMARY, MATRIX or MULTI_BLOCK (joined).'),
    reportType: z.object({ type: z.string().describe('Report type API name, e.g. "Opportunity".'), label: z.string().describe('Its label, e.g. "Opportunities".') }).describe('What the report is built on.'),
    folderId: z.string().nullable().describe('Folder id (starts with 00l; a user id for a private report, the org id for Unfiled Public Reports).'),
    detailColumns: z.array(reportColumnInfoSchema).describe('Columns of the detail rows, in order.'),
    groupingsDown: z
        .array(reportColumnInfoSchema.extend({ sortOrder: z.string().nullable().describe('Asc or Desc.'), dateGranularity: z.string().nullable().describe('For dates: None, Day, Month, Quarter, Year…') }))
        .describe('Row groupings, outermost first (summary and matrix reports).'),
    groupingsAcross: z
        .array(reportColumnInfoSchema.extend({ sortOrder: z.string().nullable().describe('Asc or Desc.'), dateGranularity: z.string().nullable().describe('For dates: None, Day, Month, Quarter, Year…') }))
        .describe('Column groupings (matrix reports).'),
    aggregates: z
        .array(reportColumnInfoSchema)
        .describe('Summaries the report computes, e.g. {"apiName": "s!AMOUNT", "label": "Sum of Amount"} (s! sum, a! average, m! min, x! max, u! unique count, RowCount).'),
    filters: z
        .array(
            z.object({
                column: z.string().describe('Column API name, e.g. "STAGE_NAME".'),
                label: z.string().nullable().describe('Its label when known, e.g. "Stage".'),
                operator: z.string().describe('Operator, e.g. "equals", "notEqual", "greaterThan".'),
                value: z.string().describe('Value, e.g. "Closed Won,Closed Lost".'),
                isRunPageEditable: z.boolean().describe('True when a user may change it when running the report.')
            })
        )
        .describe('Filters saved with the report, numbered from 1 in this order for booleanFilter; run-report adds yours after them.'),
    booleanFilter: z.string().nullable().describe('Saved filter logic such as "(1 OR 2) AND 3"; null: all filters must match.'),
    standardDateFilter: z
        .object({
            column: z.string().describe('Date column, e.g. "CLOSE_DATE".'),
            durationValue: z.string().describe('Range, e.g. "THIS_FISCAL_QUARTER" or "CUSTOM".'),
            startDate: z.string().nullable().describe('Start date, YYYY-MM-DD, for CUSTOM.'),
            endDate: z.string().nullable().describe('End date, YYYY-MM-DD, for CUSTOM.')
        })
        .nullable()
        .describe('The standard date range of the report, if any.'),
    reportTypeColumns: z
        .array(
            reportColumnInfoSchema.extend({
                category: z.string().describe('Section of the report type, e.g. "Opportunity Information".'),
                filterable: z.boolean().describe('True when it can be used in filters.'),
                filterValues: z.array(z.string()).describe('Allowed values of a picklist or boolean column (empty otherwise), e.g. ["Prospecting", "Closed Won"].')
            })
        )
        .optional()
        .describe('Every column of the report type (with includeReportTypeColumns).'),
    filterOperatorsByType: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe('Filter operators each data type accepts, e.g. {"picklist": ["equals", "notEqual", …]} (with includeReportTypeColumns).'),
    truncated: z.boolean().describe("True when reportTypeColumns was cut to stay under Nango's 2 MB output limit.")
});

const action = createAction({
    description:
        "Describe one report: its format, detail columns with labels and data types, groupings, summaries, saved filters and filter logic, optionally every column of its report type and the filter operators by data type. Use it before run-report to pick filter columns. Calls GET /analytics/reports/{reportId}/describe. Read-only.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            try {
                const response = await request<unknown>(nango, { method: 'GET', endpoint: paths.reportDescribe(input.reportId), context: `describe report ${input.reportId}` });
                const summary = describeSummary(response.data);
                if (!input.includeReportTypeColumns) {
                    const { reportTypeColumns: _columns, filterOperatorsByType: _operators, ...rest } = summary;
                    return { ...rest, truncated: false };
                }
                const fitted = fitItems(summary.reportTypeColumns, { ...summary, reportTypeColumns: [], truncated: false });
                return { ...summary, reportTypeColumns: fitted.items, truncated: !fitted.complete };
            } catch (error) {
                throw withAnalyticsLimits(nango, error);
            }
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
