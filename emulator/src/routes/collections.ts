/**
 * sObject Collections (reference §6): create/update/upsert/delete up to 200 records in one call, and retrieve
 * by ids. Per-record results come back in input order with SOAP-style errors (`statusCode`, not
 * `errorCode`); the HTTP status is 200 whenever the request itself is well-formed.
 *
 * Result shapes, as the REST API Developer Guide's examples show them ("Create / Update / Upsert / Delete Records
 * Using sObject Collections"): a failed record carries no `id` (`{"success":false,"errors":[…]}`) and, for upsert,
 * no `created`; with allOrNone, a record that had succeeded and was rolled back reports
 * ALL_OR_NONE_OPERATION_ROLLED_BACK and keeps its `id` for update, upsert and delete (creates have none to keep).
 */
import { SfError } from '../errors.js';
import { jsonBody, json, type Req, type Res } from '../http.js';
import { keyPrefixOf, to18 } from '../org/ids.js';
import type { FieldDef, ObjectDef } from '../org/schema.js';
import type { Rec } from '../org/values.js';
import type { SalesforceState } from '../state.js';
import { recordJson } from './records.js';

export const MAX_COLLECTION_RECORDS = 200;
export const MAX_RETRIEVE_IDS = 2000;
const MAX_CHUNKS = 10;

export interface RecordError {
    statusCode: string;
    message: string;
    fields: string[];
}

export interface SaveResult {
    /** Present on success (and on a rolled-back update/upsert/delete); absent on failure. */
    id?: string;
    success: boolean;
    errors: RecordError[];
    created?: boolean;
}

const failed = (errors: RecordError[]): SaveResult => ({ success: false, errors });

const ROLLED_BACK: RecordError = {
    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
    fields: []
};

function recordError(err: unknown): RecordError {
    if (err instanceof SfError) return { statusCode: err.errorCode, message: err.message, fields: err.fields ?? [] };
    throw err;
}

const tooMany = (): SfError => new SfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`);

function bool(v: unknown): boolean {
    return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** The `records` array of a collection body, validated for shape and size. */
function recordsOf(body: Record<string, unknown>): Array<Record<string, unknown>> {
    const records = body['records'];
    if (!Array.isArray(records)) throw new SfError(400, 'JSON_PARSER_ERROR', "The request body must contain a 'records' array");
    if (records.length > MAX_COLLECTION_RECORDS) throw tooMany();
    return records.map((r) => {
        if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new SfError(400, 'JSON_PARSER_ERROR', 'Each element of records must be a JSON object');
        return r as Record<string, unknown>;
    });
}

function typeName(rec: Record<string, unknown>): string | undefined {
    const attrs = rec['attributes'];
    if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) return undefined;
    const t = (attrs as Record<string, unknown>)['type'];
    return typeof t === 'string' && t !== '' ? t : undefined;
}

/** Mixed types are processed in chunks of consecutive same-type records; more than 10 chunks is refused. */
function checkChunks(records: Array<Record<string, unknown>>): void {
    let chunks = 0;
    let last: string | undefined | null = null;
    for (const r of records) {
        const t = typeName(r)?.toLowerCase();
        if (t !== last) chunks++;
        last = t;
    }
    if (chunks > MAX_CHUNKS) {
        throw new SfError(400, 'INVALID_BATCH_REQUEST', `Cannot have more than ${MAX_CHUNKS} chunks in a single operation. Please rearrange the data to reduce chunking.`);
    }
}

function withoutAttributes(rec: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) if (k !== 'attributes') out[k] = v;
    return out;
}

/**
 * Runs one write per record. allOrNone: every record is attempted (so each failure reports its real error),
 * then on any failure everything is rolled back and the records that had succeeded report
 * ALL_OR_NONE_OPERATION_ROLLED_BACK (with their id, except for creates).
 */
function runAll<T>(s: SalesforceState, items: T[], allOrNone: boolean, one: (item: T) => SaveResult, opts: { rolledBackKeepsId: boolean }): SaveResult[] {
    const org = s.org;
    const sp = org.begin();
    const results: SaveResult[] = [];
    for (const item of items) {
        const rsp = org.begin();
        let r: SaveResult;
        try {
            r = one(item);
        } catch (err) {
            org.rollback(rsp);
            results.push(failed([recordError(err)]));
            continue;
        }
        if (r.success) org.commit(rsp);
        else org.rollback(rsp);
        results.push(r.success ? r : failed(r.errors));
    }
    if (allOrNone && results.some((r) => !r.success)) {
        org.rollback(sp);
        return results.map((r) => {
            if (!r.success) return r;
            return opts.rolledBackKeepsId && r.id !== undefined ? { id: r.id, success: false, errors: [ROLLED_BACK] } : failed([ROLLED_BACK]);
        });
    }
    org.commit(sp);
    for (const r of results) if (r.success && typeof r.id === 'string') org.touchRecent(r.id);
    return results;
}

/** Whether the composite request around this call forces allOrNone (reference §6, last paragraph). */
function allOrNoneOf(s: SalesforceState, requested: unknown): boolean {
    return s.forceAllOrNone === true || bool(requested);
}

/** `/composite/sobjects[/{type}[/{extField}]]`; parts are the segments after `sobjects`. */
export function collections(req: Req, s: SalesforceState, version: string, method: string, parts: string[]): Res {
    const [type, extField, ...extra] = parts;
    if (extra.length > 0) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (type === undefined) {
        switch (method) {
            case 'POST':
                return json(200, create(s, jsonBody(req)));
            case 'PATCH':
                return json(200, update(s, jsonBody(req)));
            case 'DELETE':
                return json(200, remove(req, s));
            default:
                return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are POST,PATCH,DELETE`, errorCode: 'METHOD_NOT_ALLOWED' }]);
        }
    }
    const def = s.org.schema.get(type);
    if (!def) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (extField !== undefined) {
        if (method !== 'PATCH') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are PATCH`, errorCode: 'METHOD_NOT_ALLOWED' }]);
        return json(200, upsert(s, def, extField, jsonBody(req)));
    }
    if (method === 'GET') {
        return json(200, retrieve(s, def, version, splitList(req.url.searchParams.get('ids')), splitList(req.url.searchParams.get('fields'))));
    }
    if (method === 'POST') {
        const body = jsonBody(req);
        const ids = body['ids'];
        const fields = body['fields'];
        if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw new SfError(400, 'JSON_PARSER_ERROR', "The request body must contain an 'ids' array of strings");
        if (!Array.isArray(fields) || !fields.every((x) => typeof x === 'string')) throw new SfError(400, 'JSON_PARSER_ERROR', "The request body must contain a 'fields' array of strings");
        return json(200, retrieve(s, def, version, ids as string[], fields as string[]));
    }
    return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,POST`, errorCode: 'METHOD_NOT_ALLOWED' }]);
}

