import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { MAX_DOWNLOAD_CHUNK_BYTES, downloadFile, fileIdSchema } from '../lib/writes/files.js';

const Input = z.object({
    fileId: fileIdSchema,
    offset: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('Byte offset to start at (default 0). To continue a large file, pass the previous output\'s nextOffset and its contentVersionId as fileId, e.g. 1536000.'),
    maxBytes: z
        .number()
        .int()
        .min(3)
        .max(MAX_DOWNLOAD_CHUNK_BYTES)
        .optional()
        .describe(`Most bytes to return in this call, 3–${MAX_DOWNLOAD_CHUNK_BYTES} (default and maximum ${MAX_DOWNLOAD_CHUNK_BYTES}, what fits Nango's 2 MB output as base64); rounded down to a multiple of 3 so the ranges' base64 texts can be joined.`)
});

const Output = z.object({
    contentVersionId: z.string().describe('The version downloaded, starts with 068, e.g. "068D00000000pQ1IAI"; pass it as fileId with nextOffset to continue (a later upload cannot change it under you).'),
    contentDocumentId: z.string().describe('The file (ContentDocument) this version belongs to, starts with 069, e.g. "069D00000000so2IAA".'),
    title: z.string().nullable().describe('Title of the file, e.g. "Signed contract 2026".'),
    fileName: z.string().nullable().describe('File name it was uploaded with (PathOnClient), e.g. "contract.pdf".'),
    fileExtension: z.string().nullable().describe('Extension, e.g. "pdf".'),
    fileType: z.string().nullable().describe('Salesforce file type, e.g. "PDF", "PNG", "WORD_X", "UNKNOWN".'),
    size: z.number().describe('Size of the whole file in bytes, e.g. 3500000.'),
    versionNumber: z.string().nullable().describe('Version number of this version, e.g. "1".'),
    checksum: z.string().nullable().describe('MD5 checksum of the whole file (32 hex digits), e.g. "9e107d9d372bb6826bd81d3542a419d6"; checked when the whole file came in one call.'),
    isLatest: z.boolean().describe('True when this is the latest version of the file.'),
    createdDate: z.string().nullable().describe('When this version was created, ISO 8601 UTC, e.g. "2026-01-31T10:00:00.000Z".'),
    contentModifiedDate: z.string().nullable().describe('When the content last changed, ISO 8601 UTC, e.g. "2026-01-31T10:00:00.000Z".'),
    contentBase64: z.string().describe('The bytes of this range, base64 (standard alphabet, padded), e.g. "JVBERi0xLjQK…". Join the contentBase64 of every range in order to get the whole file.'),
    range: z
        .object({
            start: z.number().describe('Offset of the first byte returned, e.g. 0.'),
            end: z.number().describe('Offset of the last byte returned (inclusive), e.g. 1535999; -1 for an empty file.'),
            length: z.number().describe('Number of bytes returned, e.g. 1536000.')
        })
        .describe('Which bytes of the file this output holds.'),
    nextOffset: z.number().nullable().describe('Offset to pass (with contentVersionId as fileId) to get the next range, e.g. 1536000; null when this output reaches the end of the file.'),
    done: z.boolean().describe('True when this output reaches the end of the file.')
});

const action = createAction({
    description: `Download a Salesforce file's content as base64 with its metadata (title, file name, type, size, version, checksum), by ContentDocument id (069…, its latest version) or ContentVersion id (068…). Read only. A file over ${MAX_DOWNLOAD_CHUNK_BYTES} bytes comes in byte ranges: call again with contentVersionId and nextOffset until done. Calls SOQL queries (queryAll) on ContentDocument/ContentVersion and GET /sobjects/ContentVersion/{id}/VersionData (with an HTTP Range header for a part of the file).`,
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => downloadFile(nango, input.fileId, input.offset ?? 0, input.maxBytes));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
