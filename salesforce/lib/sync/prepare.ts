/**
 * What one describe decides for a sync run (the SELECT, cursor, deletes, value types, settings signature, Bulk
 * blockers) and the run's upper bound from Salesforce's clock and its replication API.
 */
import { createHash } from 'crypto';

import { FieldCatalog, selectOf, type FieldPlan } from '../metadata/fields.js';
import { fieldTyperOf, shaperOf } from '../metadata/values.js';
import type { SalesforceRecord } from '../http/pager.js';
import { buildSubquery, type Subquery } from '../soql/builder.js';
import { BULK_UNSUPPORTED_OBJECTS, BULK_UNSUPPORTED_TYPES } from './bulk.js';
import type { RecordSyncSpec } from './engine.js';
import { cursorFieldOf, iso, type CursorField } from './keyset.js';
import { latestDateCovered } from './replication.js';
import { errorCodeOf, type SyncRuntime } from './runtime.js';

/**
 * Version of the saved record format: part of every settings signature, so raising it makes every sync re-read its
 * records once (2: values typed from describe, one datetime form, empty lookups null, hidden fields left out).
 */
export const RECORD_FORMAT_VERSION = 2;

/** What one describe of the object decides for a run. */
export interface PreparedSync {
    cursorField: CursorField;
    /** Deletes read through queryAll in the main pass (the object has IsDeleted and the sync wants them). */
    readsDeletes: boolean;
    deletes: RecordSyncSpec<unknown>['deletes'];
    /**
     * The object archives rows (Task, Event: IsArchived). Archived rows are live records: every read of the object
     * goes through queryAll with IsDeleted = false, so no path sees them come and go.
     */
    archives: boolean;
    /** The readable fields: Id, the cursor field, the model's fields and the extra fields. */
    plan: FieldPlan;
    /** SELECT items of the plan. */
    select: string[];
    /** Child subqueries over the readable child fields. */
    subqueries: Subquery[];
    /** Fields the user cannot read, by object (the main object and each child object). */
    hidden: Array<{ sObject: string; fields: string[] }>;
    /** Signature of the SELECT, WHERE and record format. */
    signature: string;
    /** Why Bulk API 2.0 cannot run this query (subqueries, compound or base64 fields, the object), or null. */
    bulkBlocker: string | null;
    /** The object supports the replication API (getUpdated / getDeleted). */
    replicateable: boolean;
    /** The first three characters of the object's record ids, from describe (null when describe gives none). */
    keyPrefix: string | null;
    /** Salesforce's clock when the describe was answered (ms), or undefined when it sent no Date header. */
    serverTime: number | undefined;
    /** A record (REST or Bulk) as `map` takes it (see RecordSyncSpec.shape), as a new record. */
    shape: (record: SalesforceRecord) => SalesforceRecord;
    /** The same for a record the caller owns and no longer needs raw (a page just read): in place, faster (see shaperOf). */
    shapeOwned: (record: SalesforceRecord) => SalesforceRecord;
}

