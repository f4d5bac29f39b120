/**
 * Chatter posts through the Connect REST API: `POST /chatter/feed-elements` with a Feed Item Input
 * (Connect REST API Developer Guide, "Post a Feed Item", "Post Multiple @Mentions", "Message Segment Input"):
 *
 *   {"feedElementType": "FeedItem", "subjectId": "001…",
 *    "body": {"messageSegments": [{"type": "Text", "text": "Can you check "}, {"type": "Mention", "id": "005…"}]}}
 *
 * → 201 with the Feed Item (`id` 0D5…, `url`, `body.text` as rendered, `parent`, `createdDate`…).
 *
 * The text travels as Text segments, which Salesforce stores literally: `@[005…]` or `#[topic]` in it stay plain
 * characters (that markup is parsed only by the chatterPost invocable action), so a caller's text can never add a
 * mention, a topic or formatting. Mentions are only the Mention segments built from validated user ids.
 * Spaces are not added around a mention automatically ("Post an @Mention"): the segments carry them.
 * Up to 25 mentions per post ("Post Multiple @Mentions"). A post notifies the people mentioned and the followers of
 * the feed, so it is sent once, never retried.
 */
import { paths, request, type NangoClient } from '../http/api.js';
import { InputError } from '../http/errors.js';
import { assertRecordId } from '../input/ids.js';
import { assertMessageText } from '../input/messages.js';
import { mayHaveRun } from './invocable.js';

/** "Post up to 25 mentions in a Chatter feed item or comment." */
export const MAX_MENTIONS = 25;
/** ⚠️ Chatter posts hold at most 10,000 characters (our check, so a long text fails here, not half-way at Salesforce). */
export const MAX_POST_TEXT = 10_000;
/** Most segments one post is built from. */
export const MAX_SEGMENTS = 100;

export type Segment = { type: 'Text'; text: string } | { type: 'Mention'; id: string };

export interface SegmentInput {
    text?: string | undefined;
    mentionUserId?: string | undefined;
}

function mention(id: unknown, path: string): Segment {
    return { type: 'Mention', id: assertRecordId(id, path, 'User') };
}

/** Builds and checks the message segments: from explicit segments, or from text followed by mentions. */
export function buildSegments(input: { text?: string | undefined; mentionUserIds?: readonly string[] | undefined; segments?: readonly SegmentInput[] | undefined }): Segment[] {
    const segments: Segment[] = [];
    if (input.segments !== undefined) {
        if (input.text !== undefined || input.mentionUserIds !== undefined) throw new InputError('give either segments, or text and mentionUserIds, not both', 'segments');
        if (input.segments.length === 0 || input.segments.length > MAX_SEGMENTS) throw new InputError(`must hold 1–${MAX_SEGMENTS} segments`, 'segments');
        input.segments.forEach((s, i) => {
            const hasText = typeof s.text === 'string';
            const hasMention = s.mentionUserId !== undefined;
            if (hasText === hasMention) throw new InputError('each segment has exactly one of text or mentionUserId', `segments.${i}`);
            if (hasText) segments.push({ type: 'Text', text: assertMessageText(s.text as string, `segments.${i}.text`) });
            else segments.push(mention(s.mentionUserId, `segments.${i}.mentionUserId`));
        });
    } else {
        if (input.text !== undefined && input.text.length > 0) segments.push({ type: 'Text', text: assertMessageText(input.text, 'text') });
        (input.mentionUserIds ?? []).forEach((id, i) => {
            if (segments.length > 0) segments.push({ type: 'Text', text: ' ' });
            segments.push(mention(id, `mentionUserIds.${i}`));
        });
    }
    const mentions = segments.filter((s) => s.type === 'Mention').length;
    const textLength = segments.reduce((n, s) => n + (s.type === 'Text' ? s.text.length : 0), 0);
    if (mentions === 0 && segments.every((s) => s.type === 'Text' && s.text.trim() === '')) throw new InputError('the post needs some text or a mention', input.segments ? 'segments' : 'text');
    if (mentions > MAX_MENTIONS) throw new InputError(`mentions ${mentions} users; a post takes at most ${MAX_MENTIONS}`, input.segments ? 'segments' : 'mentionUserIds');
    if (textLength > MAX_POST_TEXT) throw new InputError(`is ${textLength} characters; a Chatter post holds at most ${MAX_POST_TEXT}`, input.segments ? 'segments' : 'text');
    return segments;
}

export interface PostedFeedItem {
    feedElementId: string;
    url: string | null;
    text: string | null;
    createdDate: string | null;
    subjectId: string;
}

/** Posts one feed item to the feed of `subjectId` (a record, user or group). Sent once: never retried. */
export async function postFeedItem(nango: NangoClient, subjectId: string, segments: Segment[]): Promise<PostedFeedItem> {
    const subject = assertRecordId(subjectId, 'subjectId');
    const response = await request<Record<string, unknown>>(nango, {
        method: 'POST',
        endpoint: paths.feedElements(),
        data: { feedElementType: 'FeedItem', subjectId: subject, body: { messageSegments: segments } },
        idempotent: false,
        context: `post to the feed of ${subject}`
    }).catch((error: unknown) => {
        throw mayHaveRun(nango, error);
    });
    const body = response.data ?? {};
    const text = (body['body'] as { text?: unknown } | undefined)?.text;
    const parent = (body['parent'] as { id?: unknown } | undefined)?.id;
    return {
        feedElementId: typeof body['id'] === 'string' ? body['id'] : '',
        url: typeof body['url'] === 'string' ? body['url'] : null,
        text: typeof text === 'string' ? text : null,
        createdDate: typeof body['createdDate'] === 'string' ? body['createdDate'] : null,
        subjectId: typeof parent === 'string' ? parent : subject
    };
}
