import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { createRecordOnce } from '../lib/writes/records.js';
import { CREATE_RERUN_NOTE, createResultSchema, idempotencyInputShape, idempotencyKeyOf } from '../lib/writes/idempotent.js';
import { parseInput, recordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    record: recordSchema,
    ...idempotencyInputShape
});

const action = createAction({
    description: `Create one Salesforce record of any object from field values by API name, and return its new id. Calls POST /sobjects/{sObject} (with an idempotency key, first a SOQL query for it). ${CREATE_RERUN_NOTE}`,
    version: '1.0.0',
    input: Input,
    output: createResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId, replayed } = await guarded(nango, () => createRecordOnce(nango, input.sObject, input.record, idempotencyKeyOf(input)));
        return { recordId, success: true, replayed };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
