import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { EVENT_FIELDS, EventSchema, toEvent, type Event } from '../models/event.js';

/**
 * What every run reads. Event is an activity like Task: it has IsArchived (Salesforce archives events that ended more
 * than a year ago, 365 days by default; a plain query no longer returns them, queryAll does: SOAP API "queryAll()",
 * Object Reference, Event: IsArchived). The engine sees IsArchived in the describe and reads Event through queryAll on
 * every path (first load with IsDeleted = false, incremental passes, Bulk jobs, reconciliation's id read), as it does
 * for Task, so an archived event stays a live record. Who and What are polymorphic: their Type comes through the Name
 * object (Who.Type, What.Type), no describe of the targets needed.
 */
const definition: SimpleSyncDefinition<Event> = { model: 'SalesforceEvent', sObject: 'Event', fields: EVENT_FIELDS, map: toEvent, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every calendar Event: subject, location, start and end (UTC), all-day flag and day, duration, show-as (busy/free), private flag, type, description, who (contact or lead, with its type), what (account, opportunity, case…, with its type), account, owner and recurrence (series master flag, the master of an occurrence, the pattern), plus the extra fields named in metadata, e.g. {"subject": "Quarterly review", "start_date_time": "2026-11-24T15:00:00.000Z", "who_type": "Contact"}. Archived events (ended more than a year ago) are kept as live records: read through queryAll, never removed. Incremental on SystemModstamp with a keyset cursor; deleted events are removed. Not started automatically: events are activity history, often among the largest objects of an org (a first load of millions goes through Bulk API 2.0); enable it per connection. Real-time with the change notifier installed: handles its webhooks (event.created, .updated, .deleted, .undeleted), re-reading the records each one names (one queryAll of up to 200) and saving or removing them seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceEvent: EventSchema },
    webhookSubscriptions: ['event.created', 'event.updated', 'event.deleted', 'event.undeleted'],
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
