import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { upsertByExternalId } from '../lib/writes/records.js';
import { externalIdFieldSchema, externalIdSchema, parseInput, recordSchema, sObjectSchema, writeResultSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    externalIdField: externalIdFieldSchema,
    externalId: externalIdSchema,
    record: recordSchema.describe(
        'Field values by API name, e.g. {"Name": "Acme", "Amount__c": 1200}. May not contain Id or the external-id field itself (its value is externalId).'
    )
});

const Output = writeResultSchema.extend({
    created: z.boolean().describe('True when no record matched and a new one was created; false when the matching record was updated.')
});

const action = createAction({
    description:
        'Create or update one Salesforce record keyed by an external-id field: updates the record whose field equals externalId, or creates one when none does, and says which happened. Safe to retry. Several matches fail with type multiple_matches. Calls PATCH /sobjects/{sObject}/{externalIdField}/{externalId}.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const result = await guarded(nango, () => upsertByExternalId(nango, input.sObject, input.externalIdField, input.externalId, input.record));
        return { recordId: result.recordId, success: true, created: result.created };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
