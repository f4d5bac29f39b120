import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { updateRecord } from '../lib/writes/records.js';
import { parseInput, recordIdSchema, recordSchema, sObjectSchema, writeResultSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    recordId: recordIdSchema,
    record: recordSchema.describe('Fields to change, by API name, e.g. {"Phone": "+1 415 555 0100", "Rating": null}. Fields not listed keep their values; null clears one.')
});

const action = createAction({
    description:
        'Update fields of one Salesforce record by id and return the id. Only the fields given change. A missing id fails with type not_found, a deleted one with entity_deleted. Calls PATCH /sobjects/{sObject}/{recordId}.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => updateRecord(nango, input.sObject, input.recordId, input.record));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
