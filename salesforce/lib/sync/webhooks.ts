/**
 * Real-time change notifications (issue 13): the one `onWebhook` handler every record sync uses.
 *
 * The org's change notifier (Apex triggers, or the emulator playing them) POSTs, after each committed write on the
 * objects it watches, an envelope to the integration's Nango webhook URL: the object, the change kind, up to 200 record
 * ids with their SystemModstamp, and a shared secret (Nango checks no signature and passes no headers to onWebhook,
 * so the secret travels in the body). The handler treats the body as a hint, never as data:
 *
 * 1. it checks the envelope's shape, then its secret against metadata.changeNotifier.secret (constant time; an empty
 *    stored secret means "not installed" and refuses everything); any refusal logs one line and touches nothing;
 * 2. it re-reads the named records with the sync's own plan: one describe (`prepareSync`: the same readable fields,
 *    cursor field and value types as a scheduled run) and one query of those ids under the sync's WHERE, through
 *    queryAll where the object has IsDeleted, so deleted rows come back marked;
 * 3. it saves the live ones mapped as a scheduled run maps them, and deletes the ids Salesforce shows deleted, no
 *    longer has (purged) or that no longer match the sync's WHERE;
 * 4. before it writes, it asks Nango for the records it holds (`getRecordsByIds`) and leaves alone every record Nango
 *    holds in a newer version than the one just read: a notification that arrives late, or a webhook run that loses a
 *    race with another run, never puts an older record back.
 *
 * It never reads or writes the sync's checkpoint: the scheduled runs go on from where they were, and stay the safety
 * net for what a notification cannot tell (cascade deletes fire no trigger; a Queueable can fail).
 */
import { createHash, timingSafeEqual } from 'crypto';
import * as z from 'zod';

import { KEY_PREFIXES, isRecordId, toId18 } from '../input/ids.js';
import { isApiName } from '../input/names.js';
import { queryPages, type SalesforceRecord } from '../http/pager.js';
import { and, buildSoql, idIn, normalizeDateTime } from '../soql/builder.js';
import { completeChildPages } from './children.js';
import { withFieldHint, type RecordSyncSpec, type SimpleSyncDefinition } from './engine.js';
import { prepareSync, type PreparedSync } from './prepare.js';
import { toSyncError, type SyncRuntime } from './runtime.js';
import { extraFieldsFor, readSyncMetadata, type SyncMetadata } from './metadata.js';

/** Most records one notification names: an Apex trigger runs on chunks of 200 records, one POST per chunk. */
export const MAX_NOTIFIED_RECORDS = 200;

export const CHANGE_KINDS = ['created', 'updated', 'deleted', 'undeleted'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const isoDateTime = z
    .string()
    .max(40)
    .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)), 'must be an ISO 8601 date-time, e.g. 2026-12-01T10:00:00.000Z');

/** The envelope the change notifier POSTs (the shared contract of issue 13). */
export const ChangeNotificationSchema = z
    .object({
        nango: z.object({
            connectionId: z.string().min(1).max(255),
            eventType: z.string().max(130)
        }),
        secret: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters'),
        orgId: z.string().refine((v) => v.length === 18 && v.startsWith('00D') && isRecordId(v), 'must be an 18-character org id (00D…)'),
        sObject: z.string().refine((v) => isApiName(v), 'must be an object API name, e.g. Contact or Invoice__c'),
        change: z.enum(CHANGE_KINDS),
        records: z
            .array(
                z.object({
                    id: z.string().refine((v) => v.length === 18 && isRecordId(v), 'must be an 18-character record id'),
                    systemModstamp: isoDateTime,
                    changedFields: z.array(z.string().max(255)).max(1_000)
                })
            )
            .min(1)
            .max(MAX_NOTIFIED_RECORDS),
        sentAt: isoDateTime
    })
    .refine((body) => body.nango.eventType === `${body.sObject.toLowerCase()}.${body.change}`, {
        message: 'must be the lower-cased object name, a dot and the change kind, e.g. contact.updated',
        path: ['nango', 'eventType']
    });
export type ChangeNotification = z.infer<typeof ChangeNotificationSchema>;

/** The subscriptions of a sync of one object: each change kind of it, e.g. account.created … account.undeleted. */
export function webhookSubscriptionsFor(sObject: string): string[] {
    return CHANGE_KINDS.map((change) => `${sObject.toLowerCase()}.${change}`);
}

