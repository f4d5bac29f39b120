import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { fitItems } from '../lib/http/output.js';
import { queryFirstPage } from '../lib/http/pager.js';
import { parseInput } from '../lib/input/schemas.js';
import { and, buildSoql, compare, like, MAX_OFFSET } from '../lib/soql/builder.js';
import { withAnalyticsLimits } from '../lib/crm/reports.js';

const FORMATS = { TABULAR: 'Tabular', SUMMARY: 'Summary', MATRIX: 'Matrix', MULTI_BLOCK: 'MultiBlock' } as const;

const Input = z.object({
    folderName: z.string().min(1).max(255).optional().describe('Only reports in this folder (its exact name, as the Reports tab shows it), e.g. "Sales Reports". Uses SOQL on Report.'),
    nameContains: z.string().min(1).max(255).optional().describe('Only reports whose name contains this text (case-insensitive), e.g. "pipeline". Uses SOQL on Report.'),
    developerName: z.string().min(1).max(80).optional().describe('Only the report with this API name (DeveloperName), e.g. "Opportunities_by_Stage". Uses SOQL on Report.'),
    format: z.enum(['TABULAR', 'SUMMARY', 'MATRIX', 'MULTI_BLOCK']).optional().describe('Only reports of this format (MULTI_BLOCK is a joined report). Uses SOQL on Report.'),
    all: z.boolean().optional().describe('True: every report the user can see (SOQL on Report, by name), not only the recently viewed ones. Implied by any of the filters above.'),
    limit: z.number().int().min(1).max(200).optional().describe('Most reports to return, 1–200 (default 50).'),
    offset: z.number().int().min(0).max(MAX_OFFSET).optional().describe('Skip this many (SOQL listing only; pass nextOffset from a previous answer). At most 2,000.')
});

const Output = z.object({
    source: z.enum(['recent', 'soql']).describe('"recent": the reports the connected user viewed most recently (GET /analytics/reports, at most 200, most recent first; only ids and names). "soql": SOQL on the Report object, by name.'),
    reports: z
        .array(
            z.object({
                reportId: z.string().describe('Report id, starts with 00O, e.g. "00OD0000001ZbP7MAK"; pass it to describe-report or run-report.'),
                name: z.string().describe('Report name, e.g. "Opportunities by Stage".'),
                developerName: z.string().nullable().describe('API name, e.g. "Opportunities_by_Stage"; null in the recent list.'),
                folderName: z.string().nullable().describe('Folder name, e.g. "Sales Reports"; null in the recent list or for a private report.'),
                format: z.string().nullable().describe('Tabular, Summary, Matrix or MultiBlock (joined); null in the recent list.'),
                description: z.string().nullable().describe('Report description; null when none or in the recent list.'),
                lastRunDate: z.string().nullable().describe('When the report last ran, ISO 8601, e.g. "2026-01-31T10:00:00.000+0000"; null when never or in the recent list.')
            })
        )
        .describe('The reports, most recently viewed first (recent) or by name (soql).'),
    nextOffset: z.number().nullable().describe('Pass as offset for the next page of a SOQL listing; null when there are no more (or for the recent list).'),
    truncated: z.boolean().describe("True when the list was cut to stay under Nango's 2 MB output limit.")
});

const action = createAction({
    description:
        'List reports: without filters the ones the connected user viewed most recently (GET /analytics/reports, up to 200); with a folder, name, API name or format (or all: true), every matching report through SOQL on the Report object (GET /query, SELECT Id, Name, DeveloperName, FolderName, Format … FROM Report). Read-only. Next: describe-report, run-report.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const limit = input.limit ?? 50;
        const useSoql = input.all === true || input.folderName !== undefined || input.nameContains !== undefined || input.developerName !== undefined || input.format !== undefined;
        return guarded(nango, async () => {
            try {
                if (!useSoql) {
                    const response = await request<unknown>(nango, { method: 'GET', endpoint: paths.reports(), context: 'list recent reports' });
                    const list = Array.isArray(response.data) ? (response.data as Array<Record<string, unknown>>) : [];
                    const reports = list.slice(0, limit).map((r) => ({
                        reportId: String(r['id'] ?? ''),
                        name: String(r['name'] ?? ''),
                        developerName: null,
                        folderName: null,
                        format: null,
                        description: null,
                        lastRunDate: null
                    }));
                    const fitted = fitItems(reports, { source: 'recent', reports: [], nextOffset: null, truncated: false });
                    return { source: 'recent' as const, reports: fitted.items, nextOffset: null, truncated: !fitted.complete };
                }
                const offset = input.offset ?? 0;
                const soql = buildSoql({
                    select: ['Id', 'Name', 'DeveloperName', 'FolderName', 'Format', 'Description', 'LastRunDate'],
                    from: 'Report',
                    where: and(
                        input.folderName !== undefined ? compare('FolderName', '=', input.folderName, 'folderName') : undefined,
                        input.nameContains !== undefined ? like('Name', input.nameContains, 'contains', 'nameContains') : undefined,
                        input.developerName !== undefined ? compare('DeveloperName', '=', input.developerName, 'developerName') : undefined,
                        input.format !== undefined ? compare('Format', '=', FORMATS[input.format], 'format') : undefined
                    ),
                    orderBy: [{ field: 'Name' }, { field: 'Id' }],
                    limit: limit + 1,
                    offset
                });
                const page = await queryFirstPage(nango, soql, { context: 'list reports' });
                const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
                const rows = page.records.map((r) => ({
                    reportId: String(r['Id'] ?? ''),
                    name: String(r['Name'] ?? ''),
                    developerName: str(r['DeveloperName']),
                    folderName: str(r['FolderName']),
                    format: str(r['Format']),
                    description: str(r['Description']),
                    lastRunDate: str(r['LastRunDate'])
                }));
                const more = rows.length > limit;
                const fitted = fitItems(rows.slice(0, limit), { source: 'soql', reports: [], nextOffset: 0, truncated: false });
                const next = offset + fitted.items.length;
                return { source: 'soql' as const, reports: fitted.items, nextOffset: (more || !fitted.complete) && next <= MAX_OFFSET ? next : null, truncated: !fitted.complete };
            } catch (error) {
                throw withAnalyticsLimits(nango, error);
            }
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
