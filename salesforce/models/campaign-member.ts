/** The CampaignMember model, shared by the campaign-members sync and list-campaign-members. */
import * as z from 'zod';

import { boolean, customFields, date, parentField, text } from '../lib/metadata/values.js';
import type { CrmObject } from '../lib/crm/typed.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

/** Values CampaignMember shows from its lead or contact. */
const FROM_PERSON = (what: string, example: string): string =>
    `${what} of the lead or contact, e.g. ${example}. Salesforce shows the person's current value; the synced copy is as of this member's last change (join on lead_or_contact_id for the current one).`;

export const CampaignMemberSchema = z.object({
    id: z.string().describe('18-character CampaignMember id, starts with 00v, e.g. "00vD000000A1b2cIAB".'),
    campaign_id: z.string().describe('Campaign id, starts with 701, e.g. "701D0000000TVgqIAG".'),
    campaign_name: z.string().nullable().describe(parentNameNote('Name of the campaign', 'campaign_id')),
    type: z.enum(['Lead', 'Contact']).nullable().describe('Whether the member is a lead or a contact; null only when the connected user cannot read the field.'),
    lead_id: z.string().nullable().describe('Lead id, starts with 00Q, e.g. "00QD000000XyZ12MAF"; null for a contact member.'),
    contact_id: z.string().nullable().describe('Contact id, starts with 003, e.g. "003D000000QlWzRIAV"; null for a lead member.'),
    lead_or_contact_id: z.string().nullable().describe('The lead or contact id, whichever the member is, e.g. "003D000000QlWzRIAV".'),
    status: z.string().nullable().describe('Member status: one of the campaign\'s CampaignMemberStatus labels, e.g. "Sent", "Responded", "Attended".'),
    has_responded: z.boolean().nullable().describe('True when the status counts as responded (set by Salesforce from the status).'),
    first_responded_date: z.string().nullable().describe('YYYY-MM-DD the member first got a responded status; null if never.'),
    first_name: z.string().nullable().describe(FROM_PERSON('First name', '"Ada"')),
    last_name: z.string().nullable().describe(FROM_PERSON('Last name', '"Ng"')),
    name: z.string().nullable().describe(FROM_PERSON('Full name', '"Ada Ng"')),
    email: z.string().nullable().describe(FROM_PERSON('Email', '"ada@acme.example"')),
    title: z.string().nullable().describe(FROM_PERSON('Job title', '"CFO"')),
    phone: z.string().nullable().describe(FROM_PERSON('Phone', '"+1 415 555 0100"')),
    company_or_account: z.string().nullable().describe(FROM_PERSON("Lead's company or contact's account name", '"Acme Corp"')),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type CampaignMember = z.infer<typeof CampaignMemberSchema>;

export const CAMPAIGN_MEMBER_FIELDS = [
    'Id',
    'CampaignId',
    'Campaign.Name',
    'Type',
    'LeadId',
    'ContactId',
    'LeadOrContactId',
    'Status',
    'HasResponded',
    'FirstRespondedDate',
    'FirstName',
    'LastName',
    'Name',
    'Email',
    'Title',
    'Phone',
    'CompanyOrAccount',
    ...systemFields
] as const;

function memberType(record: SalesforceRecord): 'Lead' | 'Contact' | null {
    const type = text(record['Type']);
    if (type === 'Lead' || type === 'Contact') return type;
    if (text(record['ContactId'])) return 'Contact';
    return text(record['LeadId']) ? 'Lead' : null;
}

export function toCampaignMember(record: SalesforceRecord, extraFields: readonly string[] = []): CampaignMember {
    return {
        id: text(record['Id']) ?? '',
        campaign_id: text(record['CampaignId']) ?? '',
        campaign_name: text(parentField(record, 'Campaign', 'Name')),
        type: memberType(record),
        lead_id: text(record['LeadId']),
        contact_id: text(record['ContactId']),
        lead_or_contact_id: text(record['LeadOrContactId']) ?? text(record['ContactId']) ?? text(record['LeadId']),
        status: text(record['Status']),
        has_responded: boolean(record['HasResponded']),
        first_responded_date: date(record['FirstRespondedDate']),
        first_name: text(record['FirstName']),
        last_name: text(record['LastName']),
        name: text(record['Name']),
        email: text(record['Email']),
        title: text(record['Title']),
        phone: text(record['Phone']),
        company_or_account: text(record['CompanyOrAccount']),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}

/** The typed view list-campaign-members pages through. */
export const CampaignMemberObject = {
    sObject: 'CampaignMember',
    fields: CAMPAIGN_MEMBER_FIELDS,
    schema: CampaignMemberSchema.omit({ custom_fields: true }),
    map: (record: SalesforceRecord) => toCampaignMember(record),
    sortFields: {
        createdDate: { field: 'CreatedDate', type: 'dateTime' },
        lastModifiedDate: { field: 'LastModifiedDate', type: 'dateTime' }
    }
} as const satisfies CrmObject;
