import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { CAMPAIGN_MEMBER_FIELDS, CampaignMemberSchema, toCampaignMember, type CampaignMember } from '../models/campaign-member.js';

const definition: SimpleSyncDefinition<CampaignMember> = {
    model: 'SalesforceCampaignMember',
    sObject: 'CampaignMember',
    fields: CAMPAIGN_MEMBER_FIELDS,
    map: toCampaignMember,
    deletes: 'queryAll'
};

const sync = createSync({
    description:
        'Keeps a copy of every CampaignMember, the leads and contacts of every campaign: campaign id and name, lead or contact id and type, member status, responded flag and first response date, and the person\'s name, email, title, phone and company, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; removed members are deleted (CampaignMember has IsDeleted: read through queryAll, plus periodic reconciliation for purged ones). Checkpoints after every page of up to 2,000; a first load of more than metadata.bulkThreshold members goes through Bulk API 2.0. Needs the Marketing feature and read access to campaigns, so it does not start by itself: enable it per connection.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceCampaignMember: CampaignMemberSchema },
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
