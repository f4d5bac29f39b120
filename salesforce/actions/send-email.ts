import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { assertIdWithPrefix, assertRecordId } from '../lib/input/ids.js';
import { MAX_EMAIL_ADDRESS_LENGTH, assertEmailAddress, assertMessageText, assertOneLineText } from '../lib/input/messages.js';
import { utf8Length } from '../lib/http/output.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { invokeAction, rowFailure } from '../lib/writes/invocable.js';

/** "If recipientAddresses, ccAddresses, bccAddresses, and recipientId are also used, the combined number of recipients must be 150 or fewer." (Simple Email Actions, API 65.0+) */
const MAX_RECIPIENTS = 150;
/** "The maximum size for this field is 4,000 bytes" (each of recipientAddresses, ccAddresses, bccAddresses). */
const MAX_LIST_BYTES = 4_000;
/** Our limits, those of the EmailMessage record an email is logged as: Subject 3,000 characters, TextBody 32,000. */
const MAX_SUBJECT = 3_000;
const MAX_BODY = 32_000;

const address = z.string().min(3).max(MAX_EMAIL_ADDRESS_LENGTH);

const Input = z.object({
    to: z.array(address).max(MAX_RECIPIENTS).optional().describe('Recipients\' email addresses, one per entry, e.g. ["ada@example.com"]. Needed unless recipientId is given.'),
    cc: z.array(address).max(MAX_RECIPIENTS).optional().describe('Copy recipients, visible to all, e.g. ["grace@example.com"].'),
    bcc: z.array(address).max(MAX_RECIPIENTS).optional().describe('Blind copy recipients, hidden from the others, e.g. ["audit@example.com"].'),
    recipientId: recordIdSchema
        .optional()
        .describe('A contact (id starts with 003), lead (00Q) or user (005) to send to, e.g. "003D000000QnQ1XIAV"; the email goes to its Email field and counts as one recipient.'),
    subject: z.string().min(1).max(MAX_SUBJECT).describe('Subject line, one line of plain text, e.g. "Your renewal quote".'),
    body: z.string().min(1).max(MAX_BODY).describe('Body in plain text; line breaks are kept, HTML is sent as text, e.g. "Hello Ada,\\n\\nPlease find the quote attached."'),
    senderType: z
        .enum(['CurrentUser', 'DefaultWorkflowUser', 'OrgWideEmailAddress'])
        .optional()
        .describe('Whose address the email comes from: CurrentUser (the connected user, default), DefaultWorkflowUser, or OrgWideEmailAddress (then senderAddress).'),
    senderAddress: address.optional().describe('A verified organization-wide email address to send from, e.g. "support@acme.example"; only with senderType OrgWideEmailAddress.'),
    relatedRecordId: recordIdSchema.optional().describe('Record the email is about, e.g. a case "500D000000Abc12IAB" or opportunity "006…"; with logEmailOnSend the logged email is linked to it.'),
    logEmailOnSend: z
        .boolean()
        .optional()
        .describe('Log the sent email as an activity (EmailMessage) on the recipient and relatedRecordId. Default false. When true the email counts against the SingleEmail daily limit instead of DailyWorkflowEmails.')
});

const Output = z.object({
    sent: z.boolean().describe('True: Salesforce accepted the email for delivery (delivery itself is not confirmed).'),
    recipientCount: z.number().describe('Recipients addressed: to, cc and bcc addresses plus one for recipientId.'),
    actionName: z.string().describe('The Salesforce action that sent it: "emailSimple".')
});

const ADVICE: Record<string, string> = {
    SINGLE_EMAIL_LIMIT_EXCEEDED:
        "The org's daily email limit is used up (get-limits: SingleEmail when logEmailOnSend is true, else DailyWorkflowEmails); it resets at midnight GMT. Nothing was sent.",
    NO_MASS_MAIL_PERMISSION: 'The connected user may not send email: check the Send Email permission and Setup → Deliverability (access level "All email").',
    INVALID_EMAIL_ADDRESS: 'Salesforce refused an address: check each one, and that senderAddress is a verified organization-wide address.'
};

