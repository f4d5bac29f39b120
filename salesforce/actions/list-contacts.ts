import { createAction } from 'nango';
import * as z from 'zod';

import { contains, equalsTo, idIs, listInput, listOutput, listPage, modifiedSinceFilter } from '../lib/crm/list.js';
import { parseInput } from '../lib/input/schemas.js';
import { ContactObject } from '../models/contact.js';

/** Each filter input and the condition it adds; all given ones are ANDed. */
const filters = {
    ownerId: idIs('OwnerId', 'Only contacts owned by this user id.'),
    accountId: idIs('AccountId', 'Only contacts of this account.'),
    email: equalsTo('Email', z.string().max(80), 'Only contacts with exactly this email address.'),
    nameContains: contains('Name', 'Only contacts whose full name contains this text, ignoring case, e.g. "ng".'),
    modifiedSince: modifiedSinceFilter
};

/** The filters, then sortBy (lastModifiedDate, createdDate, lastName: ContactObject.sortFields), sortDirection, limit, cursor. */
const Input = listInput(filters, ContactObject);
const Output = listOutput('contacts', ContactObject);

const action = createAction({
    description:
        'List contacts, filtered by owner, account, email, name or modification date, sorted by last modified (default), created date or last name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await listPage(nango, ContactObject, filters, input);
        return { contacts: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
