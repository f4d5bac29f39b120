/**
 * sObject Collections beyond Salesforce's 200-record cap, without wasting API calls: records are split into chunks
 * of 200, and up to five chunks travel as subrequests of one /composite call, so 1,000 records cost one API request.
 *
 * allOrNone: Salesforce can roll back only what one API call wrote. With allOrNone, each call (up to 1,000 records)
 * is one all-or-nothing unit, and after a call fails no further call is sent, so records of later calls are reported
 * as not attempted. Calls that succeeded before stay committed. The output's `batches` says which records each call
 * covered and what became of it.
 */
import { paths, request, type NangoClient } from '../http/api.js';
import { normalizeSalesforceErrors, type SalesforceError } from '../http/errors.js';
import { OUTPUT_BUDGET_BYTES, jsonSize } from '../http/output.js';

export const COLLECTION_CHUNK_SIZE = 200;
export const CHUNKS_PER_CALL = 5;
/** Most records one action call accepts. */
export const MAX_COLLECTION_RECORDS = 5_000;

export type CollectionOperation = 'create' | 'update' | 'upsert' | 'delete';

export interface RecordResult {
    /** Position of the record in the input. */
    index: number;
    /**
     * The record's id: Salesforce's on success; on failure the id we sent (updates, upserts by Id, deletes), since
     * Salesforce's failed result carries none; null for a failed create or upsert by an external-id field.
     */
    recordId: string | null;
    success: boolean;
    /** Upsert only: true when the record was created. */
    created?: boolean;
    /** Delete only, without allOrNone: the record was already in the Recycle Bin (ENTITY_IS_DELETED), a success. */
    alreadyDeleted?: boolean;
    errors: SalesforceError[];
}

export type BatchStatus = 'committed' | 'partially_committed' | 'rolled_back' | 'failed' | 'not_sent';

export interface BatchReport {
    /** First and last input index the API call covered. */
    fromIndex: number;
    toIndex: number;
    status: BatchStatus;
}

export interface CollectionOutcome {
    success: boolean;
    results: RecordResult[];
    batches: BatchReport[];
    apiCalls: number;
}

export interface CollectionRequest {
    operation: CollectionOperation;
    /** Records with `attributes.type` already set (create, update, upsert) or ids (delete). */
    items: readonly unknown[];
    allOrNone: boolean;
    /** Upsert only. */
    sObject?: string;
    externalIdField?: string;
}

interface RawResult {
    id?: string | null;
    success?: boolean;
    created?: boolean;
    errors?: unknown;
}

/** Splits a list into consecutive slices of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

const METHOD: Record<CollectionOperation, 'POST' | 'PATCH' | 'DELETE'> = { create: 'POST', update: 'PATCH', upsert: 'PATCH', delete: 'DELETE' };

/** The endpoint, params and body of one collection request for one chunk. */
function collectionCall(req: CollectionRequest, items: readonly unknown[]): { endpoint: string; params?: Record<string, string>; body?: unknown } {
    if (req.operation === 'delete') {
        return { endpoint: paths.collections(), params: { ids: items.map(String).join(','), allOrNone: String(req.allOrNone) } };
    }
    const endpoint = req.operation === 'upsert' ? paths.collectionsUpsert(req.sObject ?? '', req.externalIdField ?? '') : paths.collections();
    return { endpoint, body: { allOrNone: req.allOrNone, records: items } };
}

/**
 * The record id the caller sent for one item, or null: the id of a delete, the `id` of an update, the `Id` of an
 * upsert on the Id field (absent for a record to create). Creates and upserts by an external-id field send none.
 */
export function sentIdOf(req: Pick<CollectionRequest, 'operation' | 'externalIdField'>, item: unknown): string | null {
    if (req.operation === 'delete') return typeof item === 'string' && item.length > 0 ? item : null;
    if (req.operation === 'create' || !item || typeof item !== 'object') return null;
    if (req.operation === 'upsert' && req.externalIdField?.toLowerCase() !== 'id') return null;
    const record = item as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === 'id');
    const value = key === undefined ? undefined : record[key];
    return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * A delete of a record already in the Recycle Bin fails with ENTITY_IS_DELETED (as for a retried delete whose answer
 * was lost): without allOrNone, nothing else depends on it, so it counts as done. With allOrNone the call was rolled
 * back for it, so it stays a failure.
 */
function alreadyDeleted(errors: readonly SalesforceError[]): boolean {
    return errors.length > 0 && errors.every((e) => e.errorCode === 'ENTITY_IS_DELETED');
}

function resultsOf(
    req: Pick<CollectionRequest, 'operation' | 'allOrNone'>,
    raw: unknown,
    firstIndex: number,
    sentIds: ReadonlyArray<string | null>,
    fallbackErrors: SalesforceError[]
): RecordResult[] {
    const list = Array.isArray(raw) ? (raw as RawResult[]) : [];
    return sentIds.map((sentId, i) => {
        const r = list[i];
        if (!r || typeof r !== 'object') {
            return { index: firstIndex + i, recordId: sentId, success: false, errors: fallbackErrors };
        }
        // A failed result carries no id (a rolled-back one may carry Salesforce's, but nothing was written): the id
        // the caller sent is the one that names the record, and a create has none.
        const errors = normalizeSalesforceErrors(r.errors);
        if (r.success !== true && req.operation === 'delete' && !req.allOrNone && alreadyDeleted(errors)) {
            return { index: firstIndex + i, recordId: sentId, success: true, alreadyDeleted: true, errors: [] };
        }
        const success = r.success === true;
        const result: RecordResult = {
            index: firstIndex + i,
            recordId: success && typeof r.id === 'string' && r.id.length > 0 ? r.id : sentId,
            success,
            errors
        };
        if (typeof r.created === 'boolean') result.created = r.created;
        return result;
    });
}

