import { createSync } from 'nango';

import { compare, and } from '../lib/soql/builder.js';
import { EMPTY_CHECKPOINT, RecordSyncCheckpointSchema, loadCheckpoint, runSettings, syncRecords } from '../lib/sync/engine.js';
import { errorCodeOf, toSyncError } from '../lib/sync/runtime.js';
import { SyncMetadataSchema, readSyncMetadata } from '../lib/sync/metadata.js';
import { ARTICLE_FIELDS, ArticleSchema, toArticle } from '../models/article.js';

const sync = createSync({
    description:
        'Keeps a copy of the published (Online) knowledge articles in one language (metadata.articleLanguage, default en_US): title, URL name, summary, article number, version, publish dates, and the body fields named in metadata.articleBodyFields (read from Knowledge__kav). One record per article: a newly published version replaces the previous one; articles no longer online are removed by the weekly reconciliation. An org without Knowledge, or a connected user without the Knowledge User licence, fails the run with an error saying what to enable (Setup → Knowledge Settings; the Knowledge User checkbox on the user record).',
    version: '1.0.0',
    frequency: 'every day',
    autoStart: false,
    metadata: SyncMetadataSchema,
    checkpoint: RecordSyncCheckpointSchema,
    models: { SalesforceArticle: ArticleSchema },
    exec: async (nango) => {
        try {
            const metadata = await readSyncMetadata(nango);
            const bodyFields = metadata.articleBodyFields ?? [];
            const sObject = bodyFields.length > 0 ? 'Knowledge__kav' : 'KnowledgeArticleVersion';
            const checkpoint = await loadCheckpoint(nango, EMPTY_CHECKPOINT);
            try {
                await syncRecords(
                    nango,
                    {
                        model: 'SalesforceArticle',
                        sObject,
                        fields: ARTICLE_FIELDS,
                        where: and(compare('PublishStatus', '=', 'Online'), compare('Language', '=', metadata.articleLanguage ?? 'en_US')),
                        map: (record) => toArticle(record, bodyFields),
                        shape: 'record',
                        // one record per article: reconciliation compares article ids, not version ids
                        idField: 'KnowledgeArticleId',
                        deletes: 'reconciliation',
                        extraFields: bodyFields,
                        ...runSettings(metadata)
                    },
                    checkpoint
                );
            } catch (error) {
                // describe answers NOT_FOUND for an object the org lacks, SOQL INVALID_TYPE. Both also come when Knowledge is on but
                // the user has no Knowledge User feature licence (User.UserPermissionsKnowledgeUser): the article objects are not exposed
                // to that user. A silent empty success would look like "no articles", so the run fails and says what to turn on.
                if (errorCodeOf(error) === 'INVALID_TYPE' || errorCodeOf(error) === 'NOT_FOUND') {
                    throw new Error(
                        `Salesforce Knowledge is not available to the connected user (${sObject} is not exposed): enable Knowledge in Setup → Knowledge Settings, and tick the Knowledge User checkbox on the connected user's detail page (Setup → Users).`
                    );
                }
                throw error;
            }
        } catch (error) {
            throw toSyncError(error);
        }
    }
});

export type NangoSyncLocal = Parameters<(typeof sync)['exec']>[0];
export default sync;
