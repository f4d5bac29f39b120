/**
 * input/: the checks every caller-supplied value passes — record ids, API names, and the shared zod schemas.
 *
 * Input and output pieces shared by every function, so each concept has one name, one description and one set of
 * checks (the glossary in the README lists them). Every schema runs the same checks as the lib's assert functions.
 */
import * as z from 'zod';

import { assertExternalIdValue, type NangoClient } from '../http/api.js';
import { InputError, actionError, inputErrorPayload } from '../http/errors.js';
import { RECORD_ID_PATTERN, assertRecordId } from './ids.js';
import { API_NAME_PATTERN, FIELD_PATH_PATTERN, MAX_API_NAME_LENGTH, assertFieldName, assertFieldPath, assertSObjectName, printable } from './names.js';
import { MAX_BATCH_SIZE, MIN_BATCH_SIZE } from '../http/pager.js';
import { MAX_SOQL_LENGTH, dateLiteral } from '../soql/builder.js';
import { MAX_URL_LENGTH, REFERENCE_ID_PATTERN, SUBREQUEST_METHODS } from '../writes/composite.js';
import { fieldFilterSchema } from '../soql/filters.js';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_TERM_LENGTH } from '../soql/sosl.js';
import { assertInputShape } from './shape.js';
import { nearestNames } from '../metadata/suggest.js';

/** Turns one of the lib's assert functions into a zod check (for superRefine) with the same message. */
export function checkedBy(assert: (value: unknown) => unknown) {
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

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 does not). */
export const dateSchema = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .superRefine(checkedBy((v) => dateLiteral(String(v))))
    .describe('A date, YYYY-MM-DD, e.g. "2026-12-31".');

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

/** What the delete actions return: deleting is idempotent, a record already in the Recycle Bin counts as deleted. */
export const deleteResultSchema = writeResultSchema.extend({
    alreadyDeleted: z
        .boolean()
        .describe(
            'True when the record was already in the Recycle Bin (Salesforce answered ENTITY_IS_DELETED, e.g. for a retried delete whose first answer was lost): nothing was changed, the record is deleted all the same.'
        )
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
        .describe(
            "True when this page was cut to stay under Nango's 2 MB output limit; nextRecordsUrl then continues right after the last returned row. A first page that held every row is read again in smaller pages so that it can be continued (one more call); only rows so large that 200 of them exceed 2 MB leave nextRecordsUrl null: select fewer fields."
        )
});

/**
 * The top-level keys an input schema accepts, or undefined when it accepts any (a loose object, a record, or a
 * schema that is not an object). Wrappers (optional, nullable, default, a pipe's input side) are looked through; a
 * union accepts the keys of all its options.
 */
export function acceptedInputKeys(schema: z.ZodType): string[] | undefined {
    if (schema instanceof z.ZodObject) {
        const catchall = schema.def.catchall;
        if (catchall !== undefined && !(catchall instanceof z.ZodNever)) return undefined;
        return Object.keys(schema.shape);
    }
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
        return acceptedInputKeys(schema.def.innerType as z.ZodType);
    }
    if (schema instanceof z.ZodPipe) {
        return acceptedInputKeys(schema.def.in as z.ZodType);
    }
    if (schema instanceof z.ZodUnion) {
        const keys: string[] = [];
        for (const option of schema.def.options as readonly z.ZodType[]) {
            const optionKeys = acceptedInputKeys(option);
            if (optionKeys === undefined) return undefined;
            keys.push(...optionKeys);
        }
        return [...new Set(keys)];
    }
    return undefined;
}

/** Most unknown keys named one by one in the error; the rest are counted. */
const MAX_UNKNOWN_KEYS_NAMED = 10;
/** Keys longer than this get no nearest-name suggestion (an edit distance over a huge key is wasted work). */
const MAX_SUGGESTED_KEY_LENGTH = 100;

/** The schema under wrappers (optional, nullable, default, a pipe's input side). */
function unwrapped(schema: z.ZodType): z.ZodType {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return unwrapped(schema.def.innerType as z.ZodType);
    if (schema instanceof z.ZodPipe) return unwrapped(schema.def.in as z.ZodType);
    return schema;
}

/**
 * The schemas nested objects of a value are checked against: a field of a plain object schema, the element of an
 * array. None for a union (which option a nested value belongs to is the union's business) or a schema accepting any key.
 */
function nestedSchema(schema: z.ZodType, key: string | number): z.ZodType | undefined {
    const inner = unwrapped(schema);
    if (inner instanceof z.ZodArray) return typeof key === 'number' ? (inner.def.element as z.ZodType) : undefined;
    if (inner instanceof z.ZodObject && typeof key === 'string') return (inner.shape as Record<string, z.ZodType>)[key];
    return undefined;
}