function joined(list: readonly string[] | undefined, path: string): string | undefined {
    if (!list || list.length === 0) return undefined;
    list.forEach((a, i) => assertEmailAddress(a, `${path}.${i}`));
    const value = list.join(',');
    if (utf8Length(value) > MAX_LIST_BYTES) throw new InputError(`lists ${utf8Length(value)} bytes of addresses; Salesforce takes at most ${MAX_LIST_BYTES} bytes per list`, path);
    return value;
}

const action = createAction({
    description:
        'Send a plain-text email to people (up to 150 recipients: addresses and/or one contact, lead or user) from the connected user or an organization-wide address, optionally logged on a related record. It notifies people and counts against the org\'s daily email limits (get-limits: SingleEmail with logEmailOnSend, else DailyWorkflowEmails). Sent once and never retried (a re-run sends the email again): after a timeout, do not repeat blindly. Calls POST /actions/standard/emailSimple.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const recipientAddresses = joined(input.to, 'to');
            const ccAddresses = joined(input.cc, 'cc');
            const bccAddresses = joined(input.bcc, 'bcc');
            const recipientCount = (input.to?.length ?? 0) + (input.cc?.length ?? 0) + (input.bcc?.length ?? 0) + (input.recipientId ? 1 : 0);
            if (recipientCount === 0 || (!recipientAddresses && !input.recipientId)) throw new InputError('needs at least one address in to, or a recipientId', 'to');
            if (recipientCount > MAX_RECIPIENTS) throw new InputError(`names ${recipientCount} recipients; Salesforce takes at most ${MAX_RECIPIENTS} per email (to, cc, bcc and recipientId together)`, 'to');
            if (input.recipientId) assertIdWithPrefix(input.recipientId, 'recipientId', ['003', '00Q', '005'], 'a contact (003…), lead (00Q…) or user (005…) id');
            if (input.relatedRecordId) assertRecordId(input.relatedRecordId, 'relatedRecordId');
            assertOneLineText(input.subject, 'subject');
            assertMessageText(input.body, 'body');
            if (input.senderType === 'OrgWideEmailAddress' && !input.senderAddress) throw new InputError('is required with senderType OrgWideEmailAddress', 'senderAddress');
            if (input.senderAddress !== undefined) {
                if (input.senderType !== 'OrgWideEmailAddress') throw new InputError('goes only with senderType OrgWideEmailAddress', 'senderAddress');
                assertEmailAddress(input.senderAddress, 'senderAddress');
            }
            const row: Record<string, unknown> = {
                ...(recipientAddresses ? { recipientAddresses } : {}),
                ...(ccAddresses ? { ccAddresses } : {}),
                ...(bccAddresses ? { bccAddresses } : {}),
                ...(input.recipientId ? { recipientId: input.recipientId } : {}),
                emailSubject: input.subject,
                emailBody: input.body,
                ...(input.senderType ? { senderType: input.senderType } : {}),
                ...(input.senderAddress ? { senderAddress: input.senderAddress } : {}),
                ...(input.relatedRecordId ? { relatedRecordId: input.relatedRecordId } : {}),
                ...(input.logEmailOnSend !== undefined ? { logEmailOnSend: input.logEmailOnSend } : {})
            };
            const context = 'send email';
            const result = await invokeAction(nango, { type: 'standard', name: 'emailSimple' }, [row], context);
            const first = result.results[0];
            if (!first || !first.isSuccess) {
                throw rowFailure(nango, first ?? { index: 0, isSuccess: false, outputValues: null, errors: [], omitted: false }, result.status, context, (code) => ADVICE[code]);
            }
            return { sent: true, recipientCount, actionName: result.actionName };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
