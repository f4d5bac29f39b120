import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { parseInput, recordIdSchema, salesforceErrorSchema } from '../lib/input/schemas.js';
import { MAX_CAMPAIGN_PEOPLE, assertDistinct, existingMembers, personOf } from '../lib/crm/campaigns.js';
import { runCollection } from '../lib/writes/collections.js';

const Input = z.object({
    campaignId: recordIdSchema
        .optional()
        .describe('Campaign to remove people from, id starts with 701, e.g. "701D0000000TVgqIAG"; with recordIds. Leave out when giving memberIds.'),
    recordIds: z
        .array(recordIdSchema)
        .min(1)
        .max(MAX_CAMPAIGN_PEOPLE)
        .optional()
        .describe(`Leads (00Q…) and contacts (003…) to take out of campaignId, 1–${MAX_CAMPAIGN_PEOPLE}, each once, e.g. ["00QD000000XyZ12MAF", "003D000000QlWzRIAV"].`),
    memberIds: z
        .array(recordIdSchema)
        .min(1)
        .max(MAX_CAMPAIGN_PEOPLE)
        .optional()
        .describe(`Or: CampaignMember ids to delete, starting with 00v, 1–${MAX_CAMPAIGN_PEOPLE}, each once, e.g. ["00vD000000A1b2cIAB"] (from list-campaign-members).`)
});

const Output = z.object({
    results: z
        .array(
            z.object({
                index: z.number().describe('Position in recordIds or memberIds (0-based); results are in input order.'),
                recordId: z.string().describe('The id given, in its 18-character form: a lead, contact or CampaignMember id.'),
                memberId: z.string().nullable().describe('The CampaignMember id removed (starts with 00v); null for not_member.'),
                outcome: z
                    .enum(['removed', 'already_removed', 'not_member', 'failed'])
                    .describe(
                        'removed: deleted now; already_removed: the member was already deleted (ENTITY_IS_DELETED), e.g. by a repeated call; not_member: the lead or contact is not in the campaign, nothing to do; failed: see errors.'
                    ),
                errors: z.array(salesforceErrorSchema).describe('Why the removal failed (empty otherwise).')
            })
        )
        .describe('One result per id given, in input order.'),
    removed: z.number().describe('Members deleted by this call.'),
    unchanged: z.number().describe('Ids with nothing to remove (already_removed or not_member): a repeated call is safe.'),
    failed: z.number().describe('Members that could not be removed.')
});

type Result = z.infer<typeof Output>['results'][number];

const action = createAction({
    description:
        'Remove leads and contacts from a campaign: by campaignId with lead or contact ids (their CampaignMember records are found with one query per 200), or by CampaignMember ids, up to 1,000; results per id in input order. Safe to repeat: people not in the campaign are reported not_member and members already deleted already_removed, neither a failure. Deleting a member does not delete the lead or contact. Changes data. Calls GET /query (CampaignMember) and DELETE /composite/sobjects?ids= (/composite above 200).',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            let given: string[];
            let memberOf: Array<string | null>;
            if (input.memberIds) {
                if (input.recordIds || input.campaignId) throw new InputError('give either memberIds alone, or campaignId with recordIds', 'memberIds');
                given = input.memberIds.map((id, i) => toId18(assertRecordId(id, `memberIds[${i}]`, 'CampaignMember')));
                assertDistinct(given, 'memberIds');
                memberOf = given;
            } else {
                if (!input.recordIds || !input.campaignId) throw new InputError('give campaignId with recordIds (lead or contact ids), or memberIds', input.campaignId ? 'recordIds' : 'campaignId');
                const campaignId = toId18(assertRecordId(input.campaignId, 'campaignId', 'Campaign'));
                const people = input.recordIds.map((id, i) => personOf(id, `recordIds[${i}]`));
                given = people.map((p) => p.id);
                assertDistinct(given, 'recordIds');
                const members = await existingMembers(nango, campaignId, people);
                memberOf = given.map((id) => members.get(id)?.memberId ?? null);
            }
            const toDelete = memberOf.filter((id): id is string => id !== null);
            const outcome = toDelete.length > 0 ? await runCollection(nango, { operation: 'delete', items: toDelete, allOrNone: false }) : { results: [] };
            const byMember = new Map(outcome.results.map((r) => [toDelete[r.index] ?? '', r]));
            const results: Result[] = given.map((recordId, index) => {
                const memberId = memberOf[index] ?? null;
                if (memberId === null) return { index, recordId, memberId: null, outcome: 'not_member', errors: [] };
                const r = byMember.get(memberId);
                if (r?.success) return { index, recordId, memberId, outcome: r.alreadyDeleted ? 'already_removed' : 'removed', errors: [] };
                return { index, recordId, memberId, outcome: 'failed', errors: r?.errors ?? [] };
            });
            const count = (...o: Result['outcome'][]): number => results.filter((r) => o.includes(r.outcome)).length;
            return { results, removed: count('removed'), unchanged: count('already_removed', 'not_member'), failed: count('failed') };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
