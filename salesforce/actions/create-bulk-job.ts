import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError, actionError, type SalesforceErrorPayload } from '../lib/http/errors.js';
import { fieldNameSchema, parseInput, recordSchema, sObjectSchema } from '../lib/input/schemas.js';
import { CSV_DELIMITERS, CSV_LINE_ENDINGS, type ColumnDelimiter } from '../lib/sync/csv.js';
import {
    INGEST_OPERATIONS,
    MAX_INGEST_RECORDS,
    MAX_UPLOAD_BYTES,
    createIngestJob,
    prepareCsv,
    recordsToCsv,
    setJobState,
    uploadJobData,
    type PreparedCsv
} from '../lib/writes/bulk-ingest.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of the object every row is written to, e.g. "Contact" or "Invoice__c".'),
    operation: z
        .enum(INGEST_OPERATIONS)
        .describe(
            'What the job does with each row: insert (no Id column), update (Id column), upsert (needs externalIdFieldName and its column), delete (one Id column; to the Recycle Bin) or hardDelete (one Id column; erased for good, needs the "Bulk API Hard Delete" permission).'
        ),
    externalIdFieldName: fieldNameSchema
        .optional()
        .describe('Upsert only, and required for it: the External ID field (or Id) that matches rows to records, e.g. "External_Id__c". Its column must be in the data.'),
    records: z
        .array(recordSchema)
        .min(1)
        .max(MAX_INGEST_RECORDS)
        .optional()
        .describe(
            `Rows as JSON, turned into CSV here: field API names to values, e.g. [{"LastName": "Ng", "Email": "ng@example.com", "Account": {"External_Id__c": "ACC-7"}}]. null sets a field to null (#N/A in the CSV); a field left out (or "") leaves it as it is on update. 1–${MAX_INGEST_RECORDS.toLocaleString('en-US')} records (at most 500,000 values in all); give either records or csv.`
        ),
    csv: z
        .string()
        .min(1)
        .optional()
        .describe(
            `The data as CSV, uploaded as given after checks: a header row of field API names or relationship columns ("Account.External_Id__c"), then one row per record, UTF-8, at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB, one line ending throughout; #N/A sets null, an empty field leaves the value on update. E.g. "LastName,Email\\nNg,ng@example.com\\n". Give either records or csv.`
        ),
    columnDelimiter: z
        .enum(Object.keys(CSV_DELIMITERS) as [ColumnDelimiter, ...ColumnDelimiter[]])
        .optional()
        .describe('Field separator of the CSV: COMMA (default), TAB, PIPE, SEMICOLON, CARET or BACKQUOTE.'),
    lineEnding: z
        .enum(Object.keys(CSV_LINE_ENDINGS) as ['LF', 'CRLF'])
        .optional()
        .describe('Line ending of the CSV: LF or CRLF. Default: LF for records; for csv, the one it uses.')
});

const Output = z.object({
    jobId: z.string().describe('Id of the Bulk API job, starts with 750, e.g. "7505g00000AbCdEAAV": pass it to get-bulk-job, get-bulk-job-results or abort-bulk-job.'),
    sObject: z.string().describe('API name of the object the job writes to (the job\'s object), e.g. "Contact".'),
    operation: z.enum(INGEST_OPERATIONS).describe('The operation of the job, e.g. "upsert".'),
    externalIdFieldName: z.string().nullable().describe('The External ID field of an upsert, e.g. "External_Id__c"; null for other operations.'),
    state: z.string().describe('State after the upload: UploadComplete (queued for processing) or later, e.g. InProgress.'),
    recordsUploaded: z.number().describe('Data rows uploaded (the header row not counted), e.g. 10000.'),
    bytesUploaded: z.number().describe('Size of the CSV uploaded, in UTF-8 bytes.'),
    columns: z.array(z.string()).describe('The CSV header uploaded, e.g. ["LastName", "Email", "Account.External_Id__c"].'),
    columnDelimiter: z.string().describe('Field separator of the job, e.g. "COMMA".'),
    lineEnding: z.string().describe('Line ending of the job, "LF" or "CRLF".'),
    apiCalls: z.number().describe('Salesforce API requests this call made: create, upload and close (3); 5 when a close whose answer was lost was retried (the retry and a status read).'),
    nextStep: z.string().describe('What to call next, e.g. "Call get-bulk-job with this jobId until state is JobComplete, then get-bulk-job-results".')
});

