import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { CONTACT_FIELDS, ContactSchema, toContact } from '../models/contact.js';

const sync = createSync({
    description: 'Keeps a copy of every Contact: names, email, phones, title, department, mailing address, account and owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted and merged-away contacts are removed. Checkpoints after every page of up to 2,000.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceContact: ContactSchema },
    exec: async (nango) => {
        await runRecordSync(nango, { model: 'SalesforceContact', sObject: 'Contact', fields: CONTACT_FIELDS, map: toContact, deletes: 'queryAll' });
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
