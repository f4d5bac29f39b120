/**
 * Chatter feed elements, the part of the Connect REST API the package uses (Connect REST API Developer Guide, "Post a
 * Feed Item", "Post Multiple @Mentions", "Feed Item Input", "Message Segment Input: Text / Mention"):
 *
 *   POST /chatter/feed-elements
 *     {"feedElementType": "FeedItem", "subjectId": "001…",
 *      "body": {"messageSegments": [{"type": "Text", "text": "…"}, {"type": "Mention", "id": "005…"}]}}
 *   → 201 Feed Item: {"id": "0D5…", "feedElementType": "FeedItem", "type": "TextPost", "url", "createdDate",
 *      "parent": {"id", "name", "type"}, "actor": {...}, "body": {"isRichText": false, "text", "messageSegments"},
 *      "capabilities": {...}, "visibility": "InternalUsers"}
 *   GET /chatter/feed-elements/{id} → the same Feed Item.
 *
 * Text segments are stored literally: `@[005…]` in a Text segment is text, not a mention (only the chatterPost
 * invocable action parses that markup). Spaces around mentions are not added ("Post an @Mention").
 * Documented: at most 25 mentions. Emulator choices (⚠️ not verified on a live org): a subjectId that names no
 * record answers 404 NOT_FOUND; a mention id that is not an active user 400 INVALID_ID_FIELD; more than 25 mentions
 * 400 LIMIT_EXCEEDED; more than 10,000 characters of text 400 STRING_TOO_LONG; a feedElementType other than
 * FeedItem, or a body without segments, 400 INVALID_API_INPUT. Each post is recorded (handle.invocable.posts()) with
 * the users it notified: the mentioned users and the followers of the subject (its owner, here).
 */
import { SfError, notFound } from '../errors.js';
import { json, jsonBody, type Req, type Res } from '../http.js';
import { to18 } from '../org/ids.js';
import type { SalesforceState } from '../state.js';

export interface FeedPost {
    id: string;
    subjectId: string;
    segments: Array<{ type: 'Text'; text: string } | { type: 'Mention'; id: string }>;
    /** The body as Salesforce renders it: text, mentions as "@Name". */
    text: string;
    mentionedUserIds: string[];
    /** Users notified: the mentioned ones and the subject's followers (its owner). */
    notifiedUserIds: string[];
    createdDate: string;
    /** How it was posted. */
    via: 'connect' | 'chatterPost';
}

export class ChatterState {
    readonly posts: FeedPost[] = [];
}

const states = new WeakMap<SalesforceState, ChatterState>();

export function chatterState(s: SalesforceState): ChatterState {
    let state = states.get(s);
    if (!state) {
        state = new ChatterState();
        states.set(s, state);
    }
    return state;
}

const MAX_MENTIONS = 25;
const MAX_TEXT = 10_000;

function userName(s: SalesforceState, id: string): string | undefined {
    const user = s.org.typeOf(id)?.name === 'User' ? s.org.get(id) : undefined;
    if (!user || user['IsActive'] === false) return undefined;
    return String(user['Name'] ?? [user['FirstName'], user['LastName']].filter(Boolean).join(' '));
}

/** Records a post (both routes use it); returns its id, or the error Salesforce would answer. */
export function recordPost(s: SalesforceState, subjectId: string, segments: FeedPost['segments'], via: FeedPost['via']): { id: string; post: FeedPost } | { error: { status: number; errorCode: string; message: string } } {
    const mentions = segments.flatMap((x) => (x.type === 'Mention' ? [x.id] : []));
    if (mentions.length > MAX_MENTIONS) return { error: { status: 400, errorCode: 'LIMIT_EXCEEDED', message: `You can mention at most ${MAX_MENTIONS} people or groups in a post.` } };
    let rendered = '';
    for (const seg of segments) {
        if (seg.type === 'Text') rendered += seg.text;
        else {
            const name = userName(s, seg.id);
            if (name === undefined) return { error: { status: 400, errorCode: 'INVALID_ID_FIELD', message: `Invalid mention id: ${seg.id}` } };
            rendered += `@${name}`;
        }
    }
    const textLength = segments.reduce((n, x) => n + (x.type === 'Text' ? x.text.length : 0), 0);
    if (textLength > MAX_TEXT) return { error: { status: 400, errorCode: 'STRING_TOO_LONG', message: `The post exceeds ${MAX_TEXT} characters.` } };
    const subject = s.org.get(subjectId);
    const owner = typeof subject?.['OwnerId'] === 'string' ? subject['OwnerId'] : s.org.typeOf(subjectId)?.name === 'User' ? subjectId : undefined;
    const notified = [...new Set([...mentions, ...(owner && owner !== s.org.apiUserId ? [owner] : [])])];
    const id = s.org.ids.next('0D5');
    const post: FeedPost = { id, subjectId, segments, text: rendered, mentionedUserIds: mentions, notifiedUserIds: notified, createdDate: new Date(s.org.now()).toISOString(), via };
    chatterState(s).posts.push(post);
    return { id, post };
}

