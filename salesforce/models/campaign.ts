/** The Campaign model of the campaigns sync. */
import * as z from 'zod';

import { boolean, customFields, date, number, parentField, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { CURRENCY_FIELDS, currencyIsoCodeSchema, customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

/** How fresh the counts and totals Salesforce keeps on the campaign are in the synced copy. */
const COUNTED =
    'Kept by Salesforce, read-only. As of the campaign\'s last SystemModstamp: a membership change that does not touch the campaign shows here at its next change (campaign-members has the members themselves).';

export const CampaignSchema = z.object({
    id: z.string().describe('18-character Campaign id, starts with 701, e.g. "701D0000000TVgqIAG".'),
    name: z.string().describe('e.g. "Spring Launch 2026".'),
    type: z.string().nullable().describe('Type picklist value, e.g. "Webinar", "Email", "Trade Show".'),
    status: z.string().nullable().describe('Status picklist value, e.g. "Planned", "In Progress", "Completed", "Aborted".'),
    start_date: z.string().nullable().describe('YYYY-MM-DD.'),
    end_date: z.string().nullable().describe('YYYY-MM-DD.'),
    is_active: z.boolean().nullable().describe('The Active checkbox; null only when the connected user cannot read it.'),
    description: z.string().nullable().describe('Free text, up to 32,000 characters.'),
    budgeted_cost: z.number().nullable().describe('Budgeted Cost in Campaign, in the campaign\'s currency, e.g. 25000.'),
    expected_revenue: z.number().nullable().describe('Expected Revenue in Campaign, e.g. 150000.'),
    actual_cost: z.number().nullable().describe('Actual Cost in Campaign, e.g. 23100.'),
    expected_response: z.number().nullable().describe('Expected Response (%), 0–100, e.g. 12.5.'),
    number_sent: z.number().nullable().describe('Num Sent in Campaign, as entered by users, e.g. 4000.'),
    currency_iso_code: currencyIsoCodeSchema,
    parent_id: z.string().nullable().describe('Parent campaign id, starts with 701, e.g. "701D0000000TVgqIAG"; null for a top-level campaign.'),
    number_of_leads: z.number().nullable().describe(`Leads in Campaign. ${COUNTED}`),
    number_of_converted_leads: z.number().nullable().describe(`Converted Leads in Campaign. ${COUNTED}`),
    number_of_contacts: z.number().nullable().describe(`Contacts in Campaign. ${COUNTED}`),
    number_of_responses: z.number().nullable().describe(`Members whose status counts as responded. ${COUNTED}`),
    number_of_opportunities: z.number().nullable().describe(`Opportunities whose primary campaign this is. ${COUNTED}`),
    number_of_won_opportunities: z.number().nullable().describe(`Won opportunities of this campaign. ${COUNTED}`),
    amount_all_opportunities: z.number().nullable().describe(`Value Opportunities in Campaign. ${COUNTED}`),
    amount_won_opportunities: z.number().nullable().describe(`Value Won Opportunities in Campaign. ${COUNTED}`),
    owner_id: z.string().nullable().describe('Owning user id, starts with 005, e.g. "005D0000001AbCdIAK".'),
    owner_name: z.string().nullable().describe(parentNameNote('Name of the owning user', 'owner_id')),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Campaign = z.infer<typeof CampaignSchema>;

export const CAMPAIGN_FIELDS = [
    'Id',
    'Name',
    'Type',
    'Status',
    'StartDate',
    'EndDate',
    'IsActive',
    'Description',
    'BudgetedCost',
    'ExpectedRevenue',
    'ActualCost',
    'ExpectedResponse',
    'NumberSent',
    'ParentId',
    'NumberOfLeads',
    'NumberOfConvertedLeads',
    'NumberOfContacts',
    'NumberOfResponses',
    'NumberOfOpportunities',
    'NumberOfWonOpportunities',
    'AmountAllOpportunities',
    'AmountWonOpportunities',
    'OwnerId',
    'Owner.Name',
    ...systemFields,
    ...CURRENCY_FIELDS
] as const;

export function toCampaign(record: SalesforceRecord, extraFields: readonly string[] = []): Campaign {
    return {
        id: text(record['Id']) ?? '',
        name: text(record['Name']) ?? '',
        type: text(record['Type']),
        status: text(record['Status']),
        start_date: date(record['StartDate']),
        end_date: date(record['EndDate']),
        is_active: boolean(record['IsActive']),
        description: text(record['Description']),
        budgeted_cost: number(record['BudgetedCost']),
        expected_revenue: number(record['ExpectedRevenue']),
        actual_cost: number(record['ActualCost']),
        expected_response: number(record['ExpectedResponse']),
        number_sent: number(record['NumberSent']),
        currency_iso_code: text(record['CurrencyIsoCode']),
        parent_id: text(record['ParentId']),
        number_of_leads: number(record['NumberOfLeads']),
        number_of_converted_leads: number(record['NumberOfConvertedLeads']),
        number_of_contacts: number(record['NumberOfContacts']),
        number_of_responses: number(record['NumberOfResponses']),
        number_of_opportunities: number(record['NumberOfOpportunities']),
        number_of_won_opportunities: number(record['NumberOfWonOpportunities']),
        amount_all_opportunities: number(record['AmountAllOpportunities']),
        amount_won_opportunities: number(record['AmountWonOpportunities']),
        owner_id: text(record['OwnerId']),
        owner_name: text(parentField(record, 'Owner', 'Name')),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
