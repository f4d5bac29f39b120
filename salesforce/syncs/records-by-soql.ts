import { createHash } from 'crypto';
import { createSync } from 'nango';
import * as z from 'zod';

import { parseSyncableSoql } from '../lib/soql/parse.js';
import { ownerCondition } from '../lib/soql/builder.js';
import { EMPTY_CHECKPOINT, RecordSyncCheckpointSchema, loadCheckpoint, runSettings, syncRecords, toSyncError } from '../lib/sync/engine.js';
import { SyncMetadataSchema, readSyncMetadata } from '../lib/sync/metadata.js';
import { SoqlRecordSchema, toSoqlRecord } from '../models/soql-record.js';

const CheckpointSchema = RecordSyncCheckpointSchema.extend({
    query_hash: z.string().describe('Hash of the SOQL the cursor belongs to; a changed query starts over.')
});

const sync = createSync({
    description:
        'Keeps a copy of the rows of any SOQL query set in metadata.soqlQuery (one object; no aggregates, ORDER BY, LIMIT or OFFSET), fields as Salesforce names them. The sync adds Id and SystemModstamp, merges its keyset cursor into your WHERE (parenthesised), pages by SystemModstamp and Id, and removes deleted rows. Changing the query starts over.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: CheckpointSchema,
    models: { SalesforceSoqlRecord: SoqlRecordSchema },
    exec: async (nango) => {
        try {
            const metadata = await readSyncMetadata(nango);
            if (!metadata.soqlQuery) {
                throw new Error('records-by-soql needs metadata.soqlQuery, e.g. "SELECT Id, Name FROM Invoice__c WHERE Status__c = \'Open\'".');
            }
            const parts = parseSyncableSoql(metadata.soqlQuery);
            const queryHash = createHash('sha256').update(metadata.soqlQuery.trim()).digest('hex').slice(0, 32);
            let checkpoint = await loadCheckpoint(nango, { ...EMPTY_CHECKPOINT, query_hash: queryHash });
            if (checkpoint.query_hash !== queryHash) {
                await nango.log('metadata.soqlQuery changed since the last run: starting over from the first record.', { level: 'warn' });
                checkpoint = { ...EMPTY_CHECKPOINT, query_hash: queryHash };
            }
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
            throw toSyncError(error);
        }
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
