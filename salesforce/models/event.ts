/** The Event model (calendar events): one schema, one field list, one mapper, used by the events sync. */
import * as z from 'zod';

import { boolean, customFields, date, dateTime, number, parentField, text } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { customFieldsSchema, systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const EventSchema = z.object({
    id: z.string().describe('18-character Event id, starts with 00U, e.g. "00UD000000AbCdEMAV".'),
    subject: z.string().nullable().describe('e.g. "Quarterly review with Acme".'),
    location: z.string().nullable().describe('Free text, e.g. "Head office, room 4B" or a meeting link.'),
    start_date_time: z
        .string()
        .nullable()
        .describe('StartDateTime, ISO 8601 UTC, e.g. "2026-11-24T15:00:00.000Z". For an all-day event, midnight UTC of its first day (read all_day_date instead).'),
    end_date_time: z.string().nullable().describe('EndDateTime, ISO 8601 UTC, e.g. "2026-11-24T16:00:00.000Z". For an all-day event, midnight UTC of its last day.'),
    is_all_day: z.boolean().nullable().describe('IsAllDayEvent: true when the event takes whole days (no time of day); its day is all_day_date and its length duration_minutes (a multiple of 1440).'),
    all_day_date: z.string().nullable().describe('ActivityDate, YYYY-MM-DD: the (first) day of the event, e.g. "2026-11-24"; for a timed event the UTC date of its start.'),
    duration_minutes: z.number().nullable().describe('DurationInMinutes, e.g. 60; 1440 per day for an all-day event.'),
    show_as: z.string().nullable().describe('ShowAs, how the time shows in the calendar: "Busy", "OutOfOffice" or "Free".'),
    is_private: z.boolean().nullable().describe('IsPrivate: only the owner (and admins) can see the event in the calendar.'),
    type: z.string().nullable().describe('Type picklist, e.g. "Meeting", "Call".'),
    description: z.string().nullable().describe('Free text up to 32,000 characters.'),
    who_id: z.string().nullable().describe('Id of the contact (starts with 003) or lead (starts with 00Q) the event is with, e.g. "003D000000QlWzRIAV".'),
    who_type: z.string().nullable().describe('Object of who_id: "Contact" or "Lead"; null without who_id.'),
    what_id: z.string().nullable().describe('Id of the account (001…), opportunity (006…), case (500…) or other record the event relates to, e.g. "006D000000CbBwqIAF".'),
    what_type: z.string().nullable().describe('Object of what_id, e.g. "Account", "Opportunity", "Case"; null without what_id.'),
    account_id: z.string().nullable().describe('AccountId (starts with 001), set by Salesforce from what_id or who_id, e.g. "001D000000IqhSLIAZ".'),
    owner_id: z.string().nullable().describe('Assigned user id, starts with 005, e.g. "005D0000001AbCdIAK".'),
    is_recurrence: z.boolean().nullable().describe('IsRecurrence: true on the master event of a recurring series (its occurrences point at it through recurrence_activity_id).'),
    recurrence_activity_id: z.string().nullable().describe('RecurrenceActivityId: on an occurrence of a recurring series, the id of the series\' master event (starts with 00U); null otherwise.'),
    recurrence_type: z.string().nullable().describe('RecurrenceType of a series master, e.g. "RecursWeekly", "RecursDaily"; null otherwise.'),
    ...systemFieldsSchema,
    custom_fields: customFieldsSchema
});
export type Event = z.infer<typeof EventSchema>;

export const EVENT_FIELDS = [
    'Id',
    'Subject',
    'Location',
    'StartDateTime',
    'EndDateTime',
    'IsAllDayEvent',
    'ActivityDate',
    'DurationInMinutes',
    'ShowAs',
    'IsPrivate',
    'Type',
    'Description',
    'WhoId',
    'Who.Type',
    'WhatId',
    'What.Type',
    'AccountId',
    'OwnerId',
    'IsRecurrence',
    'RecurrenceActivityId',
    'RecurrenceType',
    ...systemFields
] as const;

export function toEvent(record: SalesforceRecord, extraFields: readonly string[] = []): Event {
    return {
        id: text(record['Id']) ?? '',
        subject: text(record['Subject']),
        location: text(record['Location']),
        start_date_time: dateTime(record['StartDateTime']),
        end_date_time: dateTime(record['EndDateTime']),
        is_all_day: boolean(record['IsAllDayEvent']),
        all_day_date: date(record['ActivityDate']),
        duration_minutes: number(record['DurationInMinutes']),
        show_as: text(record['ShowAs']),
        is_private: boolean(record['IsPrivate']),
        type: text(record['Type']),
        description: text(record['Description']),
        who_id: text(record['WhoId']),
        who_type: text(parentField(record, 'Who', 'Type')),
        what_id: text(record['WhatId']),
        what_type: text(parentField(record, 'What', 'Type')),
        account_id: text(record['AccountId']),
        owner_id: text(record['OwnerId']),
        is_recurrence: boolean(record['IsRecurrence']),
        recurrence_activity_id: text(record['RecurrenceActivityId']),
        recurrence_type: text(record['RecurrenceType']),
        ...systemFieldsOf(record),
        custom_fields: customFields(record, extraFields)
    };
}
