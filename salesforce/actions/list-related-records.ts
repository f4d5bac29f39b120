import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { actionError } from '../lib/http/errors.js';
import { firstPageOutput, pageOutput, parseQueryLocator, queryFirstPage, queryNextPage } from '../lib/http/pager.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { assertFieldList, printable } from '../lib/input/names.js';
import { batchSizeSchema, fieldNameSchema, fieldPathSchema, parseInput, queryPageSchema, recordIdSchema, sObjectSchema } from '../lib/input/schemas.js';
import { describeSObject } from '../lib/metadata/describe.js';
import { nearestNames } from '../lib/metadata/suggest.js';
import { buildSoql, compare } from '../lib/soql/builder.js';

const Input = z.object({
    sObject: sObjectSchema.describe('API name of the parent record\'s object, e.g. "Account".'),
    recordId: recordIdSchema.describe('Id of the parent record, e.g. "001D000000IqhSLIAZ" (an Account id starts with 001).'),
    relationship: fieldNameSchema.describe(
        'Child relationship name as the parent\'s describe lists it under childRelationships (relationshipName), e.g. "Contacts", "Opportunities", "Cases" on Account, "CaseComments" on Case, or "Invoices__r" for a custom lookup. Matched ignoring case; a misspelled name fails with the nearest names.'
    ),
    fields: z
        .array(fieldPathSchema)
        .min(1)
        .max(200)
        .optional()
        .describe('Fields of the child records to return, relationship paths allowed, e.g. ["Id", "Name", "Email", "Owner.Name"]. Default: Id, the child object\'s name field(s) and CreatedDate.'),
    orderBy: fieldNameSchema.optional().describe('Field of the child object to sort by, e.g. "CreatedDate". Default: Salesforce\'s order.'),
    descending: z.boolean().optional().describe('Sort orderBy from the highest value down. Default false.'),
    batchSize: batchSizeSchema,
    nextRecordsUrl: z
        .string()
        .max(200)
        .optional()
        .describe(
            'The nextRecordsUrl of a previous list-related-records page, exactly as returned (e.g. "/services/data/v66.0/query/01gRO0000016PIAYA2-2000"), to read the next page; give the same sObject, recordId and relationship (they are checked again). Other URLs are refused.'
        )
});

const Output = queryPageSchema.extend({
    nextRecordsUrl: z
        .string()
        .nullable()
        .describe(
            'Locator path of the next page, e.g. "/services/data/v66.0/query/01gRO0000016PIAYA2-2000": pass it back as nextRecordsUrl with the same sObject, recordId and relationship. null when done, or when a cut page cannot be continued (see truncated).'
        ),
    childSObject: z.string().describe('Object of the child records, e.g. "Contact" for Account.Contacts.'),
    lookupField: z.string().describe('Lookup field of the child that points at the parent, e.g. "AccountId" (WhatId for Account.Tasks).')
});

const action = createAction({
    description:
        "List a record's child records through one of its child relationships (Account → Contacts, Opportunities, Cases; Case → CaseComments; custom __r relationships), with the fields you choose, one page at a time. Reads only. Checks the relationship name against GET /sobjects/{sObject}/describe (childRelationships), then runs one SOQL query on the child object filtered by its lookup field (GET /query), which pages with nextRecordsUrl (pass it back as nextRecordsUrl) and allows relationship paths in fields; the friendly URL /sobjects/{sObject}/{id}/{relationship} takes plain fields only. An empty result for a parent that does not exist is reported as not_found (one more query, on that path only).",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            assertRecordId(input.recordId, 'recordId', input.sObject);
            const fields = input.fields ? assertFieldList(input.fields, 'fields') : undefined;
            const locator = input.nextRecordsUrl !== undefined ? parseQueryLocator(input.nextRecordsUrl, 'nextRecordsUrl') : undefined;

            const describe = await describeSObject(nango, input.sObject);
            const relationships = (Array.isArray(describe['childRelationships']) ? describe['childRelationships'] : []) as Array<Record<string, unknown>>;
            const named = relationships.filter((r) => typeof r['relationshipName'] === 'string' && typeof r['childSObject'] === 'string' && typeof r['field'] === 'string');
            const match = named.find((r) => String(r['relationshipName']).toLowerCase() === input.relationship.toLowerCase());
            if (!match) {
                const names = named.map((r) => String(r['relationshipName']));
                const suggestions = nearestNames(input.relationship, names);
                const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ' See describe-sobject (childRelationships) for the names it has.';
                throw actionError(nango, {
                    type: 'not_found',
                    message: `${input.sObject} has no child relationship named "${printable(input.relationship)}" that the connected user can see.${hint}`,
                    errorCode: 'INVALID_RELATIONSHIP',
                    fields: ['relationship'],
                    status: null,
                    errors: [],
                    suggestions
                });
            }
            const childSObject = String(match['childSObject']);
            const lookupField = String(match['field']);
            const context = `list ${input.sObject} ${input.recordId} ${String(match['relationshipName'])}`;

            if (locator) {
                const page = await queryNextPage(nango, locator.path, { batchSize: input.batchSize, context });
                return { ...pageOutput(page, locator), childSObject, lookupField };
            }

            let select = fields;
            if (!select) {
                // default columns from the child's describe: Id, its name field(s), CreatedDate where it has one
                const child = await describeSObject(nango, childSObject);
                const childFields = (Array.isArray(child['fields']) ? child['fields'] : []) as Array<Record<string, unknown>>;
                const names = childFields.filter((f) => f['nameField'] === true && typeof f['name'] === 'string').map((f) => String(f['name']));
                const created = childFields.some((f) => f['name'] === 'CreatedDate') ? ['CreatedDate'] : [];
                select = ['Id', ...names, ...created];
            }
            const parentId = toId18(input.recordId);
            const soql = buildSoql({
                select,
                from: childSObject,
                where: compare(lookupField, '=', parentId),
                orderBy: input.orderBy ? [{ field: input.orderBy, direction: input.descending ? 'DESC' : 'ASC' }] : []
            });
            const { page, output } = await firstPageOutput((batchSize) => queryFirstPage(nango, soql, { batchSize, context }), input.batchSize);
            if (page.totalSize === 0) {
                const parent = await queryFirstPage(nango, buildSoql({ select: ['Id'], from: input.sObject, where: compare('Id', '=', parentId) }), { context: `check ${input.sObject} ${input.recordId}` });
                if (parent.totalSize === 0) {
                    throw actionError(nango, {
                        type: 'not_found',
                        message: `${context} failed: no ${input.sObject} with id ${input.recordId} that the connected user can see (it may be deleted).`,
                        errorCode: 'NOT_FOUND',
                        fields: ['recordId'],
                        status: null,
                        errors: []
                    });
                }
            }
            return { ...output, childSObject, lookupField };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
