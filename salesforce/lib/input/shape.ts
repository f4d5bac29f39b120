/**
 * Checks on the shape of an action's whole input, made before its schema reads it: how deep it nests, how many values
 * it holds, and that every string and key is well-formed UTF-16. An unpaired surrogate has no UTF-8 form: in a URL
 * it makes encodeURIComponent throw (URIError: URI malformed), in a body it would be silently replaced by U+FFFD, so it
 * is refused everywhere, with the path of the string that holds it.
 *
 * A value nested thousands deep makes any recursive walk (a schema, JSON.stringify, a structured clone) overflow the
 * stack with a RangeError; refusing it first turns that into an `invalid_input` that names where the nesting went too
 * deep, with no request sent.
 */
import { InputError } from '../http/errors.js';
import { printable } from './names.js';

/** Deepest nesting accepted (the input object itself is level 0): real bodies (a composite graph's record) need under ten. */
export const MAX_INPUT_DEPTH = 32;
/** Most values (objects, arrays, strings, numbers...) one input may hold. */
export const MAX_INPUT_VALUES = 500_000;

const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the string holds an unpaired UTF-16 surrogate (what String.prototype.isWellFormed, Node 20+, reports false for). */
export function hasLoneSurrogate(value: string): boolean {
    return LONE_SURROGATE_RE.test(value);
}

/** Refuses a string with an unpaired surrogate: it has no UTF-8 form, so it cannot be percent-encoded into a URL. */
export function assertWellFormed(value: string, path: string): string {
    if (hasLoneSurrogate(value)) {
        throw new InputError(`"${printable(value)}" contains an unpaired UTF-16 surrogate (half of an emoji or other character), which has no UTF-8 form`, path);
    }
    return value;
}

function segment(path: string, key: string | number): string {
    if (typeof key === 'number') return path ? `${path}.${key}` : String(key);
    const shown = printable(key, 40);
    return path ? `${path}.${shown}` : shown;
}

/**
 * Walks the input without recursion and refuses nesting deeper than `maxDepth`, more than `maxValues` values, or a
 * string or key with an unpaired surrogate; the error names the path where it was found.
 */
export function assertInputShape(input: unknown, root = '', maxDepth = MAX_INPUT_DEPTH, maxValues = MAX_INPUT_VALUES): void {
    const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: root, depth: 0 }];
    let count = 0;
    while (stack.length > 0) {
        const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
        count++;
        if (count > maxValues) {
            throw new InputError(`holds more than ${maxValues} values; send less per call`, root);
        }
        if (typeof value === 'string') {
            assertWellFormed(value, path);
            continue;
        }
        if (value === null || typeof value !== 'object') {
            continue;
        }
        if (depth >= maxDepth) {
            throw new InputError(`nests deeper than ${maxDepth} levels`, path);
        }
        if (Array.isArray(value)) {
            value.forEach((item, index) => stack.push({ value: item, path: segment(path, index), depth: depth + 1 }));
        } else {
            for (const [key, item] of Object.entries(value)) {
                assertWellFormed(key, segment(path, key));
                stack.push({ value: item, path: segment(path, key), depth: depth + 1 });
            }
        }
    }
}
