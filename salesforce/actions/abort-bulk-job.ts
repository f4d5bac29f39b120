import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { jobIdSchema, jobInfoOutput, jobInfoSchema } from '../lib/input/bulk-schemas.js';
import { parseInput } from '../lib/input/schemas.js';
import { setJobState } from '../lib/writes/bulk-ingest.js';

const Input = z.object({ jobId: jobIdSchema });

const Output = jobInfoSchema.extend({
    alreadyAborted: z.boolean().describe('True when the job was already Aborted (e.g. a retried call whose first answer was lost): nothing changed.')
});

const action = createAction({
    description:
        'Abort a Bulk API 2.0 ingest job that is Open, UploadComplete or InProgress: Salesforce stops processing it; rows already processed stay written (read them with get-bulk-job-results, "successful"), the rest are unprocessed. Safe to retry: a job already Aborted is reported with alreadyAborted true; a finished job (JobComplete, Failed) cannot be aborted. Calls PATCH /jobs/ingest/{jobId} with state Aborted.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const { job, already } = await setJobState(nango, input.jobId, 'Aborted');
            return { ...jobInfoOutput(job, input.jobId), alreadyAborted: already };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