const action = createAction({
    description:
        'Load many records of one object through Bulk API 2.0: creates an ingest job (insert, update, upsert by external id, delete or hardDelete), uploads the rows as CSV (from JSON records, written here, or CSV given directly and checked), and closes the job so Salesforce processes it asynchronously; changes data (hardDelete erases it for good). Returns the job id at once: poll get-bulk-job, then read per-row outcomes with get-bulk-job-results. Costs 3 API calls and 1 Bulk job whatever the size (Salesforce splits it in batches of 10,000 rows, counted against 15,000 batches a day). When to use it: up to 5,000 records prefer the sObject collection actions (one call, per-record results at once, 1 API call per 1,000 records); a Bulk job costs about 7 API calls whatever the size (create, upload, close, status polls, results), so it spends fewer calls above about 7,000 records and is the choice from 10,000 (measured against the emulator: 100,000 upserts in 7 API calls instead of 100). Never retried: creating a job is sent once; if the upload fails the job is aborted (nothing written) and running again is safe. Calls POST /jobs/ingest, PUT /jobs/ingest/{jobId}/batches, PATCH /jobs/ingest/{jobId}.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        let calls = 0;
        let prepared: PreparedCsv;
        const columnDelimiter: ColumnDelimiter = input.columnDelimiter ?? 'COMMA';
        try {
            if ((input.records === undefined) === (input.csv === undefined)) throw new InputError('give either records (JSON) or csv, not both and not neither', input.records ? 'csv' : 'records');
            if (input.operation === 'upsert' && !input.externalIdFieldName) throw new InputError('an upsert needs externalIdFieldName, e.g. "External_Id__c"', 'externalIdFieldName');
            if (input.operation !== 'upsert' && input.externalIdFieldName) throw new InputError(`only an upsert takes externalIdFieldName, not ${input.operation}`, 'externalIdFieldName');
            const plan = { operation: input.operation, columnDelimiter, ...(input.externalIdFieldName ? { externalIdFieldName: input.externalIdFieldName } : {}) };
            prepared = input.records
                ? recordsToCsv(input.records, { ...plan, lineEnding: input.lineEnding ?? 'LF' })
                : prepareCsv(input.csv as string, { ...plan, ...(input.lineEnding ? { lineEnding: input.lineEnding } : {}) });
        } catch (error) {
            return guarded(nango, () => {
                throw error;
            });
        }
        return guarded(nango, async () => {
            const spec = { object: input.sObject, operation: input.operation, columnDelimiter, lineEnding: prepared.lineEnding, ...(input.externalIdFieldName ? { externalIdFieldName: input.externalIdFieldName } : {}) };
            const job = await createIngestJob(nango, spec);
            calls++;
            const jobId = job.id;
            const abandon = async (error: unknown, step: string): Promise<never> => {
                const payload = (error as { payload?: SalesforceErrorPayload }).payload;
                if (!payload) throw error;
                let aborted = false;
                try {
                    calls++;
                    aborted = (await setJobState(nango, jobId, 'Aborted')).job.state === 'Aborted';
                } catch {
                    aborted = false;
                }
                await nango.log(`Bulk API job ${jobId}: the ${step} failed (${payload.errorCode}); ${aborted ? 'job aborted' : 'abort failed'}.`, { level: 'warn' });
                throw actionError(nango, {
                    ...payload,
                    message: `${payload.message} ${aborted ? `Bulk API job ${jobId} was aborted: no record was written, running create-bulk-job again is safe.` : `Bulk API job ${jobId} could not be aborted: call abort-bulk-job with it before running create-bulk-job again.`}`,
                    jobId,
                    jobAborted: aborted
                });
            };
            try {
                calls++;
                await uploadJobData(nango, jobId, prepared.csv);
            } catch (error) {
                return abandon(error, 'upload');
            }
            let state: string;
            try {
                calls++;
                const closed = await setJobState(nango, jobId, 'UploadComplete');
                // a close retried after a lost answer: the retry and the status read that found the job closed
                if (closed.already) calls += 2;
                state = closed.job.state ?? 'UploadComplete';
            } catch (error) {
                return abandon(error, 'close');
            }
            return {
                jobId,
                sObject: job.object ?? input.sObject,
                operation: input.operation,
                externalIdFieldName: input.operation === 'upsert' ? (input.externalIdFieldName ?? null) : null,
                state,
                recordsUploaded: prepared.rows,
                bytesUploaded: prepared.bytes,
                columns: prepared.columns,
                columnDelimiter,
                lineEnding: prepared.lineEnding,
                apiCalls: calls,
                nextStep: `Call get-bulk-job with jobId ${jobId} until state is JobComplete (or Failed/Aborted), then get-bulk-job-results for the successful and failed rows.`
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
