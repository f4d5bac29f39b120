import { createSync } from 'nango';

import { parseSyncableSoql } from '../lib/soql/parse.js';
import { ownerCondition } from '../lib/soql/builder.js';
import { EMPTY_CHECKPOINT, RecordSyncCheckpointSchema, loadCheckpoint, runSettings, syncRecords, toSyncError, withFieldHint } from '../lib/sync/engine.js';
import { SyncMetadataSchema, readSyncMetadata } from '../lib/sync/metadata.js';
import { SoqlRecordSchema, toSoqlRecord } from '../models/soql-record.js';

const sync = createSync({
    description:
        'Keeps a copy of the rows of any SOQL query set in metadata.soqlQuery (one object; no aggregates, ORDER BY, LIMIT or OFFSET), e.g. "SELECT Id, Username, IsActive FROM User". Fields come as Salesforce names them, typed from describe; fields the connected user cannot read are left out with a warning. The sync adds Id and a cursor field (SystemModstamp, else LastModifiedDate, else CreatedDate, as the object has them), merges its keyset cursor into your WHERE (parenthesised), pages by that field and Id, and removes deleted rows (queryAll, on objects that have IsDeleted; otherwise by the weekly reconciliation). Changing the query re-reads every row and removes the rows of the old query.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceSoqlRecord: SoqlRecordSchema },
    exec: async (nango) => {
        try {
            const metadata = await readSyncMetadata(nango);
            if (!metadata.soqlQuery) {
                throw new Error('records-by-soql needs metadata.soqlQuery, e.g. "SELECT Id, Name FROM Invoice__c WHERE Status__c = \'Open\'".');
            }
            const parts = parseSyncableSoql(metadata.soqlQuery);
            const checkpoint = await loadCheckpoint(nango, EMPTY_CHECKPOINT);
            await syncRecords(
                nango,
                {
                    model: 'SalesforceSoqlRecord',
                    sObject: parts.from,
                    fields: parts.select,
                    where: ownerCondition(parts.where),
                    with: parts.with || undefined,
                    map: (record) => toSoqlRecord(record, parts.from),
                    deletes: metadata.soqlTrackDeletes === false ? 'reconciliation' : 'queryAll',
                    extraFields: [],
                    ...runSettings(metadata)
                },
                checkpoint
            );
        } catch (error) {
            throw toSyncError(withFieldHint(error, 'soqlQuery'));
        }
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
