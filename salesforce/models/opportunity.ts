/** The Opportunity model, shared by the opportunities sync and the opportunity actions. */
import * as z from 'zod';

import { boolean, customFields, date, number, text } from '../lib/convert.js';
import type { SalesforceRecord } from '../lib/pager.js';
import { customFieldsSchema, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const OpportunitySchema = z.object({
    id: z.string().describe('18-character Opportunity id.'),
    name: z.string(),
    amount: z.number().nullable(),
    stage_name: z.string().nullable(),
    close_date: z.string().nullable().describe('YYYY-MM-DD.'),
    probability: z.number().nullable().describe('0–100.'),
    forecast_category: z.string().nullable(),
    is_closed: z.boolean(),
    is_won: z.boolean(),
    type: z.string().nullable(),
    lead_source: z.string().nullable(),
    next_step: z.string().nullable(),
    description: z.string().nullable(),
    account_id: z.string().nullable(),
    account_name: z.string().nullable(),
    owner_id: z.string().nullable(),
    owner_name: z.string().nullable(),
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

export function toOpportunity(record: SalesforceRecord, extraFields: readonly string[] = []): Opportunity {
    return {
        id: text(record, 'Id') ?? '',
        name: text(record, 'Name') ?? '',
        amount: number(record, 'Amount'),
        stage_name: text(record, 'StageName'),
        close_date: date(record, 'CloseDate'),
        probability: number(record, 'Probability'),
        forecast_category: text(record, 'ForecastCategoryName'),
        is_closed: boolean(record, 'IsClosed'),
        is_won: boolean(record, 'IsWon'),
        type: text(record, 'Type'),
        lead_source: text(record, 'LeadSource'),
        next_step: text(record, 'NextStep'),
        description: text(record, 'Description'),
        account_id: text(record, 'AccountId'),
        account_name: text(record, 'Account.Name'),
        owner_id: text(record, 'OwnerId'),
        owner_name: text(record, 'Owner.Name'),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
