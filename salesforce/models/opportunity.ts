/** The Opportunity model, shared by the opportunities sync and the opportunity actions. */
import * as z from 'zod';

import { boolean, customFields, date, number, parentField, text } from '../lib/metadata/values.js';
import type { CrmObject } from '../lib/crm/typed.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { dateSchema, recordIdSchema } from '../lib/input/schemas.js';
import { CURRENCY_FIELDS, currencyIsoCodeSchema, customFieldsSchema, parentNameNote, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const OpportunitySchema = z.object({
    id: z.string().describe('18-character Opportunity id, starts with 006, e.g. "006D000000CbBwqIAF".'),
    name: z.string().describe('e.g. "Acme – 500 seats".'),
    amount: z.number().nullable().describe('In the currency of currency_iso_code (multi-currency orgs), e.g. 48000.'),
    currency_iso_code: currencyIsoCodeSchema,
    stage_name: z.string().nullable().describe('Stage picklist value, e.g. "Prospecting" or "Closed Won".'),
    close_date: z.string().nullable().describe('YYYY-MM-DD.'),
    probability: z.number().nullable().describe('0–100.'),
    forecast_category: z.string().nullable().describe('Follows the stage, e.g. "Pipeline", "Commit", "Closed", "Omitted".'),
    is_closed: z.boolean().nullable().describe('Follows the stage; null only when the connected user cannot read the field.'),
    is_won: z.boolean().nullable().describe('Follows the stage; null only when the connected user cannot read the field.'),
    type: z.string().nullable().describe('Type picklist value, e.g. "New Customer".'),
    lead_source: z.string().nullable().describe('LeadSource picklist value, e.g. "Web".'),
    next_step: z.string().nullable().describe('e.g. "Send the proposal".'),
    description: z.string().nullable().describe('Free text, up to 32,000 characters.'),
    account_id: z.string().nullable().describe('Account id, starts with 001, e.g. "001D000000IqhSLIAZ".'),
    account_name: z.string().nullable().describe(parentNameNote('Name of the account', 'account_id')),
    owner_id: z.string().nullable().describe('Owning user id, starts with 005, e.g. "005D0000001AbCdIAK".'),
    owner_name: z.string().nullable().describe(parentNameNote('Name of the owning user', 'owner_id')),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

export const OPPORTUNITY_FIELDS = [
    'Id',
    'Name',
    'Amount',
    'StageName',
    'CloseDate',
    'Probability',
    'ForecastCategoryName',
    'IsClosed',
    'IsWon',
    'Type',
    'LeadSource',
    'NextStep',
    'Description',
    'AccountId',
    'Account.Name',
    'OwnerId',
    'Owner.Name',
    ...systemFields
] as const;

/** What the opportunities sync reads: the model's fields and, in multi-currency orgs, the currency. */
export const OPPORTUNITY_SYNC_FIELDS = [...OPPORTUNITY_FIELDS, ...CURRENCY_FIELDS] as const;

export function toOpportunity(record: SalesforceRecord, extraFields: readonly string[] = []): Opportunity {
    return {
        id: text(record['Id']) ?? '',
        name: text(record['Name']) ?? '',
        amount: number(record['Amount']),
        currency_iso_code: text(record['CurrencyIsoCode']),
        stage_name: text(record['StageName']),
        close_date: date(record['CloseDate']),
        probability: number(record['Probability']),
        forecast_category: text(record['ForecastCategoryName']),
        is_closed: boolean(record['IsClosed']),
        is_won: boolean(record['IsWon']),
        type: text(record['Type']),
        lead_source: text(record['LeadSource']),
        next_step: text(record['NextStep']),
        description: text(record['Description']),
        account_id: text(record['AccountId']),
        account_name: text(parentField(record, 'Account', 'Name')),
        owner_id: text(record['OwnerId']),
        owner_name: text(parentField(record, 'Owner', 'Name')),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}

/** Typed inputs of create-opportunity / update-opportunity and the Opportunity fields they set. */
export const opportunityInputShape = {
    name: z.string().min(1).max(120).describe('e.g. "Acme – 500 seats".'),
    stageName: z.string().min(1).max(255).describe('Stage picklist value, e.g. "Prospecting". To close a deal use close-opportunity.'),
    closeDate: dateSchema.describe('Expected close date, YYYY-MM-DD, e.g. "2026-12-31".'),
    accountId: recordIdSchema.optional().describe('Account of the deal, starts with 001, e.g. "001D000000IqhSLIAZ".'),
    amount: z.number().min(0).optional().describe('In the org currency (multi-currency orgs: the record\'s currency, by default the user\'s), e.g. 48000.'),
    probability: z.number().min(0).max(100).optional().describe('0–100; omit to take the stage default.'),
    type: z.string().max(255).optional().describe('e.g. "New Customer".'),
    leadSource: z.string().max(255).optional().describe('LeadSource picklist value, e.g. "Web".'),
    nextStep: z.string().max(255).optional().describe('e.g. "Send the proposal".'),
    description: z.string().max(32_000).optional().describe('Free text, up to 32,000 characters.')
};

export const OPPORTUNITY_FIELD_MAP = {
    name: 'Name',
    stageName: 'StageName',
    closeDate: 'CloseDate',
    accountId: 'AccountId',
    amount: 'Amount',
    probability: 'Probability',
    type: 'Type',
    leadSource: 'LeadSource',
    nextStep: 'NextStep',
    description: 'Description'
} as const;

export const OpportunityObject = {
    sObject: 'Opportunity',
    fields: OPPORTUNITY_FIELDS,
    schema: OpportunitySchema.omit({ currency_iso_code: true }),
    map: (record: SalesforceRecord) => toOpportunity(record),
    sortFields: {
        lastModifiedDate: { field: 'LastModifiedDate', type: 'dateTime' },
        createdDate: { field: 'CreatedDate', type: 'dateTime' },
        closeDate: { field: 'CloseDate', type: 'date' },
        name: { field: 'Name', type: 'text' }
    }
} as const satisfies CrmObject;

/** Fields Salesforce derives from StageName: writing them is refused (use close-opportunity to close a deal). */
export const OPPORTUNITY_DERIVED_FIELDS = {
    IsWon: 'IsWon follows the stage; use close-opportunity to close a deal as won or lost',
    IsClosed: 'IsClosed follows the stage; use close-opportunity to close a deal as won or lost'
};