/** A definition that depends on the connection metadata (records-by-soql: the object and WHERE of soqlQuery). */
export interface MetadataSyncDefinition<M> {
    model: string;
    /** Builds the definition from the metadata; throws (like exec) when the metadata cannot make one. */
    fromMetadata: (metadata: SyncMetadata) => SimpleSyncDefinition<M>;
    /** The metadata setting an INVALID_FIELD error points at, e.g. soqlQuery. */
    setting?: string;
}

export type RecordSyncDefinition<M> = SimpleSyncDefinition<M> | MetadataSyncDefinition<M>;

/** What the handler needs of Nango's sync runtime on top of what a run needs. */
export interface WebhookRuntime extends SyncRuntime {
    /** The records Nango holds, by id (Nango ≥ 0.60; the CLI reads them from the Nango host). */
    getRecordsByIds?(ids: string[], model: string): Promise<Map<string, any>> | Map<string, any>;
    setMergingStrategy?(merging: { strategy: 'ignore_if_modified_after' | 'override' }, model: string): Promise<void>;
}

export interface WebhookOutcome {
    /** refused: the body failed a check; ignored: a valid notification of an object this sync does not read. */
    status: 'refused' | 'ignored' | 'applied';
    /** Why, for refused and ignored. */
    reason?: string;
    saved: number;
    deleted: number;
    /** Records Nango holds in a newer version than Salesforce gave (a late notification, or a lost race). */
    skipped: number;
}

function isMetadataDefinition<M>(definition: RecordSyncDefinition<M>): definition is MetadataSyncDefinition<M> {
    return typeof (definition as Partial<MetadataSyncDefinition<M>>).fromMetadata === 'function';
}

/**
 * Compares two secrets in constant time: both are hashed first, so neither their content nor their length shows in the
 * time the comparison takes.
 */
export function secretsMatch(given: string, stored: string): boolean {
    const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
    return timingSafeEqual(digest(given), digest(stored));
}

