/**
 * Connection metadata the syncs read. One schema for every sync of a connection, since Nango keeps one metadata
 * object per connection. Every name in it is validated before it reaches a query.
 */
import * as z from 'zod';

import { InputError } from '../http/errors.js';
import { assertFieldPath, assertSObjectName } from '../input/names.js';

/**
 * The change notifier's settings. Lenient on purpose: every sync of the connection parses this metadata before it runs,
 * so a value the install action wrote in another form must not stop the scheduled runs; the webhook handler checks
 * what it relies on (the secret) itself.
 */
export const ChangeNotifierSchema = z.object({
    secret: z.string().max(256).describe('Shared secret every notification carries in its body (64 hex characters); empty: not installed, every notification is refused.'),
    objects: z.array(z.string().max(80)).max(100).describe('Objects whose triggers are installed, as the org spells them, e.g. ["Account", "Contact", "Invoice__c"].'),
    installedAt: z.string().max(40).describe('When it was installed, ISO 8601 UTC; empty when uninstalled.'),
    webhookUrl: z.string().max(2_000).describe("The integration's Nango webhook URL the triggers POST to, e.g. \"https://api.nango.dev/webhook/<environment uuid>/salesforce\"; empty when uninstalled.")
});
export type ChangeNotifier = z.infer<typeof ChangeNotifierSchema>;

export const SyncMetadataSchema = z.object({
    extraFields: z
        .record(z.string(), z.array(z.string()).max(200))
        .optional()
        .describe('Extra fields to sync per object, delivered in custom_fields, e.g. {"Account": ["Region__c", "Parent.Name"], "Contact": ["Customer_Tier__c"]}.'),
    lagSeconds: z
        .number()
        .int()
        .min(0)
        .max(3_600)
        .optional()
        .describe('Each run reads changes up to this many seconds before Salesforce\'s clock (and never past what Salesforce\'s replication API says is committed), so transactions still committing are caught next run, e.g. 60 (the default).'),
    batchSize: z.number().int().min(200).max(2_000).optional().describe('Records per query page, 200–2000. Default 2000.'),
    quotaThresholdPercent: z
        .number()
        .min(1)
        .max(100)
        .optional()
        .describe("Stop a run cleanly (checkpoint saved) once the org has used this percentage of its daily API requests; the next run continues. Default 80."),
    reconcileEveryDays: z
        .number()
        .min(0)
        .max(365)
        .optional()
        .describe('Every this many days, remove from the cache the records Salesforce no longer has without queryAll showing it (purged from the Recycle Bin, hard-deleted, no longer matching): one getDeleted call, or an id-only read compared with the cache. 0 turns it off; default 7.'),
    bulkThreshold: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('A first load of an object with more records than this goes through Bulk API 2.0 (far fewer API calls); 0 turns it off. Default 15000 (where Bulk starts to pay off in time and calls, measured), e.g. 50000 to keep smaller first loads on the REST API.'),
    articleLanguage: z.string().regex(/^[a-z]{2}(?:_[A-Z]{2})?$/).optional().describe('Language of the knowledge articles to sync, e.g. "en_US" (default) or "fr".'),
    articleBodyFields: z
        .array(z.string())
        .max(50)
        .optional()
        .describe('Rich-text body fields of your knowledge article type, e.g. ["Answer__c"]; they exist on Knowledge__kav, which is then read instead of KnowledgeArticleVersion.'),
    soqlQuery: z
        .string()
        .max(20_000)
        .optional()
        .describe('records-by-soql: the SOQL to sync, one object, no aggregates, ORDER BY, LIMIT or OFFSET, e.g. "SELECT Id, Name, Amount__c FROM Invoice__c WHERE Status__c = \'Open\'".'),
    fieldHistoryObjects: z
        .array(z.string().max(80))
        .min(1)
        .max(20)
        .optional()
        .describe('field-history: the history objects to sync, e.g. ["AccountHistory", "OpportunityFieldHistory", "Invoice__History"]. Default: AccountHistory, OpportunityFieldHistory, CaseHistory, ContactHistory and LeadHistory, those the org lacks skipped.'),
    soqlTrackDeletes: z.boolean().optional().describe('records-by-soql: read deletes through queryAll (default true). Set false for objects without IsDeleted; records that disappear are then removed by the periodic reconciliation.'),
    changeNotifier: ChangeNotifierSchema.optional().describe(
        'The real-time change notifier installed in the org (Apex triggers that POST each committed change to the integration\'s Nango webhook URL), written by its install action and cleared (every value empty) by its uninstall; the syncs accept a change notification only when its secret matches. Absent or with an empty secret: every notification is refused and the syncs rely on their scheduled runs.'
    )
});
export type SyncMetadata = z.infer<typeof SyncMetadataSchema>;

/** Reads and validates the connection metadata; missing metadata means all defaults. */
export async function readSyncMetadata(nango: { getMetadata(): Promise<unknown> }): Promise<SyncMetadata> {
    const raw = (await nango.getMetadata()) ?? {};
    const parsed = SyncMetadataSchema.safeParse(raw);
    if (!parsed.success) {
        throw new InputError(parsed.error.issues.map((i) => ({ path: `metadata.${i.path.map(String).join('.')}`, message: i.message })));
    }
    const metadata = parsed.data;
    for (const [sObject, fields] of Object.entries(metadata.extraFields ?? {})) {
        assertSObjectName(sObject, `metadata.extraFields.${sObject}`);
        fields.forEach((f, i) => assertFieldPath(f, `metadata.extraFields.${sObject}[${i}]`));
    }
    (metadata.articleBodyFields ?? []).forEach((f, i) => assertFieldPath(f, `metadata.articleBodyFields[${i}]`));
    (metadata.fieldHistoryObjects ?? []).forEach((name, i) => {
        assertSObjectName(name, `metadata.fieldHistoryObjects[${i}]`);
        if (!/History$/.test(name)) throw new InputError([{ path: `metadata.fieldHistoryObjects[${i}]`, message: 'must name a field history object, e.g. "AccountHistory", "OpportunityFieldHistory" or "Invoice__History"' }]);
    });
    return metadata;
}

/** The extra fields named for one object (matching the object name case-insensitively). */
export function extraFieldsFor(metadata: SyncMetadata, sObject: string): string[] {
    const entry = Object.entries(metadata.extraFields ?? {}).find(([name]) => name.toLowerCase() === sObject.toLowerCase());
    return entry ? [...entry[1]] : [];
}
