import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { OPPORTUNITY_SYNC_FIELDS, OpportunitySchema, toOpportunity, type Opportunity } from '../models/opportunity.js';

/** What every run and every change notification reads. */
const definition: SimpleSyncDefinition<Opportunity> = { model: 'SalesforceOpportunity', sObject: 'Opportunity', fields: OPPORTUNITY_SYNC_FIELDS, map: toOpportunity, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every Opportunity: amount, stage, close date, probability, forecast category, closed/won flags, account and owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted opportunities are removed. Real-time with the change notifier installed: handles its webhooks (opportunity.created, .updated, .deleted, .undeleted), re-reading the records each one names (one query of up to 200) and saving or removing them seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs, which stay the safety net.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceOpportunity: OpportunitySchema },
    webhookSubscriptions: ['opportunity.created', 'opportunity.updated', 'opportunity.deleted', 'opportunity.undeleted'],
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
