/** The Task model: one schema, one field list, one mapper, shared by the tasks sync and the task actions. */
import * as z from 'zod';

import { boolean, customFields, date, text } from '../lib/metadata/values.js';
import type { CrmObject } from '../lib/crm/typed.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { dateSchema, recordIdSchema } from '../lib/input/schemas.js';
import { customFieldsSchema, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const TaskSchema = z.object({
    id: z.string().describe('18-character Task id, starts with 00T, e.g. "00TD000000AbCdEMAV".'),
    subject: z.string().nullable().describe('e.g. "Call back about renewal".'),
    status: z.string().nullable().describe('e.g. "Not Started", "Completed".'),
    priority: z.string().nullable().describe('e.g. "Normal", "High".'),
    due_date: z.string().nullable().describe('ActivityDate, YYYY-MM-DD.'),
    description: z.string().nullable().describe('Comments, free text up to 32,000 characters.'),
    is_closed: z.boolean().nullable().describe('Null only when the connected user cannot read the field.'),
    who_id: z.string().nullable().describe('Id of the contact (starts with 003) or lead (starts with 00Q) the task is about, e.g. "003D000000QlWzRIAV".'),
    what_id: z.string().nullable().describe('Id of the account (001…), opportunity (006…), case (500…) or other record the task relates to, e.g. "006D000000CbBwqIAF".'),
    owner_id: z.string().nullable().describe('Assigned user id, starts with 005, e.g. "005D0000001AbCdIAK".'),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Task = z.infer<typeof TaskSchema>;

export const TASK_FIELDS = ['Id', 'Subject', 'Status', 'Priority', 'ActivityDate', 'Description', 'IsClosed', 'WhoId', 'WhatId', 'OwnerId', ...systemFields] as const;

export function toTask(record: SalesforceRecord, extraFields: readonly string[] = []): Task {
    return {
        id: text(record['Id']) ?? '',
        subject: text(record['Subject']),
        status: text(record['Status']),
        priority: text(record['Priority']),
        due_date: date(record['ActivityDate']),
        description: text(record['Description']),
        is_closed: boolean(record['IsClosed']),
        who_id: text(record['WhoId']),
        what_id: text(record['WhatId']),
        owner_id: text(record['OwnerId']),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}

/** Typed inputs of create-task / update-task and the Task fields they set. */
export const taskInputShape = {
    subject: z.string().min(1).max(255).describe('e.g. "Call back about renewal".'),
    status: z.string().max(255).optional().describe("Task status picklist value, e.g. \"Not Started\" or \"Completed\". Omit for the org's default."),
    priority: z.string().max(255).optional().describe('e.g. "High", "Normal", "Low".'),
    dueDate: dateSchema.optional().describe('Due date, YYYY-MM-DD, e.g. "2026-12-01".'),
    whoId: recordIdSchema.optional().describe('Id of the contact (starts with 003) or lead (starts with 00Q) the task is about, e.g. "003D000000QlWzRIAV".'),
    whatId: recordIdSchema.optional().describe('Id of the account (001…), opportunity (006…), case (500…) or other record it relates to, e.g. "006D000000CbBwqIAF".'),
    ownerId: recordIdSchema.optional().describe('User id of the assignee, starts with 005, e.g. "005D0000001AbCdIAK". Default: the connected user.'),
    description: z.string().max(32_000).optional().describe('Comments, free text up to 32,000 characters.')
};

export const TASK_FIELD_MAP = {
    subject: 'Subject',
    status: 'Status',
    priority: 'Priority',
    dueDate: 'ActivityDate',
    whoId: 'WhoId',
    whatId: 'WhatId',
    ownerId: 'OwnerId',
    description: 'Description'
} as const;

export const TaskObject = {
    sObject: 'Task',
    fields: TASK_FIELDS,
    schema: TaskSchema,
    map: (record: SalesforceRecord) => toTask(record),
    sortFields: {
        lastModifiedDate: { field: 'LastModifiedDate', type: 'dateTime' },
        createdDate: { field: 'CreatedDate', type: 'dateTime' }
    }
} as const satisfies CrmObject;
