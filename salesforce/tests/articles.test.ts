import { describe, expect, it } from 'vitest';

import sync from '../syncs/articles.js';
import { EMPTY, NOW, UPDATED_WINDOW, changeDescribe, checkpoints, deleted, describePath, failureOf, holds, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceArticle';
const KV2 = 'ka0RO00000KvAb2YAF';
const KV3 = 'ka0RO00000KvAc3YAF';
const KV4 = 'ka0RO00000KvAd4YAF';
const KA1 = 'kA0RO00000KaRa10AF';
const KA2 = 'kA0RO00000KaRb20AF';
const KA3 = 'kA0RO00000KaRc30AF';
const FIELDS = 'Id, SystemModstamp, KnowledgeArticleId, ArticleNumber, Title, Summary, UrlName, Language, VersionNumber, PublishStatus, FirstPublishedDate, LastPublishedDate, CreatedDate, LastModifiedDate';
const ONLINE_EN = "((PublishStatus = 'Online') AND (Language = 'en_US'))";
/** The settings signature of the KnowledgeArticleVersion SELECT (read from a run). */
const HASH = '1d7c214e7b3a02b0ac84bd85ba868cc6';
const BASE = { ...EMPTY, settings_hash: HASH };
/** What Salesforce answers to a describe of an object the org lacks (Knowledge not enabled). */
const NOT_FOUND = { status: 404, data: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] };

