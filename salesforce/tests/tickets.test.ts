import { describe, expect, it } from 'vitest';

import sync from '../syncs/tickets.js';
import { EMPTY, NOW, checkpoints, deleted, failureOf, fixture, logged, runSync, saved, sent, syncMock, useFrozenClock } from './sync-helpers.js';

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
/** A first run starts the comment and email cursors at its own upper bound. */
const FIRST = { ...EMPTY, comment_ts: NOW, comment_id: '', email_ts: NOW, email_id: '' };
const START = {
    ...EMPTY,
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
        expect(requests.map((r) => r.endpoint)).toEqual([
            '/services/data/v66.0/queryAll',
            // the rest of T2's comments, read before the parent locator (which would invalidate it)
            '/services/data/v66.0/query/01gRO0000016PJcYAM-1',
            '/services/data/v66.0/query/01gRO0000016PIAYA2-2',
            '/services/data/v66.0/queryAll',
            '/services/data/v66.0/queryAll'
        ]);
        expect(requests[0]?.q).toBe(
            `SELECT Id, SystemModstamp, ${CASE_FIELDS}, IsDeleted, ${COMMENTS}, ${EMAILS} FROM Case WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`
        );
        // the child passes of a first run start at the run's upper bound
        expect(requests[3]?.q).toBe(`SELECT Id, SystemModstamp, ParentId FROM CaseComment WHERE (SystemModstamp >= 2026-11-22T12:00:00.000Z) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`);
        expect(requests[4]?.q).toBe(`SELECT Id, SystemModstamp, ParentId FROM EmailMessage WHERE (SystemModstamp >= 2026-11-22T12:00:00.000Z) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`);

        const tickets = saved(nango, MODEL);
        expect(tickets).toEqual(await nango.getBatchSaveData(MODEL));
        // comments and emails interleaved by date, not listed comments first
        expect(tickets[0].conversation.map((e: { type: string }) => e.type)).toEqual(['comment', 'email', 'comment']);
        expect(tickets[1].conversation).toHaveLength(2);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        expect(checkpoints(nango)).toEqual([
            { ...FIRST, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: T2 },
            { ...FIRST, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: T3 },
            { ...FIRST, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: T3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: changed cases, then the CaseComment and EmailMessage passes re-read an older case whose conversation changed', async () => {
        const nango = syncMock('tickets', MODEL);
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual(['/services/data/v66.0/queryAll', '/services/data/v66.0/queryAll', '/services/data/v66.0/query', '/services/data/v66.0/queryAll']);
        expect(requests[0]?.q).toBe(`SELECT Id, SystemModstamp, ${CASE_FIELDS}, IsDeleted, ${COMMENTS}, ${EMAILS} FROM Case WHERE ${AFTER_T3} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`);
        expect(requests[0]?.q).not.toContain('IsDeleted = false');
        expect(requests[1]?.q).toBe(
            `SELECT Id, SystemModstamp, ParentId FROM CaseComment WHERE ((SystemModstamp > 2026-11-21T17:00:00.000Z) OR ((SystemModstamp = 2026-11-21T17:00:00.000Z) AND (Id > '${CM4}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ${ORDER}`
        );
        // the parents of the changed comments, minus the cases the main pass just read
        expect(requests[2]?.q).toBe(
            `SELECT Id, ${CASE_FIELDS}, SystemModstamp, ${COMMENTS}, ${EMAILS} FROM Case WHERE (Id IN ('${T4}', '${T1}')) AND (NOT (${AFTER_T3} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z)))`
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

        expect(sent(nango)).toHaveLength(1);
        expect(sent(nango)[0]?.q).toContain('WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T11:59:00.000Z) ORDER BY');
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/reconnect/i);
        expect(error.payload).toMatchObject({ errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });

    // Was a bug (fixed): tickets reads metadata.extraFields.Case like the cases sync, but its exec only calls toSyncError: the
    // INVALID_FIELD hint runRecordSync adds (withFieldHint, engine.ts) is missing, so the message never says which
    // metadata setting named the unknown field.
    it('an unknown extra field fails the run with an Error naming metadata.extraFields.Case', async () => {
        const nango = syncMock('tickets', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, extraFields: { Case: ['SLA_Tier__c'] } });
        const error = await failureOf(runSync(sync, nango));

        expect(sent(nango)[0]?.q).toContain(`LastModifiedDate, SLA_Tier__c, IsDeleted, ${COMMENTS}`);
        expect(error.message).toContain("No such column 'SLA_Tier__c' on entity 'Case'");
        expect(error.message).toContain('metadata.extraFields.Case');
    });
});
