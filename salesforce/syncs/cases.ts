import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { CASE_FIELDS, CaseSchema, toCase } from '../models/case.js';

const sync = createSync({
    description: 'Keeps a copy of every Case: number, subject, description, status, priority, origin, reason, type, closed flag and date, escalation, account, contact and owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted cases are removed.',
    version: '1.0.0',
    frequency: 'every 15 minutes',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceCase: CaseSchema },
    exec: async (nango) => {
        await runRecordSync(nango, { model: 'SalesforceCase', sObject: 'Case', fields: CASE_FIELDS, map: toCase, deletes: 'queryAll' });
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
