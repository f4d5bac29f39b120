import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { MAX_COLLECTION_RECORDS, fitOutcome, runCollection } from '../lib/writes/collections.js';
import { assertRecordBody } from '../lib/writes/records.js';
import { allOrNoneSchema, collectionOutputSchema, parseInput, recordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of the object all records are created in, e.g. "Contact".'),
    records: z
        .array(recordSchema)
        .min(1)
        .max(MAX_COLLECTION_RECORDS)
        .describe(`Records to create, each a map of field API names to values, e.g. [{"LastName": "Ng", "Email": "ng@example.com"}]. 1–${MAX_COLLECTION_RECORDS}; no Id.`),
    allOrNone: allOrNoneSchema
});

const action = createAction({
    description:
        'Create many records of one object. Sends 200 records per collection and five collections per composite call, so 1,000 records cost one API request; results come back per record in input order. allOrNone rolls back an API call (up to 1,000 records) as a unit. Never retried automatically. Calls POST /composite/sobjects (or /composite for more than 200).',
    version: '1.0.0',
    input: Input,
    output: collectionOutputSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const items = input.records.map((record, i) => ({ attributes: { type: input.sObject }, ...assertRecordBody(record, {}, `records[${i}]`) }));
            return fitOutcome(await runCollection(nango, { operation: 'create', items, allOrNone: input.allOrNone ?? false }));
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
