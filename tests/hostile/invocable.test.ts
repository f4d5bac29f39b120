/**
 * Hostile inputs for the invocable-action, email and Chatter actions: flow and action names, custom types, input
 * parameter keys, email addresses, mention and record ids, message text with control and bidi characters. Each is
 * either rejected (invalid_input, no request at all) or, for text that is merely unusual, sent exactly as given to
 * the one legitimate endpoint, as a JSON value (never in a path, never interpreted).
 */
import { describe, expect, it } from 'vitest';

import { API, IDS, loadAction, runAction, type Responder, type RunResult } from './harness.js';
import { EMPTY_AND_HUGE, NAME_TRICKS, PATH_TRICKS, WRONG_TYPES, idTricks, type Named } from './catalogue.js';

const ok = (name: string) => [{ actionName: name, errors: null, isSuccess: true, outputValues: null }];

/** Plausible successes for the endpoints of these actions. */
const responder: Responder = (req) => {
    if (req.endpoint.endsWith('/chatter/feed-elements')) return { status: 201, data: { id: '0D5D0000000XyZaKAK', url: `${API}/chatter/feed-elements/0D5D0000000XyZaKAK`, body: { text: 'x' }, parent: { id: IDS.account } } };
    if (req.method === 'POST' && req.endpoint.includes('/actions/')) return { data: ok(req.endpoint.split('/').pop() ?? '') };
    if (req.endpoint.endsWith('/actions/standard')) return { data: { actions: [{ label: 'Send Email', name: 'emailSimple', type: 'EMAILSIMPLE' }] } };
    if (req.endpoint.endsWith('/actions/custom')) return { data: { flow: `${API}/actions/custom/flow` } };
    if (/\/actions\/custom\/[^/]+$/.test(req.endpoint)) return { data: { actions: [] } };
    return undefined;
};

async function attempt(name: string, input: unknown): Promise<RunResult> {
    return runAction(await loadAction(name), input, responder);
}

function expectRejected(result: RunResult): void {
    expect(result.payload?.type, `expected invalid_input, got ${JSON.stringify(result.payload ?? result.output)?.slice(0, 200)}`).toBe('invalid_input');
    expect(result.sent).toEqual([]);
}

/** Control, bidi and line characters that must never reach a subject line. */
const CONTROL_TRICKS: Named[] = [
    ['NUL', 'a\u0000b'],
    ['bell', 'a\u0007b'],
    ['escape sequence', 'a\u001b[31mred'],
    ['DEL', 'a\u007fb'],
    ['C1 control', 'a\u0085b'],
    ['right-to-left override', 'invoice\u202egnp.exe'],
    ['left-to-right embedding', 'a\u202ab'],
    ['pop directional formatting', 'a\u202cb'],
    ['right-to-left isolate', 'a\u2067b\u2069'],
    ['first strong isolate', 'a\u2068b'],
    ['lone surrogate', 'a\ud800b']
];
const LINE_TRICKS: Named[] = [
    ['CRLF header injection', 'Hello\r\nBcc: victim@evil.example'],
    ['LF', 'a\nb'],
    ['CR', 'a\rb'],
    ['tab', 'a\tb'],
    ['line separator', 'a\u2028b'],
    ['paragraph separator', 'a\u2029b']
];

const EMAIL_TRICKS: Named[] = [
    ['comma list', 'a@example.com,eve@evil.example'],
    ['semicolon list', 'a@example.com;eve@evil.example'],
    ['display name', 'Ada <a@example.com>'],
    ['angle brackets', '<a@example.com>'],
    ['quoted local part', '"a b"@example.com'],
    ['space', 'a @example.com'],
    ['CRLF header', 'a@example.com\r\nBcc: eve@evil.example'],
    ['NUL', 'a@example.com\u0000'],
    ['two at signs', 'a@b@example.com'],
    ['no domain dot', 'a@localhost'],
    ['no local part', '@example.com'],
    ['trailing dot', 'a@example.com.'],
    ['leading hyphen label', 'a@-example.com'],
    ['IP literal', 'a@[127.0.0.1]'],
    ['unicode lookalike at', 'a\uff20example.com'],
    ['bidi override', 'a\u202e@example.com'],
    ['255 characters', `${'a'.repeat(64)}@${'b'.repeat(186)}.com`],
    ['65-character local part', `${'a'.repeat(65)}@example.com`],
    ...WRONG_TYPES,
    ['empty string', '']
];

const NAME_LIKE: Named[] = [...PATH_TRICKS, ...NAME_TRICKS.filter(([label]) => !['SOQL keyword', 'keyword FROM'].includes(label)), ...WRONG_TYPES, ...EMPTY_AND_HUGE];

describe('hostile input: run-flow', () => {
    it.each(NAME_LIKE)('flowApiName: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('run-flow', { flowApiName: value, inputs: [{}] }));
    });

    it.each([...NAME_LIKE.filter(([, v]) => typeof v === 'string' && v !== ''), ['a dot', 'a.b'], ['__proto__', '__proto__']] as Named[])(
        'an input key: %s is rejected',
        async (_label, key) => {
            expectRejected(await attempt('run-flow', { flowApiName: 'Score_Lead', inputs: [JSON.parse(JSON.stringify({ [key as string]: 1 }))] }));
        }
    );

    it('a SOQL keyword is a valid flow name, and hostile values travel only as JSON to the flow', async () => {
        const value = "'; DROP\u202e\r\n@[005D0000001Az1bIAC] ../limits";
        const result = await attempt('run-flow', { flowApiName: 'Order', inputs: [{ note: value, nested: { a: [value] } }] });
        expect(result.error).toBeUndefined();
        expect(result.sent).toEqual([{ method: 'POST', endpoint: `${API}/actions/custom/flow/Order`, data: { inputs: [{ note: value, nested: { a: [value] } }] } }]);
    });
});

