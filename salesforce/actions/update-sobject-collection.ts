import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { MAX_COLLECTION_RECORDS, fitOutcome, runCollection } from '../lib/writes/collections.js';
import { InputError } from '../lib/http/errors.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { assertRecordBody } from '../lib/writes/records.js';
import { allOrNoneSchema, collectionOutputSchema, parseInput, recordIdSchema, recordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of the object all records belong to, e.g. "Contact".'),
    records: z
        .array(
            z.object({
                recordId: recordIdSchema,
                record: recordSchema.describe('Fields to change, e.g. {"Title": "CFO"}; null clears a field.')
            })
        )
        .min(1)
        .max(MAX_COLLECTION_RECORDS)
        .describe(`Records to update: [{"recordId": "003…", "record": {"Title": "CFO"}}]. 1–${MAX_COLLECTION_RECORDS}, each id once.`),
    allOrNone: allOrNoneSchema
});

const action = createAction({
    description:
        'Update many records of one object by id, 1,000 records per API request (200 per collection, five collections per composite call); results per record in input order. allOrNone rolls back an API call (up to 1,000 records) as a unit. Calls PATCH /composite/sobjects (or /composite for more than 200).',
    version: '1.0.0',
    input: Input,
    output: collectionOutputSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const seen = new Set<string>();
            const items = input.records.map((entry, i) => {
                const id = toId18(assertRecordId(entry.recordId, `records[${i}].recordId`, input.sObject));
                if (seen.has(id)) throw new InputError(`${id} appears twice; update each record once per call`, `records[${i}].recordId`);
                seen.add(id);
                return { attributes: { type: input.sObject }, id, ...assertRecordBody(entry.record, { nonEmpty: true }, `records[${i}].record`) };
            });
            return fitOutcome(await runCollection(nango, { operation: 'update', items, allOrNone: input.allOrNone ?? false }));
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
