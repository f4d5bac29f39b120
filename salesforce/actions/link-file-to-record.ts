import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { SHARE_TYPES, VISIBILITIES, contentDocumentIdSchema, linkFileToRecord, linkTargetSchema } from '../lib/writes/files.js';

const Input = z.object({
    contentDocumentId: contentDocumentIdSchema,
    recordId: linkTargetSchema,
    shareType: z
        .enum(SHARE_TYPES)
        .optional()
        .describe('What people with access to the record may do with the file: "V" view (default), "C" collaborate (edit the file), "I" inferred from their access to the record.'),
    visibility: z
        .enum(VISIBILITIES)
        .optional()
        .describe('Who may see the file through this link: "AllUsers" (default), "InternalUsers" (not Experience Cloud users), "SharedUsers" (only people the file is shared with).')
});

const Output = z.object({
    linkId: z.string().describe('Id of the new ContentDocumentLink, starts with 06A, e.g. "06AD000000Abc12MAB".'),
    contentDocumentId: z.string().describe('The file linked, starts with 069, e.g. "069D00000000so2IAA".'),
    recordId: z.string().describe('The record it is now linked to, e.g. "001D000000IqhSLIAZ".'),
    shareType: z.enum(SHARE_TYPES).describe('The share type set: "V", "C" or "I".'),
    visibility: z.enum(VISIBILITIES).describe('The visibility set: "AllUsers", "InternalUsers" or "SharedUsers".')
});

const action = createAction({
    description:
        'Share an existing Salesforce file with another record, user or group (creates a ContentDocumentLink; changes data, notifies no one), with a share type and visibility. A file already linked to that record is refused (DUPLICATE_VALUE). Sent once, never retried automatically. Calls POST /sobjects/ContentDocumentLink.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => linkFileToRecord(nango, input.contentDocumentId, input.recordId, input.shareType ?? 'V', input.visibility ?? 'AllUsers'));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