/**
 * Issues for the keys the schema does not accept, at the top level and in nested objects (array elements included):
 * zod objects drop unknown keys silently, so an old name (`cursor` after it became `nextRecordsUrl`) or a typo
 * (`limt`, or `fieldd` inside a filter) would be ignored and the call would quietly do something else. One issue per
 * unknown key (with the nearest accepted name when one is close), then one listing the accepted keys of that object.
 * Empty when every key is known; objects whose schema accepts any key (records of field values, loose objects) are
 * not checked. A key whose value is undefined carries nothing and is not counted (JSON cannot send one).
 */
export function unknownKeyIssues(schema: z.ZodType, input: unknown, path = ''): Array<{ path: string; message: string }> {
    const issues: Array<{ path: string; message: string }> = [];
    collectUnknownKeys(schema, input, path, issues);
    return issues;
}

function collectUnknownKeys(schema: z.ZodType, input: unknown, path: string, issues: Array<{ path: string; message: string }>): void {
    if (input === null || typeof input !== 'object' || issues.length > MAX_UNKNOWN_KEYS_NAMED * 2) return;
    const at = (key: string | number) => (path === '' ? printable(String(key)) : `${path}.${printable(String(key))}`);
    if (Array.isArray(input)) {
        const element = nestedSchema(schema, 0);
        if (element !== undefined) input.forEach((item, i) => collectUnknownKeys(element, item, at(i), issues));
        return;
    }
    const accepted = acceptedInputKeys(schema);
    if (accepted === undefined) return;
    const known = new Set(accepted);
    const record = input as Record<string, unknown>;
    const unknown = Object.keys(record).filter((key) => !known.has(key) && record[key] !== undefined);
    if (unknown.length > 0) {
        for (const key of unknown.slice(0, MAX_UNKNOWN_KEYS_NAMED)) {
            const nearest = key.length <= MAX_SUGGESTED_KEY_LENGTH ? nearestNames(key, accepted, 1)[0] : undefined;
            const hint = nearest === undefined ? '' : ` (did you mean "${nearest}"?)`;
            issues.push({ path: at(key), message: `unknown input key, it would be ignored${hint}` });
        }
        if (unknown.length > MAX_UNKNOWN_KEYS_NAMED) {
            issues.push({ path, message: `and ${unknown.length - MAX_UNKNOWN_KEYS_NAMED} more unknown input keys` });
        }
        const where = path === '' ? 'the accepted input keys are' : `the accepted keys of ${path} are`;
        issues.push({ path, message: accepted.length > 0 ? `${where} ${accepted.join(', ')}` : path === '' ? 'this action takes no input keys: send {}' : `${path} takes no keys: send {}` });
    }
    for (const key of accepted) {
        const child = nestedSchema(schema, key);
        if (child !== undefined && record[key] !== null && typeof record[key] === 'object') collectUnknownKeys(child, record[key], at(key), issues);
    }
}

/**
 * Validates an action's input with its schema before anything else happens; a failure makes no request. A key the
 * schema does not name is refused, at the top level and in nested objects (see unknownKeyIssues).
 */
export function parseInput<S extends z.ZodType>(nango: NangoClient, schema: S, input: unknown): z.infer<S> {
    try {
        assertInputShape(input);
    } catch (error) {
        if (error instanceof InputError) throw actionError(nango, inputErrorPayload(error));
        throw error;
    }
    const unknownKeys = unknownKeyIssues(schema, input);
    const result = schema.safeParse(input ?? {});
    if (unknownKeys.length > 0 || !result.success) {
        const issues = result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
        throw actionError(nango, inputErrorPayload(new InputError([...unknownKeys, ...issues])));
    }
    return result.data;
}

/** A SOQL statement written by the caller. */
export const soqlSchema = z
    .string()
    .min(1)
    .max(MAX_SOQL_LENGTH)
    .describe('A SOQL statement, e.g. "SELECT Id, Name, Owner.Name FROM Account WHERE Industry = \'Technology\' ORDER BY Name". At most 100,000 characters.');

/** A Salesforce error as our outputs carry it. */
export const salesforceErrorSchema = z.object({
    errorCode: z.string().describe('Salesforce error code, e.g. "REQUIRED_FIELD_MISSING", or NOT_ATTEMPTED.'),
    message: z.string().describe('What Salesforce said, e.g. "Required fields are missing: [LastName]" (may be shortened to keep the output under 2 MB).'),
    fields: z.array(z.string()).describe('Field API names the error concerns.')
});