/** Describes the object (and child objects) once and decides the run's SELECT, cursor, deletes and value types. */
export async function prepareSync(nango: SyncRuntime, spec: RecordSyncSpec<unknown>): Promise<PreparedSync> {
    const catalog = spec.catalog ?? new FieldCatalog(nango);
    const object = await catalog.object(spec.sObject);
    const cursorField = cursorFieldOf(object);
    const hasIsDeleted = object.fields.has('isdeleted');
    const deletes = spec.deletes === 'queryAll' && !hasIsDeleted ? 'reconciliation' : spec.deletes;
    const idField = spec.idField ?? 'Id';
    const plan = await catalog.plan(spec.sObject, ['Id', ...(idField === 'Id' ? [] : [idField]), cursorField, ...spec.fields, ...spec.extraFields]);
    const hidden = plan.hidden.length > 0 ? [{ sObject: spec.sObject, fields: plan.hidden }] : [];
    const subqueries: Subquery[] = [];
    for (const child of spec.subqueries ?? []) {
        const childPlan = await catalog.plan(child.sObject, child.select);
        if (childPlan.hidden.length > 0) hidden.push({ sObject: child.sObject, fields: childPlan.hidden });
        subqueries.push(buildSubquery({ select: selectOf(childPlan), relationship: child.relationship, orderBy: child.orderBy ?? [] }));
    }
    const select = selectOf(plan);
    const signature = createHash('sha256')
        .update(
            JSON.stringify({
                format: RECORD_FORMAT_VERSION,
                model: spec.model,
                sObject: spec.sObject.toLowerCase(),
                select: select.map((f) => f.toLowerCase()).sort(),
                extraFields: spec.extraFields,
                subqueries,
                where: spec.where ?? '',
                with: spec.with ?? '',
                deletes
            })
        )
        .digest('hex')
        .slice(0, 32);
    const unsupported = plan.fields.find((f) => BULK_UNSUPPORTED_TYPES.has(f.type));
    const bulkBlocker =
        subqueries.length > 0
            ? 'child subqueries'
            : unsupported
              ? `${unsupported.select} is a ${unsupported.type} field`
              : BULK_UNSUPPORTED_OBJECTS.has(spec.sObject.toLowerCase())
                ? `Bulk API 2.0 does not query ${spec.sObject}`
                : null;
    const keep = (spec.subqueries ?? []).map((c) => c.relationship);
    // a model mapper converts the model's fields itself: only the extra fields are typed here (the describes are held)
    const typed = spec.shape === 'record' ? null : (await catalog.plan(spec.sObject, spec.extraFields)).fields;
    const shape = typed ? fieldTyperOf(typed, false) : shaperOf(plan.fields, keep);
    const shapeOwned = typed ? fieldTyperOf(typed, true) : shaperOf(plan.fields, keep, true);
    return {
        cursorField,
        readsDeletes: deletes === 'queryAll',
        deletes,
        archives: object.fields.has('isarchived') && hasIsDeleted,
        plan,
        select,
        subqueries,
        hidden,
        signature,
        bulkBlocker,
        replicateable: object.replicateable,
        keyPrefix: object.keyPrefix,
        serverTime: catalog.serverTime,
        shape: (record) => shape(record) as SalesforceRecord,
        shapeOwned: (record) => shapeOwned(record) as SalesforceRecord
    };
}

/**
 * The run's upper bound: Salesforce's clock (the describe's Date header) or the runner's, whichever is earlier, less
 * `lagSeconds`, and never past getUpdated's `latestDateCovered` where the object supports the replication API: a
 * long transaction (an Apex batch, a Bulk load) stamps its rows when it writes them but commits them later, and
 * Salesforce holds latestDateCovered before its start, so the rows it commits late are still ahead of the cursor.
 */
export async function runUpper(nango: SyncRuntime, spec: RecordSyncSpec<unknown>, prepared: PreparedSync): Promise<string> {
    // the earlier of the two clocks: a runner whose clock runs ahead of Salesforce must not read past its "now"
    const serverNow = Math.min(prepared.serverTime ?? Date.now(), Date.now());
    const lagged = serverNow - (spec.lagSeconds ?? 60) * 1000;
    if (!prepared.replicateable) return iso(lagged);
    try {
        const covered = await latestDateCovered(nango, spec.sObject, serverNow);
        const coveredMs = new Date(covered).getTime();
        // getUpdated rounds its end down to the minute: a latestDateCovered at that end means nothing is pending
        const end = Math.floor(serverNow / 60_000) * 60_000;
        return iso(coveredMs >= end ? lagged : Math.min(lagged, coveredMs));
    } catch (error) {
        if (errorCodeOf(error) === 'REQUEST_LIMIT_EXCEEDED') throw error;
        await nango.log(`${spec.model}: Salesforce did not say how far ${spec.sObject} changes are committed (${errorCodeOf(error) ?? 'error'}); reading up to ${spec.lagSeconds ?? 60} seconds before its time instead.`, {
            level: 'warn'
        });
        return iso(lagged);
    }
}
