/**
 * Checks on what people will read: email addresses, email subjects and bodies, Chatter text. These values reach
 * other people's inboxes and feeds, so anything that could change who receives a message or how it reads is refused
 * rather than passed on:
 *
 * - an address is one mailbox (`name@example.com`): no comma or semicolon (Salesforce splits recipient lists on
 *   them, so `a@x.com,b@y.com` in one entry would add a recipient), no display name, angle brackets, quotes, spaces or
 *   control characters;
 * - a subject is one line: no CR/LF (header folding), no other control characters;
 * - a body or Chatter text may hold line breaks and tabs, but no other C0/C1 control characters;
 * - none may hold bidirectional embedding, override or isolate controls (U+202A–U+202E, U+2066–U+2069), which make
 *   text read differently from what it says ("Trojan Source"). Right-to-left text itself, and the LRM/RLM marks, are
 *   fine.
 */
import { InputError } from '../http/errors.js';
import { printable } from './names.js';

/** RFC 5321: at most 254 characters in an address, 64 in its local part. */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART = 64;

// Local part: the RFC 5322 dot-atom characters (no quoted strings); domain: LDH labels, a letter TLD.
const LOCAL_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD_RE = /^[A-Za-z]{2,63}$/;

const BIDI_CONTROLS_RE = /[\u202a-\u202e\u2066-\u2069]/;
const CONTROLS_EXCEPT_LINES_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_SEPARATORS_RE = /[\r\n\u2028\u2029]/;

/** True for one plain mailbox address such as ada@example.com. */
export function isEmailAddress(value: unknown): value is string {
    if (typeof value !== 'string' || value.length > MAX_EMAIL_ADDRESS_LENGTH) return false;
    const at = value.lastIndexOf('@');
    if (at <= 0 || value.indexOf('@') !== at) return false;
    const local = value.slice(0, at);
    const labels = value.slice(at + 1).split('.');
    const tld = labels[labels.length - 1] ?? '';
    return local.length <= MAX_LOCAL_PART && LOCAL_RE.test(local) && labels.length >= 2 && labels.every((l) => LABEL_RE.test(l)) && TLD_RE.test(tld);
}

export function assertEmailAddress(value: unknown, path: string): string {
    if (!isEmailAddress(value)) {
        const shown = typeof value === 'string' ? `"${printable(value)}"` : String(value);
        throw new InputError(`${shown} is not one email address such as ada@example.com (no names, commas, semicolons, spaces or angle brackets)`, path);
    }
    return value;
}

function assertNoBidiControls(value: string, path: string): void {
    if (BIDI_CONTROLS_RE.test(value)) {
        throw new InputError(`"${printable(value)}" contains bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069), which make text read differently from what it says`, path);
    }
}

/** A one-line text people read (an email subject): no line breaks, controls or bidi overrides. */
export function assertOneLineText(value: string, path: string): string {
    if (LINE_SEPARATORS_RE.test(value) || CONTROLS_EXCEPT_LINES_RE.test(value) || value.includes('\t')) {
        throw new InputError(`"${printable(value)}" must be one line without control characters (no CR, LF, tab or NUL)`, path);
    }
    assertNoBidiControls(value, path);
    return value;
}

/** A multi-line text people read (an email body, a Chatter post): line breaks and tabs, no other controls, no bidi overrides. */
export function assertMessageText(value: string, path: string): string {
    if (CONTROLS_EXCEPT_LINES_RE.test(value)) {
        throw new InputError(`"${printable(value)}" contains control characters (only line breaks and tabs are allowed)`, path);
    }
    assertNoBidiControls(value, path);
    return value;
}