/** Output of the four sObject Collections actions. */
export const collectionOutputSchema = z.object({
    success: z.boolean().describe('True when every record succeeded.'),
    results: z
        .array(
            z.object({
                index: z.number().describe('Position of the record in the input (0-based); results are in input order.'),
                recordId: z
                    .string()
                    .nullable()
                    .describe(
                        'Id of the record: the one written on success; on failure or when not sent, the id the caller sent (updates, upserts by Id, deletes), null for creates and upserts by an external-id field.'
                    ),
                success: z.boolean().describe('True when Salesforce wrote this record.'),
                created: z.boolean().optional().describe('Upsert only: true when the record was created, false when updated.'),
                alreadyDeleted: z
                    .boolean()
                    .optional()
                    .describe('Delete only, without allOrNone: true when the record was already in the Recycle Bin (ENTITY_IS_DELETED); it counts as a success.'),
                errors: z.array(salesforceErrorSchema).describe('Why this record failed (empty on success); NOT_ATTEMPTED when its batch was not sent.')
            })
        )
        .describe('One result per input record, in input order.'),
    batches: z
        .array(
            z.object({
                fromIndex: z.number().describe('Index of the first input record in this API call, e.g. 0.'),
                toIndex: z.number().describe('Index of the last input record in this API call, e.g. 999.'),
                status: z
                    .enum(['committed', 'partially_committed', 'rolled_back', 'failed', 'not_sent'])
                    .describe('What became of this API call. With allOrNone each batch is all-or-nothing; after a failed batch later ones are not_sent.')
            })
        )
        .describe('One entry per API call (up to 1,000 records each): the unit allOrNone applies to.'),
    apiCalls: z.number().describe('API requests used: one per 1,000 records.'),
    messagesTrimmed: z
        .boolean()
        .describe("True when error messages (and, for very large outputs, field lists past the first) were shortened to keep the output under Nango's 2 MB limit; every result and error code is kept.")
});

export const allOrNoneSchema = z
    .boolean()
    .optional()
    .describe(
        'Roll back all records of an API call when one fails. Each API call carries up to 1,000 records; with more records, calls already committed stay committed and later calls are not sent after a failure (see batches). Default false.'
    );

export const subrequestMethodSchema = z.enum(SUBREQUEST_METHODS).describe('HTTP method of the subrequest (upper case).');

/** A /composite or /composite/graph subrequest. */
export const subrequestSchema = z.object({
    method: subrequestMethodSchema,
    url: z
        .string()
        .max(MAX_URL_LENGTH)
        .describe(
            'Resource to call, starting with /services/data/vNN.N/, e.g. "/services/data/v66.0/sobjects/Contact" or "/services/data/v66.0/sobjects/Account/@{NewAccount.id}". Query strings URL-encoded.'
        ),
    referenceId: z
        .string()
        .max(100)
        .regex(new RegExp(REFERENCE_ID_PATTERN))
        .describe('Name of this subrequest, used by later ones as @{referenceId.field}, e.g. "NewAccount". Letters, digits, underscores.'),
    body: z.unknown().optional().describe('JSON body, e.g. {"LastName": "Ng", "AccountId": "@{NewAccount.id}"}.'),
    httpHeaders: z
        .record(z.string(), z.string())
        .optional()
        .describe('Extra request headers such as {"If-Match": "…"}; Accept, Authorization and Content-Type are not allowed.')
});

/** A /composite or /composite/graph sub-response. */
export const subresponseSchema = z.object({
    referenceId: z.string().describe('The referenceId of the subrequest this answers, e.g. "NewAccount".'),
    httpStatusCode: z.number().describe('HTTP status of this subrequest, e.g. 201; 400 with PROCESSING_HALTED when it was rolled back or depended on a failure.'),
    body: z.unknown().describe('Its response body: a record, a save result, a query page, or an error array.'),
    httpHeaders: z.record(z.string(), z.string()).describe('Response headers of this subrequest, e.g. {"Location": "/services/data/v66.0/sobjects/Account/001…"}.'),
    omitted: z.boolean().describe("True when body was left out to keep the output under Nango's 2 MB limit; repeat that request on its own to read it.")
});

export const searchScopeSchema = z
    .enum(['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'])
    .optional()
    .describe('Which fields to search: ALL (default), NAME, EMAIL, PHONE or SIDEBAR.');

export const searchObjectSchema = z.object({
    sObject: sObjectSchema,
    fields: z.array(fieldPathSchema).min(1).max(200).optional().describe('Fields to return for this object, e.g. ["Id", "Name", "Email"]. Default: Id.'),
    where: z.array(fieldFilterSchema).min(1).max(50).optional().describe('Filters on this object, all of which must hold, e.g. [{"field": "Industry", "operator": "=", "value": "Technology"}].'),
    limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional().describe('Most records of this object to return.')
});

export const searchTermSchema = z
    .string()
    .min(2)
    .max(MAX_SEARCH_TERM_LENGTH)
    .describe('Text to search for, searched literally: reserved characters such as - + * ? " are escaped and AND/OR/NOT are not operators, e.g. "Acme (EMEA)".');
