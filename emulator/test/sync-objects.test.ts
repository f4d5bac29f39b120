/** Objects and query behaviour the syncs rely on (reference §9, §12), over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, q, qa, type Client } from './helpers.js';

let c: Client;
let noKnowledge: Client;
beforeAll(async () => {
    [c, noKnowledge] = await Promise.all([start({ volume: { default: 25, Contact: 300 }, tiedModstamps: { Contact: 250 } }), start({ knowledge: false, volume: 5 })]);
});
afterAll(async () => {
    await Promise.all([c.emu.stop(), noKnowledge.emu.stop()]);
});

describe('CaseComment and EmailMessage (§9.1)', () => {
    it('are seeded, queryable, and reachable as CaseComments / EmailMessages subqueries', async () => {
        const res = await c.sf(q('SELECT Id, CaseNumber, (SELECT Id, CommentBody, IsPublished, CreatedDate, CreatedBy.Name FROM CaseComments ORDER BY CreatedDate), (SELECT Id, Subject, TextBody, HtmlBody, FromAddress, FromName, ToAddress, Incoming, MessageDate, Status, IsExternallyVisible FROM EmailMessages) FROM Case'));
        expect(res.status).toBe(200);
        const withComments = res.body.records.filter((r: { CaseComments: unknown }) => r.CaseComments !== null);
        expect(withComments.length).toBeGreaterThan(0);
        const comment = withComments[0].CaseComments.records[0];
        expect(comment).toMatchObject({ attributes: { type: 'CaseComment' }, CommentBody: expect.any(String), IsPublished: expect.any(Boolean), CreatedBy: { Name: expect.any(String) } });
        const withEmails = res.body.records.filter((r: { EmailMessages: unknown }) => r.EmailMessages !== null);
        expect(withEmails[0].EmailMessages.records[0]).toMatchObject({ attributes: { type: 'EmailMessage' }, Subject: expect.any(String), Incoming: expect.any(Boolean), Status: expect.stringMatching(/^[0-5]$/) });
    });

    it('WHERE ParentId IN (…) works, and adding a child leaves the parent Case SystemModstamp alone', async () => {
        const org = c.emu.org;
        const kase = org.insert('Case', { Subject: 'Child stamp test' });
        const stamp = kase['SystemModstamp'];
        await new Promise((r) => setTimeout(r, 5));
        const comment = await c.sf('sobjects/CaseComment', { method: 'POST', json: { ParentId: kase['Id'], CommentBody: 'hello', IsPublished: true } });
        expect(comment.status).toBe(201);
        const email = await c.sf('sobjects/EmailMessage', { method: 'POST', json: { ParentId: kase['Id'], Subject: 'Re: hello', TextBody: 'hi', FromAddress: 'a@example.com', Incoming: true, Status: '0' } });
        expect(email.status).toBe(201);
        expect(org.get(kase['Id'] as string)?.['SystemModstamp']).toBe(stamp);
        const other = org.list('Case')[0]?.['Id'];
        const res = await c.sf(q(`SELECT Id, ParentId, CommentBody, SystemModstamp FROM CaseComment WHERE ParentId IN ('${kase['Id']}', '${other}') ORDER BY SystemModstamp, Id`));
        expect(res.body.records.map((r: { Id: string }) => r.Id)).toContain(comment.body.id);
        const emails = await c.sf(q(`SELECT Id FROM EmailMessage WHERE ParentId IN ('${kase['Id']}')`));
        expect(emails.body.records.map((r: { Id: string }) => r.Id)).toEqual([email.body.id]);
        const fresh = await c.sf(q(`SELECT Id FROM CaseComment WHERE SystemModstamp > ${new Date(stamp as number).toISOString()}`));
        expect(fresh.body.records.map((r: { Id: string }) => r.Id)).toContain(comment.body.id);
    });

    it('ids use the real key prefixes; describe shows the child relationships', async () => {
        expect(c.emu.org.list('CaseComment')[0]?.['Id']).toMatch(/^00a/);
        expect(c.emu.org.list('EmailMessage')[0]?.['Id']).toMatch(/^02s/);
        const d = await c.sf('sobjects/Case/describe');
        const rels = d.body.childRelationships.map((r: { relationshipName: string }) => r.relationshipName);
        expect(rels).toEqual(expect.arrayContaining(['CaseComments', 'EmailMessages']));
    });
});

describe('Knowledge (§9.2)', () => {
    it('KnowledgeArticleVersion and Knowledge__kav share rows; the body field lives on Knowledge__kav', async () => {
        const soql = "SELECT Id, KnowledgeArticleId, ArticleNumber, Title, Summary, UrlName, Language, LastPublishedDate, SystemModstamp FROM KnowledgeArticleVersion WHERE PublishStatus = 'Online' AND Language = 'en_US' AND SystemModstamp > 2000-01-01T00:00:00Z ORDER BY SystemModstamp";
        const kav = await c.sf(q(soql));
        expect(kav.status).toBe(200);
        expect(kav.body.totalSize).toBeGreaterThan(0);
        const first = kav.body.records[0];
        expect(first.attributes.type).toBe('KnowledgeArticleVersion');
        expect(first.Id).toMatch(/^ka0/);
        expect(first.KnowledgeArticleId).toMatch(/^kA0/);
        const concrete = await c.sf(q(`SELECT Id, Title, Answer__c, PublishStatus, IsLatestVersion, VersionNumber FROM Knowledge__kav WHERE Id = '${first.Id}'`));
        expect(concrete.body.records[0]).toMatchObject({ attributes: { type: 'Knowledge__kav' }, Id: first.Id, Title: first.Title, Answer__c: expect.stringContaining('<'), PublishStatus: 'Online', IsLatestVersion: true });
        const noBody = await c.sf(q('SELECT Answer__c FROM KnowledgeArticleVersion'));
        expect(noBody.status).toBe(400);
        expect(noBody.body[0].errorCode).toBe('INVALID_FIELD');
        const statuses = await c.sf(q('SELECT PublishStatus, Language FROM Knowledge__kav'));
        const seen = new Set(statuses.body.records.map((r: { PublishStatus: string }) => r.PublishStatus));
        expect([...seen].every((s) => ['Online', 'Draft', 'Archived'].includes(s as string))).toBe(true);
    });

    it('KnowledgeArticleVersion answers GET by id and SOSL, and is read-only', async () => {
        const rec = c.emu.org.list('Knowledge__kav').find((r) => r['PublishStatus'] === 'Online' && r['Language'] === 'en_US') as Record<string, unknown>;
        const got = await c.sf(`sobjects/KnowledgeArticleVersion/${rec['Id']}?fields=Title,PublishStatus`);
        expect(got.status).toBe(200);
        expect(got.body).toMatchObject({ attributes: { type: 'KnowledgeArticleVersion' }, Id: rec['Id'], Title: rec['Title'], PublishStatus: 'Online' });
        const word = String(rec['Title']).split(' ')[1] as string;
        const found = await c.sf(`search?q=${encodeURIComponent(`FIND {${word}} RETURNING KnowledgeArticleVersion(Id, Title WHERE PublishStatus = 'Online' AND Language = 'en_US')`)}`);
        expect(found.status).toBe(200);
        expect(found.body.searchRecords.map((r: { Id: string }) => r.Id)).toContain(rec['Id']);
        expect(found.body.searchRecords[0].attributes.type).toBe('KnowledgeArticleVersion');
        const create = await c.sf('sobjects/KnowledgeArticleVersion', { method: 'POST', json: { Title: 'x', UrlName: 'x' } });
        expect(create.status).toBe(400);
    });

    it('creating a Knowledge__kav draft assigns the article id, number and version', async () => {
        const res = await c.sf('sobjects/Knowledge__kav', { method: 'POST', json: { Title: 'New article', UrlName: 'new-article', Answer__c: '<p>Body</p>' } });
        expect(res.status).toBe(201);
        const rec = c.emu.org.get(res.body.id);
        expect(rec).toMatchObject({ PublishStatus: 'Draft', VersionNumber: 1, IsLatestVersion: true, Language: 'en_US' });
        expect(rec?.['KnowledgeArticleId']).toMatch(/^kA0/);
        c.emu.org.updateRaw(res.body.id, { PublishStatus: 'Online' });
        expect(c.emu.org.get(res.body.id)?.['LastPublishedDate']).toEqual(expect.any(Number));
        const readOnly = await c.sf(`sobjects/Knowledge__kav/${res.body.id}`, { method: 'PATCH', json: { PublishStatus: 'Online' } });
        expect(readOnly.status).toBe(400);
    });

    it('an org started with knowledge: false answers 400 INVALID_TYPE', async () => {
        for (const obj of ['KnowledgeArticleVersion', 'Knowledge__kav']) {
            const res = await noKnowledge.sf(q(`SELECT Id FROM ${obj}`));
            expect(res.status).toBe(400);
            expect(res.body[0].errorCode).toBe('INVALID_TYPE');
        }
    });
});

describe('Users (§9)', () => {
    it('expose Profile.Name, UserRole.Name, UserType, IsActive and Manager', async () => {
        const res = await c.sf(q("SELECT Id, Name, Email, IsActive, UserType, Profile.Name, UserRole.Name, Manager.Name, ManagerId FROM User WHERE UserType = 'Standard' ORDER BY SystemModstamp, Id"));
        expect(res.status).toBe(200);
        expect(res.body.records[0]).toMatchObject({ IsActive: expect.any(Boolean), UserType: 'Standard', Profile: { Name: expect.any(String) } });
        expect(res.body.records.some((r: { UserRole: unknown }) => r.UserRole !== null)).toBe(true);
        expect(res.body.records.some((r: { Manager: unknown }) => r.Manager !== null)).toBe(true);
    });
});

describe('incremental-sync mechanics (§12)', () => {
    it('tiedModstamps makes many records share one SystemModstamp; keyset paging on (SystemModstamp, Id) walks them all', async () => {
        const res = await c.sf(q('SELECT SystemModstamp, COUNT(Id) FROM Contact GROUP BY SystemModstamp'));
        expect(res.status).toBe(400); // GROUP BY is not emulated; count by hand instead
        const all = c.emu.org.list('Contact');
        const counts = new Map<unknown, number>();
        for (const r of all) counts.set(r['SystemModstamp'], (counts.get(r['SystemModstamp']) ?? 0) + 1);
        const [stamp, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] as [number, number];
        expect(n).toBe(250);
        const iso = new Date(stamp).toISOString();
        const seen: string[] = [];
        let lastId = '';
        for (;;) {
            const where = lastId === '' ? `SystemModstamp = ${iso}` : `SystemModstamp = ${iso} AND Id > '${lastId}'`;
            const page = await c.sf(q(`SELECT Id FROM Contact WHERE ${where} ORDER BY Id LIMIT 100`));
            expect(page.status).toBe(200);
            if (page.body.records.length === 0) break;
            for (const r of page.body.records) seen.push(r.Id);
            lastId = page.body.records[page.body.records.length - 1].Id;
        }
        expect(seen).toHaveLength(250);
        expect(new Set(seen).size).toBe(250);
    });

    it('datetime literals with fractional seconds and offsets compare against SystemModstamp', async () => {
        const org = c.emu.org;
        const rec = org.insert('Account', { Name: 'Fraction' });
        org.setSystemModstamp(rec['Id'] as string, '2030-05-05T10:00:00.500Z');
        const count = async (op: string, lit: string) => (await c.sf(q(`SELECT Id FROM Account WHERE Name = 'Fraction' AND SystemModstamp ${op} ${lit}`))).body.totalSize;
        expect(await count('>', '2030-05-05T10:00:00.499Z')).toBe(1);
        expect(await count('>', '2030-05-05T10:00:00.500Z')).toBe(0);
        expect(await count('>=', '2030-05-05T10:00:00.500Z')).toBe(1);
        expect(await count('=', '2030-05-05T12:00:00.500+02:00')).toBe(1);
        expect(await count('<', '2030-05-05T10:00:01Z')).toBe(1);
    });

    it('queryAll with IsDeleted = true works for every object; org.delete can backdate deletions', async () => {
        const org = c.emu.org;
        const parent = org.insert('Case', { Subject: 'To delete' });
        const victims: Record<string, string> = {
            Account: org.insert('Account', { Name: 'Del' })['Id'] as string,
            Contact: org.insert('Contact', { LastName: 'Del' })['Id'] as string,
            Lead: org.insert('Lead', { LastName: 'Del', Company: 'Del' })['Id'] as string,
            Opportunity: org.insert('Opportunity', { Name: 'Del', StageName: 'Prospecting', CloseDate: '2030-01-01' })['Id'] as string,
            Task: org.insert('Task', { Subject: 'Del' })['Id'] as string,
            Invoice__c: org.insert('Invoice__c', {})['Id'] as string,
            CaseComment: org.insert('CaseComment', { ParentId: parent['Id'], CommentBody: 'del' })['Id'] as string,
            EmailMessage: org.insert('EmailMessage', { ParentId: parent['Id'], Subject: 'del' })['Id'] as string,
            Knowledge__kav: org.insert('Knowledge__kav', { Title: 'Del', UrlName: 'del' })['Id'] as string
        };
        const at = '2031-02-03T04:05:06.000Z';
        for (const [type, id] of Object.entries(victims)) org.delete(type, id, { at });
        org.delete('Case', parent['Id'] as string, { at });
        victims['Case'] = parent['Id'] as string;
        for (const [type, id] of Object.entries(victims)) {
            const res = await c.sf(qa(`SELECT Id, IsDeleted, SystemModstamp FROM ${type} WHERE IsDeleted = true AND SystemModstamp >= 2031-02-03T04:05:06Z`));
            expect(res.status, type).toBe(200);
            expect(res.body.records.map((r: { Id: string }) => r.Id), type).toContain(id);
            expect(res.body.records.find((r: { Id: string }) => r.Id === id)).toMatchObject({ IsDeleted: true, SystemModstamp: '2031-02-03T04:05:06.000+0000' });
            const live = await c.sf(q(`SELECT Id FROM ${type} WHERE Id = '${id}'`));
            expect(live.body.totalSize, type).toBe(0);
        }
        const kav = await c.sf(qa(`SELECT Id FROM KnowledgeArticleVersion WHERE IsDeleted = true AND Id = '${victims['Knowledge__kav']}'`));
        expect(kav.body.totalSize).toBe(1);
    });

    it('deleting a Case sends its comments and emails to the Recycle Bin too', async () => {
        const org = c.emu.org;
        const kase = org.insert('Case', { Subject: 'Cascade' });
        const cc = org.insert('CaseComment', { ParentId: kase['Id'], CommentBody: 'x' });
        org.delete('Case', kase['Id'] as string);
        expect(org.get(cc['Id'] as string)?.['IsDeleted']).toBe(true);
    });
});
