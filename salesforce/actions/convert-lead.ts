import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, type NangoClient } from '../lib/http/api.js';
import { InputError, actionError, inputErrorPayload } from '../lib/http/errors.js';
import { assertRecordId, sameId, toId18 } from '../lib/input/ids.js';
import { printable } from '../lib/input/names.js';
import { convertLead, soapSessionId } from '../lib/crm/soap.js';
import { convertedStatusesFor, readLead, type LeadState } from '../lib/crm/lead.js';
import { outcomeUnknown } from '../lib/writes/idempotent.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';

/** An input found wrong only after reading the lead and its statuses: nothing was written, but calls were made. */
function inputErrorAfterLookup(nango: NangoClient, message: string, path: string): Error {
    return actionError(nango, inputErrorPayload(new InputError(message, path), "Found after reading the lead and its process's statuses; nothing was converted."));
}

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the lead to convert, e.g. "00QD000000XyZ12MAF".'),
    convertedStatus: z
        .string()
        .min(1)
        .max(255)
        .optional()
        .describe(
            'Lead status API value (LeadStatus.ApiName, not its label) to give the converted lead, e.g. "Closed - Converted"; it must be a converted status of the lead\'s lead process (checked first). Omit to use the first converted status the lead\'s record type offers (UI API picklist order), or for a lead without a record type the first LeadStatus with IsConverted = true by SortOrder.'
        ),
    accountId: recordIdSchema.optional().describe('Merge into this existing account (starts with 001) instead of creating one. On a lead already converted into another account, the action fails with CANNOT_UPDATE_CONVERTED_LEAD.'),
    contactId: recordIdSchema.optional().describe('Merge into this existing contact of accountId (starts with 003) instead of creating one.'),
    ownerId: recordIdSchema.optional().describe('User who owns the new records, starts with 005. Default: the lead owner.'),
    doNotCreateOpportunity: z.boolean().optional().describe('true: create no opportunity. Default false.'),
    opportunityName: z.string().min(1).max(120).optional().describe('Name of the new opportunity. Default: set by Salesforce from the company.'),
    overwriteLeadSource: z.boolean().optional().describe("Copy the lead's source onto the contact, replacing its own. Default false."),
    sendNotificationEmail: z.boolean().optional().describe('Email the new owner. Default false.')
});

const Output = z.object({
    leadId: z.string().describe('18-character id of the converted lead, starts with 00Q, e.g. "00QD000000AbCdEMAV".'),
    accountId: z.string().describe('Account the lead became (new or merged into), starts with 001.'),
    contactId: z.string().describe('Contact the lead became (new or merged into), starts with 003.'),
    opportunityId: z.string().nullable().describe('Opportunity created (starts with 006), or null with doNotCreateOpportunity or when the conversion found made none.'),
    convertedStatus: z.string().describe("Status of the converted lead: the status's API value (LeadStatus.ApiName), e.g. \"Closed - Converted\"."),
    alreadyConverted: z
        .boolean()
        .describe(
            'True when the lead was found already converted (by an earlier run whose answer was lost, or by anyone else): nothing was converted now, and the ids are those of that conversion, read from the lead (IsConverted, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId). False when this run converted it.'
        )
});

type Result = z.infer<typeof Output>;

/** The conversion a lead already had, as this action's result; refused if the input asked to merge into other records. */
function earlierConversion(nango: NangoClient, lead: LeadState, input: { accountId?: string | undefined; contactId?: string | undefined }): Result {
    const asked: Array<[string, string | undefined, string | null]> = [
        ['accountId', input.accountId, lead.accountId],
        ['contactId', input.contactId, lead.contactId]
    ];
    for (const [name, wanted, actual] of asked) {
        if (wanted !== undefined && (actual === null || !sameId(wanted, actual))) {
            throw actionError(nango, {
                type: 'salesforce_error',
                message: `convert lead ${lead.leadId} failed: CANNOT_UPDATE_CONVERTED_LEAD: the lead is already converted, into account ${lead.accountId ?? 'none'} and contact ${lead.contactId ?? 'none'}, not the ${name} ${toId18(wanted)} asked for; a converted lead cannot be converted again. Nothing was changed.`,
                errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
                fields: [name],
                status: null,
                errors: [],
                convertedAccountId: lead.accountId,
                convertedContactId: lead.contactId,
                convertedOpportunityId: lead.opportunityId
            });
        }
    }
    return {
        leadId: lead.leadId,
        accountId: lead.accountId ?? '',
        contactId: lead.contactId ?? '',
        opportunityId: lead.opportunityId,
        convertedStatus: lead.status ?? '',
        alreadyConverted: true
    };
}

