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
        'Fields to change, by API name, e.g. {"Status__c": "Paid"}. May not contain Id or the external-id field itself; null clears a field.'
    )
});

const action = createAction({
    description:
        'Update one Salesforce record found by an external-id value. It never creates a record: when nothing matches it fails with type not_found and writes nothing; several matches fail with type multiple_matches. Calls PATCH /sobjects/{sObject}/{externalIdField}/{externalId}?updateOnly=true.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const result = await guarded(nango, () =>
            upsertByExternalId(nango, input.sObject, input.externalIdField, input.externalId, input.record, { updateOnly: true })
        );
        return { recordId: result.recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
