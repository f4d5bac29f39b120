import { describe, expect, it } from 'vitest';

import action from '../actions/post-chatter-message.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ACC = '001D000000IqhSLIAZ';

describe('salesforce post-chatter-message', () => {
    it('posts the text and a mention as segments, once', async () => {
        const nango = actionMock('post-chatter-message');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/chatter/feed-elements', retries: 0 });
    });

    it('markup in the text stays text: no mention, no topic is added', async () => {
        const nango = actionMock('post-chatter-message');
        await run(action, nango, { subjectId: ACC, text: 'Hi @[005D0000001Az1bIAC] #[secret]' }).catch(() => undefined);
        expect(requests(nango)[0]?.['data']).toEqual({ feedElementType: 'FeedItem', subjectId: ACC, body: { messageSegments: [{ type: 'Text', text: 'Hi @[005D0000001Az1bIAC] #[secret]' }] } });
    });

    it('a subject that does not exist is not_found', async () => {
        const nango = actionMock('post-chatter-message');
        const error = await actionErrorOf(run(action, nango, { subjectId: '001000000000000AAA', text: 'Hello' }));
        expect(error).toMatchObject({ type: 'not_found', status: 404 });
    });

    it('a mention Salesforce refuses is a salesforce_error', async () => {
        const nango = actionMock('post-chatter-message');
        const error = await actionErrorOf(run(action, nango, { subjectId: ACC, segments: [{ mentionUserId: '005D0000001Az2bIAC' }] }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_ID_FIELD', status: 400 });
    });

    it('an org without Chatter is forbidden', async () => {
        const nango = actionMock('post-chatter-message');
        const error = await actionErrorOf(run(action, nango, { subjectId: ACC, text: 'Off' }));
        expect(error).toMatchObject({ type: 'forbidden', errorCode: 'FUNCTIONALITY_NOT_ENABLED' });
    });

    it.each([
        ['no text and no mention', { subjectId: ACC }],
        ['only spaces', { subjectId: ACC, text: '   ' }],
        ['a mention of a non-user id', { subjectId: ACC, mentionUserIds: [ACC] }],
        ['a mention with a bad checksum', { subjectId: ACC, mentionUserIds: ['005D0000001Az1bXXX'] }],
        ['26 mentions', { subjectId: ACC, mentionUserIds: Array.from({ length: 26 }, () => '005D0000001Az1bIAC') }],
        ['text with a NUL', { subjectId: ACC, text: 'a\u0000b' }],
        ['text with a bidi override', { subjectId: ACC, text: 'approved \u202Edenied' }],
        ['text over 10,000 characters', { subjectId: ACC, text: 'x'.repeat(10_001) }],
        ['segments and text together', { subjectId: ACC, text: 'a', segments: [{ text: 'b' }] }],
        ['a segment with both text and a mention', { subjectId: ACC, segments: [{ text: 'a', mentionUserId: '005D0000001Az1bIAC' }] }],
        ['an empty segment', { subjectId: ACC, segments: [{}] }],
        ['a subject id with a slash', { subjectId: '../limits', text: 'x' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('post-chatter-message');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
