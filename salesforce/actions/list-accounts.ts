import { createAction } from 'nango';
import * as z from 'zod';

import { contains, equalsTo, idIs, listInput, listOutput, listPage, modifiedSinceFilter } from '../lib/crm/list.js';
import { parseInput } from '../lib/input/schemas.js';
import { AccountObject } from '../models/account.js';

/** Each filter input and the condition it adds; all given ones are ANDed. */
const filters = {
    ownerId: idIs('OwnerId', 'Only accounts owned by this user id.'),
    industry: equalsTo('Industry', z.string().max(255), 'Only this industry, e.g. "Technology".'),
    type: equalsTo('Type', z.string().max(255), 'Only this type, e.g. "Customer - Direct".'),
    nameContains: contains('Name', 'Only accounts whose name contains this text, ignoring case, e.g. "acme".'),
    modifiedSince: modifiedSinceFilter
};

/** The filters, then sortBy (lastModifiedDate, createdDate, name: AccountObject.sortFields), sortDirection, limit, cursor. */
const Input = listInput(filters, AccountObject);
const Output = listOutput('accounts', AccountObject);

const action = createAction({
    description:
        'List accounts, filtered by owner, industry, type, name or modification date, sorted by last modified (default), created date or name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await listPage(nango, AccountObject, filters, input);
        return { accounts: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
