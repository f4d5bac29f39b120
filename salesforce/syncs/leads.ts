import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { LEAD_SYNC_FIELDS, LeadSchema, toLead, type Lead } from '../models/lead.js';

/**
 * What every run reads. Converted leads are not filtered out: convertLead() updates the lead (IsConverted, ConvertedDate,
 * Converted*Id, a converted Status; Change Data Capture Developer Guide, "Change Events for Lead Conversion"), which
 * moves its SystemModstamp, and Salesforce keeps it as a read-only record, so the next run saves it with is_converted
 * true and the ids it became. Only a deleted lead (IsDeleted, read through queryAll) is removed.
 */
const definition: SimpleSyncDefinition<Lead> = { model: 'SalesforceLead', sObject: 'Lead', fields: LEAD_SYNC_FIELDS, map: toLead, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every Lead: names, company, title, email, phone, website, industry, status, source, description, address, owner, conversion (is_converted, converted_date, converted account/contact/opportunity ids), currency_iso_code in multi-currency orgs, plus the extra fields named in metadata. Converted leads stay: e.g. a lead converted today is saved again with is_converted true, status "Closed - Converted" and converted_account_id "001…". Incremental on SystemModstamp with a keyset cursor; deleted leads are removed. Checkpoints after every page of up to 2,000. Real-time with the change notifier installed: handles its webhooks (lead.created, .updated, .deleted, .undeleted), re-reading the records each one names (one query of up to 200) and saving or removing them seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs, which stay the safety net.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceLead: LeadSchema },
    webhookSubscriptions: ['lead.created', 'lead.updated', 'lead.deleted', 'lead.undeleted'],
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
