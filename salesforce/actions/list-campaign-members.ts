import { createAction } from 'nango';
import * as z from 'zod';

import { equalsTo, idIs, listInput, listPage, modifiedSinceFilter, type ListFilter } from '../lib/crm/list.js';
import { outputSchemaOf } from '../lib/crm/typed.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { personTypeSchema } from '../lib/crm/campaigns.js';
import { compare } from '../lib/soql/builder.js';
import { CampaignMemberObject } from '../models/campaign-member.js';

const campaignIdSchema = recordIdSchema.describe('Campaign whose members to list, id starts with 701, e.g. "701D0000000TVgqIAG".');
const typeFilterSchema = personTypeSchema.optional().describe('Only lead members (Lead) or only contact members (Contact).');

/** The campaign (required) and each filter input with the condition it adds; all given ones are ANDed. */
const campaignFilter: ListFilter<typeof campaignIdSchema> = { schema: campaignIdSchema, where: (value, path) => compare('CampaignId', '=', toId18(assertRecordId(value, path, 'Campaign'))) };
const typeFilter: ListFilter<typeof typeFilterSchema> = { schema: typeFilterSchema, where: (value) => compare('Type', '=', value) };
const filters = {
    campaignId: campaignFilter,
    type: typeFilter,
    status: equalsTo('Status', z.string().min(1).max(40), 'Only members with exactly this member status, e.g. "Responded".'),
    hasResponded: equalsTo('HasResponded', z.boolean(), 'Only members who have (true) or have not (false) responded.'),
    leadOrContactId: idIs('LeadOrContactId', 'Only the membership of this lead (00Q…) or contact (003…).'),
    modifiedSince: modifiedSinceFilter
};

/** The filters, then sortBy (createdDate, lastModifiedDate), sortDirection, limit, cursor. */
const Input = listInput(filters, CampaignMemberObject);
const Output = z.object({
    members: z.array(outputSchemaOf(CampaignMemberObject)).describe('The CampaignMember records of this page (at most limit), in the sort order.'),
    nextCursor: z.string().nullable().describe('Pass as cursor to list-campaign-members, with the same campaignId, filters and sort, for the following members; null when there are no more.')
});

const action = createAction({
    description:
        'List the members of one campaign (CampaignMember: member id, campaign, lead or contact id and type, status, responded flag and date, name, email, title, phone, company), filtered by type, status, responded or person, sorted by created date (default) or last modified, 50 at a time by default (up to 200); nextCursor continues. Read-only: one SOQL query per call (GET /query).',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await listPage(nango, CampaignMemberObject, filters, input);
        return { members: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
