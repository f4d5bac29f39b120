import { createAction } from 'nango';
import * as z from 'zod';

import { assertExternalIdValue, guarded } from '../lib/http/api.js';
import { MAX_COLLECTION_RECORDS, fitOutcome, runCollection } from '../lib/writes/collections.js';
import { InputError } from '../lib/http/errors.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { printable } from '../lib/input/names.js';
import { assertRecordBody } from '../lib/writes/records.js';
import { allOrNoneSchema, collectionOutputSchema, externalIdFieldSchema, parseInput, recordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of the object all records belong to, e.g. "Invoice__c".'),
    externalIdField: externalIdFieldSchema.describe(
        'API name of the field that keys the records: a field marked External ID (or an idLookup field), e.g. "External_Id__c"; or "Id" to update records that carry an Id and create those that do not.'
    ),
    records: z
        .array(recordSchema)
        .min(1)
        .max(MAX_COLLECTION_RECORDS)
        .describe(
            `Records to create or update, each carrying its external id in externalIdField, e.g. [{"External_Id__c": "INV-1", "Amount__c": 10}]. No Id, except with externalIdField "Id": then a record with an Id updates that record and one without is created. 1–${MAX_COLLECTION_RECORDS}, each external id once.`
        ),
    allOrNone: allOrNoneSchema
});

const action = createAction({
    description:
        'Create or update many records of one object keyed by an external-id field, 1,000 records per API request; each result says whether the record was created or updated. Safe to retry (with externalIdField "Id", records without an Id are created and sent only once). allOrNone rolls back an API call (up to 1,000 records) as a unit. Calls PATCH /composite/sobjects/{sObject}/{externalIdField} (or /composite for more than 200).',
    version: '1.0.0',
    input: Input,
    output: collectionOutputSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            // Id works as the key too (PATCH /composite/sobjects/{sObject}/Id, "REST API Developer Guide: Upsert
            // Multiple Records" / SOAP upsert(): Id is an idLookup field): a record with an Id updates it, one
            // without is created.
            const byId = input.externalIdField.toLowerCase() === 'id';
            const field = byId ? 'Id' : input.externalIdField;
            const seen = new Set<string>();
            const items = input.records.map((record, i) => {
                if (byId) {
                    const idKey = Object.keys(record).find((k) => k.toLowerCase() === 'id');
                    const rawId = idKey === undefined ? undefined : record[idKey];
                    const rest = Object.fromEntries(Object.entries(record).filter(([k]) => k !== idKey));
                    const body = assertRecordBody(rest, {}, `records[${i}]`);
                    if (rawId === undefined || rawId === null || rawId === '') return { attributes: { type: input.sObject }, ...body };
                    const id = toId18(assertRecordId(rawId, `records[${i}].Id`, input.sObject));
                    if (seen.has(id)) throw new InputError(`${id} appears twice; each record may appear once per call`, `records[${i}].Id`);
                    seen.add(id);
                    return { attributes: { type: input.sObject }, Id: id, ...body };
                }
                const body = assertRecordBody(record, {}, `records[${i}]`);
                const key = Object.keys(body).find((k) => k.toLowerCase() === field.toLowerCase());
                const value = key === undefined ? undefined : body[key];
                const text = typeof value === 'number' ? String(value) : value;
                assertExternalIdValue(text, `records[${i}].${field}`, false);
                if (seen.has(String(text))) throw new InputError(`"${printable(String(text))}" appears twice; each external id may appear once per call`, `records[${i}].${field}`);
                seen.add(String(text));
                return { attributes: { type: input.sObject }, ...body };
            });
            return fitOutcome(
                await runCollection(nango, { operation: 'upsert', items, allOrNone: input.allOrNone ?? false, sObject: input.sObject, externalIdField: field })
            );
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
