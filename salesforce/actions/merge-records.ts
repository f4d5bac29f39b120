import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError, actionError, inputErrorPayload } from '../lib/http/errors.js';
import { queryFirstPage } from '../lib/http/pager.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { assertFieldName, printable } from '../lib/input/names.js';
import { fieldNameSchema, parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { MERGEABLE_OBJECTS, mergeRecords } from '../lib/crm/merge.js';
import { soapSessionId } from '../lib/crm/soap.js';
import { buildSoql, idIn } from '../lib/soql/builder.js';

const Input = z.object({
    sObject: z.enum(MERGEABLE_OBJECTS).describe('Object of the records: "Account", "Contact" or "Lead" (the only objects Salesforce merges).'),
    masterRecordId: recordIdSchema.describe('Id of the record that survives, e.g. "001D000000IqhSLIAZ" (Account ids start with 001, Contact 003, Lead 00Q).'),
    mergeRecordIds: z
        .array(recordIdSchema)
        .min(1)
        .max(2)
        .describe('Ids of the one or two records merged into the master and then deleted, e.g. ["001D000000IqhSMIAZ"]. Same object as the master; at most three records in all.'),
    fieldValuesFrom: z
        .record(fieldNameSchema, recordIdSchema)
        .optional()
        .describe(
            'Fields whose value the master takes from one of the merged records, by field API name → that record\'s id, e.g. {"Phone": "001D000000IqhSMIAZ", "Website": "001D000000IqhSMIAZ"}. Every other field keeps the master\'s value. An empty value clears the master\'s field. Plain fields only (address parts such as BillingCity, not BillingAddress).'
        )
});

const Output = z.object({
    masterRecordId: z.string().describe('18-character id of the surviving record, e.g. "001D000000IqhSLIAZ".'),
    mergedRecordIds: z.array(z.string()).describe('Ids of the records merged into the master, now deleted (in the Recycle Bin with MasterRecordId set; query-all-records shows them).'),
    updatedRelatedIds: z
        .array(z.string())
        .describe('Ids of related records (contacts, opportunities, cases, activities…) that now point at the master. Empty when alreadyMerged.'),
    fieldsTaken: z.record(z.string(), z.string()).describe('The fields written on the master and the id of the record each value came from, e.g. {"Phone": "001D000000IqhSMIAZ"}.'),
    alreadyMerged: z
        .boolean()
        .describe(
            'True when every record to merge was already deleted with MasterRecordId = the master (a repeated call after a merge that succeeded, e.g. whose answer was lost): nothing was changed now.'
        )
});

type Row = Record<string, unknown>;

const action = createAction({
    description:
        "Merge one or two duplicate Accounts, Contacts or Leads into a master record: related records (contacts, opportunities, cases, activities…) move to the master, chosen field values are copied onto it, and the merged records are DELETED (to the Recycle Bin). First reads the records with one queryAll (GET /queryAll: existence, IsDeleted, MasterRecordId and the chosen fields), then makes the SOAP API's merge call (POST /services/Soap/u/66.0; Salesforce has no REST resource for merging) with the connection's token. Never retried automatically; calling it again after a merge that succeeded changes nothing and reports alreadyMerged true.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const sObject = input.sObject;
            assertRecordId(input.masterRecordId, 'masterRecordId', sObject);
            input.mergeRecordIds.forEach((id, i) => assertRecordId(id, `mergeRecordIds[${i}]`, sObject));
            const master = toId18(input.masterRecordId);
            const losers = input.mergeRecordIds.map((id) => toId18(id));
            losers.forEach((id, i) => {
                if (id === master) throw new InputError('is the master record itself; name records to merge into it', `mergeRecordIds[${i}]`);
                if (losers.indexOf(id) !== i) throw new InputError('repeats a record already listed', `mergeRecordIds[${i}]`);
            });
            const taken: Record<string, string> = {};
            for (const [field, source] of Object.entries(input.fieldValuesFrom ?? {})) {
                assertFieldName(field, `fieldValuesFrom.${field}`);
                if (['id', 'isdeleted', 'masterrecordid'].includes(field.toLowerCase())) {
                    throw new InputError(`${field} cannot be taken from another record`, `fieldValuesFrom.${field}`);
                }
                const from = toId18(assertRecordId(source, `fieldValuesFrom.${field}`, sObject));
                if (from === master) throw new InputError('names the master: its own values are kept anyway', `fieldValuesFrom.${field}`);
                if (!losers.includes(from)) throw new InputError(`"${printable(source)}" is not one of mergeRecordIds`, `fieldValuesFrom.${field}`);
                taken[field] = from;
            }

            const soql = buildSoql({ select: ['Id', 'IsDeleted', 'MasterRecordId', ...Object.keys(taken)], from: sObject, where: idIn('Id', [master, ...losers]) });
            const page = await queryFirstPage<Row>(nango, soql, { all: true, context: `read the ${sObject} records to merge` });
            const rows = new Map(page.records.map((r) => [typeof r['Id'] === 'string' ? toId18(r['Id']) : '', r]));
            const missing = (id: string, at: string): never => {
                throw actionError(nango, {
                    type: 'not_found',
                    message: `merge failed before the merge call: no ${sObject} with id ${id} that the connected user can see (nothing was merged).`,
                    errorCode: 'NOT_FOUND',
                    fields: [at],
                    status: null,
                    errors: []
                });
            };
            const masterRow = rows.get(master) ?? missing(master, 'masterRecordId');
            if (masterRow['IsDeleted'] === true) {
                const into = typeof masterRow['MasterRecordId'] === 'string' ? ` (it was merged into ${masterRow['MasterRecordId']}; use that record as the master)` : '';
                throw actionError(nango, {
                    type: 'entity_deleted',
                    message: `merge failed before the merge call: the master ${sObject} ${master} is deleted${into}. Nothing was merged.`,
                    errorCode: 'ENTITY_IS_DELETED',
                    fields: ['masterRecordId'],
                    status: null,
                    errors: []
                });
            }
            const loserRows = losers.map((id, i) => rows.get(id) ?? missing(id, `mergeRecordIds[${i}]`));
            const mergedIntoMaster = (row: Row): boolean => row['IsDeleted'] === true && typeof row['MasterRecordId'] === 'string' && toId18(row['MasterRecordId']) === master;
            if (loserRows.every(mergedIntoMaster)) {
                return { masterRecordId: master, mergedRecordIds: losers, updatedRelatedIds: [], fieldsTaken: {}, alreadyMerged: true };
            }
            loserRows.forEach((row, i) => {
                if (row['IsDeleted'] === true) {
                    const into = typeof row['MasterRecordId'] === 'string' ? `merged into ${row['MasterRecordId']}` : 'in the Recycle Bin';
                    throw actionError(nango, {
                        type: 'entity_deleted',
                        message: `merge failed before the merge call: ${sObject} ${losers[i]} is already deleted (${into}). Nothing was merged; leave it out, or restore it first.`,
                        errorCode: 'ENTITY_IS_DELETED',
                        fields: [`mergeRecordIds[${i}]`],
                        status: null,
                        errors: []
                    });
                }
            });
            const masterValues: Record<string, string | number | boolean | null> = {};
            for (const [field, from] of Object.entries(taken)) {
                const row = rows.get(from) ?? {};
                const key = Object.keys(row).find((k) => k.toLowerCase() === field.toLowerCase());
                const value = key === undefined ? null : row[key];
                if (value !== null && typeof value === 'object') {
                    const error = new InputError(`${field} is a compound field (an address or location): name its parts, e.g. BillingCity`, `fieldValuesFrom.${field}`);
                    throw actionError(nango, inputErrorPayload(error, 'Found after reading the records; nothing was merged.'));
                }
                masterValues[key ?? field] = value === undefined || value === '' ? null : (value as string | number | boolean | null);
            }

            const sessionId = await soapSessionId(nango);
            const result = await mergeRecords(nango, sessionId, { sObject, masterId: master, mergeIds: losers, masterValues });
            return {
                masterRecordId: result.masterId ?? master,
                mergedRecordIds: result.mergedRecordIds.length > 0 ? result.mergedRecordIds : losers,
                updatedRelatedIds: result.updatedRelatedIds,
                fieldsTaken: taken,
                alreadyMerged: false
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