/** Paths and messages of the failed checks; never the values (the body holds the secret). */
function describeIssues(error: z.ZodError): string {
    const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'body'}: ${issue.message}`);
    const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
    return shown.join('; ') + more;
}

/** The timestamp a row carries in the cursor field, as `YYYY-MM-DDThh:mm:ss.sssZ`, or null. */
function stampOf(row: SalesforceRecord, prepared: PreparedSync): number | null {
    const value = row[prepared.cursorField];
    if (typeof value !== 'string' || value === '') return null;
    const ms = Date.parse(normalizeDateTime(value));
    return Number.isFinite(ms) ? ms : null;
}

/** The system_modstamp of a record Nango holds, or null. */
function storedStamp(record: unknown): number | null {
    const value = (record as { system_modstamp?: unknown } | null | undefined)?.system_modstamp;
    if (typeof value !== 'string' || value === '') return null;
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
}

/**
 * Handles one change notification for a record sync: checks it, then re-reads the records it names and saves or
 * deletes them as the sync's scheduled runs would (see the module comment). Refusals are logged, not thrown; a failed
 * Salesforce call or invalid metadata throws, as in exec.
 */
export async function handleRecordWebhook<M extends { id: string }>(nango: WebhookRuntime, definition: RecordSyncDefinition<M>, payload: unknown): Promise<WebhookOutcome> {
    const model = definition.model;
    const nothing = { saved: 0, deleted: 0, skipped: 0 };
    const refuse = async (reason: string): Promise<WebhookOutcome> => {
        await nango.log(`${model}: change notification refused, nothing changed: ${reason}.`, { level: 'warn' });
        return { status: 'refused', reason, ...nothing };
    };
    const parsed = ChangeNotificationSchema.safeParse(payload);
    if (!parsed.success) {
        return refuse(`the body is not a change notification (${describeIssues(parsed.error)})`);
    }
    const body = parsed.data;
    const event = body.nango.eventType;
    let setting: string | undefined;
    try {
        const metadata = await readSyncMetadata(nango);
        const stored = metadata.changeNotifier?.secret ?? '';
        if (stored === '') {
            return await refuse(`${event}: the change notifier is not installed on this connection (metadata.changeNotifier has no secret)`);
        }
        if (!secretsMatch(body.secret, stored)) {
            return await refuse(`${event}: its secret does not match metadata.changeNotifier.secret`);
        }
        let simple: SimpleSyncDefinition<M>;
        if (isMetadataDefinition(definition)) {
            setting = definition.setting;
            simple = definition.fromMetadata(metadata);
            if (simple.sObject.toLowerCase() !== body.sObject.toLowerCase()) {
                // a sync subscribed to every event ('*') hears about every watched object: not a fault of the body
                const reason = `${event} is about ${body.sObject}, and this sync reads ${simple.sObject}`;
                await nango.log(`${model}: change notification ignored: ${reason}.`);
                return { status: 'ignored', reason, ...nothing };
            }
        } else {
            simple = definition;
            if (simple.sObject.toLowerCase() !== body.sObject.toLowerCase()) {
                return await refuse(`${event} is about ${body.sObject}, and this sync reads ${simple.sObject}`);
            }
        }
        const spec: RecordSyncSpec<M> = { ...simple, extraFields: simple.extraFields ?? extraFieldsFor(metadata, simple.sObject) };
        const prepared = await prepareSync(nango, spec);
        const prefix = prepared.keyPrefix ?? KEY_PREFIXES[simple.sObject] ?? null;
        const foreign = prefix === null ? [] : body.records.filter((r) => r.id.slice(0, 3) !== prefix);
        if (foreign.length > 0) {
            return await refuse(`${event}: ${foreign.length} of its ids are not ${simple.sObject} ids (${simple.sObject} ids start with ${prefix}), e.g. ${foreign[0]?.id ?? ''}`);
        }
        return await applyNotification(nango, spec, prepared, body);
    } catch (error) {
        throw toSyncError(setting ? withFieldHint(error, setting) : error);
    }
}

/** Re-reads the notified records and saves, deletes or skips each (the body passed every check). */
async function applyNotification<M extends { id: string }>(nango: WebhookRuntime, spec: RecordSyncSpec<M>, prepared: PreparedSync, body: ChangeNotification): Promise<WebhookOutcome> {
    const ids = [...new Set(body.records.map((r) => toId18(r.id)))];
    // queryAll wherever the object has IsDeleted: a deleted row comes back marked instead of missing (and archived
    // activities, which a plain query leaves out, come back as the live records they are)
    const marksDeleted = prepared.readsDeletes || prepared.archives;
    const soql = buildSoql({
        select: [...prepared.select, ...(marksDeleted ? ['IsDeleted'] : [])],
        subqueries: prepared.subqueries,
        from: spec.sObject,
        where: and(idIn('Id', ids), spec.where),
        with: spec.with
    });
    const rows: SalesforceRecord[] = [];
    const relationships = (spec.subqueries ?? []).map((s) => s.relationship);
    for await (const page of queryPages(nango, soql, { all: marksDeleted, context: `re-read the ${spec.sObject} records of a change notification` })) {
        const live = page.records.filter((r) => r['IsDeleted'] !== true);
        // cut child subqueries are completed before the next page, which would invalidate their locators
        if (spec.complete) await spec.complete(live);
        else if (relationships.length > 0) await completeChildPages(nango, live, relationships);
        rows.push(...page.records);
    }
    const returned = new Set(rows.map((r) => String(r['Id'])));
    const stored = nango.getRecordsByIds ? await nango.getRecordsByIds(ids, spec.model) : null;
    /** Nango holds this record in a newer version than Salesforce's row: leave it. */
    const newerHeld = (id: string, rowStamp: number | null): boolean => {
        if (!stored || rowStamp === null) return false;
        const held = storedStamp(stored.get(id));
        return held !== null && held > rowStamp;
    };
    let skipped = 0;
    const toSave: M[] = [];
    const toDelete: Array<{ id: string }> = [];
    for (const row of rows) {
        const id = String(row['Id']);
        if (newerHeld(id, stampOf(row, prepared))) {
            skipped++;
            continue;
        }
        if (row['IsDeleted'] === true) {
            if (prepared.deletes !== 'none') toDelete.push({ id });
            continue;
        }
        toSave.push(spec.map(prepared.shape(row), spec.extraFields));
    }
    // not returned: purged from the Recycle Bin, hard-deleted, or no longer matching the sync's WHERE
    if (prepared.deletes !== 'none') {
        for (const id of ids) if (!returned.has(id)) toDelete.push({ id });
    }
    if (toSave.length > 0) {
        if (!stored && nango.setMergingStrategy) {
            // no way to read what Nango holds: let Nango drop a save of a record changed after this run started
            await nango.setMergingStrategy({ strategy: 'ignore_if_modified_after' }, spec.model);
        }
        await nango.batchSave(toSave, spec.model);
    }
    if (toDelete.length > 0) await nango.batchDelete(toDelete, spec.model);
    await nango.log(
        `${spec.model}: change notification ${body.nango.eventType} of ${ids.length} record${ids.length === 1 ? '' : 's'}: saved ${toSave.length}, deleted ${toDelete.length}` +
            (skipped > 0 ? `, left ${skipped} that Nango holds in a newer version` : '') +
            '.'
    );
    return { status: 'applied', saved: toSave.length, deleted: toDelete.length, skipped };
}
