import { createSync } from 'nango';
import * as z from 'zod';

import { FieldCatalog, type ObjectInfo } from '../lib/metadata/fields.js';
import { EMPTY_CHECKPOINT, loadCheckpoint, runSettings, syncRecords, type RecordSyncCheckpoint } from '../lib/sync/engine.js';
import { SyncMetadataSchema, readSyncMetadata } from '../lib/sync/metadata.js';
import { errorCodeOf, toSyncError, type SyncRuntime } from '../lib/sync/runtime.js';
import { FIELD_HISTORY_FIELDS, FieldHistorySchema, historyParent, toFieldHistory, type FieldHistory, type HistoryContext } from '../models/field-history.js';

const MODEL = 'SalesforceFieldHistory';

/** The history objects synced when metadata.fieldHistoryObjects names none (those the org lacks are skipped). */
const DEFAULT_HISTORY_OBJECTS = ['AccountHistory', 'OpportunityFieldHistory', 'CaseHistory', 'ContactHistory', 'LeadHistory'] as const;

/**
 * Nango keeps checkpoints flat: one string holds the engine's checkpoint of every history object, as JSON keyed by the
 * object's name, e.g. {"AccountHistory": {"cursor_ts": "…", …}}. An object's entry is parsed back through the
 * engine's own loader, so a key it no longer has is dropped.
 */
const CheckpointSchema = z.object({ objects: z.string() });

function parseStates(raw: unknown): Record<string, unknown> {
    const text = (raw as { objects?: unknown } | null)?.objects;
    if (typeof text !== 'string' || text === '') return {};
    try {
        const parsed: unknown = JSON.parse(text);
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
        return {};
    }
}

/**
 * The runtime one history object's pass sees: its own entry of the checkpoint, saved with the others on every page,
 * and, for the id comparisons of reconciliation and re-reads, only the records Nango holds of that object (the model
 * is shared: comparing AccountHistory's ids with every history row would remove the other objects' rows).
 */
function scopedRuntime(nango: SyncRuntime, historyObject: string, states: Record<string, unknown>): SyncRuntime {
    const overrides: Partial<SyncRuntime> = {
        getCheckpoint: async () => states[historyObject] ?? null,
        saveCheckpoint: async (checkpoint: RecordSyncCheckpoint) => {
            states[historyObject] = checkpoint;
            await nango.saveCheckpoint({ objects: JSON.stringify(states) });
        },
        ...(nango.listRecords
            ? {
                  listRecords: async function* (model: string) {
                      for await (const record of (nango.listRecords as NonNullable<SyncRuntime['listRecords']>)(model)) {
                          if ((record as Partial<FieldHistory>).history_object === historyObject) yield record;
                      }
                  }
              }
            : {})
    };
    return new Proxy(nango, {
        get(target, property, receiver) {
            if (typeof property === 'string' && property in overrides) return overrides[property as keyof SyncRuntime];
            const value: unknown = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
    });
}

/** The object's describe, or null when the org has no such object (404 / NOT_FOUND / INVALID_TYPE). */
async function describeIfPresent(catalog: FieldCatalog, sObject: string): Promise<ObjectInfo | null> {
    try {
        return await catalog.object(sObject);
    } catch (error) {
        const code = errorCodeOf(error);
        const status = (error as { payload?: { status?: unknown } } | null)?.payload?.status;
        if (code === 'NOT_FOUND' || code === 'INVALID_TYPE' || status === 404) return null;
        throw error;
    }
}

const sync = createSync({
    description:
        'Keeps a copy of the field history rows of the objects named in metadata.fieldHistoryObjects (default AccountHistory, OpportunityFieldHistory, CaseHistory, ContactHistory, LeadHistory; custom objects\' too, e.g. Invoice__History) in one model: history object, parent object and id, field (or event such as "created"), data type, old and new values typed (number, boolean, date, datetime, id or string, from the row\'s DataType, else the parent field\'s describe type), who made the change and when, e.g. {"history_object": "OpportunityFieldHistory", "field": "StageName", "old_value": "Prospecting", "new_value": "Closed Won"}. History rows never change and have no SystemModstamp: each object is read incrementally on CreatedDate with a keyset cursor of its own. Rows are only ever removed when Salesforce deletes them with their parent record (deleting an account deletes its history): those are removed through queryAll and the periodic reconciliation (getDeleted). Objects the org lacks are skipped with a warning; only fields with history tracking turned on in Setup have rows. Not started automatically: history tables grow with every tracked change; enable it per connection.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: CheckpointSchema,
    models: { [MODEL]: FieldHistorySchema },
    exec: async (nango) => {
        try {
            const metadata = await readSyncMetadata(nango);
            const named = metadata.fieldHistoryObjects;
            const objects = named ?? [...DEFAULT_HISTORY_OBJECTS];
            // one set of run settings for every object: one quota guard that sees every page
            const settings = runSettings(metadata);
            const states = parseStates(await nango.getCheckpoint());
            const catalog = new FieldCatalog(nango);
            const skipped: string[] = [];
            for (const historyObject of objects) {
                const parentInfo = historyParent(historyObject);
                const history = parentInfo ? await describeIfPresent(catalog, historyObject) : null;
                if (!parentInfo || !history) {
                    skipped.push(historyObject);
                    continue;
                }
                // the parent id field as the org spells it: the lookup to the parent (custom objects' history: ParentId)
                const parentField =
                    history.fields.get(parentInfo.parentField.toLowerCase())?.name ??
                    [...history.fields.values()].find((f) => f.type === 'reference' && f.referenceTo.some((r) => r.toLowerCase() === parentInfo.parent.toLowerCase()))?.name ??
                    parentInfo.parentField;
                const parentDescribe = await describeIfPresent(catalog, parentInfo.parent);
                const context: HistoryContext = {
                    historyObject: history.name,
                    parent: parentDescribe?.name ?? parentInfo.parent,
                    parentField,
                    parentTypes: new Map([...(parentDescribe?.fields.values() ?? [])].map((f) => [f.name.toLowerCase(), f.type]))
                };
                const scoped = scopedRuntime(nango, history.name, states);
                const checkpoint = await loadCheckpoint(scoped, EMPTY_CHECKPOINT);
                const outcome = await syncRecords(
                    scoped,
                    {
                        model: MODEL,
                        sObject: history.name,
                        fields: [parentField, ...FIELD_HISTORY_FIELDS],
                        map: (record) => toFieldHistory(record, context),
                        shape: 'record',
                        deletes: 'queryAll',
                        extraFields: [],
                        ...settings,
                        // the history object and its parent are described above: one describe each per run
                        catalog
                    },
                    checkpoint
                );
                if (outcome.stopped) return;
            }
            if (skipped.length > 0) {
                await nango.log(
                    `${MODEL}: skipped ${skipped.join(', ')}: ${named ? 'not a field history object of this org' : 'not in this org (field history tracking off for the object, or the object absent)'}.`,
                    { level: 'warn' }
                );
            }
        } catch (error) {
            throw toSyncError(error);
        }
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
