/**
 * Child records (case comments, email messages) for syncs whose model embeds them: completing child subqueries that
 * Salesforce cut into pages, and bringing a parent back into a run when only its children changed.
 */
import { chunked } from '../writes/collections.js';
import { queryNextPage, queryPages, type QueryPage, type SalesforceRecord } from '../http/pager.js';
import { and, buildSoql, compare, dateTimeLiteral, idIn, not, type Subquery } from '../soql/builder.js';
import { type QuotaGuard } from './engine.js';
import { afterCursor, keysetPass, type KeysetCursor } from './keyset.js';
import { type SyncRuntime } from './runtime.js';

/** Parents fetched per query when re-reading them by id (keeps the SOQL well under its length limit). */
export const PARENTS_PER_QUERY = 200;

/**
 * A child subquery holds a first page only; when Salesforce marks it not done, the rest is read from its
 * nextRecordsUrl (one call per extra page, only for such parents) before the parent page moves on, since reading
 * the next parent page would invalidate the child cursors.
 */
export async function completeChildPages(nango: SyncRuntime, records: readonly SalesforceRecord[], relationships: readonly string[]): Promise<void> {
    for (const record of records) {
        for (const relationship of relationships) {
            const child = record[relationship] as Partial<QueryPage> | null | undefined;
            if (!child || child.done !== false || typeof child.nextRecordsUrl !== 'string') continue;
            const all = Array.isArray(child.records) ? [...child.records] : [];
            let next: string | undefined = child.nextRecordsUrl;
            while (next) {
                const page: QueryPage = await queryNextPage(nango, next, { context: `read more ${relationship}` });
                all.push(...page.records);
                next = page.done ? undefined : page.nextRecordsUrl;
            }
            record[relationship] = { totalSize: all.length, done: true, records: all };
        }
    }
}

export interface ChangedChildrenOptions {
    /** Child object whose changes bring the parent back, e.g. CaseComment. */
    childObject: string;
    /** The child's lookup to the parent, e.g. ParentId. */
    parentField: string;
    cursor: KeysetCursor | null;
    upper: string;
    batchSize?: number | undefined;
    parentObject: string;
    parentFields: readonly string[];
    parentSubqueries: readonly Subquery[];
    /** Parents already saved by this run's main pass: those with (SystemModstamp, Id) in (after, upper]. */
    mainPass: { after: KeysetCursor | null; upper: string };
    /** Stops the pass cleanly past the org's API usage threshold. */
    quota?: QuotaGuard | undefined;
    /** Parent ids already saved by an earlier child pass of this run. */
    alreadySaved: Set<string>;
    /** Saves the parents just read (complete with their children). */
    saveParents: (parents: SalesforceRecord[]) => Promise<void>;
    /** Checkpoints the child cursor after its page's parents are saved. */
    onCursor: (cursor: KeysetCursor) => Promise<void>;
}

/**
 * Walks the children changed (or deleted) since the child cursor and re-reads their parents, PARENTS_PER_QUERY at a
 * time, skipping parents the run already saved. Costs one call per page of children plus one per 200 parents.
 */
export async function syncParentsOfChangedChildren(nango: SyncRuntime, options: ChangedChildrenOptions): Promise<number> {
    let parentsSaved = 0;
    // the main pass saved the parents with (SystemModstamp, Id) in (after, upper]: leave those out
    const upperBound = compare('SystemModstamp', '<=', dateTimeLiteral(options.mainPass.upper));
    const notSavedByMainPass = not(and(afterCursor(options.mainPass.after), upperBound) ?? upperBound);
    await keysetPass(nango, {
        sObject: options.childObject,
        select: [options.parentField],
        cursor: options.cursor,
        upper: options.upper,
        includeDeleted: true,
        batchSize: options.batchSize,
        shouldStop: () => options.quota?.exceeded ?? false,
        observe: (apiUsage) => options.quota?.observe(apiUsage),
        onPage: async (children, cursor, apiUsage) => {
            options.quota?.observe(apiUsage);
            const parentIds = [...new Set(children.map((c) => c[options.parentField]).filter((id): id is string => typeof id === 'string' && id.length > 0))].filter(
                (id) => !options.alreadySaved.has(id)
            );
            for (const ids of chunked(parentIds, PARENTS_PER_QUERY)) {
                const soql = buildSoql({
                    select: options.parentFields,
                    subqueries: options.parentSubqueries,
                    from: options.parentObject,
                    where: and(idIn('Id', ids), notSavedByMainPass)
                });
                for await (const page of queryPages(nango, soql, { batchSize: options.batchSize, context: `re-read ${options.parentObject} of changed ${options.childObject}` })) {
                    options.quota?.observe(page.apiUsage);
                    if (page.records.length === 0) continue;
                    await options.saveParents(page.records);
                    parentsSaved += page.records.length;
                }
                ids.forEach((id) => options.alreadySaved.add(id));
            }
            await options.onCursor(cursor);
        }
    });
    return parentsSaved;
}
