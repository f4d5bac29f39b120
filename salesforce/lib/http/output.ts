/**
 * Nango refuses an action output larger than 2 MB. Outputs whose size depends on data are cut here, never silently:
 * the output says it is partial and how to get the rest.
 */

/** Nango's limit on one action output. */
export const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;
/** What an output may use, leaving room for Nango's own envelope. */
export const OUTPUT_BUDGET_BYTES = MAX_OUTPUT_BYTES - 32 * 1024;

/**
 * UTF-8 length of a string, counted by hand: Nango runs functions in a sandbox that has no TextEncoder, and Buffer is
 * not promised everywhere.
 */
export function utf8Length(text: string): number {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code < 0x80) {
            bytes += 1;
        } else if (code < 0x800) {
            bytes += 2;
        } else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
            bytes += 4;
            i++;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

/** Size of a value once serialised as JSON, in UTF-8 bytes. */
export function jsonSize(value: unknown): number {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : utf8Length(text);
}

export interface Fitted<T> {
    items: T[];
    /** True when every item fitted. */
    complete: boolean;
}

/**
 * The longest prefix of `items` that fits in the budget next to the rest of the output (`envelope`, measured with an
 * empty list in place of the items).
 */
export function fitItems<T>(items: readonly T[], envelope: unknown, budget = OUTPUT_BUDGET_BYTES): Fitted<T> {
    let used = jsonSize(envelope);
    const kept: T[] = [];
    for (const item of items) {
        const size = jsonSize(item) + (kept.length > 0 ? 1 : 0);
        if (used + size > budget) {
            return { items: kept, complete: false };
        }
        used += size;
        kept.push(item);
    }
    return { items: kept, complete: true };
}

/**
 * Keeps a list of subresponses under the budget by replacing the largest `key` payloads (a composite `body`, a batch
 * `result`) with null, flagging each one it replaced with `omitted: true` so the caller knows to fetch it apart.
 */
export function omitLargestPayloads<T extends Record<string, unknown>>(items: readonly T[], key: keyof T & string, envelope: unknown): Array<T & { omitted: boolean }> {
    const out = items.map((item) => ({ ...item, omitted: false }));
    let size = jsonSize(envelope) + jsonSize(out);
    if (size <= OUTPUT_BUDGET_BYTES) {
        return out;
    }
    const bySize = out.map((item, i) => ({ i, bytes: jsonSize(item[key]) })).sort((a, b) => b.bytes - a.bytes);
    for (const { i, bytes } of bySize) {
        if (size <= OUTPUT_BUDGET_BYTES) break;
        const item = out[i];
        if (!item) continue;
        (item as Record<string, unknown>)[key] = null;
        item.omitted = true;
        size -= bytes - 4;
    }
    return out;
}
