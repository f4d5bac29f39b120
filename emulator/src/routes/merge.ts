/**
 * The SOAP partner API's merge() call (SOAP API Developer Guide, "merge()", "MergeRequest", "MergeResult").
 *
 * What the docs say: each MergeRequest names `masterRecord` (an sObject: type, Id, fieldsToNull and field values to
 * write on the master, like an update) and `recordToMergeIds` (the records merged into it); at most three records
 * per request, the master included, and up to 200 requests per call, each its own transaction. Only Lead, Contact
 * and Account merge; the merged records are deleted (Recycle Bin, queryAll shows them with MasterRecordId set) and
 * their related records re-parented to the master. MergeResult: errors, id (the master), mergedRecordIds, success,
 * updatedRelatedIds.
 *
 * Simplified here: re-parenting moves every child whose lookup (any field referencing the object, MasterRecordId
 * excepted) names a merged record — Account: contacts, opportunities, cases, child accounts, tasks (WhatId);
 * Contact and Lead: cases and tasks (WhoId)… — and lists each moved child in updatedRelatedIds. Field values are
 * written as the API user (field-level security applies). The status codes of the refusals are the emulator's
 * choice where no recording was found: a type merge does not take (INVALID_TYPE_FOR_OPERATION), a malformed,
 * unknown or wrong-type id, or the master among the ids (INVALID_ID_FIELD), more than two ids (LIMIT_EXCEEDED), a
 * deleted record (ENTITY_IS_DELETED).
 */
import { SfError } from '../errors.js';
import type { Res } from '../http.js';
import { keyPrefixOf, to18 } from '../org/ids.js';
import type { Rec } from '../org/values.js';
import type { SalesforceState } from '../state.js';

const XML_TYPE = 'text/xml;charset=UTF-8';
const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const MERGEABLE = new Set(['Account', 'Contact', 'Lead']);

