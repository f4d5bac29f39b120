import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { fitItems } from '../lib/http/output.js';
import { parseInput, sObjectSchema } from '../lib/input/schemas.js';
import { replicationTimeSchema, replicationWindow } from '../lib/replication/window.js';
import { normalizeDateTime } from '../lib/soql/builder.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of a replicateable object (describe says replicateable: true), e.g. "Account", "Contact" or "Invoice__c".'),
    start: replicationTimeSchema.describe('Start of the window, ISO 8601 with a zone, e.g. "2026-11-20T10:00:00Z"; seconds are ignored (cut to the minute). At most 30 days before today (UTC).'),
    end: replicationTimeSchema.describe('End of the window, ISO 8601 with a zone, e.g. "2026-11-21T10:00:00Z"; seconds are ignored. At least one minute after start; may be in the future (latestDateCovered says how far the answer reaches).'),
    offset: z
        .number()
        .int()
        .min(0)
        .max(600_000)
        .optional()
        .describe('Skip this many ids of the answer: pass nextOffset of a previous result with the same sObject, start and end to get the ids that did not fit. Default 0.')
});

const Output = z.object({
    sObject: z.string().describe('The object, as given, e.g. "Account".'),
    start: z.string().describe('The start actually asked for, cut to the minute, e.g. "2026-11-20T10:00:00+00:00".'),
    end: z.string().describe('The end actually asked for, cut to the minute, e.g. "2026-11-21T10:00:00+00:00".'),
    recordIds: z.array(z.string()).describe('Ids of the records created or changed in the window (deleted ones are not listed; see list-deleted-records), e.g. ["001D000000IqhSLIAZ"]. Read them with get-record or query-records.'),
    totalIds: z.number().describe('How many ids Salesforce listed in all (at most 600,000).'),
    latestDateCovered: z
        .string()
        .describe('Salesforce has every change up to this time (ISO 8601 UTC, at most end): a long transaction still running holds it back. Start the next window here, not at end, to miss nothing.'),
    nextOffset: z.number().nullable().describe("Pass as offset (with the same sObject, start and end) for the ids cut to stay under Nango's 2 MB output limit; null when every id is here.")
});

const action = createAction({
    description:
        'List the ids of the records of one object created or updated in a time window (recordIds), with latestDateCovered (the replication API: GET /sobjects/{sObject}/updated/?start=&end=). Read-only. The window is checked first: start at least a minute before end (seconds are ignored), no more than 30 days back. Errors: INVALID_REPLICATION_DATE (window refused), EXCEEDED_ID_LIMIT (more than 600,000 ids: shorten the window), an object that is not replicateable. For deletes, use list-deleted-records.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const window = replicationWindow(input.start, input.end, 'updated', Date.now());
            const response = await request<{ ids?: unknown; latestDateCovered?: unknown }>(nango, {
                method: 'GET',
                endpoint: paths.updated(input.sObject),
                params: window.params,
                context: `list ${input.sObject} records updated from ${window.params.start} to ${window.params.end}`
            });
            const all = Array.isArray(response.data.ids) ? response.data.ids.filter((id): id is string => typeof id === 'string') : [];
            const covered = typeof response.data.latestDateCovered === 'string' ? normalizeDateTime(response.data.latestDateCovered) : new Date(window.end).toISOString();
            const offset = input.offset ?? 0;
            const rest = all.slice(offset);
            const envelope = { sObject: input.sObject, start: window.params.start, end: window.params.end, recordIds: [], totalIds: all.length, latestDateCovered: covered, nextOffset: all.length };
            const fitted = fitItems(rest, envelope);
            return { ...envelope, recordIds: fitted.items, nextOffset: fitted.complete ? null : offset + fitted.items.length };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
