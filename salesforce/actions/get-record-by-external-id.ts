import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { getRecordByExternalId } from '../lib/writes/records.js';
import { externalIdFieldSchema, externalIdSchema, fieldsSchema, parseInput, salesforceRecordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    externalIdField: externalIdFieldSchema,
    externalId: externalIdSchema,
    fields: fieldsSchema
});

const Output = z.object({
    record: salesforceRecordSchema
});

const action = createAction({
    description:
        'Get one Salesforce record by the value of an external-id field instead of its Salesforce id. No match fails with type not_found; several matches fail with type multiple_matches and list their ids in matchingRecordIds. Calls GET /sobjects/{sObject}/{externalIdField}/{externalId}.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const record = await guarded(nango, () => getRecordByExternalId(nango, input.sObject, input.externalIdField, input.externalId, input.fields));
        return { record };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
