/**
 * Input and output pieces shared by every function, so each concept has one name, one description and one set of
 * checks (the glossary in the README lists them). Every schema runs the same checks as the lib's assert functions.
 */
import * as z from 'zod';

import { assertExternalIdValue, type NangoClient } from './api.js';
import { InputError, actionError, inputErrorPayload } from './errors.js';
import { RECORD_ID_PATTERN, assertRecordId } from './ids.js';
import { API_NAME_PATTERN, FIELD_PATH_PATTERN, MAX_API_NAME_LENGTH, assertFieldName, assertFieldPath, assertSObjectName } from './names.js';
import { MAX_BATCH_SIZE, MIN_BATCH_SIZE } from './pager.js';
import { MAX_SOQL_LENGTH } from './soql.js';

/** Turns one of the lib's assert functions into a zod check with the same message. */
function checkedBy(assert: (value: unknown) => unknown) {
    return (value: unknown, ctx: z.RefinementCtx): void => {
        try {
            assert(value);
        } catch (error) {
            if (error instanceof InputError) {
                for (const issue of error.issues) {
                    ctx.addIssue({ code: 'custom', message: issue.message });
                }
                return;
            }
            throw error;
        }
    };
}

export const sObjectSchema = z
    .string()
    .max(MAX_API_NAME_LENGTH)
    .regex(new RegExp(API_NAME_PATTERN))
    .superRefine(checkedBy((v) => assertSObjectName(v)))
    .describe('API name of the Salesforce object (sObject type), e.g. "Account", "Contact" or a custom object such as "Invoice__c".');

export const recordIdSchema = z
    .string()
    .regex(new RegExp(RECORD_ID_PATTERN))
    .superRefine(checkedBy((v) => assertRecordId(v)))
    .describe('Salesforce record id, 15 or 18 characters, e.g. "001D000000IqhSLIAZ".');

export const fieldNameSchema = z
    .string()
    .max(MAX_API_NAME_LENGTH)
    .regex(new RegExp(API_NAME_PATTERN))
    .superRefine(checkedBy((v) => assertFieldName(v)))
    .describe('Field API name, e.g. "Name" or "Custom_Field__c".');

export const fieldPathSchema = z
    .string()
    .max(6 * MAX_API_NAME_LENGTH)
    .regex(new RegExp(FIELD_PATH_PATTERN))
    .superRefine(checkedBy((v) => assertFieldPath(v)))
    .describe('Field API name or relationship path, e.g. "Name" or "Account.Owner.Name".');

/** Field list for reading one record (`?fields=`): plain field names of the object itself. */
export const fieldsSchema = z
    .array(fieldNameSchema)
    .min(1)
    .max(800)
    .optional()
    .describe('Field API names to return, e.g. ["Id", "Name", "Industry"]. Omit to return every field the connected user can read.');

export const externalIdFieldSchema = fieldNameSchema.describe(
    'API name of the field used to find the record: a field marked External ID (or an idLookup field such as Email on some objects), e.g. "External_Id__c".'
);

export const externalIdSchema = z
    .string()
    .superRefine(checkedBy((v) => assertExternalIdValue(v)))
    .describe('Value of the external-id field that identifies the record, e.g. "INV-1001" (1–255 characters, sent URL-encoded).');

export const recordSchema = z
    .record(z.string(), z.unknown())
    .describe(
        'Field values by field API name, e.g. {"Name": "Acme", "Industry": "Technology", "Region__c": "EMEA"}. null clears a field. A lookup may be set by the parent\'s external id: {"Account__r": {"External_Id__c": "ACC-7"}}.'
    );

export const batchSizeSchema = z
    .number()
    .int()
    .min(MIN_BATCH_SIZE)
    .max(MAX_BATCH_SIZE)
    .optional()
    .describe(`Preferred number of records per page, ${MIN_BATCH_SIZE}–${MAX_BATCH_SIZE} (default 2000). Salesforce may return fewer.`);

/** A record as Salesforce returns it: field API names, with `attributes` {type, url}. */
export const salesforceRecordSchema = z
    .record(z.string(), z.unknown())
    .describe('A record as Salesforce returns it: field API names and values, plus attributes {type, url}.');

/** Result of a write to one record. */
export const writeResultSchema = z.object({
    recordId: z.string().describe('18-character id of the record written.'),
    success: z.boolean().describe('True when Salesforce accepted the write.')
});

/** One page of a SOQL query, shared by query-records, query-all-records and retrieve-query-more. */
export const queryPageSchema = z.object({
    totalSize: z.number().describe('Number of rows the whole query matches (not the size of this page).'),
    done: z.boolean().describe('True when no rows remain after this page.'),
    records: z.array(salesforceRecordSchema).describe('The rows of this page, as Salesforce returns them.'),
    nextRecordsUrl: z
        .string()
        .nullable()
        .describe('Locator path of the next page; pass it to retrieve-query-more. null when done, or when a cut page cannot be continued (see truncated).'),
    truncated: z
        .boolean()
        .describe("True when this page was cut to stay under Nango's 2 MB output limit; nextRecordsUrl then continues right after the last returned row.")
});

/** Validates an action's input with its schema before anything else happens; a failure makes no request. */
export function parseInput<S extends z.ZodType>(nango: NangoClient, schema: S, input: unknown): z.infer<S> {
    const result = schema.safeParse(input ?? {});
    if (!result.success) {
        const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
        throw actionError(nango, inputErrorPayload(new InputError(issues)));
    }
    return result.data;
}

/** A SOQL statement written by the caller. */
export const soqlSchema = z
    .string()
    .min(1)
    .max(MAX_SOQL_LENGTH)
    .describe('A SOQL statement, e.g. "SELECT Id, Name, Owner.Name FROM Account WHERE Industry = \'Technology\' ORDER BY Name". At most 100,000 characters.');
