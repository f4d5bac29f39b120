import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { getRecord } from '../lib/writes/records.js';
import { fieldsSchema, parseInput, recordIdSchema, salesforceRecordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    recordId: recordIdSchema,
    fields: fieldsSchema
});

const Output = z.object({
    record: salesforceRecordSchema
});

const action = createAction({
    description:
        'Get one Salesforce record by its id, with all readable fields or only the ones named in fields. A missing id fails with type not_found; a record in the Recycle Bin fails with type entity_deleted. Calls GET /sobjects/{sObject}/{recordId}.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const record = await guarded(nango, () => getRecord(nango, input.sObject, input.recordId, input.fields));
        return { record };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
