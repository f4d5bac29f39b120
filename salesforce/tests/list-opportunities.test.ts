import action from '../actions/list-opportunities.js';
import { describeListAction } from './list-action.js';

describeListAction({
    name: 'list-opportunities',
    action,
    key: 'opportunities',
    select: 'SELECT Id, Name, Amount, StageName, CloseDate, Probability, ForecastCategoryName, IsClosed, IsWon, Type, LeadSource, NextStep, Description, AccountId, Account.Name, OwnerId, Owner.Name, CreatedDate, LastModifiedDate, SystemModstamp FROM Opportunity',
    queries: {
        firstPage: String.raw`WHERE (StageName = 'Negotiation/Review') AND (IsClosed = false) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        secondPage: String.raw`WHERE (StageName = 'Negotiation/Review') AND (IsClosed = false) AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '0065g00000Op002AAB'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        exactly: String.raw`WHERE (StageName = 'Negotiation/Review') AND (IsClosed = false) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
        defaults: String.raw`ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        hostile: String.raw`WHERE (StageName = 'Closed Won\' OR StageName != \'') AND (Name LIKE '%50\%\_deal%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        sorted: String.raw`ORDER BY CloseDate DESC, Id DESC LIMIT 2`,
        sortedNext: String.raw`WHERE (CloseDate < 2026-12-31) OR ((CloseDate = 2026-12-31) AND (Id < '0065g00000Op001AAB')) ORDER BY CloseDate DESC, Id DESC LIMIT 2`,
        filters: String.raw`WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (AccountId IN ('001D000000IqhSLIAZ')) AND (IsWon = true) AND (CloseDate >= 2026-01-01) AND (CloseDate <= 2026-12-31) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        forged: String.raw`WHERE (Name > 'x\' OR Id != \'') OR ((Name = 'x\' OR Id != \'') AND (Id > '0065g00000Op001AAB')) ORDER BY Name ASC, Id ASC LIMIT 51`
    },
    ids: {
        firstPage: ['0065g00000Op001AAB', '0065g00000Op002AAB'],
        secondPage: ['0065g00000Op003AAB'],
        exactly: ['0065g00000Op001AAB', '0065g00000Op002AAB', '0065g00000Op003AAB'],
        defaults: ['0065g00000Op001AAB', '0065g00000Op002AAB'],
        sorted: ['0065g00000Op001AAB'],
        sortedNext: ['0065g00000Op002AAB'],
        filters: ['0065g00000Op001AAB']
    },
    firstCursor: '["lastModifiedDate","DESC","2024-05-02T08:15:00.000Z","0065g00000Op002AAB"]',
    hostileInput: { stageName: "Closed Won' OR StageName != '", nameContains: '50%_deal' },
    sort: { key: 'closeDate', input: { sortBy: 'closeDate', limit: 1 }, cursor: '["closeDate","DESC","2026-12-31","0065g00000Op001AAB"]' },
    filtersInput: { ownerId: '0055g00000Us0A1AAJ', accountId: '001D000000IqhSLIAZ', isWon: true, closeDateFrom: '2026-01-01', closeDateTo: '2026-12-31' },
    forgedCursor: `["name","ASC","x' OR Id != '","0065g00000Op001AAB"]`,
    errorInputs: { session: { stageName: 'Expired' }, limit: { stageName: 'Limited' } },
    objectId: '0065g00000Op001AAB',
    otherObjectId: '001D000000IqhSLIAZ',
    textFilter: 'stageName',
    refusals: [
        ['an impossible closeDateFrom', { closeDateFrom: '2026-02-30' }],
        ['a closeDateTo in another format', { closeDateTo: '31/12/2026' }],
        ['a cursor whose close date is not a date', { cursor: '["closeDate","DESC","2026-13-01","0065g00000Op001AAB"]' }],
        ['isWon as text', { isWon: 'true' }]
    ]
});
