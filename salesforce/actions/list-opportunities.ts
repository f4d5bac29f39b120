import { createAction } from 'nango';
import * as z from 'zod';

import { contains, dateBound, equalsTo, idIs, listInput, listOutput, listPage, modifiedSinceFilter } from '../lib/crm/list.js';
import { parseInput } from '../lib/input/schemas.js';
import { OpportunityObject } from '../models/opportunity.js';

/** Each filter input and the condition it adds; all given ones are ANDed. */
const filters = {
    ownerId: idIs('OwnerId', 'Only opportunities owned by this user id.'),
    accountId: idIs('AccountId', 'Only opportunities of this account.'),
    stageName: equalsTo('StageName', z.string().max(255), 'Only this stage, e.g. "Negotiation/Review".'),
    isClosed: equalsTo('IsClosed', z.boolean(), 'true: only closed deals; false: only open ones.'),
    isWon: equalsTo('IsWon', z.boolean(), 'true: only won deals; false: only deals not won.'),
    closeDateFrom: dateBound('CloseDate', 'from', 'Only deals closing on or after this date, YYYY-MM-DD.'),
    closeDateTo: dateBound('CloseDate', 'to', 'Only deals closing on or before this date, YYYY-MM-DD.'),
    nameContains: contains('Name', 'Only opportunities whose name contains this text, ignoring case.'),
    modifiedSince: modifiedSinceFilter
};

/** The filters, then sortBy (lastModifiedDate, createdDate, closeDate, name: OpportunityObject.sortFields), sortDirection, limit, cursor. */
const Input = listInput(filters, OpportunityObject);
const Output = listOutput('opportunities', OpportunityObject);

const action = createAction({
    description:
        'List opportunities, filtered by owner, account, stage, open/closed, won, close-date range, name or modification date, sorted by last modified (default), created date, close date or name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await listPage(nango, OpportunityObject, filters, input);
        return { opportunities: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
