import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { MAX_LINKS_PAGE, linkCursorSchema, linkTargetSchema, listRecordFiles } from '../lib/writes/files.js';

const Input = z.object({
    recordId: linkTargetSchema,
    limit: z.number().int().min(1).max(MAX_LINKS_PAGE).optional().describe(`Files per page, 1–${MAX_LINKS_PAGE} (default 50).`),
    cursor: linkCursorSchema.optional()
});

const Output = z.object({
    files: z
        .array(
            z.object({
                linkId: z.string().describe('Id of the link between the file and the record (ContentDocumentLink), starts with 06A, e.g. "06AD000000Abc12MAB".'),
                contentDocumentId: z.string().describe('Id of the file, starts with 069, e.g. "069D00000000so2IAA"; pass it to download-file or delete-file.'),
                latestVersionId: z.string().nullable().describe('Id of its latest version, starts with 068, e.g. "068D00000000pQ1IAI".'),
                title: z.string().nullable().describe('Title of the file, e.g. "Signed contract 2026".'),
                fileExtension: z.string().nullable().describe('Extension, e.g. "pdf".'),
                fileType: z.string().nullable().describe('Salesforce file type, e.g. "PDF".'),
                size: z.number().nullable().describe('Size in bytes of the latest version, e.g. 48213.'),
                shareType: z.string().nullable().describe('What people with access to the record may do with the file: "V" view, "C" collaborate (edit), "I" inferred from the record\'s sharing.'),
                visibility: z.string().nullable().describe('Who may see it through this link: "AllUsers", "InternalUsers" or "SharedUsers".'),
                ownerId: z.string().nullable().describe('Owner of the file, a User id starting with 005, e.g. "005D0000001GiU7IAK".'),
                createdDate: z.string().nullable().describe('When the file was created, ISO 8601 UTC, e.g. "2026-01-31T10:00:00.000Z".'),
                lastModifiedDate: z.string().nullable().describe('When the file last changed, ISO 8601 UTC, e.g. "2026-02-01T08:30:00.000Z".')
            })
        )
        .describe('Files linked to the record, in link id order.'),
    nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null when there are no more files.')
});

const action = createAction({
    description:
        'List the files (Salesforce Files) linked to a record, user or group, with title, type, size, latest version and share settings, paged. Read only. Calls a SOQL query on ContentDocumentLink WHERE LinkedEntityId = the record (GET /query), one call per page.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => listRecordFiles(nango, input.recordId, input.limit ?? 50, input.cursor));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
