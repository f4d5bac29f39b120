import { createSync } from 'nango';
import * as z from 'zod';

import { completeChildPages, syncParentsOfChangedChildren } from '../lib/sync/children.js';
import { EMPTY_CHECKPOINT, RecordSyncCheckpointSchema, loadCheckpoint, runSettings, syncRecords, type SimpleSyncDefinition } from '../lib/sync/engine.js';
import { cursorOf } from '../lib/sync/keyset.js';
import { toSyncError } from '../lib/sync/runtime.js';
import { SyncMetadataSchema, extraFieldsFor, readSyncMetadata } from '../lib/sync/metadata.js';
import { handleRecordWebhook } from '../lib/sync/webhooks.js';
import { CASE_FIELDS } from '../models/case.js';
import { CONVERSATION_RELATIONSHIPS, TICKET_CHILDREN, TicketSchema, toTicket, type Ticket } from '../models/ticket.js';

const CheckpointSchema = RecordSyncCheckpointSchema.extend({
    comment_ts: z.string(),
    comment_id: z.string(),
    email_ts: z.string(),
    email_id: z.string()
});

/**
 * What every run and every change notification reads: cases with their conversation in child subqueries. Child pages
 * Salesforce cuts are completed from their locators (exec passes `complete`; the webhook handler completes the
 * subqueries of any definition the same way).
 */
const definition: SimpleSyncDefinition<Ticket> = { model: 'SalesforceTicket', sObject: 'Case', fields: CASE_FIELDS, subqueries: TICKET_CHILDREN, map: toTicket, deletes: 'queryAll' };

const sync = createSync({
    description:
        'Keeps a copy of every Case as a support ticket with its conversation: case comments and email messages (public/private, author, timestamps), read through child subqueries, so a page of up to 2,000 cases costs one API call. A new or changed comment or email brings its case back in the next run; deleted cases are removed. Real-time with the change notifier installed: handles its webhooks (case.created, .updated, .deleted, .undeleted), re-reading each case a notification names with its whole conversation (one query of up to 200 cases, plus one call per cut child page) and saving or removing it seconds after the commit, never over a newer copy; a comment or email that changes without its case is still brought in by the scheduled run.',
    version: '1.0.0',
    frequency: 'every 15 minutes',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: CheckpointSchema,
    models: { SalesforceTicket: TicketSchema },
    webhookSubscriptions: ['case.created', 'case.updated', 'case.deleted', 'case.undeleted'],
    exec: async (nango) => {
        let extraFields: string[] = [];
        try {
            const metadata = await readSyncMetadata(nango);
            extraFields = extraFieldsFor(metadata, 'Case');
            // one set of run settings for every pass: one quota guard that sees every page
            const settings = runSettings(metadata);
            const { quota } = settings;
            let checkpoint = await loadCheckpoint(nango, { ...EMPTY_CHECKPOINT, comment_ts: '', comment_id: '', email_ts: '', email_id: '' });
            const complete = (records: Parameters<typeof completeChildPages>[1]) => completeChildPages(nango, records, CONVERSATION_RELATIONSHIPS);
            // 1. cases changed since the cursor, with their conversation; deleted cases removed
            const outcome = await syncRecords(
                nango,
                { ...definition, complete, extraFields, ...settings },
                checkpoint,
                // the first run starts the comment and email cursors at its upper bound (saved with its first page):
                // the cases it loads carry every older comment and email already
                (state, upper) => ({ ...state, comment_ts: state.comment_ts || upper, email_ts: state.email_ts || upper })
            );
            checkpoint = outcome.checkpoint;
            const { prepared, upper } = outcome;
            if (outcome.stopped || !prepared || upper === undefined) return;
            // 2. older cases whose comments or emails changed since their own cursors
            const alreadySaved = new Set<string>();
            const common = {
                upper,
                batchSize: metadata.batchSize,
                parentObject: 'Case',
                parentFields: prepared.select,
                parentSubqueries: prepared.subqueries,
                mainPass: { after: outcome.from, upper },
                quota,
                alreadySaved,
                saveParents: async (records: Parameters<typeof completeChildPages>[1]) => {
                    await complete(records);
                    await nango.batchSave(
                        records.map((r) => toTicket(prepared.shape(r), extraFields)),
                        'SalesforceTicket'
                    );
                }
            };
            let reread = await syncParentsOfChangedChildren(nango, {
                ...common,
                childObject: 'CaseComment',
                parentField: 'ParentId',
                cursor: cursorOf(checkpoint.comment_ts, checkpoint.comment_id),
                onCursor: async (cursor) => {
                    checkpoint = { ...checkpoint, comment_ts: cursor.ts, comment_id: cursor.id };
                    await nango.saveCheckpoint(checkpoint);
                }
            });
            reread += await syncParentsOfChangedChildren(nango, {
                ...common,
                childObject: 'EmailMessage',
                parentField: 'ParentId',
                cursor: cursorOf(checkpoint.email_ts, checkpoint.email_id),
                onCursor: async (cursor) => {
                    checkpoint = { ...checkpoint, email_ts: cursor.ts, email_id: cursor.id };
                    await nango.saveCheckpoint(checkpoint);
                }
            });
            if (reread > 0) {
                await nango.log(`SalesforceTicket: ${reread} older cases had new or changed comments or emails.`);
            }
        } catch (error) {
            throw toSyncError(error);
        }
    },
    onWebhook: (nango, payload) => handleRecordWebhook(nango, definition, payload)
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
