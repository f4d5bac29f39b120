import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { actionError } from '../lib/http/errors.js';
import { fitItems } from '../lib/http/output.js';
import { jobIdSchema } from '../lib/input/bulk-schemas.js';
import { parseInput } from '../lib/input/schemas.js';
import { CSV_DELIMITERS, type ColumnDelimiter } from '../lib/sync/csv.js';
import { TERMINAL_STATES, getIngestJob, jobResultCsv, resultRows } from '../lib/writes/bulk-ingest.js';

const MAX_ROWS = 10_000;

const Input = z.object({
    jobId: jobIdSchema,
    results: z
        .enum(['successful', 'failed', 'unprocessed'])
        .describe('Which rows: successful (written, with their record id and whether created), failed (with sf__Error), or unprocessed (never attempted: the job failed or was aborted first).'),
    offset: z.number().int().min(0).optional().describe('Row to start at (0-based), from the nextOffset of the previous page, e.g. 10000. Default 0.'),
    limit: z.number().int().min(1).max(MAX_ROWS).optional().describe(`Most rows to return, 1–${MAX_ROWS} (default ${MAX_ROWS}); fewer when they would pass Nango's 2 MB output limit.`)
});

const Output = z.object({
    jobId: z.string().describe('The job, starts with 750, e.g. "7505g00000AbCdEAAV".'),
    results: z.enum(['successful', 'failed', 'unprocessed']).describe('Which rows these are.'),
    state: z.string().describe('The job\'s state when read, e.g. "JobComplete".'),
    columns: z.array(z.string()).describe('The uploaded columns echoed in fields, e.g. ["LastName", "Email"].'),
    rows: z
        .array(
            z.object({
                recordId: z.string().nullable().describe('sf__Id: the record written (successful), or the record the row named (failed updates and deletes), e.g. "003D000000QyVbMIAV"; null when there is none (a failed insert, unprocessed rows).'),
                created: z.boolean().nullable().describe('sf__Created: true when the row created a record (insert, or an upsert that found none), false when it updated one; null for failed and unprocessed rows.'),
                error: z.string().nullable().describe('sf__Error as Salesforce wrote it, e.g. "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --"; null unless failed.'),
                errorCode: z.string().nullable().describe('The error code at the start of sf__Error, e.g. "REQUIRED_FIELD_MISSING"; null unless failed.'),
                fields: z.record(z.string(), z.string()).describe('The row as uploaded, field by field, as text, e.g. {"LastName": "Ng", "Email": "ng@example.com"}.')
            })
        )
        .describe('The rows of this page. Salesforce does not keep the upload order in results: match rows by recordId or by your own external id.'),
    offset: z.number().describe('Index of the first row of this page, e.g. 0.'),
    nextOffset: z.number().nullable().describe('Pass it as offset to read the next page; null after the last row.'),
    truncated: z.boolean().describe("True when this page holds fewer rows than asked to stay under Nango's 2 MB output limit; nextOffset continues after the last row returned.")
});

const action = createAction({
    description:
        'Per-row outcome of a finished Bulk API 2.0 ingest job (get-bulk-job says done): the successful rows (record id, created or updated), the failed rows (Salesforce\'s error per row) or the unprocessed ones, parsed from Salesforce\'s CSV into rows, up to 10,000 a page under 2 MB with nextOffset to continue. Read-only. Each page costs 2 API calls (the job\'s state and delimiter, then the result file, which Salesforce serves whole). Results are kept 7 days. Calls GET /jobs/ingest/{jobId} and GET /jobs/ingest/{jobId}/successfulResults, /failedResults or /unprocessedrecords.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const job = await getIngestJob(nango, input.jobId);
            const state = typeof job.state === 'string' ? job.state : 'Unknown';
            if (!TERMINAL_STATES.has(state)) {
                throw actionError(nango, {
                    type: 'salesforce_error',
                    message: `Bulk API job ${input.jobId} is ${state}: its results exist once it is JobComplete, Failed or Aborted. Poll get-bulk-job until done is true.`,
                    errorCode: 'JOB_NOT_COMPLETE',
                    fields: [],
                    status: null,
                    errors: []
                });
            }
            const delimiter = CSV_DELIMITERS[(job.columnDelimiter ?? 'COMMA') as ColumnDelimiter] ?? ',';
            const csv = await jobResultCsv(nango, input.jobId, input.results);
            const offset = input.offset ?? 0;
            const page = resultRows(csv, delimiter, offset, input.limit ?? MAX_ROWS);
            const envelope = { jobId: input.jobId, results: input.results, state, columns: page.columns, rows: [], offset, nextOffset: offset, truncated: false };
            const fitted = fitItems(page.rows, envelope);
            const more = page.more || !fitted.complete;
            return {
                ...envelope,
                rows: fitted.items,
                nextOffset: more ? offset + fitted.items.length : null,
                truncated: !fitted.complete
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