function feedItemJson(s: SalesforceState, version: string, post: FeedPost): Record<string, unknown> {
    const parentType = s.org.typeOf(post.subjectId)?.name ?? 'User';
    const parent = s.org.get(post.subjectId);
    const actorName = userName(s, s.org.apiUserId) ?? 'API User';
    return {
        actor: { id: s.org.apiUserId, name: actorName, type: 'User' },
        body: {
            isRichText: false,
            messageSegments: post.segments.map((seg) =>
                seg.type === 'Text' ? { text: seg.text, type: 'Text' } : { accessible: true, name: userName(s, seg.id) ?? '', record: { id: seg.id, type: 'User' }, text: `@${userName(s, seg.id) ?? ''}`, type: 'Mention' }
            ),
            text: post.text
        },
        capabilities: { comments: { page: { items: [], total: 0 } }, chatterLikes: { isLikedByCurrentUser: false, page: { items: [], total: 0 } } },
        createdDate: post.createdDate,
        feedElementType: 'FeedItem',
        id: post.id,
        modifiedDate: post.createdDate,
        parent: { id: post.subjectId, name: String(parent?.['Name'] ?? parent?.['Subject'] ?? ''), type: parentType },
        type: 'TextPost',
        url: `/services/data/v${version}/chatter/feed-elements/${post.id}`,
        visibility: 'InternalUsers'
    };
}

/** /chatter/** (parts after "chatter", not decoded). */
export function chatter(req: Req, s: SalesforceState, version: string, method: string, rawParts: string[]): Res {
    const parts = rawParts.map(decodeURIComponent);
    if (parts[0] !== 'feed-elements' || parts.length > 2) throw notFound();
    if (parts.length === 2) {
        if (method !== 'GET') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,PATCH,DELETE`, errorCode: 'METHOD_NOT_ALLOWED' }]);
        const post = chatterState(s).posts.find((p) => p.id === to18(parts[1] ?? ''));
        if (!post) throw notFound();
        return { ...json(200, feedItemJson(s, version, post)), endpoint: 'GET /chatter/feed-elements/{id}' };
    }
    if (method !== 'POST') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,POST`, errorCode: 'METHOD_NOT_ALLOWED' }]);
    const body = jsonBody(req);
    if (body['feedElementType'] !== 'FeedItem') throw new SfError(400, 'INVALID_API_INPUT', 'feedElementType must be FeedItem');
    const subjectId = to18(String(body['subjectId'] ?? ''));
    const subject = subjectId ? s.org.get(subjectId) : undefined;
    if (!subjectId || !subject || subject['IsDeleted'] === true) throw notFound();
    const raw = (body['body'] as { messageSegments?: unknown } | undefined)?.messageSegments;
    if (!Array.isArray(raw) || raw.length === 0) throw new SfError(400, 'INVALID_API_INPUT', 'body.messageSegments must be a non-empty list');
    const segments: FeedPost['segments'] = [];
    for (const seg of raw as Array<Record<string, unknown>>) {
        const type = String(seg?.['type'] ?? '').toLowerCase();
        if (type === 'text' && typeof seg['text'] === 'string') segments.push({ type: 'Text', text: seg['text'] });
        else if (type === 'mention' && typeof seg['id'] === 'string') segments.push({ type: 'Mention', id: to18(seg['id']) ?? seg['id'] });
        else throw new SfError(400, 'INVALID_API_INPUT', `Unsupported message segment: ${JSON.stringify(seg).slice(0, 100)}`);
    }
    const result = recordPost(s, subjectId, segments, 'connect');
    if ('error' in result) throw new SfError(result.error.status, result.error.errorCode, result.error.message);
    return { ...json(201, feedItemJson(s, version, result.post)), endpoint: 'POST /chatter/feed-elements' };
}