describe('hostile input: run-invocable-action', () => {
    it.each(NAME_LIKE)('actionType: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('run-invocable-action', { actionType: value, actionName: 'emailSimple', inputs: [{}] }));
    });

    it.each([...NAME_LIKE, ['three parts', 'A.B.C'], ['leading dot', '.LogACall'], ['trailing dot', 'Account.']] as Named[])('actionName: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('run-invocable-action', { actionType: 'quickAction', actionName: value, inputs: [{}] }));
    });

    it('an object quick action name reaches exactly its path', async () => {
        const result = await attempt('run-invocable-action', { actionType: 'quickAction', actionName: 'Account.LogACall', inputs: [{ Subject: 'x' }] });
        expect(result.sent.map((r) => r.endpoint)).toEqual([`${API}/actions/custom/quickAction/Account.LogACall`]);
    });
});

describe('hostile input: list-invocable-actions', () => {
    it.each(NAME_LIKE)('customTypes: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('list-invocable-actions', { customTypes: [value] }));
    });

    it.each([['traversal', '../1'], ['string number', '1'], ['negative', -1], ['float', 1.5], ['huge', 9_999_999], ['hex string', '0x10'], ['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['object', { n: 1 }], ['array', [1]], ['boolean', true], ['null', null]] as Named[])('offset: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('list-invocable-actions', { offset: value }));
    });

    it('a custom type name Salesforce returns that is unsafe in a URL is never requested', async () => {
        const hostile: Responder = (req) => (req.endpoint.endsWith('/actions/custom') ? { data: { '../../limits': 'x', 'flow?x=1': 'y', flow: 'z' } } : responder(req, 0));
        const result = await runAction(await loadAction('list-invocable-actions'), { kind: 'custom' }, hostile);
        expect(result.sent.map((r) => r.endpoint)).toEqual([`${API}/actions/custom`, `${API}/actions/custom/flow`]);
        expect((result.output as { skippedTypes: string[] }).skippedTypes).toEqual(['../../limits', 'flow?x=1']);
    });
});

describe('hostile input: send-email', () => {
    const base = { to: ['ada@example.com'], subject: 'Subject', body: 'Body' };

    it.each(EMAIL_TRICKS)('to: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('send-email', { ...base, to: [value] }));
    });

    it.each(EMAIL_TRICKS.filter(([, v]) => v !== undefined))('bcc and senderAddress: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('send-email', { ...base, bcc: [value] }));
        expectRejected(await attempt('send-email', { ...base, senderType: 'OrgWideEmailAddress', senderAddress: value }));
    });

    it.each([...CONTROL_TRICKS, ...LINE_TRICKS])('subject: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('send-email', { ...base, subject: value }));
    });

    it.each(CONTROL_TRICKS)('body: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('send-email', { ...base, body: value }));
    });

    it.each([...idTricks(IDS.contact, IDS.account), ['an opportunity id', IDS.opportunity]] as Named[])('recipientId: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('send-email', { ...base, recipientId: value }));
    });

    it('unusual but legitimate text is sent exactly as given: line breaks, tabs, RTL script, emoji, HTML as text', async () => {
        const body = 'Hello,\r\n\tשלום مرحبا 👩🏽‍💻\n<script>alert(1)</script> @[005D0000001Az1bIAC]';
        const subject = 'Re: Quote «Q-42» — مرحبا \u200f ✓';
        const result = await attempt('send-email', { to: ["o'brien+tag@sub.example.co.uk"], subject, body });
        expect(result.error).toBeUndefined();
        expect(result.sent).toEqual([
            { method: 'POST', endpoint: `${API}/actions/standard/emailSimple`, data: { inputs: [{ recipientAddresses: "o'brien+tag@sub.example.co.uk", emailSubject: subject, emailBody: body }] } }
        ]);
    });
});

describe('hostile input: post-chatter-message', () => {
    it.each([...idTricks(IDS.user, IDS.account), ['a group id', '0F9D00000000001AAA']] as Named[])('mentionUserIds: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('post-chatter-message', { subjectId: IDS.account, text: 'x', mentionUserIds: [value] }));
        expectRejected(await attempt('post-chatter-message', { subjectId: IDS.account, segments: [{ text: 'x' }, { mentionUserId: value }] }));
    });

    it.each(idTricks(IDS.account, 'not an id').filter(([label]) => label !== 'wrong key prefix'))('subjectId: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('post-chatter-message', { subjectId: value, text: 'x' }));
    });

    it.each(CONTROL_TRICKS)('text: %s is rejected', async (_label, value) => {
        expectRejected(await attempt('post-chatter-message', { subjectId: IDS.account, text: value }));
        expectRejected(await attempt('post-chatter-message', { subjectId: IDS.account, segments: [{ text: value }] }));
    });

    it('mention and topic markup in text stays one Text segment; mentions come only from the ids given', async () => {
        const text = 'Hi @[005D0000001Az9bIAC] and #[topic] {!$User.Email} <b>x</b>\nשלום';
        const result = await attempt('post-chatter-message', { subjectId: IDS.account, text, mentionUserIds: [IDS.user] });
        expect(result.error).toBeUndefined();
        expect(result.sent).toEqual([
            {
                method: 'POST',
                endpoint: `${API}/chatter/feed-elements`,
                data: { feedElementType: 'FeedItem', subjectId: IDS.account, body: { messageSegments: [{ type: 'Text', text }, { type: 'Text', text: ' ' }, { type: 'Mention', id: IDS.user }] } }
            }
        ]);
    });
});