const esc = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface MergeOutcome {
    id: string | null;
    mergedRecordIds: string[];
    updatedRelatedIds: string[];
    success: boolean;
    errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

function text(v: unknown): string | undefined {
    if (v === undefined || v === null || typeof v === 'object') return undefined;
    const t = String(v).trim();
    return t === '' ? undefined : t;
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const fail = (code: string, message: string, fields: string[] = []): SfError => new SfError(400, code, message, fields);

/** Answers a `merge` operation element (already parsed, namespace prefixes dropped). */
export function mergeCall(s: SalesforceState, call: unknown): Res {
    const requests = list(call && typeof call === 'object' ? (call as Record<string, unknown>)['request'] : undefined);
    if (requests.length === 0) return soapResponse(s, []);
    if (requests.length > 200) throw fail('LIMIT_EXCEEDED', 'cannot submit more than 200 merge requests in one call');
    return soapResponse(s, requests.map((r) => mergeOne(s, (r && typeof r === 'object' ? r : {}) as Record<string, unknown>)));
}

function mergeOne(s: SalesforceState, req: Record<string, unknown>): MergeOutcome {
    const org = s.org;
    const out: MergeOutcome = { id: null, mergedRecordIds: [], updatedRelatedIds: [], success: false, errors: [] };
    try {
        org.atomically(() => {
            const master = (req['masterRecord'] ?? {}) as Record<string, unknown>;
            const type = text(master['type']) ?? '';
            const def = org.schema.get(type);
            if (!def || !MERGEABLE.has(def.name)) throw fail('INVALID_TYPE_FOR_OPERATION', `entity type cannot be merged: ${type || '(none)'}`);
            const table = org.tables.get(def.name);
            if (!table) throw fail('INVALID_TYPE_FOR_OPERATION', `entity type cannot be merged: ${type}`);
            const live = (raw: string | undefined, field: string): Rec => {
                const id = raw ? to18(raw) : null;
                if (!id || keyPrefixOf(id) !== def.keyPrefix) throw fail('INVALID_ID_FIELD', `invalid record id for ${def.name}: ${raw ?? ''} (a merge takes records of one type)`, [field]);
                const rec = table.records.get(id);
                if (!rec) throw fail('INVALID_ID_FIELD', `invalid record id: ${raw ?? ''}`, [field]);
                if (rec['IsDeleted'] === true) throw fail('ENTITY_IS_DELETED', 'entity is deleted', [field]);
                return rec;
            };
            const masterRec = live(text(master['Id']), 'masterRecord');
            const masterId = masterRec['Id'] as string;
            out.id = masterId;
            const raws = list(req['recordToMergeIds']).map((v) => text(v));
            if (raws.length === 0) throw fail('REQUIRED_FIELD_MISSING', 'Required field is missing: recordToMergeIds', ['recordToMergeIds']);
            if (raws.length > 2) throw fail('LIMIT_EXCEEDED', 'A merge request can merge at most 3 records, the master included', ['recordToMergeIds']);
            const losers = raws.map((raw) => live(raw, 'recordToMergeIds')['Id'] as string);
            if (losers.includes(masterId)) throw fail('INVALID_ID_FIELD', 'cannot merge a record with itself', ['recordToMergeIds']);
            if (new Set(losers).size !== losers.length) throw fail('INVALID_ID_FIELD', 'duplicate id in recordToMergeIds', ['recordToMergeIds']);

            // the master's new values (strings in XML; typed by the field's describe type)
            const values: Record<string, unknown> = {};
            for (const name of list(master['fieldsToNull']).map((v) => text(v)).filter((v): v is string => v !== undefined)) values[name] = null;
            for (const [key, raw] of Object.entries(master)) {
                if (['type', 'Id', 'fieldsToNull'].includes(key)) continue;
                const fd = def.byName.get(key.toLowerCase());
                const value = text(raw);
                if (!fd) throw fail('INVALID_FIELD', `No such column '${key}' on entity '${def.name}'`, [key]);
                values[fd.name] = value === undefined ? null : ['boolean'].includes(fd.type) ? value === 'true' : ['int', 'double', 'currency', 'percent'].includes(fd.type) ? Number(value) : value;
            }
            if (Object.keys(values).length > 0) org.update(def.name, masterId, values);

            // re-parent the merged records' children to the master, then delete the merged records
            const moved: string[] = [];
            for (const rel of org.schema.childRelationships(def.name)) {
                if (rel.field === 'MasterRecordId' || ['CreatedById', 'LastModifiedById', 'OwnerId'].includes(rel.field)) continue;
                const childTable = org.tables.get(rel.childSObject);
                for (const child of childTable?.records.values() ?? []) {
                    const pointer = child[rel.field];
                    if (typeof pointer !== 'string' || !losers.includes(pointer) || child['Id'] === masterId) continue;
                    org.updateRaw(child['Id'] as string, { [rel.field]: masterId, LastModifiedDate: org.now(), LastModifiedById: org.apiUserId });
                    if (!moved.includes(child['Id'] as string)) moved.push(child['Id'] as string);
                }
            }
            for (const loser of losers) {
                org.updateRaw(loser, { MasterRecordId: masterId });
                org.delete(def.name, loser);
            }
            out.mergedRecordIds = losers;
            out.updatedRelatedIds = moved;
            out.success = true;
        });
    } catch (err) {
        if (!(err instanceof SfError)) throw err;
        out.mergedRecordIds = [];
        out.updatedRelatedIds = [];
        out.success = false;
        out.errors = [{ statusCode: err.errorCode, message: err.message, fields: err.fields ?? [] }];
    }
    return out;
}

function resultXml(r: MergeOutcome): string {
    const errors = r.errors.map((e) => `<errors>${e.fields.map((f) => `<fields>${esc(f)}</fields>`).join('')}<message>${esc(e.message)}</message><statusCode>${esc(e.statusCode)}</statusCode></errors>`).join('');
    const id = r.id === null ? '<id xsi:nil="true"/>' : `<id>${esc(r.id)}</id>`;
    return `<result>${errors}${id}${r.mergedRecordIds.map((m) => `<mergedRecordIds>${esc(m)}</mergedRecordIds>`).join('')}<success>${r.success}</success>${r.updatedRelatedIds.map((u) => `<updatedRelatedIds>${esc(u)}</updatedRelatedIds>`).join('')}</result>`;
}

function soapResponse(s: SalesforceState, results: MergeOutcome[]): Res {
    return {
        status: 200,
        headers: { 'Content-Type': XML_TYPE },
        body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${ENV}" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header><LimitInfoHeader><limitInfo><current>${s.apiUsage}</current><limit>${s.apiBudget}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header><soapenv:Body><mergeResponse>${results.map(resultXml).join('')}</mergeResponse></soapenv:Body></soapenv:Envelope>`
    };
}
