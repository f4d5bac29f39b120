import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { TASK_FIELDS, TaskSchema, toTask, type Task } from '../models/task.js';

/**
 * What every run reads. Task has IsArchived: Salesforce archives closed tasks whose due date is more than a year old
 * (365 days by default), and a plain query no longer returns them while queryAll does (SOAP API Developer Guide,
 * "queryAll()"; Object Reference, Task: IsArchived). The engine sees IsArchived in the describe and reads Task through
 * queryAll on every path (first load with IsDeleted = false, incremental passes, Bulk jobs, reconciliation's id read),
 * so an archived task stays a live record: never removed, never removed and added again.
 */
const definition: SimpleSyncDefinition<Task> = { model: 'SalesforceTask', sObject: 'Task', fields: TASK_FIELDS, map: toTask, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every Task: subject, status, priority, due date, description (comments), closed flag, who (contact or lead), what (account, opportunity, case…) and owner, plus the extra fields named in metadata, e.g. {"subject": "Call back about renewal", "status": "Completed", "is_closed": true, "who_id": "003…"}. Archived tasks (closed, due more than a year ago) are kept as live records: they are read through queryAll and never removed. Incremental on SystemModstamp with a keyset cursor; deleted tasks are removed. Not started automatically: tasks are activity history, often the largest object of an org (a first load of millions goes through Bulk API 2.0); enable it per connection. Real-time with the change notifier installed: handles its webhooks (task.created, .updated, .deleted, .undeleted), re-reading the records each one names (one queryAll of up to 200, archived ones kept) and saving or removing them seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs, which stay the safety net.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceTask: TaskSchema },
    webhookSubscriptions: ['task.created', 'task.updated', 'task.deleted', 'task.undeleted'],
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
