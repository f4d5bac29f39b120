/**
 * The Ticket model: a Case with its conversation (case comments and email messages), read through child subqueries
 * so that a page of cases costs one API call, not one per case.
 */
import * as z from 'zod';

import { boolean, dateTime, parentField, text } from '../lib/metadata/values.js';
import type { QueryPage, SalesforceRecord } from '../lib/http/pager.js';
import type { ChildQuery } from '../lib/sync/engine.js';
import { CaseSchema, toCase } from './case.js';

export const ConversationEntrySchema = z.object({
    id: z.string().describe('Id of the CaseComment or EmailMessage.'),
    type: z.enum(['comment', 'email']).describe('"comment" for a CaseComment, "email" for an EmailMessage.'),
    is_public: z.boolean().nullable().describe('Visible to the customer: a published comment, or an externally visible email; null only when the connected user cannot read the field.'),
    author_name: z.string().nullable().describe('Who wrote the comment, or the email\'s sender name, e.g. "Ada Ng".'),
    author_email: z.string().nullable().describe('Sender address (emails only).'),
    subject: z.string().nullable().describe('Emails only.'),
    body: z.string().nullable().describe('Comment body, or the email text body.'),
    to_address: z.string().nullable().describe('Emails only.'),
    incoming: z.boolean().nullable().describe('Emails only: true when received from the customer.'),
    created_date: z.string().nullable().describe('When it was written or the email was sent, ISO 8601 UTC.')
});
export type ConversationEntry = z.infer<typeof ConversationEntrySchema>;

export const TicketSchema = CaseSchema.extend({
    conversation: z.array(ConversationEntrySchema).describe('Comments and emails of the case, oldest first.')
});
export type Ticket = z.infer<typeof TicketSchema>;

export const COMMENT_FIELDS = ['Id', 'CommentBody', 'IsPublished', 'CreatedById', 'CreatedBy.Name', 'CreatedDate'] as const;
export const EMAIL_FIELDS = ['Id', 'Subject', 'TextBody', 'FromName', 'FromAddress', 'ToAddress', 'Incoming', 'IsExternallyVisible', 'MessageDate', 'CreatedDate'] as const;

/** Child relationship names of Case. */
export const CONVERSATION_RELATIONSHIPS = ['CaseComments', 'EmailMessages'] as const;

/** The child subqueries of a ticket (the sync leaves out the child fields the connected user cannot read). */
export const TICKET_CHILDREN: readonly ChildQuery[] = [
    { relationship: 'CaseComments', sObject: 'CaseComment', select: COMMENT_FIELDS, orderBy: [{ field: 'CreatedDate' }] },
    { relationship: 'EmailMessages', sObject: 'EmailMessage', select: EMAIL_FIELDS, orderBy: [{ field: 'MessageDate' }] }
];

function children(record: SalesforceRecord, relationship: string): SalesforceRecord[] {
    const value = record[relationship] as Partial<QueryPage> | null | undefined;
    return Array.isArray(value?.records) ? value.records : [];
}

export function toConversation(record: SalesforceRecord): ConversationEntry[] {
    const comments = children(record, 'CaseComments').map(
        (c): ConversationEntry => ({
            id: text(c['Id']) ?? '',
            type: 'comment',
            is_public: boolean(c['IsPublished']),
            author_name: text(parentField(c, 'CreatedBy', 'Name')),
            author_email: null,
            subject: null,
            body: text(c['CommentBody']),
            to_address: null,
            incoming: null,
            created_date: dateTime(c['CreatedDate'])
        })
    );
    const emails = children(record, 'EmailMessages').map(
        (m): ConversationEntry => ({
            id: text(m['Id']) ?? '',
            type: 'email',
            is_public: boolean(m['IsExternallyVisible']),
            author_name: text(m['FromName']),
            author_email: text(m['FromAddress']),
            subject: text(m['Subject']),
            body: text(m['TextBody']),
            to_address: text(m['ToAddress']),
            incoming: boolean(m['Incoming']),
            created_date: dateTime(m['MessageDate']) ?? dateTime(m['CreatedDate'])
        })
    );
    return [...comments, ...emails].sort((a, b) => (a.created_date ?? '').localeCompare(b.created_date ?? '') || a.id.localeCompare(b.id));
}

export function toTicket(record: SalesforceRecord, extraFields: readonly string[] = []): Ticket {
    return { ...toCase(record, extraFields), conversation: toConversation(record) };
}
