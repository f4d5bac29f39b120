import { createSync } from 'nango';

import { RecordSyncCheckpointSchema, runRecordSync, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { SyncMetadataSchema } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { OPPORTUNITY_LINE_ITEM_FIELDS, OpportunityLineItemSchema, toOpportunityLineItem, type OpportunityLineItem } from '../models/opportunity-line-item.js';

/**
 * What every run reads. OpportunityLineItem has IsDeleted and SystemModstamp (Object Reference: getDeleted(),
 * getUpdated() supported), so deletes come through queryAll in the main pass; a line deleted with its opportunity
 * (the cascade) is in the Recycle Bin too and is removed the same way. It has no OwnerId: a line belongs to its
 * opportunity. Product2.Name and PricebookEntry.Name are read through their lookups in the same query.
 */
const definition: SimpleSyncDefinition<OpportunityLineItem> = {
    model: 'SalesforceOpportunityLineItem',
    sObject: 'OpportunityLineItem',
    fields: OPPORTUNITY_LINE_ITEM_FIELDS,
    map: toOpportunityLineItem,
    deletes: 'queryAll'
};

const sync = createSync({
    description:
        'Keeps a copy of every OpportunityLineItem (the products on an opportunity): opportunity, product id and name, product code, price book entry id and name, quantity, unit (sales) price, list price, subtotal, total price, discount percent, service date, description and sort order, plus the extra fields named in metadata, e.g. {"opportunity_id": "006…", "product_name": "Core Router", "quantity": 12, "total_price": 20805}. Product and price book entry names are as of the line\'s last change. Incremental on SystemModstamp with a keyset cursor; deleted lines (also those deleted with their opportunity) are removed. Real-time with the change notifier installed: handles its webhooks (opportunitylineitem.created, .updated, .deleted, .undeleted), re-reading the records each one names (one query of up to 200) and saving or removing them seconds after the commit, never over a newer copy; the checkpoint is left to the scheduled runs.',
    version: '1.0.0',
    frequency: 'every hour',
    autoStart: true,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceOpportunityLineItem: OpportunityLineItemSchema },
    webhookSubscriptions: ['opportunitylineitem.created', 'opportunitylineitem.updated', 'opportunitylineitem.deleted', 'opportunitylineitem.undeleted'],
    exec: async (nango) => {
        await runRecordSync(nango, definition);
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
