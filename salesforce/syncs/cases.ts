import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { CASE_FIELDS, CaseSchema, toCase, type Case } from '../models/case.js';

/** What every run and every change notification reads. */
const definition: SimpleSyncDefinition<Case> = { model: 'SalesforceCase', sObject: 'Case', fields: CASE_FIELDS, map: toCase, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every Case: number, subject, description, status, priority, origin, reason, type, closed flag and date, escalation, account, contact and owner, plus the extra fields named in metadata. Incremental on SystemModstamp with a keyset cursor; deleted cases are removed. Real-time with the change notifier installed: handles its webhooks (case.created, .updated, .deleted, .undeleted), re-reading the records each one names (one query of up to 200) and saving or removing them seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs, which stay the safety net.',
    version: '1.0.0',
    frequency: 'every 15 minutes',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceCase: CaseSchema },
    webhookSubscriptions: ['case.created', 'case.updated', 'case.deleted', 'case.undeleted'],
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
