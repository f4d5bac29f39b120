import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { createRecord } from '../lib/writes/records.js';
import { parseInput, recordSchema, sObjectSchema, writeResultSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    record: recordSchema
});

const action = createAction({
    description:
        'Create one Salesforce record of any object from field values by API name, and return its new id. The request is sent once and never retried automatically, so a network failure cannot create a duplicate: check before repeating it. Calls POST /sobjects/{sObject}.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => createRecord(nango, input.sObject, input.record));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
