import { createAction } from 'nango';
import * as z from 'zod';

import { assertExternalIdValue, guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { assertFieldName } from '../lib/input/names.js';
import { MAX_COLLECTION_RECORDS, fitOutcome, runCollection, type CollectionOutcome, type RecordResult } from '../lib/writes/collections.js';
import { findByKeys, idempotencyKeyFieldSchema } from '../lib/writes/idempotent.js';
import { assertRecordBody } from '../lib/writes/records.js';
import { allOrNoneSchema, collectionOutputSchema, parseInput, recordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of the object all records are created in, e.g. "Contact".'),
    records: z
        .array(recordSchema)
        .min(1)
        .max(MAX_COLLECTION_RECORDS)
        .describe(`Records to create, each a map of field API names to values, e.g. [{"LastName": "Ng", "Email": "ng@example.com"}]. 1–${MAX_COLLECTION_RECORDS}; no Id.`),
    allOrNone: allOrNoneSchema,
    idempotencyKeyField: idempotencyKeyFieldSchema
        .optional()
        .describe(
            'Makes the call safe to re-run: a text field of the object marked External ID (make it Unique too), e.g. "Request_Id__c", in which every record carries its own key, unique within the input, e.g. [{"LastName": "Ng", "Request_Id__c": "batch-7-0"}]. The keys are looked up first (SOQL); records whose key already exists are returned with replayed true and not sent again.'
        )
});

const resultSchema = collectionOutputSchema.shape.results.element.extend({
    replayed: z
        .boolean()
        .optional()
        .describe('With idempotencyKeyField only: true when a record with this key already existed (an earlier run created it): recordId is that record and nothing was sent for it.')
});

const Output = collectionOutputSchema.extend({
    results: z.array(resultSchema).describe('One result per input record, in input order.'),
    apiCalls: z.number().describe('API requests used: one per 1,000 records created, plus the idempotency-key lookups (about one SOQL query per 300 keys).')
});

/** The key a record carries in the key field (any spelling of its name), checked. */
function keyOf(body: Record<string, unknown>, field: string, path: string): string {
    const name = Object.keys(body).find((k) => k.toLowerCase() === field.toLowerCase());
    const value = name === undefined ? undefined : body[name];
    if (typeof value !== 'string' || value.length === 0) {
        throw new InputError(`needs its idempotency key in ${field} (a non-empty string), as every record does with idempotencyKeyField`, path);
    }
    return assertExternalIdValue(value, `${path}.${field}`, false);
}

const notSentForDuplicates = (index: number, ids: string[]): RecordResult => ({
    index,
    recordId: null,
    success: false,
    errors: [{ errorCode: 'MULTIPLE_CHOICES', message: `Not sent: ${ids.length} records already hold this idempotency key (${ids.join(', ')}); mark the key field Unique.`, fields: [] }]
});

const action = createAction({
    description:
        'Create many records of one object. Sends 200 records per collection and five collections per composite call, so 1,000 records cost one API request; results come back per record in input order. allOrNone rolls back an API call (up to 1,000 records) as a unit. Never retried automatically. Safe to re-run only with idempotencyKeyField: every record carries its key, the keys are looked up first and records already created (e.g. by a run whose answer was lost) are returned with replayed true instead of being created again; without it, running the action again after a lost answer (as Nango re-runs failed actions) creates the records a second time. Calls POST /composite/sobjects (or /composite for more than 200), with idempotencyKeyField first GET /query.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const items = input.records.map((record, i) => ({ attributes: { type: input.sObject }, ...assertRecordBody(record, {}, `records[${i}]`) }));
            const allOrNone = input.allOrNone ?? false;
            if (input.idempotencyKeyField === undefined) {
                return fitOutcome(await runCollection(nango, { operation: 'create', items, allOrNone }));
            }
            const field = assertFieldName(input.idempotencyKeyField, 'idempotencyKeyField');
            const keys = items.map((item, i) => keyOf(item, field, `records[${i}]`));
            const first = new Map<string, number>();
            keys.forEach((key, i) => {
                const seen = first.get(key);
                if (seen !== undefined) throw new InputError(`has the same idempotency key as records[${seen}]; each record needs its own`, `records[${i}]`);
                first.set(key, i);
            });
            const calls = { count: 0 };
            const found = await findByKeys(nango, input.sObject, field, keys, calls);
            const results: Array<RecordResult & { replayed?: boolean }> = [];
            const toSend: number[] = [];
            keys.forEach((key, index) => {
                const ids = found.get(key) ?? [];
                if (ids.length > 1) results[index] = notSentForDuplicates(index, ids);
                else if (ids[0] !== undefined) results[index] = { index, recordId: ids[0], success: true, replayed: true, errors: [] };
                else toSend.push(index);
            });
            const refused = results.some((r) => r && !r.success);
            let outcome: CollectionOutcome = { success: true, results: [], batches: [], apiCalls: 0 };
            if (toSend.length > 0 && !(allOrNone && refused)) {
                outcome = await runCollection(nango, { operation: 'create', items: toSend.map((i) => items[i]), allOrNone });
            }
            // map results and batches of the records sent back to input positions
            const at = (sentIndex: number): number => toSend[sentIndex] ?? sentIndex;
            for (const r of outcome.results) results[at(r.index)] = { ...r, index: at(r.index), replayed: false };
            if (toSend.length > 0 && outcome.results.length === 0) {
                const message = 'Not sent: with allOrNone, another record of this request was refused before sending.';
                for (const i of toSend) results[i] = { index: i, recordId: null, success: false, errors: [{ errorCode: 'NOT_ATTEMPTED', message, fields: [] }] };
            }
            // without allOrNone, a key that became taken meanwhile (an earlier run committing late) is that run's record
            if (!allOrNone) {
                const late = toSend.filter((i) => results[i]?.success === false && results[i]?.errors.some((e) => e.errorCode === 'DUPLICATE_VALUE'));
                if (late.length > 0) {
                    const now = await findByKeys(nango, input.sObject, field, late.map((i) => keys[i] ?? ''), calls);
                    for (const i of late) {
                        const ids = now.get(keys[i] ?? '') ?? [];
                        if (ids.length === 1 && ids[0] !== undefined) results[i] = { index: i, recordId: ids[0], success: true, replayed: true, errors: [] };
                    }
                }
            }
            const batches = outcome.batches.map((b) => ({ ...b, fromIndex: at(b.fromIndex), toIndex: at(b.toIndex) }));
            return fitOutcome({ success: results.every((r) => r.success), results, batches, apiCalls: outcome.apiCalls + calls.count });
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
