import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { USER_FIELDS, UserSchema, toUser } from '../models/user.js';

const sync = createSync({
    description: 'Keeps a copy of every User: username, email, names, active flag, user type, profile, role, manager, title, time zone, locale, last login, plus the extra fields named in metadata. Users are never deleted in Salesforce: a deactivated user is updated with is_active false.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceUser: UserSchema },
    exec: async (nango) => {
        await runRecordSync(nango, { model: 'SalesforceUser', sObject: 'User', fields: USER_FIELDS, map: toUser, deletes: 'none' });
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
