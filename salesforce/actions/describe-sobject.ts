import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { describeSObject, fieldSummarySchema, sObjectSummarySchema, summarizeField, summarizeSObject } from '../lib/metadata/describe.js';
import { fitItems } from '../lib/http/output.js';
import { fieldNameSchema, parseInput, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema,
    fieldNames: z.array(fieldNameSchema).min(1).max(800).optional().describe('Only describe these fields, e.g. ["Name", "Industry", "Region__c"].'),
    customFieldsOnly: z.boolean().optional().describe('Only custom fields (API names ending in __c). Default false.'),
    fieldDetail: z
        .enum(['summary', 'full'])
        .optional()
        .describe('"summary" (default): name, label, type, length, permissions, lookups and active picklist values. "full": every attribute Salesforce returns for each field.'),
    includeChildRelationships: z.boolean().optional().describe('Also list child relationships (e.g. Contacts of Account). Default false.'),
    includeRecordTypes: z.boolean().optional().describe('Also list record types. Default false.'),
    fieldOffset: z.number().int().min(0).optional().describe('Skip this many matching fields; use nextFieldOffset from a previous result. Default 0.')
});

const Output = z.object({
    object: sObjectSummarySchema.describe('The object: names, key prefix and what the connected user may do with it.'),
    fieldCount: z.number().describe('Number of fields that match the filters.'),
    fields: z.array(z.union([fieldSummarySchema, z.record(z.string(), z.unknown())])).describe('The matching fields, in Salesforce order.'),
    nextFieldOffset: z
        .number()
        .nullable()
        .describe("Pass as fieldOffset to get the remaining fields when the answer was cut to stay under Nango's 2 MB limit; null when complete."),
    childRelationships: z
        .array(
            z.object({
                childSObject: z.string().describe('Child object, e.g. "Contact".'),
                field: z.string().describe('Its lookup field to this object, e.g. "AccountId".'),
                relationshipName: z.string().nullable().describe('Name for a subquery, e.g. "Contacts" in (SELECT Id FROM Contacts); null when it cannot be queried that way.'),
                cascadeDelete: z.boolean().describe('True when deleting this record deletes those children too.')
            })
        )
        .optional()
        .describe('Objects whose records point at this one.'),
    recordTypeInfos: z
        .array(
            z.object({
                recordTypeId: z.string().describe('Record type id, starts with 012, e.g. "012000000000000AAA" (the master record type).'),
                name: z.string().describe('Label, e.g. "Master".'),
                developerName: z.string().describe('API name, e.g. "Enterprise_Deal".'),
                active: z.boolean().describe('False for a deactivated record type.'),
                defaultRecordTypeMapping: z.boolean().describe('True for the default record type of the connected user.')
            })
        )
        .optional()
        .describe('Record types of the object.')
});

const action = createAction({
    description:
        'Describe one object: its fields (type, length, required, permissions, lookups, picklist values), optionally only some fields or only custom ones, plus its child relationships and record types on request. Calls GET /sobjects/{sObject}/describe.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const describe = await guarded(nango, () => describeSObject(nango, input.sObject));
        const wanted = input.fieldNames ? new Set(input.fieldNames.map((n) => n.toLowerCase())) : undefined;
        const allFields = Array.isArray(describe['fields']) ? (describe['fields'] as Record<string, unknown>[]) : [];
        const matching = allFields.filter(
            (f) => (!wanted || wanted.has(String(f['name']).toLowerCase())) && (!input.customFieldsOnly || f['custom'] === true)
        );
        const offset = input.fieldOffset ?? 0;
        const window = matching.slice(offset);
        const fields = input.fieldDetail === 'full' ? window : window.map(summarizeField);

        const extras: Pick<z.infer<typeof Output>, 'childRelationships' | 'recordTypeInfos'> = {};
        if (input.includeChildRelationships) {
            const children = Array.isArray(describe['childRelationships']) ? (describe['childRelationships'] as Record<string, unknown>[]) : [];
            extras.childRelationships = children.map((c) => ({
                childSObject: String(c['childSObject'] ?? ''),
                field: String(c['field'] ?? ''),
                relationshipName: typeof c['relationshipName'] === 'string' ? c['relationshipName'] : null,
                cascadeDelete: c['cascadeDelete'] === true
            }));
        }
        if (input.includeRecordTypes) {
            const types = Array.isArray(describe['recordTypeInfos']) ? (describe['recordTypeInfos'] as Record<string, unknown>[]) : [];
            extras.recordTypeInfos = types.map((t) => ({
                recordTypeId: String(t['recordTypeId'] ?? ''),
                name: String(t['name'] ?? ''),
                developerName: String(t['developerName'] ?? ''),
                active: t['active'] === true,
                defaultRecordTypeMapping: t['defaultRecordTypeMapping'] === true
            }));
        }
        const envelope = { object: summarizeSObject(describe), fieldCount: matching.length, fields: [], nextFieldOffset: matching.length, ...extras };
        const fitted = fitItems(fields, envelope);
        const end = offset + fitted.items.length;
        return { ...envelope, fields: fitted.items, nextFieldOffset: end < matching.length ? end : null };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
