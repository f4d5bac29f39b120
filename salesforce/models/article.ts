/**
 * The Article model: a published knowledge article in one language. Its id is the article's KnowledgeArticleId, so
 * publishing a new version replaces the previous one instead of adding a record.
 */
import * as z from 'zod';

import { dateTime, number, text, valueAt } from '../lib/metadata/values.js';
import type { SalesforceRecord } from '../lib/http/pager.js';
import { systemFields, systemFieldsOf, systemFieldsSchema } from './common.js';

export const ArticleSchema = z.object({
    id: z.string().describe('KnowledgeArticleId: the article, whatever its version.'),
    version_id: z.string().describe('Id of the published version (KnowledgeArticleVersion / Knowledge__kav).'),
    article_number: z.string().nullable().describe('Number shown to people, the same for every version, e.g. "000001001".'),
    title: z.string().nullable().describe('e.g. "How to reset your password".'),
    summary: z.string().nullable().describe('Short plain-text abstract of the article.'),
    url_name: z.string().nullable().describe('UrlName, the article\'s slug in its URL, e.g. "how-to-reset-your-password".'),
    language: z.string().nullable().describe('Locale code of the version, e.g. "en_US".'),
    version_number: z.number().nullable().describe('e.g. 3.'),
    publish_status: z.string().nullable().describe('"Online" for the published versions this sync keeps.'),
    first_published_date: z.string().nullable().describe('ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z".'),
    last_published_date: z.string().nullable().describe('ISO 8601 UTC, e.g. "2024-01-31T10:00:00.000Z".'),
    body: z.record(z.string(), z.string().nullable()).describe('Body fields named in metadata.articleBodyFields, by API name, e.g. {"Answer__c": "<p>…</p>"}.'),
    ...systemFieldsSchema
});
export type Article = z.infer<typeof ArticleSchema>;

export const ARTICLE_FIELDS = [
    'Id',
    'KnowledgeArticleId',
    'ArticleNumber',
    'Title',
    'Summary',
    'UrlName',
    'Language',
    'VersionNumber',
    'PublishStatus',
    'FirstPublishedDate',
    'LastPublishedDate',
    ...systemFields
] as const;

export function toArticle(record: SalesforceRecord, bodyFields: readonly string[] = []): Article {
    const body: Record<string, string | null> = {};
    for (const field of bodyFields) {
        const v = valueAt(record, field);
        body[field] = v === null || v === undefined ? null : String(v);
    }
    return {
        id: text(record['KnowledgeArticleId']) ?? text(record['Id']) ?? '',
        version_id: text(record['Id']) ?? '',
        article_number: text(record['ArticleNumber']),
        title: text(record['Title']),
        summary: text(record['Summary']),
        url_name: text(record['UrlName']),
        language: text(record['Language']),
        version_number: number(record['VersionNumber']),
        publish_status: text(record['PublishStatus']),
        first_published_date: dateTime(record['FirstPublishedDate']),
        last_published_date: dateTime(record['LastPublishedDate']),
        body,
        ...systemFieldsOf(record)
    };
}
