import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { OPPORTUNITY_SYNC_FIELDS, OpportunitySchema, toOpportunity } from '../models/opportunity.js';

const sync = createSync({
    description: 'Keeps a copy of every Opportunity: amount, stage, close date, probability, forecast category, closed/won flags, account and owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted opportunities are removed.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceOpportunity: OpportunitySchema },
    exec: async (nango) => {
        await runRecordSync(nango, { model: 'SalesforceOpportunity', sObject: 'Opportunity', fields: OPPORTUNITY_SYNC_FIELDS, map: toOpportunity, deletes: 'queryAll' });
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
