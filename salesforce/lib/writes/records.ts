/**
 * writes/: everything that changes data — single records, sObject Collections chunking and packing, composite validation.
 *
 * Single-record operations (sObject Rows and external-id resources), shared by the generic record actions and the
 * typed CRM actions so that there is one implementation of each.
 */
import { SAFE_RETRIES, paths, request, salesforceActionError, type NangoClient } from '../http/api.js';
import { InputError, actionError, salesforceErrorPayload } from '../http/errors.js';
import { isRecordId, toId18 } from '../input/ids.js';
import { assertFieldList, assertFieldName, printable } from '../input/names.js';
import type { SalesforceRecord } from '../http/pager.js';
import { findByKey, multipleKeyMatchesMessage, outcomeUnknown, withKey, type IdempotencyKey } from './idempotent.js';

/** Most fields one record body may carry (Salesforce objects have at most 800 custom fields). */
export const MAX_RECORD_FIELDS = 1_000;

export interface RecordBodyRules {
    /** Field names that may not appear (compared case-insensitively), with the reason shown to the caller. */
    forbidden?: Record<string, string>;
    /** At least one field must be given (updates). */
    nonEmpty?: boolean;
}

/**
 * Checks a record body before it is sent: every key a field API name, `Id` never (the id goes in the path),
 * `attributes` dropped (it is what Salesforce adds to records it returns, not a field).
 */
export function assertRecordBody(record: Record<string, unknown>, rules: RecordBodyRules = {}, path = 'record'): Record<string, unknown> {
    const forbidden = new Map(Object.entries({ Id: 'pass the record id in recordId, not in the record', ...rules.forbidden }).map(([k, v]) => [k.toLowerCase(), v]));
    const body: Record<string, unknown> = {};
    const keys = Object.keys(record).filter((key) => key !== 'attributes');
    if (keys.length > MAX_RECORD_FIELDS) {
        throw new InputError(`has ${keys.length} fields; at most ${MAX_RECORD_FIELDS} are accepted`, path);
    }
    if (rules.nonEmpty && keys.length === 0) {
        throw new InputError('must set at least one field', path);
    }
    for (const key of keys) {
        assertFieldName(key, `${path}.${printable(key, 40)}`);
        const reason = forbidden.get(key.toLowerCase());
        if (reason) {
            throw new InputError(`may not contain ${key}: ${reason}`, path);
        }
        body[key] = record[key];
    }
    return body;
}

function fieldsParam(fields: readonly string[] | undefined): Record<string, string> | undefined {
    return fields && fields.length > 0 ? { fields: assertFieldList(fields, 'fields', false).join(',') } : undefined;
}

function recordIdOf(url: unknown): string | undefined {
    const last = typeof url === 'string' ? url.split('/').pop() : undefined;
    return last && isRecordId(last) ? toId18(last) : undefined;
}

/** Reads one record by id; `fields` narrows the columns. */
export async function getRecord(nango: NangoClient, sObject: string, recordId: string, fields?: readonly string[]): Promise<SalesforceRecord> {
    const params = fieldsParam(fields);
    const response = await request<SalesforceRecord>(nango, {
        method: 'GET',
        endpoint: paths.record(sObject, recordId),
        ...(params ? { params } : {}),
        context: `get ${sObject} ${recordId}`
    });
    return response.data;
}

/** Creates one record. Sent once: a create is never retried, so a lost answer cannot create a duplicate. */
export async function createRecord(nango: NangoClient, sObject: string, record: Record<string, unknown>): Promise<{ recordId: string }> {
    const body = assertRecordBody(record);
    const response = await request<{ id?: string; success?: boolean }>(nango, {
        method: 'POST',
        endpoint: paths.sobject(sObject),
        data: body,
        idempotent: false,
        context: `create ${sObject}`
    });
    return { recordId: String(response.data?.id ?? '') };
}

export interface CreateOnceResult {
    recordId: string;
    /** True when a record holding the idempotency key already existed and was returned without writing. */
    replayed: boolean;
}

