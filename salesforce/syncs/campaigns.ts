import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { CAMPAIGN_FIELDS, CampaignSchema, toCampaign, type Campaign } from '../models/campaign.js';

const definition: SimpleSyncDefinition<Campaign> = { model: 'SalesforceCampaign', sObject: 'Campaign', fields: CAMPAIGN_FIELDS, map: toCampaign, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every Campaign: name, type, status, start and end dates, active flag, budgeted cost, expected revenue, actual cost, expected response, parent campaign, the member and opportunity counts Salesforce keeps (leads, converted leads, contacts, responses, opportunities, won amounts) and owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted campaigns are removed (queryAll). Checkpoints after every page of up to 2,000. Needs the Marketing feature and a connected user with Marketing User or read access to campaigns, so it does not start by itself: enable it per connection.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceCampaign: CampaignSchema },
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
