/**
 * Writes that are safe to re-run. Nango runs a failed action again (its MCP server up to 3 times, POST
 * /action/trigger as X-Max-Retries says), and a create whose answer was lost (Salesforce committed, then the
 * connection dropped) would create a second record on that re-run. Salesforce's REST API has no idempotency header,
 * so the action must find what the first attempt wrote:
 *
 * - Creates with an idempotency key: the key is written into a field of the new record (a text field marked External
 *   ID, ideally also Unique), and every attempt first looks the key up (one SOQL query: `WHERE field = key`, which
 *   handles any character a key holds, where the external-id URL cannot carry `/`). Found: that record is the result
 *   (`replayed: true`) and nothing is written. Not found: the record is created with the key; if Salesforce refuses it
 *   with DUPLICATE_VALUE (a Unique field, the first attempt committing meanwhile), the key is looked up again.
 *   We do not upsert by the external id (`PATCH /sobjects/{X}/{field}/{key}`): its re-run would update the record
 *   again, running update triggers and flows a second time and overwriting edits made in between.
 * - Connection metadata is not used as a marker store: it is one JSON document per connection that every concurrent
 *   action would rewrite, and a marker alone cannot tell which record the lost attempt created.
 * - Without a key nothing can be found afterwards: the create is sent once, never retried, and a re-run after a lost
 *   answer may create a second record. The actions' descriptions say so.
 */
import * as z from 'zod';

import { assertExternalIdValue, type NangoClient } from '../http/api.js';
import { InputError, isActionError } from '../http/errors.js';
import { queryFirstPage, type SalesforceRecord } from '../http/pager.js';
import { assertFieldName, printable } from '../input/names.js';
import { toId18 } from '../input/ids.js';
import { buildSoql, inList } from '../soql/builder.js';
import { fieldNameSchema, writeResultSchema } from '../input/schemas.js';

export const idempotencyKeySchema = z
    .string()
    .min(1)
    .max(255)
    .describe(
        'Your unique id for this create, e.g. a UUID "5f0c9a1e-7b7e-4c1f-9d55-2f6f3b7c8a10" (1–255 characters). Written into idempotencyKeyField of the new record; running the action again with the same key returns that record (replayed: true) instead of creating another. Needs idempotencyKeyField.'
    );

export const idempotencyKeyFieldSchema = fieldNameSchema.describe(
    'A text field of the object marked External ID (make it Unique too) that holds idempotency keys, e.g. "Request_Id__c". Needs idempotencyKey.'
);

/** The two inputs of a create that is safe to re-run. */
export const idempotencyInputShape = {
    idempotencyKey: idempotencyKeySchema.optional(),
    idempotencyKeyField: idempotencyKeyFieldSchema.optional()
};

export const replayedSchema = z
    .boolean()
    .describe(
        'True when a record carrying this idempotency key already existed (an earlier run created it, e.g. one whose answer was lost): it is returned and nothing was written. Always false without an idempotency key.'
    );

/** The key of a create, checked: both inputs or neither. */
export interface IdempotencyKey {
    field: string;
    value: string;
}

export function idempotencyKeyOf(input: { idempotencyKey?: string | undefined; idempotencyKeyField?: string | undefined }): IdempotencyKey | undefined {
    const { idempotencyKey, idempotencyKeyField } = input;
    if (idempotencyKey === undefined && idempotencyKeyField === undefined) return undefined;
    if (idempotencyKeyField === undefined) throw new InputError('needs idempotencyKeyField: the External ID field the key is stored in', 'idempotencyKey');
    if (idempotencyKey === undefined) throw new InputError('needs idempotencyKey: the key to store in this field', 'idempotencyKeyField');
    return { field: assertFieldName(idempotencyKeyField, 'idempotencyKeyField'), value: assertExternalIdValue(idempotencyKey, 'idempotencyKey', false) };
}

/**
 * The record body with the key in its field. A body that already sets the field must set it to the key itself
 * (any other value would make the key unfindable).
 */