/** A `multiple_matches` error for a key held by several records: nothing was written. */
function keyMatchesError(nango: NangoClient, sObject: string, key: IdempotencyKey, ids: string[]): Error {
    return actionError(nango, {
        type: 'multiple_matches',
        message: `create ${sObject} failed: ${multipleKeyMatchesMessage(sObject, key, ids)}`,
        errorCode: 'MULTIPLE_CHOICES',
        fields: [key.field],
        status: null,
        errors: [],
        matchingRecordIds: ids
    });
}

/**
 * Creates one record, safe to re-run when given an idempotency key (writes/idempotent.ts): the key is looked up first
 * and a record holding it is returned (`replayed`) without writing; otherwise the record is created with the key in
 * its field, sent once. A DUPLICATE_VALUE on the key field (an earlier attempt committed meanwhile) is answered by a
 * second lookup. Without a key this is `createRecord`: a re-run after a lost answer may create a second record.
 */
export async function createRecordOnce(nango: NangoClient, sObject: string, record: Record<string, unknown>, key: IdempotencyKey | undefined): Promise<CreateOnceResult> {
    if (!key) {
        return { ...(await createRecord(nango, sObject, record)), replayed: false };
    }
    const body = withKey(assertRecordBody(record), key);
    const earlier = await findByKey(nango, sObject, key);
    if (earlier.length > 1) throw keyMatchesError(nango, sObject, key, earlier);
    if (earlier[0] !== undefined) return { recordId: earlier[0], replayed: true };
    const context = `create ${sObject}`;
    const response = await request<{ id?: string }>(nango, { method: 'POST', endpoint: paths.sobject(sObject), data: body, idempotent: false, accept: [400], context });
    if (response.status === 400) {
        const payload = salesforceErrorPayload(400, response.data, context);
        if (payload.errors.some((e) => e.errorCode === 'DUPLICATE_VALUE')) {
            const now = await findByKey(nango, sObject, key);
            if (now.length > 1) throw keyMatchesError(nango, sObject, key, now);
            if (now[0] !== undefined) return { recordId: now[0], replayed: true };
        }
        throw salesforceActionError(nango, payload, paths.sobject(sObject));
    }
    return { recordId: String(response.data?.id ?? ''), replayed: false };
}

/** Updates the given fields of one record (Salesforce answers 204 with no body). */
export async function updateRecord(nango: NangoClient, sObject: string, recordId: string, record: Record<string, unknown>): Promise<{ recordId: string }> {
    const body = assertRecordBody(record, { nonEmpty: true });
    await request(nango, { method: 'PATCH', endpoint: paths.record(sObject, recordId), data: body, context: `update ${sObject} ${recordId}` });
    return { recordId: toId18(recordId) };
}

/** Whether a record read back holds every value of a body sent (field names compared case-insensitively). */
function holds(record: SalesforceRecord, body: Record<string, unknown>): boolean {
    const byLower = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
    return Object.entries(body).every(([field, value]) => {
        const actual = byLower.get(field.toLowerCase());
        return actual === value || (actual ?? null) === (value ?? null);
    });
}

/**
 * Updates one record so that a lost answer never makes the same PATCH run twice: the PATCH is sent without the
 * proxy's retries, and when its outcome is unknown (no answer, or a 5xx) the record is read back; if it already holds
 * every value sent, the update is done, else the PATCH is sent again (up to SAFE_RETRIES times). A PATCH repeated
 * blindly would set the same values again, but run the org's update triggers, flows and workflow rules once more.
 */
export async function updateRecordOnce(nango: NangoClient, sObject: string, recordId: string, record: Record<string, unknown>): Promise<{ recordId: string }> {
    const body = assertRecordBody(record, { nonEmpty: true });
    const context = `update ${sObject} ${recordId}`;
    for (let attempt = 0; ; attempt++) {
        try {
            await request(nango, { method: 'PATCH', endpoint: paths.record(sObject, recordId), data: body, idempotent: false, context });
            return { recordId: toId18(recordId) };
        } catch (error) {
            if (!outcomeUnknown(nango, error) || attempt >= SAFE_RETRIES) throw error;
            const now = await getRecord(nango, sObject, recordId, Object.keys(body));
            if (holds(now, body)) return { recordId: toId18(recordId) };
        }
    }
}