/** After a convertLead whose outcome is unknown or refused for a converted lead: the lead read again, if it is converted. */
async function convertedSince(nango: NangoClient, leadId: string): Promise<LeadState | undefined> {
    const lead = await readLead(nango, leadId);
    return lead.isConverted ? lead : undefined;
}

const action = createAction({
    description:
        "Convert a lead into an account, a contact and (unless doNotCreateOpportunity) an opportunity, or merge it into an existing account and contact, and return the ids. Changes data: the lead becomes read-only. Calls GET /sobjects/Lead/{recordId} first: a lead already converted (e.g. by an earlier run whose answer was lost) is reported as that conversion with alreadyConverted true and nothing is done, so a re-run never converts twice. Then reads the converted statuses valid for the lead's record type (its lead process: GET /ui-api/object-info/Lead/picklist-values/{recordTypeId}/Status; without a record type, a SOQL query of LeadStatus IsConverted = true), picks the first or checks convertedStatus against them, and calls the SOAP API's convertLead (Salesforce has no REST resource for it) with the connection's token, once, never retried; when its answer is lost, the lead is read again and a conversion found there is returned.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async (): Promise<Result> => {
            assertRecordId(input.recordId, 'recordId', 'Lead');
            if (input.accountId) assertRecordId(input.accountId, 'accountId', 'Account');
            if (input.contactId) assertRecordId(input.contactId, 'contactId', 'Contact');
            if (input.ownerId) assertRecordId(input.ownerId, 'ownerId', 'User');
            if (input.contactId && !input.accountId) {
                throw new InputError('needs accountId too: a contact is merged together with its account', 'contactId');
            }
            if (input.opportunityName && input.doNotCreateOpportunity) {
                throw new InputError('cannot be set together with doNotCreateOpportunity', 'opportunityName');
            }
            const leadId = toId18(input.recordId);
            const lead = await readLead(nango, leadId);
            if (lead.isConverted) return earlierConversion(nango, lead, input);

            const valid = await convertedStatusesFor(nango, lead.recordTypeId);
            const process = lead.recordTypeId ? `the lead process of record type ${lead.recordTypeId}` : 'the org';
            let convertedStatus = input.convertedStatus;
            if (convertedStatus === undefined) {
                convertedStatus = valid[0];
                if (convertedStatus === undefined) {
                    throw inputErrorAfterLookup(nango, `is needed: ${process} offers no converted lead status that the user can read`, 'convertedStatus');
                }
            } else if (!valid.includes(convertedStatus)) {
                throw inputErrorAfterLookup(
                    nango,
                    `"${printable(convertedStatus)}" is not a converted status of ${process} (API values: ${valid.map((v) => `"${printable(v)}"`).join(', ') || 'none'})`,
                    'convertedStatus'
                );
            }
            const token = await soapSessionId(nango);
            let result;
            try {
                result = await convertLead(nango, token, {
                    leadId,
                    convertedStatus,
                    accountId: input.accountId,
                    contactId: input.contactId,
                    ownerId: input.ownerId,
                    opportunityName: input.opportunityName,
                    doNotCreateOpportunity: input.doNotCreateOpportunity,
                    overwriteLeadSource: input.overwriteLeadSource,
                    sendNotificationEmail: input.sendNotificationEmail ?? false
                });
            } catch (error) {
                // a lost answer, or a conversion that committed between our read and this call: the lead tells
                const refusedAsConverted = (error as { payload?: { errorCode?: unknown } }).payload?.errorCode === 'CANNOT_UPDATE_CONVERTED_LEAD';
                if (outcomeUnknown(nango, error) || refusedAsConverted) {
                    const now = await convertedSince(nango, leadId);
                    if (now) return earlierConversion(nango, now, input);
                }
                throw error;
            }
            return {
                leadId: result.leadId ?? leadId,
                accountId: result.accountId ?? '',
                contactId: result.contactId ?? '',
                opportunityId: result.opportunityId,
                convertedStatus,
                alreadyConverted: false
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
