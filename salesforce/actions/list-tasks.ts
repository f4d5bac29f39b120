import { createAction } from 'nango';
import * as z from 'zod';

import { contains, dateBound, equalsTo, idIs, listInput, listOutput, listPage, modifiedSinceFilter } from '../lib/crm/list.js';
import { parseInput } from '../lib/input/schemas.js';
import { TaskObject } from '../models/task.js';

/** Each filter input and the condition it adds; all given ones are ANDed. */
const filters = {
    ownerId: idIs('OwnerId', 'Only tasks assigned to this user id.'),
    status: equalsTo('Status', z.string().max(255), 'Only this status, e.g. "Not Started".'),
    isClosed: equalsTo('IsClosed', z.boolean(), 'true: only completed tasks; false: only open ones.'),
    whoId: idIs('WhoId', 'Only tasks about this contact or lead.'),
    whatId: idIs('WhatId', 'Only tasks related to this record (account, opportunity, case…).'),
    dueDateFrom: dateBound('ActivityDate', 'from', 'Only tasks due on or after this date, YYYY-MM-DD.'),
    dueDateTo: dateBound('ActivityDate', 'to', 'Only tasks due on or before this date, YYYY-MM-DD.'),
    subjectContains: contains('Subject', 'Only tasks whose subject contains this text, ignoring case.'),
    modifiedSince: modifiedSinceFilter
};

/** The filters, then sortBy (lastModifiedDate, createdDate: TaskObject.sortFields), sortDirection, limit, cursor. */
const Input = listInput(filters, TaskObject);
const Output = listOutput('tasks', TaskObject);

const action = createAction({
    description:
        'List tasks, filtered by assignee, status, open/closed, who (contact or lead), what (related record), due-date range, subject or modification date, newest change first by default, 50 at a time; nextCursor continues. One SOQL query per call.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const page = await listPage(nango, TaskObject, filters, input);
        return { tasks: page.items, nextCursor: page.nextCursor };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
