import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { fitItems } from '../lib/http/output.js';
import { parseInput, sObjectSchema } from '../lib/input/schemas.js';
import { replicationTimeSchema, replicationWindow } from '../lib/replication/window.js';
import { normalizeDateTime } from '../lib/soql/builder.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of a replicateable object (describe says replicateable: true), e.g. "Account", "Contact" or "Invoice__c".'),
    start: replicationTimeSchema.describe('Start of the window, ISO 8601 with a zone, e.g. "2026-11-20T10:00:00Z"; seconds are ignored (cut to the minute). At most 15 days before today (UTC): the delete log reaches no further.'),
    end: replicationTimeSchema.describe('End of the window, ISO 8601 with a zone, e.g. "2026-11-21T10:00:00Z"; seconds are ignored. At least one minute after start; may be in the future.'),
    offset: z
        .number()
        .int()
        .min(0)
        .max(600_000)
        .optional()
        .describe('Skip this many deleted records of the answer: pass nextOffset of a previous result with the same sObject, start and end. Default 0.')
});

const Output = z.object({
    sObject: z.string().describe('The object, as given, e.g. "Account".'),
    start: z.string().describe('The start actually asked for, cut to the minute, e.g. "2026-11-20T10:00:00+00:00".'),
    end: z.string().describe('The end actually asked for, cut to the minute, e.g. "2026-11-21T10:00:00+00:00".'),
    deletedRecords: z
        .array(
            z.object({
                recordId: z.string().describe('Id of the deleted record, e.g. "001D000000IqhSLIAZ" (it may be in the Recycle Bin or gone for good).'),
                deletedDate: z.string().describe('When it was deleted, ISO 8601 UTC, e.g. "2026-11-20T14:07:19.000Z".')
            })
        )
        .describe('Records of the object deleted in the window, each {recordId, deletedDate} (emptied from the Recycle Bin or hard-deleted ones too, while the delete log keeps them).'),
    totalDeleted: z.number().describe('How many deleted records Salesforce listed in all (at most 600,000).'),
    earliestDateAvailable: z
        .string()
        .describe('The oldest time the delete log still covers (ISO 8601 UTC): deletes before it may be missing (the log is purged; an admin emptied the Recycle Bin).'),
    mayMissDeletes: z.boolean().describe('True when earliestDateAvailable is after start: deletes early in the window may be missing, so compare ids instead (e.g. with query-all-records).'),
    latestDateCovered: z.string().describe('Salesforce has every delete up to this time (ISO 8601 UTC, at most end). Start the next window here to miss nothing.'),
    nextOffset: z.number().nullable().describe("Pass as offset (with the same sObject, start and end) for the records cut to stay under Nango's 2 MB output limit; null when every record is here.")
});

const action = createAction({
    description:
        "List the records of one object deleted in a time window, with each delete's date, earliestDateAvailable and latestDateCovered (the replication API: GET /sobjects/{sObject}/deleted/?start=&end=). Read-only. The window is checked first: start at least a minute before end (seconds are ignored), no more than 15 days back (the delete log's reach). Errors: INVALID_REPLICATION_DATE (window refused), EXCEEDED_ID_LIMIT (more than 600,000 ids: shorten the window), an object that is not replicateable. For created and changed records, use list-updated-records.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const window = replicationWindow(input.start, input.end, 'deleted', Date.now());
            const response = await request<{ deletedRecords?: unknown; earliestDateAvailable?: unknown; latestDateCovered?: unknown }>(nango, {
                method: 'GET',
                endpoint: paths.deleted(input.sObject),
                params: window.params,
                context: `list ${input.sObject} records deleted from ${window.params.start} to ${window.params.end}`
            });
            const data = response.data;
            const all = (Array.isArray(data.deletedRecords) ? data.deletedRecords : [])
                .map((r) => r as { id?: unknown; deletedDate?: unknown })
                .filter((r): r is { id: string; deletedDate: string } => typeof r.id === 'string' && typeof r.deletedDate === 'string')
                .map((r) => ({ recordId: r.id, deletedDate: normalizeDateTime(r.deletedDate) }));
            const earliest = typeof data.earliestDateAvailable === 'string' ? normalizeDateTime(data.earliestDateAvailable) : new Date(window.start).toISOString();
            const covered = typeof data.latestDateCovered === 'string' ? normalizeDateTime(data.latestDateCovered) : new Date(window.end).toISOString();
            const offset = input.offset ?? 0;
            const envelope = {
                sObject: input.sObject,
                start: window.params.start,
                end: window.params.end,
                deletedRecords: [],
                totalDeleted: all.length,
                earliestDateAvailable: earliest,
                mayMissDeletes: new Date(earliest).getTime() > window.start,
                latestDateCovered: covered,
                nextOffset: all.length
            };
            const fitted = fitItems(all.slice(offset), envelope);
            return { ...envelope, deletedRecords: fitted.items, nextOffset: fitted.complete ? null : offset + fitted.items.length };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
