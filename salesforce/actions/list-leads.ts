import { createAction } from 'nango';
import * as z from 'zod';

import { contains, equalsTo, idIs, listInput, listOutput, listPage, modifiedSinceFilter } from '../lib/crm/list.js';
import { parseInput } from '../lib/input/schemas.js';
import { LeadObject } from '../models/lead.js';

/** Each filter input and the condition it adds; all given ones are ANDed. */
const filters = {
    ownerId: idIs('OwnerId', 'Only leads owned by this user id.'),
    status: equalsTo('Status', z.string().max(255), 'Only leads with this status, e.g. "Open - Not Contacted".'),
    isConverted: equalsTo('IsConverted', z.boolean(), 'true: only converted leads; false: only leads not yet converted.'),
    nameContains: contains('Name', 'Only leads whose full name contains this text, ignoring case.'),
    companyContains: contains('Company', 'Only leads whose company contains this text, ignoring case.'),
    modifiedSince: modifiedSinceFilter
};

/** The filters, then sortBy (lastModifiedDate, createdDate, lastName: LeadObject.sortFields), sortDirection, limit, cursor. */
const Input = listInput(filters, LeadObject);
const Output = listOutput('leads', LeadObject);

const action = createAction({
    description:
        'List leads, filtered by owner, status, converted or not, name, company or modification date, sorted by last modified (default), created date or last name, 50 at a time by default; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await listPage(nango, LeadObject, filters, input);
        return { leads: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
