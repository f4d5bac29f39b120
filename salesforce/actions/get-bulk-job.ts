import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { jobIdSchema, jobInfoOutput, jobInfoSchema } from '../lib/input/bulk-schemas.js';
import { parseInput } from '../lib/input/schemas.js';
import { getIngestJob } from '../lib/writes/bulk-ingest.js';

const Input = z.object({ jobId: jobIdSchema });

const action = createAction({
    description:
        'Status of a Bulk API 2.0 ingest job (from create-bulk-job): state (UploadComplete, InProgress, JobComplete, Failed, Aborted), rows processed and failed, and why it failed. Read-only; poll it every few seconds until done is true, then read the rows with get-bulk-job-results. Calls GET /jobs/ingest/{jobId}.',
    version: '1.0.0',
    input: Input,
    output: jobInfoSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => jobInfoOutput(await getIngestJob(nango, input.jobId), input.jobId));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
