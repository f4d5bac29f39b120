import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { ACCOUNT_SYNC_FIELDS, AccountSchema, toAccount } from '../models/account.js';

const sync = createSync({
    description: 'Keeps a copy of every Account: name, type, industry, website, phone, revenue, employees, billing and shipping address, parent, owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted accounts are removed. Checkpoints after every page of up to 2,000.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceAccount: AccountSchema },
    exec: async (nango) => {
        await runRecordSync(nango, { model: 'SalesforceAccount', sObject: 'Account', fields: ACCOUNT_SYNC_FIELDS, map: toAccount, deletes: 'queryAll' });
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