export function withKey(body: Record<string, unknown>, key: IdempotencyKey, path = 'record'): Record<string, unknown> {
    const existing = Object.keys(body).find((k) => k.toLowerCase() === key.field.toLowerCase());
    if (existing !== undefined) {
        if (body[existing] !== key.value) {
            throw new InputError(`sets ${existing} to a value other than idempotencyKey; leave it out, the action writes the key there`, path);
        }
        const { [existing]: _omit, ...rest } = body;
        void _omit;
        return { ...rest, [key.field]: key.value };
    }
    return { ...body, [key.field]: key.value };
}

/** Most URL-encoded key characters one lookup query carries (the query travels in a GET URL of at most 16,384 bytes). */
const LOOKUP_BUDGET = 10_000;

/** Splits keys into lookup queries that each fit in a URL. */
function lookupChunks(keys: readonly string[]): string[][] {
    const chunks: string[][] = [];
    let current: string[] = [];
    let size = 0;
    for (const key of keys) {
        const cost = encodeURIComponent(key).length + 12;
        if (current.length > 0 && (size + cost > LOOKUP_BUDGET || current.length >= 500)) {
            chunks.push(current);
            current = [];
            size = 0;
        }
        current.push(key);
        size += cost;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
}

/**
 * The ids of the live records holding each key, by key (exact comparison: SOQL's `=` on text ignores case, the
 * keys compared here do not). One query per chunk of keys; records in the Recycle Bin are not found.
 */
export async function findByKeys(nango: NangoClient, sObject: string, field: string, keys: readonly string[], calls?: { count: number }): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const chunk of lookupChunks([...new Set(keys)])) {
        if (calls) calls.count++;
        const soql = buildSoql({ select: ['Id', field], from: sObject, where: inList(field, chunk, false, 'idempotencyKeyField') });
        const page = await queryFirstPage<SalesforceRecord>(nango, soql, { context: `look up ${sObject} by ${field} (idempotency key)` });
        for (const record of page.records) {
            const key = record[field];
            const id = record['Id'];
            if (typeof key !== 'string' || typeof id !== 'string') continue;
            const ids = found.get(key) ?? [];
            ids.push(toId18(id));
            found.set(key, ids);
        }
    }
    return found;
}

/** The one record holding the key, or undefined; several are a `multiple_matches` for the caller to report. */
export async function findByKey(nango: NangoClient, sObject: string, key: IdempotencyKey): Promise<string[]> {
    return (await findByKeys(nango, sObject, key.field, [key.value])).get(key.value) ?? [];
}

export function multipleKeyMatchesMessage(sObject: string, key: IdempotencyKey, ids: readonly string[]): string {
    return `${ids.length} ${sObject} records hold the idempotency key "${printable(key.value)}" in ${key.field} (${ids.join(', ')}); nothing was written. Mark ${key.field} Unique so that Salesforce refuses a second one.`;
}

/** What the create actions return: the record's id, and whether it came from an earlier run with the same key. */
export const createResultSchema = writeResultSchema.extend({ replayed: replayedSchema });

/** The sentence every create action's description carries about re-runs. */
export const CREATE_RERUN_NOTE =
    'Safe to re-run only with idempotencyKey and idempotencyKeyField: the key is looked up first (one SOQL query) and a record already holding it is returned with replayed true, nothing written; without a key the create is sent once, never retried, and running the action again after a lost answer (as Nango re-runs failed actions) may create a second record.';

/**
 * True when a write's failure leaves its outcome unknown: no answer came (network_error: a dropped connection, a
 * timeout) or the server failed (server_error: 5xx, it may have committed first). The caller then reads back.
 */
export function outcomeUnknown(nango: Pick<NangoClient, 'ActionError'>, error: unknown): boolean {
    if (!isActionError(nango, error)) return false;
    const type = (error as { payload?: { type?: unknown } }).payload?.type;
    return type === 'network_error' || type === 'server_error';
}
