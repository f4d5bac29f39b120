import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { deleteRecord } from '../lib/writes/records.js';
import { deleteResultSchema, parseInput, recordIdSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    recordId: recordIdSchema
});

const action = createAction({
    description:
        'Delete one Salesforce record by id (it goes to the Recycle Bin for 15 days) and return the id. Safe to retry: a record already in the Recycle Bin is reported as deleted with alreadyDeleted true. Calls DELETE /sobjects/{sObject}/{recordId}.',
    version: '1.0.0',
    input: Input,
    output: deleteResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId, alreadyDeleted } = await guarded(nango, () => deleteRecord(nango, input.sObject, input.recordId));
        return { recordId, success: true, alreadyDeleted };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
