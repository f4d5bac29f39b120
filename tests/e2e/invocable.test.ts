/**
 * Flows, invocable actions, email and Chatter through their compiled bundles against the emulator: what the org
 * received (tasks created, emails recorded, posts with their mentions), per-row results, limits, and that no write is
 * ever sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, volume: 10, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;
const calls = (endpoint: string) => emulator.stats().byEndpoint[endpoint] ?? 0;
const userIds = () => emulator.org.list('User').map((u) => String(u['Id']));

describe('list-invocable-actions', () => {
    it('lists standard and custom actions (2 calls plus one per custom type), screen flows left out', async () => {
        emulator.resetStats();
        const result = await action('list-invocable-actions', {});
        expect(result.error).toBeUndefined();
        const names = out(result).actions.map((a: { actionType: string; name: string }) => `${a.actionType}:${a.name}`);
        expect(names).toEqual(['standard:chatterPost', 'standard:emailSimple', 'apex:AccountNameLookup', 'flow:Create_Follow_Up_Task', 'flow:Score_Lead']);
        expect(names).not.toContain('flow:Onboarding_Wizard');
        expect(out(result)).toMatchObject({ totalSize: 5, nextOffset: null, truncated: false, apiCalls: 6 });
        expect(emulator.stats().calls).toBe(6);
    });

    it('describes a page of flows with their parameters and pages on with nextOffset', async () => {
        emulator.resetStats();
        const first = await action('list-invocable-actions', { kind: 'custom', customTypes: ['flow'], includeParameters: true, limit: 1 });
        expect(first.error).toBeUndefined();
        expect(out(first).actions).toHaveLength(1);
        expect(out(first).actions[0]).toMatchObject({ name: 'Create_Follow_Up_Task', actionType: 'flow', salesforceType: 'FLOW', describeError: null });
        expect(out(first).actions[0].inputs.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([
            ['recordId', true],
            ['subject', false],
            ['daysUntilDue', false]
        ]);
        expect(out(first).actions[0].outputs.map((p: { name: string }) => p.name)).toEqual(['taskId', 'Flow__InterviewStatus']);
        expect(out(first)).toMatchObject({ totalSize: 2, nextOffset: 1, apiCalls: 2 });
        const second = await action('list-invocable-actions', { kind: 'custom', customTypes: ['flow'], includeParameters: true, limit: 1, offset: out(first).nextOffset });
        expect(out(second).actions.map((a: { name: string }) => a.name)).toEqual(['Score_Lead']);
        expect(out(second).nextOffset).toBeNull();
        expect(emulator.stats().calls).toBe(4);
    });

    it('reports the parameters of emailSimple with the API 65.0+ names send-email uses', async () => {
        const result = await action('list-invocable-actions', { kind: 'standard', nameContains: 'email', includeParameters: true });
        const email = out(result).actions[0];
        expect(email.name).toBe('emailSimple');
        const names = email.inputs.map((p: { name: string }) => p.name);
        expect(names).toEqual(expect.arrayContaining(['recipientAddresses', 'ccAddresses', 'bccAddresses', 'emailSubject', 'emailBody', 'senderType', 'logEmailOnSend']));
        expect(email.inputs.find((p: { name: string }) => p.name === 'senderType').picklistValues).toEqual(['CurrentUser', 'DefaultWorkflowUser', 'OrgWideEmailAddress']);
    });
});

describe('run-flow', () => {
    it('runs one interview per row: tasks created, a missing record faults its row only, sent once', async () => {
        const [a1, a2] = emulator.org.list('Account');
        const contact = emulator.org.list('Contact')[0];
        const tasksBefore = emulator.org.count('Task');
        emulator.resetStats();
        const result = await action('run-flow', {
            flowApiName: 'Create_Follow_Up_Task',
            inputs: [
                { recordId: a1?.['Id'], subject: 'Renewal call', daysUntilDue: 3 },
                { recordId: '001000000000000AAA' },
                { recordId: contact?.['Id'] },
                { recordId: a2?.['Id'] }
            ]
        });
        expect(result.error).toBeUndefined();
        expect(emulator.stats().calls).toBe(1);
        expect(calls('POST /actions/custom/flow/Create_Follow_Up_Task')).toBe(1);
        const results = out(result).results;
        expect(out(result).success).toBe(false);
        expect(results.map((r: { isSuccess: boolean }) => r.isSuccess)).toEqual([true, false, true, true]);
        expect(results[1]).toMatchObject({ index: 1, outputValues: null, errors: [{ errorCode: 'UNKNOWN_EXCEPTION' }] });
        expect(results[1].errors[0].message).toContain('unhandled fault');
        expect(emulator.org.count('Task')).toBe(tasksBefore + 3);
        const task = emulator.org.get(results[0].outputValues.taskId);
        expect(task).toMatchObject({ Subject: 'Renewal call', WhatId: a1?.['Id'] });
        expect(emulator.org.get(results[2].outputValues.taskId)?.['WhoId']).toBe(contact?.['Id']);
        expect(results[0].outputValues.Flow__InterviewStatus).toBe('Finished');
    });

    it('a flow without side effects: outputs per row, a required input missing fails only that row', async () => {
        const result = await action('run-flow', { flowApiName: 'Score_Lead', inputs: [{ annualRevenue: 5_000_000, employees: 250 }, { employees: 3 }, { annualRevenue: -1 }] });
        const results = out(result).results;
        expect(results[0]).toMatchObject({ isSuccess: true, outputValues: { score: 75, grade: 'A', Flow__InterviewStatus: 'Finished' } });
        expect(results[1]).toMatchObject({ isSuccess: false, errors: [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Missing required input parameter: annualRevenue' }] });
        expect(results[2]).toMatchObject({ isSuccess: false, errors: [{ errorCode: 'UNKNOWN_EXCEPTION' }] });
    });

    it('an unknown flow and a screen flow are not_found', async () => {
        for (const flowApiName of ['No_Such_Flow', 'Onboarding_Wizard']) {
            const result = await action('run-flow', { flowApiName, inputs: [{}] });
            expect(result.error?.payload).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
        }
    });

    it('is not retried when the answer is lost: the flow ran once, the error says to check', async () => {
        const account = emulator.org.list('Account')[2];
        const before = emulator.org.count('Task');
        emulator.faults.inject({ match: { method: 'POST', path: '/actions/custom/flow/Create_Follow_Up_Task' }, times: 1, fault: { kind: 'drop-after' } });
        emulator.resetStats();
        const result = await action('run-flow', { flowApiName: 'Create_Follow_Up_Task', inputs: [{ recordId: account?.['Id'] }] });
        emulator.faults.clear();
        expect(['network_error', 'server_error']).toContain(result.error?.payload?.type);
        expect(result.error?.payload?.message).toMatch(/may have run all the same.*check its effects/);
        expect(emulator.org.count('Task')).toBe(before + 1);
        expect(emulator.stats().calls).toBe(1);
    });
});

describe('run-invocable-action', () => {
    it('runs an Apex action per row', async () => {
        const account = emulator.org.list('Account')[0];
        const result = await action('run-invocable-action', { actionType: 'apex', actionName: 'AccountNameLookup', inputs: [{ accountId: account?.['Id'] }, { accountId: '001000000000000AAA' }] });
        expect(out(result).results[0]).toMatchObject({ isSuccess: true, outputValues: { accountName: account?.['Name'] } });
        expect(out(result).results[1].isSuccess).toBe(false);
    });

    it('chatterPost parses its own @[id] markup (unlike post-chatter-message)', async () => {
        const [, user] = userIds();
        const account = emulator.org.list('Account')[0];
        const result = await action('run-invocable-action', { actionType: 'standard', actionName: 'chatterPost', inputs: [{ text: `Hi @[${user}]`, subjectNameOrId: account?.['Id'] }] });
        expect(out(result).results[0].isSuccess).toBe(true);
        const post = emulator.invocable.posts().find((p) => p.id === out(result).results[0].outputValues.feedItemId);
        expect(post?.mentionedUserIds).toEqual([user]);
    });

    it('an unknown input parameter fails its row; convertLead is not a standard action (404)', async () => {
        const bad = await action('run-invocable-action', { actionType: 'flow', actionName: 'Score_Lead', inputs: [{ annualRevenue: 1, extra: 2 }] });
        expect(out(bad).results[0].errors[0]).toMatchObject({ errorCode: 'INVALID_API_INPUT' });
        const convert = await action('run-invocable-action', { actionType: 'standard', actionName: 'convertLead', inputs: [{ leadId: '00Q000000000000AAA' }] });
        expect(convert.error?.payload).toMatchObject({ type: 'not_found', status: 404 });
        expect(convert.error?.payload?.message).toContain('Invalid Action Type: convertLead');
    });
});

describe('send-email', () => {
    it('sends through emailSimple once, with the recipients, subject and body as given', async () => {
        const contact = emulator.org.list('Contact').find((c) => c['Email']);
        const account = emulator.org.list('Account')[0];
        const before = emulator.invocable.emails().length;
        emulator.resetStats();
        const result = await action('send-email', {
            to: ['ada@example.com', 'grace@example.org'],
            cc: ['cc@example.net'],
            recipientId: contact?.['Id'],
            subject: 'Your renewal quote',
            body: 'Hello,\n\nSee the quote.\n— Acme',
            relatedRecordId: account?.['Id']
        });
        expect(result.error).toBeUndefined();
        expect(out(result)).toEqual({ sent: true, recipientCount: 4, actionName: 'emailSimple' });
        expect(emulator.stats().calls).toBe(1);
        const sent = emulator.invocable.emails().slice(before);
        expect(sent).toHaveLength(1);
        expect(sent[0]).toMatchObject({ to: ['ada@example.com', 'grace@example.org'], cc: ['cc@example.net'], bcc: [], recipientId: contact?.['Id'], subject: 'Your renewal quote', body: 'Hello,\n\nSee the quote.\n— Acme', limit: 'DailyWorkflowEmails' });
    });

    it('counts against SingleEmail with logEmailOnSend (visible in get-limits), and fails clearly past the limit', async () => {
        emulator.invocable.setEmailLimits({ singleEmail: 3 });
        const used = emulator.invocable.emailUsage().singleEmail;
        const ok = await action('send-email', { to: ['a@example.com', 'b@example.com'], subject: 'One', body: 'x', logEmailOnSend: true });
        expect(ok.error).toBeUndefined();
        expect(emulator.invocable.emailUsage().singleEmail).toBe(used + 2);
        const limits = await action('get-limits', {});
        expect(JSON.stringify(limits.output)).toContain('SingleEmail');
        const before = emulator.invocable.emails().length;
        const over = await action('send-email', { to: ['c@example.com', 'd@example.com'], subject: 'Two', body: 'x', logEmailOnSend: true });
        expect(over.error?.payload).toMatchObject({ type: 'salesforce_error', errorCode: 'SINGLE_EMAIL_LIMIT_EXCEEDED' });
        expect(over.error?.payload?.message).toMatch(/midnight GMT/);
        expect(emulator.invocable.emails().length).toBe(before);
    });

    it('an organization-wide sender that is not verified is refused by Salesforce', async () => {
        const result = await action('send-email', { to: ['a@example.com'], subject: 'S', body: 'B', senderType: 'OrgWideEmailAddress', senderAddress: 'ceo@emulator.example' });
        expect(result.error?.payload).toMatchObject({ errorCode: 'INVALID_EMAIL_ADDRESS' });
        const good = await action('send-email', { to: ['a@example.com'], subject: 'S', body: 'B', senderType: 'OrgWideEmailAddress', senderAddress: 'support@emulator.example' });
        expect(good.error).toBeUndefined();
    });

    it('refuses a comma in an address before any request (it would add a recipient)', async () => {
        emulator.resetStats();
        const result = await action('send-email', { to: ['ada@example.com,eve@evil.example'], subject: 'S', body: 'B' });
        expect(result.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['to.0'] });
        expect(emulator.stats().calls).toBe(0);
    });
});

describe('post-chatter-message', () => {
    it('posts text and mentions as segments: the mentioned users and the owner are notified, markup stays text', async () => {
        const [, u1, u2] = userIds();
        const account = emulator.org.list('Account').find((a) => a['OwnerId'] !== emulator.org.apiUserId) ?? emulator.org.list('Account')[0];
        emulator.resetStats();
        const result = await action('post-chatter-message', { subjectId: account?.['Id'], text: 'Signed! @[005000000000000AAA] #[deal]', mentionUserIds: [u1, u2] });
        expect(result.error).toBeUndefined();
        expect(emulator.stats().calls).toBe(1);
        expect(calls('POST /chatter/feed-elements')).toBe(1);
        expect(out(result).feedElementId).toMatch(/^0D5/);
        expect(out(result).mentionedUserIds).toEqual([u1, u2]);
        const post = emulator.invocable.posts().find((p) => p.id === out(result).feedElementId);
        expect(post?.segments[0]).toEqual({ type: 'Text', text: 'Signed! @[005000000000000AAA] #[deal]' });
        expect(post?.mentionedUserIds).toEqual([u1, u2]);
        expect(post?.notifiedUserIds).toEqual(expect.arrayContaining([u1, u2]));
        expect(out(result).text).toMatch(/^Signed! @\[005000000000000AAA\] #\[deal\] @/);
    });

    it('explicit segments keep their order; an unknown subject is not_found', async () => {
        const [, u1] = userIds();
        const account = emulator.org.list('Account')[1];
        const result = await action('post-chatter-message', { subjectId: account?.['Id'], segments: [{ text: 'Thanks ' }, { mentionUserId: u1 }, { text: '!' }] });
        const post = emulator.invocable.posts().find((p) => p.id === out(result).feedElementId);
        expect(post?.segments).toEqual([{ type: 'Text', text: 'Thanks ' }, { type: 'Mention', id: u1 }, { type: 'Text', text: '!' }]);
        const missing = await action('post-chatter-message', { subjectId: '001000000000000AAA', text: 'x' });
        expect(missing.error?.payload).toMatchObject({ type: 'not_found', status: 404 });
    });

    it('a mention of an id that is no user is refused before any request', async () => {
        const account = emulator.org.list('Account')[0];
        emulator.resetStats();
        const result = await action('post-chatter-message', { subjectId: account?.['Id'], text: 'x', mentionUserIds: [account?.['Id']] });
        expect(result.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['mentionUserIds.0'] });
        expect(emulator.stats().calls).toBe(0);
    });
});
