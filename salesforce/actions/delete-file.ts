import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { deleteFile, fileIdSchema } from '../lib/writes/files.js';

const Input = z.object({
    fileId: fileIdSchema.describe(
        'The file to delete: its ContentDocument id (starts with 069, e.g. "069D00000000so2IAA") or the id of any of its versions (starts with 068): the whole file goes either way.'
    )
});

const Output = z.object({
    contentDocumentId: z.string().describe('The file deleted, starts with 069, e.g. "069D00000000so2IAA".'),
    success: z.boolean().describe('True when the file is deleted.'),
    alreadyDeleted: z
        .boolean()
        .describe('True when the file was already in the Recycle Bin (ENTITY_IS_DELETED, e.g. a retried delete whose first answer was lost): nothing was changed, the file is deleted all the same.')
});

const action = createAction({
    description:
        'Delete a Salesforce file with ALL its versions and every link to records (the ContentDocument goes to the Recycle Bin for 15 days; changes data). Safe to retry: a file already in the Recycle Bin is reported as deleted with alreadyDeleted true. Calls DELETE /sobjects/ContentDocument/{id} (after one SOQL query when given a ContentVersion id).',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const result = await guarded(nango, () => deleteFile(nango, input.fileId));
        return { ...result, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
