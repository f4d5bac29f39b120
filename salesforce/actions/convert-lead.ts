import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { queryFirstPage } from '../lib/http/pager.js';
import { convertLead } from '../lib/crm/soap.js';
import { buildSoql, compare } from '../lib/soql/builder.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the lead to convert, e.g. "00QD000000XyZ12AAB".'),
    convertedStatus: z
        .string()
        .min(1)
        .max(255)
        .optional()
        .describe('Lead status API value (LeadStatus.ApiName, not its label) to give the converted lead, e.g. "Closed - Converted". Omit to use the API value of the first converted status of the org (LeadStatus with IsConverted = true, by SortOrder).'),
    accountId: recordIdSchema.optional().describe('Merge into this existing account instead of creating one.'),
    contactId: recordIdSchema.optional().describe('Merge into this existing contact (of accountId) instead of creating one.'),
    ownerId: recordIdSchema.optional().describe('Owner of the new records. Default: the lead owner.'),
    doNotCreateOpportunity: z.boolean().optional().describe('true: create no opportunity. Default false.'),
    opportunityName: z.string().min(1).max(120).optional().describe('Name of the new opportunity. Default: set by Salesforce from the company.'),
    overwriteLeadSource: z.boolean().optional().describe("Copy the lead's source onto the contact, replacing its own. Default false."),
    sendNotificationEmail: z.boolean().optional().describe('Email the new owner. Default false.')
});

const Output = z.object({
    leadId: z.string().describe('18-character id of the converted lead, starts with 00Q, e.g. "00QD000000AbCdEIAZ".'),
    accountId: z.string().describe('Account the lead became (new or merged into).'),
    contactId: z.string().describe('Contact the lead became (new or merged into).'),
    opportunityId: z.string().nullable().describe('Opportunity created, or null with doNotCreateOpportunity.'),
    convertedStatus: z.string().describe("Status given to the converted lead: the status's API value (LeadStatus.ApiName).")
});

const action = createAction({
    description:
        "Convert a lead into an account, a contact and (unless doNotCreateOpportunity) an opportunity, or merge it into an existing account and contact, and return the ids. Salesforce offers this only through the SOAP API's convertLead call, which this action makes with the connection's token. Without convertedStatus it first reads the org's converted lead status and sends its API value (LeadStatus.ApiName, which can differ from the label MasterLabel). Never retried automatically.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            assertRecordId(input.recordId, 'recordId', 'Lead');
            if (input.accountId) assertRecordId(input.accountId, 'accountId', 'Account');
            if (input.contactId) assertRecordId(input.contactId, 'contactId', 'Contact');
            if (input.contactId && !input.accountId) {
                throw new InputError('needs accountId too: a contact is merged together with its account', 'contactId');
            }
            if (input.opportunityName && input.doNotCreateOpportunity) {
                throw new InputError('cannot be set together with doNotCreateOpportunity', 'opportunityName');
            }
            let convertedStatus = input.convertedStatus;
            if (convertedStatus === undefined) {
                // convertLead wants the picklist value (ApiName); MasterLabel is only its label, which an admin may rename
                const soql = buildSoql({ select: ['ApiName', 'MasterLabel'], from: 'LeadStatus', where: compare('IsConverted', '=', true), orderBy: [{ field: 'SortOrder' }], limit: 1 });
                const page = await queryFirstPage(nango, soql, { context: 'read the converted lead status' });
                const apiName = page.records[0]?.['ApiName'];
                convertedStatus = typeof apiName === 'string' && apiName.length > 0 ? apiName : undefined;
                if (!convertedStatus) {
                    throw new InputError('is needed: the org has no lead status marked converted that the user can read', 'convertedStatus');
                }
            }
            const connection = (await nango.getConnection()) as { credentials?: { access_token?: unknown } };
            const token = connection.credentials?.access_token;
            if (typeof token !== 'string' || token.length === 0) {
                throw new Error('The Salesforce connection has no OAuth access token to open the SOAP session with.');
            }
            const result = await convertLead(nango, token, {
                leadId: toId18(input.recordId),
                convertedStatus,
                accountId: input.accountId,
                contactId: input.contactId,
                ownerId: input.ownerId,
                opportunityName: input.opportunityName,
                doNotCreateOpportunity: input.doNotCreateOpportunity,
                overwriteLeadSource: input.overwriteLeadSource,
                sendNotificationEmail: input.sendNotificationEmail ?? false
            });
            return {
                leadId: result.leadId ?? toId18(input.recordId),
                accountId: result.accountId ?? '',
                contactId: result.contactId ?? '',
                opportunityId: result.opportunityId,
                convertedStatus
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
