import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput } from '../lib/input/schemas.js';
import { MAX_UPLOAD_BYTES, base64ContentSchema, descriptionSchema, fileNameSchema, linkTargetSchema, titleSchema, uploadFile } from '../lib/writes/files.js';

const Input = z.object({
    title: titleSchema,
    fileName: fileNameSchema,
    contentBase64: base64ContentSchema,
    description: descriptionSchema.optional(),
    linkToRecordId: linkTargetSchema
        .optional()
        .describe(
            'Record to attach the file to (sent as FirstPublishLocationId), e.g. an Opportunity id "006D000000CkJ9kIAF" or an Account id starting with 001. Omit to keep the file in the connected user\'s private files; link it later with link-file-to-record.'
        ),
    preventOthersFromSharing: z
        .boolean()
        .optional()
        .describe('true: only the owner may share or unshare the file (SharingOption R); false or omitted: people with access may share it (SharingOption A).'),
    privateOnRecords: z
        .boolean()
        .optional()
        .describe("true: the file is private on the records it is linked to, visible only to its owner there (SharingPrivacy P); false or omitted: visible to people who can see the record (N).")
});

const Output = z.object({
    contentVersionId: z.string().describe('Id of the new file version, starts with 068, e.g. "068D00000000pQ1IAI".'),
    contentDocumentId: z
        .string()
        .nullable()
        .describe(
            'Id of the new file, starts with 069, e.g. "069D00000000so2IAA": pass it to download-file, link-file-to-record or delete-file. null only when the file was created but the follow-up read failed (find it with download-file and the contentVersionId).'
        ),
    size: z.number().describe('Size of the file in bytes, e.g. 48213.'),
    fileExtension: z.string().nullable().describe('Extension Salesforce took from fileName, e.g. "pdf"; null when the name has none (or the follow-up read failed).'),
    checksum: z.string().nullable().describe("Salesforce's MD5 checksum of the content, 32 hex digits, e.g. \"9e107d9d372bb6826bd81d3542a419d6\"; null if unknown."),
    linkToRecordId: z.string().nullable().describe('The record the file was attached to, as given in linkToRecordId, e.g. "006D000000CkJ9kIAF"; null when none was given.')
});

const action = createAction({
    description: `Upload a file to Salesforce Files (creates a ContentVersion and its ContentDocument; changes data, notifies no one) from base64 content, optionally attached to a record. At most ${MAX_UPLOAD_BYTES} bytes (28.1 MB; 37.5 MB of base64, Salesforce's limit for a JSON body); larger content is refused before sending. Sent once and never retried automatically, so a network failure cannot create a duplicate file: check with list-record-files before repeating it. Calls POST /sobjects/ContentVersion, then one SOQL query for the ContentDocumentId.`,
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const result = await guarded(nango, () =>
            uploadFile(nango, {
                title: input.title,
                fileName: input.fileName,
                contentBase64: input.contentBase64,
                description: input.description,
                linkToRecordId: input.linkToRecordId,
                preventOthersFromSharing: input.preventOthersFromSharing,
                privateOnRecords: input.privateOnRecords
            })
        );
        return { ...result, linkToRecordId: input.linkToRecordId ?? null };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
