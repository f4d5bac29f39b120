import { describe, expect, it } from 'vitest';

import action from '../actions/send-email.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const base = { to: ['a@example.com'], subject: 'S', body: 'B' };

describe('salesforce send-email', () => {
    it('sends through emailSimple with the API 65.0+ input names, once', async () => {
        const nango = actionMock('send-email');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/actions/standard/emailSimple', retries: 0 });
    });

    it('sends from an organization-wide address', async () => {
        const nango = actionMock('send-email');
        const output = await run(action, nango, { to: ['a@example.com'], subject: 'From', body: 'x', senderType: 'OrgWideEmailAddress', senderAddress: 'support@acme.example' });
        expect(output).toEqual({ sent: true, recipientCount: 1, actionName: 'emailSimple' });
    });

    it('the daily email limit: a salesforce_error naming the limits and when they reset', async () => {
        const nango = actionMock('send-email');
        const error = await actionErrorOf(run(action, nango, { to: ['a@example.com'], subject: 'Limit', body: 'x', logEmailOnSend: true }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'SINGLE_EMAIL_LIMIT_EXCEEDED', status: 400 });
        expect(error.message).toMatch(/SingleEmail.*DailyWorkflowEmails.*midnight GMT/);
    });

    it('a user who may not send email: the failure names the permission', async () => {
        const nango = actionMock('send-email');
        const error = await actionErrorOf(run(action, nango, { to: ['a@example.com'], subject: 'Perm', body: 'x' }));
        expect(error).toMatchObject({ errorCode: 'NO_MASS_MAIL_PERMISSION' });
        expect(error.message).toMatch(/Deliverability/);
    });

    it('the org API limit is request_limit_exceeded', async () => {
        const nango = actionMock('send-email');
        const error = await actionErrorOf(run(action, nango, { to: ['a@example.com'], subject: 'Limit', body: 'api' }));
        expect(error).toMatchObject({ type: 'request_limit_exceeded', status: 403 });
    });

    it.each([
        ['no recipient', { subject: 'S', body: 'B' }],
        ['a comma inside an address', { ...base, to: ['a@example.com,b@example.com'] }],
        ['a semicolon inside an address', { ...base, to: ['a@example.com;b@example.com'] }],
        ['a display name', { ...base, to: ['Ada <a@example.com>'] }],
        ['a CRLF in an address', { ...base, to: ['a@example.com\r\nBcc: x@evil.example'] }],
        ['an address without a domain', { ...base, to: ['ada@'] }],
        ['151 recipients', { ...base, to: Array.from({ length: 100 }, (_, i) => `a${i}@example.com`), cc: Array.from({ length: 51 }, (_, i) => `c${i}@example.com`) }],
        ['more than 4,000 bytes of addresses', { ...base, to: Array.from({ length: 120 }, (_, i) => `someone.with.a.long.name.${i}@example.com`) }],
        ['a subject with a line break', { ...base, subject: 'Hello\r\nBcc: x@evil.example' }],
        ['a subject with a bidi override', { ...base, subject: 'Invoice \u202Efdp.exe' }],
        ['a body with a NUL', { ...base, body: 'x\u0000y' }],
        ['a body with a bidi isolate', { ...base, body: 'pay \u2066attacker\u2069' }],
        ['an account as recipientId', { ...base, recipientId: '001D000000IqhSLIAZ' }],
        ['a sender address without OrgWideEmailAddress', { ...base, senderAddress: 'support@acme.example' }],
        ['OrgWideEmailAddress without an address', { ...base, senderType: 'OrgWideEmailAddress' }],
        ['an unknown sender type', { ...base, senderType: 'Anyone' }],
        ['an empty subject', { ...base, subject: '' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('send-email');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
