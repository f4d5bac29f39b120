import { describe, expect, it } from 'vitest';

import sync from '../syncs/tickets.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, changeDescribe, checkpoints, deleted, describePath, failureOf, fixture, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceTicket';
const T1 = '500RO00000CsEa1YAF';
const T2 = '500RO00000CsEb2YAF';
const T3 = '500RO00000CsEc3YAF';
const T4 = '500RO00000CsEd4YAF';
const CM4 = '00aRO00000CmTd4YAF';
const CM5 = '00aRO00000CmTe5YAF';
const EM1 = '02sRO00000EmLa1YAF';
const EM3 = '02sRO00000EmLc3YAF';
const CASE_FIELDS = 'CaseNumber, Subject, Description, Status, Priority, Origin, Reason, Type, IsClosed, ClosedDate, IsEscalated, AccountId, ContactId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';
const COMMENTS = '(SELECT Id, CommentBody, IsPublished, CreatedById, CreatedBy.Name, CreatedDate FROM CaseComments ORDER BY CreatedDate ASC)';
const EMAILS = '(SELECT Id, Subject, TextBody, FromName, FromAddress, ToAddress, Incoming, IsExternallyVisible, MessageDate, CreatedDate FROM EmailMessages ORDER BY MessageDate ASC)';
const ORDER = 'ORDER BY SystemModstamp ASC, Id ASC';
const AFTER_T3 = `((SystemModstamp > 2026-11-21T18:00:00.000Z) OR ((SystemModstamp = 2026-11-21T18:00:00.000Z) AND (Id > '${T3}')))`;
/** The settings signature of the tickets SELECT with its subqueries (read from a run), and with an unknown extra field. */
const HASH = '02d39d630780b964466dc572134f42e8';
const HASH_SLA = 'ae85589ccb877d2eac872686494fd86c';
/** Every run describes Case and the two child objects first, then asks getUpdated how far Case changes are committed. */
const FIRST_CALLS = [describePath('Case'), describePath('CaseComment'), describePath('EmailMessage'), updatedPath('Case')];
const FIRST_SOQL = `SELECT Id, SystemModstamp, ${CASE_FIELDS}, IsDeleted, ${COMMENTS}, ${EMAILS} FROM Case WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`;
const FIRST_RUN_ENDPOINTS = [
    ...FIRST_CALLS,
    '/services/data/v66.0/queryAll',
    // the rest of T2's comments, read before the parent locator (which would invalidate it)
    '/services/data/v66.0/query/01gRO0000016PJcYAM-1',
    '/services/data/v66.0/query/01gRO0000016PIAYA2-2',
    '/services/data/v66.0/queryAll',
    '/services/data/v66.0/queryAll'
];
/** A first run's main pass, before the comment and email cursors start. */
const FIRST = { ...EMPTY, settings_hash: HASH, comment_ts: '', comment_id: '', email_ts: '', email_id: '' };
const START = {
    ...EMPTY,
    settings_hash: HASH,
    cursor_ts: '2026-11-21T18:00:00.000Z',
    cursor_id: T3,
    initial_load_done: true,
    reconciled_at: '2026-11-21T18:05:00.000Z',
    comment_ts: '2026-11-21T17:00:00.000Z',
    comment_id: CM4,
    email_ts: '2026-11-21T17:30:00.000Z',
    email_id: EM1
};