function statusOf(results: readonly RecordResult[], allOrNone: boolean): BatchStatus {
    const ok = results.filter((r) => r.success).length;
    if (ok === results.length) return 'committed';
    if (allOrNone) return 'rolled_back';
    return ok === 0 ? 'failed' : 'partially_committed';
}

const NOT_ATTEMPTED: SalesforceError = {
    errorCode: 'NOT_ATTEMPTED',
    message: 'Not sent: an earlier all-or-none batch of this request failed.',
    fields: []
};

/** Runs one collection operation over any number of records, one API call per 1,000 records. */
export async function runCollection(nango: NangoClient, req: CollectionRequest): Promise<CollectionOutcome> {
    // An upsert on Id creates the records that carry no Id: sent once, as a create, so a lost answer cannot duplicate them.
    const createsById = req.operation === 'upsert' && req.externalIdField?.toLowerCase() === 'id' && req.items.some((item) => sentIdOf(req, item) === null);
    const idempotent = req.operation !== 'create' && !createsById;
    const results: RecordResult[] = [];
    const batches: BatchReport[] = [];
    let apiCalls = 0;
    const groups = chunked(chunked(req.items, COLLECTION_CHUNK_SIZE), CHUNKS_PER_CALL);
    let offset = 0;
    let halted = false;
    for (const group of groups) {
        const groupSize = group.reduce((n, c) => n + c.length, 0);
        const from = offset;
        if (halted) {
            group.flat().forEach((item, i) => results.push({ index: from + i, recordId: sentIdOf(req, item), success: false, errors: [NOT_ATTEMPTED] }));
            batches.push({ fromIndex: from, toIndex: from + groupSize - 1, status: 'not_sent' });
            offset += groupSize;
            continue;
        }
        const groupResults: RecordResult[] = [];
        if (groups.length === 1 && group.length === 1) {
            // up to 200 records: the collection resource itself
            const call = collectionCall(req, group[0] ?? []);
            const response = await request(nango, {
                method: METHOD[req.operation],
                endpoint: call.endpoint,
                ...(call.params ? { params: call.params } : {}),
                ...(call.body !== undefined ? { data: call.body } : {}),
                idempotent,
                context: `${req.operation} ${groupSize} records`
            });
            groupResults.push(...resultsOf(req, response.data, from, (group[0] ?? []).map((item) => sentIdOf(req, item)), []));
        } else {
            // up to five 200-record chunks as subrequests of one composite call
            const compositeRequest = group.map((items, i) => {
                const call = collectionCall(req, items);
                const query = call.params ? `?${new URLSearchParams(call.params).toString()}` : '';
                return {
                    method: METHOD[req.operation],
                    url: `${call.endpoint}${query}`,
                    referenceId: `chunk${i}`,
                    ...(call.body !== undefined ? { body: call.body } : {})
                };
            });
            const response = await request<{ compositeResponse?: Array<{ body?: unknown; httpStatusCode?: number }> }>(nango, {
                method: 'POST',
                endpoint: paths.composite(),
                data: { allOrNone: req.allOrNone, collateSubrequests: false, compositeRequest },
                idempotent,
                context: `${req.operation} ${groupSize} records (composite of ${group.length} collection requests)`
            });
            const subResponses = response.data?.compositeResponse ?? [];
            let start = from;
            group.forEach((items, i) => {
                const sub = subResponses[i];
                const ok = sub && typeof sub.httpStatusCode === 'number' && sub.httpStatusCode < 300;
                const errors = ok ? [] : normalizeSalesforceErrors(sub?.body);
                groupResults.push(...resultsOf(req, ok ? sub.body : [], start, items.map((item) => sentIdOf(req, item)), errors.length > 0 ? errors : [{ errorCode: 'UNKNOWN_ERROR', message: 'No result for this record', fields: [] }]));
                start += items.length;
            });
        }
        apiCalls++;
        const status = statusOf(groupResults, req.allOrNone);
        results.push(...groupResults);
        batches.push({ fromIndex: from, toIndex: from + groupSize - 1, status });
        if (req.allOrNone && status !== 'committed') halted = true;
        offset += groupSize;
    }
    return { success: results.every((r) => r.success), results, batches, apiCalls };
}

/**
 * Keeps the outcome under Nango's 2 MB output limit without dropping a record's result: when needed, error messages
 * are shortened, then removed (codes and fields stay), and `messagesTrimmed` says so.
 */
export function fitOutcome(outcome: CollectionOutcome): CollectionOutcome & { messagesTrimmed: boolean } {
    if (jsonSize(outcome) <= OUTPUT_BUDGET_BYTES) {
        return { ...outcome, messagesTrimmed: false };
    }
    // shorter messages first, then none, then only the first field of each error: codes are always kept
    const steps = [
        { message: 200, fields: Infinity },
        { message: 100, fields: Infinity },
        { message: 0, fields: Infinity },
        { message: 0, fields: 1 }
    ];
    let trimmed = { ...outcome, messagesTrimmed: true };
    for (const step of steps) {
        const results = outcome.results.map((r) => ({ ...r, errors: r.errors.map((e) => ({ ...e, message: e.message.slice(0, step.message), fields: e.fields.slice(0, step.fields) })) }));
        trimmed = { ...outcome, results, messagesTrimmed: true };
        if (jsonSize(trimmed) <= OUTPUT_BUDGET_BYTES) break;
    }
    return trimmed;
}
