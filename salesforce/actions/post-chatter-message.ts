import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { MAX_MENTIONS, MAX_POST_TEXT, MAX_SEGMENTS, buildSegments, postFeedItem } from '../lib/writes/chatter.js';

const userIdSchema = recordIdSchema.describe('A user id, starts with 005, e.g. "005D0000001Az1bIAC".');

const Input = z.object({
    subjectId: recordIdSchema.describe(
        'Whose feed to post to: a record (e.g. an account "001D000000IqhSLIAZ", opportunity 006…, case 500…), a user (005…) or a Chatter group (0F9…).'
    ),
    text: z.string().max(MAX_POST_TEXT).optional().describe('The message, plain text sent as-is (line breaks kept; @[…] or #[…] markup stays literal text), e.g. "The contract is signed."'),
    mentionUserIds: z
        .array(userIdSchema)
        .max(MAX_MENTIONS)
        .optional()
        .describe(`Users to @mention after the text (up to ${MAX_MENTIONS}), e.g. ["005D0000001Az1bIAC"]; each is notified.`),
    segments: z
        .array(
            z.object({
                text: z.string().max(MAX_POST_TEXT).optional().describe('A piece of plain text, e.g. "Can you review this, " (spaces around mentions are not added for you).'),
                mentionUserId: userIdSchema.optional().describe('A user to @mention at this place, e.g. "005D0000001Az1bIAC".')
            })
        )
        .min(1)
        .max(MAX_SEGMENTS)
        .optional()
        .describe('Instead of text and mentionUserIds: the message in order, each segment either text or a mention, e.g. [{"text": "Thanks "}, {"mentionUserId": "005D0000001Az1bIAC"}, {"text": "!"}].')
});

const Output = z.object({
    feedElementId: z.string().describe('Id of the new feed item, starts with 0D5, e.g. "0D5D0000000XyZaKAK".'),
    url: z.string().nullable().describe('Connect REST API URL of the feed item, e.g. "/services/data/v66.0/chatter/feed-elements/0D5…".'),
    text: z.string().nullable().describe('The post as Salesforce rendered it, mentions as "@Name", e.g. "The contract is signed. @Ada Lovelace".'),
    subjectId: z.string().describe('Id of the record, user or group whose feed holds the post.'),
    mentionedUserIds: z.array(z.string()).describe('User ids mentioned (and so notified), e.g. ["005D0000001Az1bIAC"].'),
    createdDate: z.string().nullable().describe('When it was posted, ISO 8601, e.g. "2026-03-01T10:00:00.000Z".')
});

const action = createAction({
    description:
        'Post a Chatter message to the feed of a record, user or group, with @mentions of users by id. It notifies people: the mentioned users and the feed\'s followers. The text is sent as plain text segments (markup in it is not interpreted). Sent once and never retried (a re-run posts again): after a timeout, check the feed before repeating. Calls POST /chatter/feed-elements (Connect REST API).',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const segments = buildSegments(input);
            const posted = await postFeedItem(nango, input.subjectId, segments);
            const mentionedUserIds = segments.flatMap((s) => (s.type === 'Mention' ? [s.id] : []));
            return { ...posted, mentionedUserIds };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
