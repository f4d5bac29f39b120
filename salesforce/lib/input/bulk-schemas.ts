/**
 * Schemas shared by the Bulk API 2.0 ingest actions (create-bulk-job, get-bulk-job, get-bulk-job-results,
 * abort-bulk-job): the job id and the job as get-bulk-job and abort-bulk-job return it.
 */
import * as z from 'zod';

import { checkedBy } from './schemas.js';
import { TERMINAL_STATES, assertBulkJobId, type IngestJobInfo } from '../writes/bulk-ingest.js';

export const jobIdSchema = z
    .string()
    .regex(/^750[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/)
    .superRefine(checkedBy((v) => assertBulkJobId(v)))
    .describe('Id of a Bulk API 2.0 ingest job, as create-bulk-job returned it: starts with 750, 15 or 18 characters, e.g. "7505g00000AbCdEAAV".');

export const jobInfoSchema = z.object({
    jobId: z.string().describe('Id of the job, starts with 750, e.g. "7505g00000AbCdEAAV".'),
    sObject: z.string().nullable().describe('API name of the object the job writes to (the job\'s object), e.g. "Contact".'),
    operation: z.string().nullable().describe('insert, update, upsert, delete or hardDelete.'),
    state: z
        .string()
        .describe(
            'Open (data not yet uploaded), UploadComplete (queued), InProgress, JobComplete (every row processed: some may have failed, see numberRecordsFailed), Failed (the job itself failed, see errorMessage) or Aborted.'
        ),
    done: z.boolean().describe('True in a final state (JobComplete, Failed, Aborted): nothing changes any more, the results can be read with get-bulk-job-results.'),
    externalIdFieldName: z.string().nullable().describe('The External ID field of an upsert, e.g. "External_Id__c"; null otherwise.'),
    numberRecordsProcessed: z.number().describe('Rows processed so far, failed ones included, e.g. 10000.'),
    numberRecordsFailed: z.number().describe('Rows that failed (read them with get-bulk-job-results, results "failed"), e.g. 12.'),
    retries: z.number().describe('How many times Salesforce retried the job\'s batches (it does so itself; above 10 the job fails: use smaller jobs).'),
    totalProcessingTime: z.number().describe('Processing time in milliseconds, e.g. 2511.'),
    errorMessage: z.string().nullable().describe('Why the job failed, as Salesforce says it, e.g. "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF"; null when it did not.'),
    createdDate: z.string().nullable().describe('When the job was created, e.g. "2026-03-01T10:00:00.000+0000".'),
    systemModstamp: z.string().nullable().describe('When the job last changed, e.g. "2026-03-01T10:00:05.000+0000".'),
    apiVersion: z.number().nullable().describe('API version the job was created with, e.g. 66.'),
    columnDelimiter: z.string().nullable().describe('Field separator of the job\'s CSV, e.g. "COMMA".'),
    lineEnding: z.string().nullable().describe('Line ending of the job\'s CSV, "LF" or "CRLF".')
});

export type JobInfoOutput = z.infer<typeof jobInfoSchema>;

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Get Job Info's answer in the shape of jobInfoSchema. */
export function jobInfoOutput(job: IngestJobInfo, jobId: string): JobInfoOutput {
    const state = typeof job.state === 'string' ? job.state : 'Unknown';
    return {
        jobId: str(job.id) ?? jobId,
        sObject: str(job.object),
        operation: str(job.operation),
        state,
        done: TERMINAL_STATES.has(state),
        externalIdFieldName: str(job.externalIdFieldName),
        numberRecordsProcessed: num(job.numberRecordsProcessed),
        numberRecordsFailed: num(job.numberRecordsFailed),
        retries: num(job.retries),
        totalProcessingTime: num(job.totalProcessingTime),
        errorMessage: str(job.errorMessage),
        createdDate: str(job.createdDate),
        systemModstamp: str(job.systemModstamp),
        apiVersion: typeof job.apiVersion === 'number' ? job.apiVersion : null,
        columnDelimiter: str(job.columnDelimiter),
        lineEnding: str(job.lineEnding)
    };
}