/**
 * Moves one record to the Recycle Bin. Idempotent: a record already in the Recycle Bin (Salesforce answers 404
 * ENTITY_IS_DELETED, "REST API Developer Guide: Status Codes and Error Responses"), as after a retried DELETE whose
 * first answer was lost, is reported as deleted with `alreadyDeleted: true`. A record that does not exist (or was
 * purged from the Recycle Bin) stays `not_found`.
 */
export async function deleteRecord(nango: NangoClient, sObject: string, recordId: string): Promise<{ recordId: string; alreadyDeleted: boolean }> {
    const context = `delete ${sObject} ${recordId}`;
    const response = await request(nango, { method: 'DELETE', endpoint: paths.record(sObject, recordId), accept: [404], context });
    if (response.status === 404) {
        const payload = salesforceErrorPayload(404, response.data, context);
        if (payload.errorCode !== 'ENTITY_IS_DELETED') {
            throw salesforceActionError(nango, payload, paths.record(sObject, recordId));
        }
        return { recordId: toId18(recordId), alreadyDeleted: true };
    }
    return { recordId: toId18(recordId), alreadyDeleted: false };
}

/** An HTTP 300 answer lists the URLs of every matching record; nothing was written. */
function multipleMatches(nango: NangoClient, body: unknown, context: string): Error {
    const matchingRecordIds = (Array.isArray(body) ? body : []).map(recordIdOf).filter((id): id is string => id !== undefined);
    return actionError(nango, {
        type: 'multiple_matches',
        message: `${context} failed: the external id matches ${matchingRecordIds.length} records (${matchingRecordIds.join(', ')}); nothing was written. Use a unique external-id field or the record id.`,
        errorCode: 'MULTIPLE_CHOICES',
        fields: [],
        status: 300,
        errors: [],
        matchingRecordIds
    });
}

/** Reads one record by an external-id field; several matches give a `multiple_matches` error with their ids. */
export async function getRecordByExternalId(
    nango: NangoClient,
    sObject: string,
    externalIdField: string,
    externalId: string,
    fields?: readonly string[]
): Promise<SalesforceRecord> {
    const context = `get ${sObject} where ${externalIdField} = "${printable(externalId)}"`;
    const params = fieldsParam(fields);
    const response = await request<SalesforceRecord>(nango, {
        method: 'GET',
        endpoint: paths.byExternalId(sObject, externalIdField, externalId),
        ...(params ? { params } : {}),
        accept: [300],
        context
    });
    if (response.status === 300) {
        throw multipleMatches(nango, response.data, context);
    }
    return response.data;
}

export interface UpsertResult {
    recordId: string;
    created: boolean;
}

/**
 * Upserts one record by external id (PATCH, safe to retry: repeating it finds the record the first attempt made).
 * With `updateOnly`, a missing record is reported as `not_found` and nothing is created.
 */
export async function upsertByExternalId(
    nango: NangoClient,
    sObject: string,
    externalIdField: string,
    externalId: string,
    record: Record<string, unknown>,
    options: { updateOnly?: boolean } = {}
): Promise<UpsertResult> {
    const body = assertRecordBody(record, {
        forbidden: { [externalIdField]: 'the external id is given in externalId and may not also be in the body' },
        nonEmpty: options.updateOnly === true
    });
    const verb = options.updateOnly ? 'update' : 'upsert';
    const context = `${verb} ${sObject} where ${externalIdField} = "${printable(externalId)}"`;
    const response = await request<{ id?: string; created?: boolean }>(nango, {
        method: 'PATCH',
        endpoint: paths.byExternalId(sObject, externalIdField, externalId),
        ...(options.updateOnly ? { params: { updateOnly: 'true' } } : {}),
        data: body,
        idempotent: true,
        accept: [300, 404],
        context
    });
    if (response.status === 300) {
        throw multipleMatches(nango, response.data, context);
    }
    if (response.status === 404) {
        const payload = salesforceErrorPayload(404, response.data, context);
        if (options.updateOnly) {
            payload.message += ' No record was created (update only).';
        }
        throw salesforceActionError(nango, payload, paths.sobject(sObject));
    }
    const created = response.status === 201 || response.data?.created === true;
    const recordId = response.data?.id ?? '';
    return { recordId, created };
}
