import { createSync } from 'nango';

import { parseSyncableSoql } from '../lib/soql/parse.js';
import { ownerCondition } from '../lib/soql/builder.js';
import { EMPTY_CHECKPOINT, RecordSyncCheckpointSchema, loadCheckpoint, runSettings, syncRecords, withFieldHint } from '../lib/sync/engine.js';
import { toSyncError } from '../lib/sync/runtime.js';
import { SyncMetadataSchema, readSyncMetadata } from '../lib/sync/metadata.js';
import { handleRecordWebhook, type MetadataSyncDefinition } from '../lib/sync/webhooks.js';
import { SoqlRecordSchema, toSoqlRecord, type SoqlRecord } from '../models/soql-record.js';

/** What every run and every change notification reads: the object, fields and WHERE of metadata.soqlQuery. */
const definition: MetadataSyncDefinition<SoqlRecord> = {
    model: 'SalesforceSoqlRecord',
    setting: 'soqlQuery',
    fromMetadata: (metadata) => {
        if (!metadata.soqlQuery) {
            throw new Error('records-by-soql needs metadata.soqlQuery, e.g. "SELECT Id, Name FROM Invoice__c WHERE Status__c = \'Open\'".');
        }
        const parts = parseSyncableSoql(metadata.soqlQuery);
        return {
            model: 'SalesforceSoqlRecord',
            sObject: parts.from,
            fields: parts.select,
            where: ownerCondition(parts.where),
            with: parts.with || undefined,
            map: (record) => toSoqlRecord(record, parts.from),
            shape: 'record',
            deletes: metadata.soqlTrackDeletes === false ? 'reconciliation' : 'queryAll',
            // the query names every field: no extra fields from metadata
            extraFields: []
        };
    }
};

const sync = createSync({
    description:
        'Keeps a copy of the rows of any SOQL query set in metadata.soqlQuery (one object; no aggregates, ORDER BY, LIMIT or OFFSET), e.g. "SELECT Id, Username, IsActive FROM User". Fields come as Salesforce names them, typed from describe; fields the connected user cannot read are left out with a warning. The sync adds Id and a cursor field (SystemModstamp, else LastModifiedDate, else CreatedDate, as the object has them), merges its keyset cursor into your WHERE (parenthesised), pages by that field and Id, and removes deleted rows (queryAll, on objects that have IsDeleted; otherwise by the weekly reconciliation). Changing the query re-reads every row and removes the rows of the old query. Real-time with the change notifier installed on the query\'s object: handles its webhooks (subscribed to every event, keeping those of that object, e.g. invoice__c.updated), re-reading the rows each one names under your WHERE (one query of up to 200) and saving them, or removing those deleted or no longer matching, seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceSoqlRecord: SoqlRecordSchema },
    // every event: the handler keeps those of the object of soqlQuery, which only the metadata names
    webhookSubscriptions: ['*'],
    exec: async (nango) => {
        try {
            const metadata = await readSyncMetadata(nango);
            const simple = definition.fromMetadata(metadata);
            const checkpoint = await loadCheckpoint(nango, EMPTY_CHECKPOINT);
            await syncRecords(nango, { ...simple, extraFields: [], ...runSettings(metadata) }, checkpoint);
        } catch (error) {
            throw toSyncError(withFieldHint(error, 'soqlQuery'));
        }
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