describe('salesforce tickets sync', () => {
    useFrozenClock();

    it('first run: cases with both child subqueries, a cut comment list completed before the next page, conversations merged and sorted', async () => {
        const nango = syncMock('tickets', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual(FIRST_RUN_ENDPOINTS);
        expect(requests[3]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[4]?.q).toBe(FIRST_SOQL);
        // the child passes of a first run start at the run's upper bound
        expect(requests[7]?.q).toBe(`SELECT Id, SystemModstamp, ParentId FROM CaseComment WHERE (SystemModstamp >= 2026-11-22T12:00:00.000Z) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`);
        expect(requests[8]?.q).toBe(`SELECT Id, SystemModstamp, ParentId FROM EmailMessage WHERE (SystemModstamp >= 2026-11-22T12:00:00.000Z) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`);
        expect(warnings(nango)).toEqual([]);

        const tickets = saved(nango, MODEL);
        expect(tickets).toEqual(await nango.getBatchSaveData(MODEL));
        // comments and emails interleaved by date, not listed comments first
        expect(tickets[0].conversation.map((e: { type: string }) => e.type)).toEqual(['comment', 'email', 'comment']);
        expect(tickets[1].conversation).toHaveLength(2);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        const loaded = { ...FIRST, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: T3, initial_load_done: true, reconciled_at: NOW };
        // the comment and email cursors start at the run's upper bound, saved with the first page: the cases the run
        // loads carry every older comment and email already
        const started = { ...FIRST, comment_ts: NOW, email_ts: NOW, reconciled_at: NOW };
        expect(checkpoints(nango)).toEqual([
            { ...started, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: T2 },
            { ...started, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: T3 },
            { ...loaded, comment_ts: NOW, email_ts: NOW }
        ]);
    });

    it('incremental run: changed cases, then the CaseComment and EmailMessage passes re-read an older case whose conversation changed', async () => {
        const nango = syncMock('tickets', MODEL);
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        const requests = sent(nango).slice(FIRST_CALLS.length);
        expect(sent(nango).slice(0, FIRST_CALLS.length).map((r) => r.endpoint)).toEqual(FIRST_CALLS);
        expect(requests.map((r) => r.endpoint)).toEqual(['/services/data/v66.0/queryAll', '/services/data/v66.0/queryAll', '/services/data/v66.0/query', '/services/data/v66.0/queryAll']);
        expect(requests[0]?.q).toBe(`SELECT Id, SystemModstamp, ${CASE_FIELDS}, IsDeleted, ${COMMENTS}, ${EMAILS} FROM Case WHERE ${AFTER_T3} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`);
        expect(requests[0]?.q).not.toContain('IsDeleted = false');
        expect(requests[1]?.q).toBe(
            `SELECT Id, SystemModstamp, ParentId FROM CaseComment WHERE ((SystemModstamp > 2026-11-21T17:00:00.000Z) OR ((SystemModstamp = 2026-11-21T17:00:00.000Z) AND (Id > '${CM4}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`
        );
        // the parents of the changed comments, minus the cases the main pass just read, with the main pass's SELECT
        expect(requests[2]?.q).toBe(
            `SELECT Id, SystemModstamp, ${CASE_FIELDS}, ${COMMENTS}, ${EMAILS} FROM Case WHERE (Id IN ('${T4}', '${T1}')) AND (NOT (${AFTER_T3} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z)))`
        );
        expect(requests[3]?.q).toBe(
            `SELECT Id, SystemModstamp, ParentId FROM EmailMessage WHERE ((SystemModstamp > 2026-11-21T17:30:00.000Z) OR ((SystemModstamp = 2026-11-21T17:30:00.000Z) AND (Id > '${EM1}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`
        );

        // the new case from the main pass, then the older case with its new comment and email (the deleted comment gone)
        expect(saved(nango, MODEL)).toEqual(fixture('tickets').incrementalBatchSave);
        expect(nango.batchSave).toHaveBeenCalledTimes(2);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(nango.batchDelete).toHaveBeenCalledWith([{ id: T2 }], MODEL);

        const afterMain = { ...START, cursor_ts: '2026-11-22T07:00:00.000Z', cursor_id: T4 };
        expect(checkpoints(nango)).toEqual([
            START,
            afterMain,
            { ...afterMain, comment_ts: '2026-11-22T08:00:00.000Z', comment_id: CM5 },
            { ...afterMain, comment_ts: '2026-11-22T08:00:00.000Z', comment_id: CM5, email_ts: '2026-11-22T08:10:00.000Z', email_id: EM3 }
        ]);
    });

    // Was a bug (fixed): the log counts every parent id the child passes looked up (here T4, which the main pass itself saved, and T1),
    // not the older cases actually re-read and saved (only T1): it says "2 older cases" where 1 was.
    it('incremental run: the log counts only the older cases that were re-read', async () => {
        const nango = syncMock('tickets', MODEL);
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        expect(logged(nango)).toContain('SalesforceTicket: 1 older cases had new or changed comments or emails.');
    });

    it('an expired session fails the run with an Error asking to reconnect, before anything is saved', async () => {
        const nango = syncMock('tickets', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 60, bulkThreshold: 0, reconcileEveryDays: 0 });
        const error = await failureOf(runSync(sync, nango));

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(sent(nango)[4]?.q).toContain('WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T11:59:00.000Z) ORDER BY');
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/reconnect/i);
        expect(error.payload).toMatchObject({ errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });

    // Was a bug (fixed): the comment and email cursors were set to the run's upper bound only after syncRecords returned,
    // so a first run failing after a page left them '' and the next run started them later, missing what came between.
    it('a first run that fails after saving a page has already started the comment and email cursors at its upper bound', async () => {
        const nango = syncMock('tickets', MODEL);
        answer(nango, '/services/data/v66.0/query/01gRO0000016PIAYA2-2', { status: 401, data: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
        await failureOf(runSync(sync, nango));

        expect(saved(nango, MODEL).map((t) => t.id)).toEqual([T1, T2]);
        expect(checkpoints(nango).at(-1)).toEqual({ ...FIRST, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: T2, comment_ts: NOW, email_ts: NOW, reconciled_at: NOW });
    });

    it('an extra field the Case describe lacks: the run completes without it in the SELECT, null in custom_fields, one warning naming it', async () => {
        const nango = syncMock('tickets', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, extraFields: { Case: ['SLA_Tier__c'] } });
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual(FIRST_RUN_ENDPOINTS);
        expect(sent(nango)[4]?.q).toBe(FIRST_SOQL);
        expect(sent(nango)[4]?.q).not.toContain('SLA_Tier__c');
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((t) => ({ ...t, custom_fields: { SLA_Tier__c: null } }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toHaveLength(1);
        expect(warnings(nango)[0]).toContain('SalesforceTicket: the connected user cannot read Case.SLA_Tier__c (field-level security, or no such field)');
        expect(checkpoints(nango).at(-1)).toEqual({ ...FIRST, settings_hash: HASH_SLA, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: T3, initial_load_done: true, reconciled_at: NOW, comment_ts: NOW, email_ts: NOW });
    });

    it('a comment field the user cannot read is left out of the CaseComments subquery, with one warning naming CaseComment', async () => {
        const nango = syncMock('tickets', MODEL);
        changeDescribe(nango, 'CaseComment', { hide: ['IsPublished'] });
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/queryAll', '/services/data/v66.0/queryAll']);
        expect(sent(nango)[4]?.q).toBe(FIRST_SOQL.replace(COMMENTS, '(SELECT Id, CommentBody, CreatedById, CreatedBy.Name, CreatedDate FROM CaseComments ORDER BY CreatedDate ASC)'));
        expect(warnings(nango)).toHaveLength(1);
        expect(warnings(nango)[0]).toContain('SalesforceTicket: the connected user cannot read CaseComment.IsPublished (field-level security, or no such field)');
        // the ticket and its conversation are saved all the same
        const [ticket] = saved(nango, MODEL);
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[])[0];
        expect({ ...ticket, conversation: ticket.conversation.map((e: any) => ({ ...e, is_public: null })) }).toEqual({ ...expected, conversation: expected.conversation.map((e: any) => ({ ...e, is_public: null })) });
        expect(checkpoints(nango).at(-1)).toMatchObject({ cursor_id: T1, initial_load_done: true });
        expect(checkpoints(nango).at(-1)?.settings_hash).not.toBe(HASH);
    });
});
