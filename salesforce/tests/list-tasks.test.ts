import action from '../actions/list-tasks.js';
import { describeListAction } from './list-action.js';

describeListAction({
    name: 'list-tasks',
    action,
    key: 'tasks',
    select: 'SELECT Id, Subject, Status, Priority, ActivityDate, Description, IsClosed, WhoId, WhatId, OwnerId, CreatedDate, LastModifiedDate, SystemModstamp FROM Task',
    queries: {
        firstPage: String.raw`WHERE (Status = 'Not Started') AND (WhatId IN ('0065g00000Op001AAB')) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        secondPage: String.raw`WHERE (Status = 'Not Started') AND (WhatId IN ('0065g00000Op001AAB')) AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '00T5g00000Tk002EAB'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
        exactly: String.raw`WHERE (Status = 'Not Started') AND (WhatId IN ('0065g00000Op001AAB')) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
        defaults: String.raw`ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        hostile: String.raw`WHERE (Status = 'x\' OR Status != \'') AND (Subject LIKE '%100\% \_done\_%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        sorted: String.raw`ORDER BY CreatedDate ASC, Id ASC LIMIT 2`,
        sortedNext: String.raw`WHERE (CreatedDate > 2024-04-01T09:00:00.000Z) OR ((CreatedDate = 2024-04-01T09:00:00.000Z) AND (Id > '00T5g00000Tk001EAB')) ORDER BY CreatedDate ASC, Id ASC LIMIT 2`,
        filters: String.raw`WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (IsClosed = false) AND (WhoId IN ('0035g00000AbC01AAF')) AND (ActivityDate >= 2026-01-01) AND (ActivityDate <= 2026-01-31) AND (LastModifiedDate >= 2024-05-01T10:00:00.000Z) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
        forged: String.raw`WHERE (LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '00T5g00000Tk002EAB')) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`
    },
    ids: {
        firstPage: ['00T5g00000Tk001EAB', '00T5g00000Tk002EAB'],
        secondPage: ['00T5g00000Tk003EAB'],
        exactly: ['00T5g00000Tk001EAB', '00T5g00000Tk002EAB', '00T5g00000Tk003EAB'],
        defaults: ['00T5g00000Tk001EAB', '00T5g00000Tk002EAB'],
        sorted: ['00T5g00000Tk001EAB'],
        sortedNext: ['00T5g00000Tk002EAB'],
        filters: ['00T5g00000Tk001EAB']
    },
    firstCursor: '["lastModifiedDate","DESC","2024-05-02T08:15:00.000Z","00T5g00000Tk002EAB"]',
    hostileInput: { status: "x' OR Status != '", subjectContains: '100% _done_' },
    sort: { key: 'createdDate', input: { sortBy: 'createdDate', sortDirection: 'asc', limit: 1 }, cursor: '["createdDate","ASC","2024-04-01T09:00:00.000Z","00T5g00000Tk001EAB"]' },
    filtersInput: { ownerId: '0055g00000Us0A1AAJ', isClosed: false, whoId: '0035g00000AbC01', dueDateFrom: '2026-01-01', dueDateTo: '2026-01-31', modifiedSince: '2024-05-01T10:00:00Z' },
    // a cursor value in Salesforce's own +0000 form is normalised to UTC, not trusted as text
    forgedCursor: '["lastModifiedDate","DESC","2024-05-02T08:15:00.000+0000","00T5g00000Tk002EAB"]',
    errorInputs: { session: { status: 'Expired' }, limit: { status: 'Limited' } },
    objectId: '00T5g00000Tk001EAB',
    otherObjectId: '0065g00000Op001AAB',
    textFilter: 'status',
    refusals: [
        ['a sortBy tasks do not offer', { sortBy: 'subject' }],
        ['a cursor naming a sort tasks do not offer', { cursor: '["name","ASC","x","00T5g00000Tk001EAB"]' }],
        ['an impossible dueDateFrom', { dueDateFrom: '2026-02-30' }],
        ['a whoId with a quote', { whoId: "003' OR Id != '" }]
    ]
});