describe('salesforce articles sync', () => {
    useFrozenClock();

    it('first run: the KnowledgeArticleVersion describe, then online en_US rows through query, saved with id = KnowledgeArticleId', async () => {
        const nango = syncMock('articles', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        // KnowledgeArticleVersion supports no getUpdated (Object Reference, its Supported Calls: describeLayout(),
        // describeSObjects(), query(), retrieve(), search()), and its describe says replicateable false: no replication
        // call, the upper bound is the clock less lagSeconds
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('KnowledgeArticleVersion'), '/services/data/v66.0/query', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(warnings(nango)).toEqual([]);
        expect(requests[1]?.q).toBe(`SELECT ${FIELDS} FROM KnowledgeArticleVersion WHERE ${ONLINE_EN} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);

        const articles = saved(nango, MODEL);
        expect(articles).toEqual(await nango.getBatchSaveData(MODEL));
        expect(articles.map((a) => a.id.slice(0, 3))).toEqual(['kA0', 'kA0', 'kA0']);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: KV2, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T15:00:00.000Z', cursor_id: KV3, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T15:00:00.000Z', cursor_id: KV3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition inside the Online/language filter; a newly published version replaces its article', async () => {
        const nango = syncMock('articles', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T15:00:00.000Z', cursor_id: KV3, initial_load_done: true, reconciled_at: '2026-11-21T15:05:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('KnowledgeArticleVersion'), '/services/data/v66.0/query']);
        expect(sent(nango)[1]?.q).toBe(
            `SELECT ${FIELDS} FROM KnowledgeArticleVersion WHERE ${ONLINE_EN} AND ((SystemModstamp > 2026-11-21T15:00:00.000Z) OR ((SystemModstamp = 2026-11-21T15:00:00.000Z) AND (Id > '${KV3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        const first = ((await nango.getBatchSaveData(MODEL)) as any[])[0];
        expect(saved(nango, MODEL)).toEqual([
            {
                ...first,
                id: KA1,
                version_id: KV4,
                title: 'Reset your password (updated)',
                version_number: 3,
                last_published_date: '2026-11-22T09:00:00.000Z',
                created_date: '2026-11-22T09:00:00.000Z',
                last_modified_date: '2026-11-22T09:00:00.000Z',
                system_modstamp: '2026-11-22T09:00:00.000Z'
            }
        ]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T09:00:00.000Z', cursor_id: KV4 }]);
    });

    // Was a bug (fixed): without idField the id read selected the version id (ka0…) and compared it with the article ids
    // Nango holds (kA0…), so every article would have been batchDeleted.
    it('a due reconciliation: no getDeleted (a WHERE, an object without replication), the article ids of every online version compared with what Nango holds; the archived article removed', async () => {
        const nango = syncMock('articles', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 7 });
        // KA3's only online version was archived: no query shows that, the article is simply no longer online
        holds(nango, [KA1, KA2, KA3]);
        const start = { ...BASE, cursor_ts: '2026-11-21T15:00:00.000Z', cursor_id: KV3, initial_load_done: true, reconciled_at: '2026-11-14T15:05:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('KnowledgeArticleVersion'), '/services/data/v66.0/query', '/services/data/v66.0/query']);
        // ids only, and the article id the records are saved under, with the sync's own filter
        expect(requests[2]?.q).toBe(
            `SELECT Id, SystemModstamp, KnowledgeArticleId FROM KnowledgeArticleVersion WHERE ${ONLINE_EN} AND (SystemModstamp <= 2026-11-23T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(nango.listRecords).toHaveBeenCalledWith(MODEL);
        expect(deleted(nango, MODEL)).toEqual([{ id: KA3 }]);
        expect(logged(nango)).toContain('SalesforceArticle: reconciliation done through comparing 2 ids with the records Nango holds; 1 records no longer in Salesforce were removed.');
        const afterMain = { ...start, cursor_ts: '2026-11-22T09:00:00.000Z', cursor_id: KV4 };
        expect(checkpoints(nango)).toEqual([start, afterMain, { ...afterMain, reconciled_at: NOW }]);
    });

    it('articleBodyFields switch to Knowledge__kav and fill body by API name', async () => {
        const nango = syncMock('articles', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, articleBodyFields: ['Answer__c'] });
        await runSync(sync, nango);

        // the Knowledge__kav describe says replicateable: getUpdated bounds its run
        expect(sent(nango).slice(0, 2).map((r) => r.endpoint)).toEqual([describePath('Knowledge__kav'), updatedPath('Knowledge__kav')]);
        expect(sent(nango)[1]?.params).toEqual(UPDATED_WINDOW);
        expect(sent(nango)[2]?.q).toBe(`SELECT ${FIELDS}, Answer__c FROM Knowledge__kav WHERE ${ONLINE_EN} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).slice(0, 2);
        expect(saved(nango, MODEL)).toEqual([
            { ...expected[0], body: { Answer__c: '<p>Click <b>Forgot password</b> on the login page.</p>' } },
            { ...expected[1], body: { Answer__c: null } }
        ]);
    });

    it('Knowledge not enabled (the describe answers 404 NOT_FOUND) fails the run before any query, saying what to enable, and saves nothing', async () => {
        const nango = syncMock('articles', MODEL);
        changeDescribe(nango, 'KnowledgeArticleVersion', { answer: NOT_FOUND });
        const error = await failureOf(runSync(sync, nango));

        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/Knowledge is not available.*KnowledgeArticleVersion/);
        expect(error.message).toContain('Setup → Knowledge Settings');
        expect(error.message).toContain('Knowledge User checkbox');
        // the describe and no query (the error path may add a describe-global, which checks for a misspelled object name)
        expect(sent(nango)[0]?.endpoint).toBe(describePath('KnowledgeArticleVersion'));
        expect(sent(nango).filter((r) => r.endpoint.includes('/query'))).toEqual([]);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });

    it('a query answered INVALID_TYPE (no Knowledge User licence) fails the run saying what to enable, and saves nothing', async () => {
        const nango = syncMock('articles', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, articleLanguage: 'de' });
        const error = await failureOf(runSync(sync, nango));
        expect(error.message).toContain('Setup → Knowledge Settings');
        expect(error.message).toContain('Knowledge User checkbox');

        expect(sent(nango).map((r) => r.endpoint).slice(0, 2)).toEqual([describePath('KnowledgeArticleVersion'), '/services/data/v66.0/query']);
        expect(sent(nango).filter((r) => r.endpoint.includes('/query'))).toHaveLength(1);
        expect(sent(nango)[1]?.q).toContain("WHERE ((PublishStatus = 'Online') AND (Language = 'de')) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z)");
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });

    it('an invalid articleLanguage is refused before any request', async () => {
        const nango = syncMock('articles', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, articleLanguage: "en_US' OR Language != '" });
        const error = await failureOf(runSync(sync, nango));

        expect(error.message).toContain('Invalid sync configuration');
        expect(error.message).toContain('metadata.articleLanguage');
        expect(nango.proxy).not.toHaveBeenCalled();
    });
});
