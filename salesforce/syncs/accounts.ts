import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { ACCOUNT_SYNC_FIELDS, AccountSchema, toAccount, type Account } from '../models/account.js';

/** What every run and every change notification reads. */
const definition: SimpleSyncDefinition<Account> = { model: 'SalesforceAccount', sObject: 'Account', fields: ACCOUNT_SYNC_FIELDS, map: toAccount, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every Account: name, type, industry, website, phone, revenue, employees, billing and shipping address, parent, owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted accounts are removed. Checkpoints after every page of up to 2,000. Real-time with the change notifier installed: handles its webhooks (account.created, .updated, .deleted, .undeleted), re-reading the records each one names (one query of up to 200) and saving or removing them seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs, which stay the safety net.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceAccount: AccountSchema },
    webhookSubscriptions: ['account.created', 'account.updated', 'account.deleted', 'account.undeleted'],
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