function splitList(raw: string | null): string[] {
    return (raw ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
}

function create(s: SalesforceState, body: Record<string, unknown>): SaveResult[] {
    const records = recordsOf(body);
    checkChunks(records);
    return runAll(s, records, allOrNoneOf(s, body['allOrNone']), (rec) => {
        const def = defOf(s, rec);
        for (const key of Object.keys(rec)) {
            if (key.toLowerCase() === 'id') throw new SfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
        }
        const created = s.org.insert(def.name, withoutAttributes(rec));
        return { id: created['Id'] as string, success: true, errors: [] };
    }, { rolledBackKeepsId: false });
}

function update(s: SalesforceState, body: Record<string, unknown>): SaveResult[] {
    const records = recordsOf(body);
    checkChunks(records);
    return runAll(s, records, allOrNoneOf(s, body['allOrNone']), (rec) => {
        const def = defOf(s, rec);
        const idKey = Object.keys(rec).find((k) => k.toLowerCase() === 'id');
        const rawId = idKey === undefined ? undefined : rec[idKey];
        if (typeof rawId !== 'string' || rawId === '') throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', []);
        const id = to18(rawId);
        if (!id || keyPrefixOf(id) !== def.keyPrefix) throw new SfError(400, 'MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${rawId}`, ['Id']);
        return updateOne(s, def, id, rec, idKey as string);
    }, { rolledBackKeepsId: true });
}

/** Updates one record of a collection by its (valid, 18-char) id; failures carry no id. */
function updateOne(s: SalesforceState, def: ObjectDef, id: string, rec: Record<string, unknown>, idKey: string): SaveResult {
    const existing = s.org.get(id);
    if (!existing) return failed([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }]);
    if (existing['IsDeleted'] === true) return failed([{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]);
    const values = withoutAttributes(rec);
    delete values[idKey];
    try {
        s.org.update(def.name, id, values);
    } catch (err) {
        return failed([recordError(err)]);
    }
    return { id, success: true, errors: [] };
}

function upsert(s: SalesforceState, def: ObjectDef, extFieldName: string, body: Record<string, unknown>): SaveResult[] {
    const fd: FieldDef | undefined = def.byName.get(extFieldName.toLowerCase());
    if (!fd || !(fd.externalId || fd.idLookup)) {
        throw new SfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${extFieldName}`);
    }
    const records = recordsOf(body);
    const seen = new Map<string, number>();
    const sameType = (rec: Record<string, unknown>): void => {
        const t = typeName(rec);
        if (t === undefined) throw new SfError(400, 'INVALID_TYPE', 'The sObject type must be specified in attributes.type of every record', []);
        if (t.toLowerCase() !== def.name.toLowerCase()) {
            throw new SfError(400, 'INVALID_TYPE', `Upsert by external ID accepts records of type ${def.name} only; got ${t}`, []);
        }
    };
    if (fd.type === 'id') {
        // Upsert on the Id field (SOAP upsert(): "the Id field of each object has the idLookup property"): a record
        // with an Id updates that record, one without is created.
        return runAll(s, records, allOrNoneOf(s, body['allOrNone']), (rec) => {
            sameType(rec);
            const idKey = Object.keys(rec).find((k) => k.toLowerCase() === 'id');
            const rawId = idKey === undefined ? undefined : rec[idKey];
            if (idKey === undefined || rawId === null || rawId === '') {
                const values = withoutAttributes(rec);
                if (idKey !== undefined) delete values[idKey];
                const created = s.org.insert(def.name, values);
                return { id: created['Id'] as string, success: true, errors: [], created: true };
            }
            const id = typeof rawId === 'string' ? to18(rawId) : null;
            if (!id || keyPrefixOf(id) !== def.keyPrefix) throw new SfError(400, 'MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${String(rawId)}`, ['Id']);
            const r = updateOne(s, def, id, rec, idKey);
            return r.success ? { ...r, created: false } : r;
        }, { rolledBackKeepsId: true });
    }
    return runAll(s, records, allOrNoneOf(s, body['allOrNone']), (rec) => {
        sameType(rec);
        const values = withoutAttributes(rec);
        let extValue: unknown;
        for (const key of Object.keys(values)) {
            if (key.toLowerCase() === 'id') throw new SfError(400, 'INVALID_FIELD', 'Only external ids are supported. Do not use record ids.', ['Id']);
            if (key.toLowerCase() === fd.name.toLowerCase()) {
                extValue = values[key];
                delete values[key];
            }
        }
        if (extValue === undefined || extValue === null || extValue === '') {
            throw new SfError(400, 'MISSING_ARGUMENT', `${fd.name} not specified`, [fd.name]);
        }
        const key = String(extValue);
        const lower = key.toLowerCase();
        seen.set(lower, (seen.get(lower) ?? 0) + 1);
        if ((seen.get(lower) ?? 0) > 1) throw new SfError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${key}`, [fd.name]);
        const matches = s.org.findByField(def.name, fd, key);
        if (matches.length > 1) {
            throw new SfError(400, 'DUPLICATE_EXTERNAL_ID', `${fd.name}: more than one record found for external id field: ${matches.map((m) => String(m['Id'])).join(', ')}`, [fd.name]);
        }
        const match = matches[0];
        if (match) {
            const id = match['Id'] as string;
            s.org.update(def.name, id, values);
            return { id, success: true, errors: [], created: false };
        }
        const created = s.org.insert(def.name, { ...values, [fd.name]: extValue });
        return { id: created['Id'] as string, success: true, errors: [], created: true };
    }, { rolledBackKeepsId: true });
}

function remove(req: Req, s: SalesforceState): SaveResult[] {
    const ids = splitList(req.url.searchParams.get('ids'));
    if (ids.length === 0) throw new SfError(400, 'MISSING_ARGUMENT', 'ids parameter is required: /composite/sobjects?ids=id1,id2', []);
    if (ids.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const allOrNone = allOrNoneOf(s, req.url.searchParams.get('allOrNone'));
    return runAll(s, ids, allOrNone, (raw) => {
        const id = to18(raw);
        const def = id ? s.org.typeOf(id) : undefined;
        if (!id || !def) return failed([{ statusCode: 'MALFORMED_ID', message: `malformed id ${raw}`, fields: [] }]);
        const rec = s.org.get(id);
        if (!rec) return failed([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }]);
        if (rec['IsDeleted'] === true) return failed([{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]);
        try {
            s.org.delete(def.name, id);
        } catch (err) {
            return failed([recordError(err)]);
        }
        return { id, success: true, errors: [] };
    }, { rolledBackKeepsId: true });
}

function defOf(s: SalesforceState, rec: Record<string, unknown>): ObjectDef {
    const t = typeName(rec);
    if (t === undefined) throw new SfError(400, 'INVALID_TYPE', 'The sObject type must be specified in attributes.type of every record', []);
    const def = s.org.schema.get(t);
    if (!def) throw new SfError(400, 'INVALID_TYPE', `sObject type '${t}' is not supported.`, []);
    return def;
}

/** Records of one type by id, in input order; `null` for malformed, missing, deleted or other-type ids. */
function retrieve(s: SalesforceState, def: ObjectDef, version: string, ids: string[], fieldNames: string[]): Array<Record<string, unknown> | null> {
    if (ids.length === 0) throw new SfError(400, 'MISSING_ARGUMENT', 'ids parameter is required', []);
    if (ids.length > MAX_RETRIEVE_IDS) throw new SfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RETRIEVE_IDS} records into this call`);
    if (fieldNames.length === 0) throw new SfError(400, 'MISSING_ARGUMENT', 'fields parameter is required', []);
    const fields = fieldNames.map((name) => {
        const fd = def.byName.get(name.toLowerCase());
        if (!fd) throw new SfError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
        return fd;
    });
    return ids.map((raw) => {
        const id = to18(raw);
        if (!id || keyPrefixOf(id) !== def.keyPrefix) return null;
        const rec: Rec | undefined = s.org.get(id);
        if (!rec || rec['IsDeleted'] === true) return null;
        s.org.touchRecent(id);
        return recordJson(def, rec, version, fields);
    });
}
