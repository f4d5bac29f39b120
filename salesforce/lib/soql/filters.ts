/**
 * Structured filters: the safe way for callers to narrow a query or search. Each filter names a field, an operator
 * and a value; the SOQL builder validates the field and escapes the value, so no filter can add a clause.
 */
import * as z from 'zod';

import { InputError } from '../http/errors.js';
import { and, compare, dateLiteral, dateTimeLiteral, inList, isNull, like, type Condition, type Literal, type LiteralValue } from './builder.js';

export const FILTER_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'STARTS_WITH', 'CONTAINS', 'IN', 'NOT IN'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FieldFilter {
    field: string;
    operator: FilterOperator;
    value: LiteralValue | readonly LiteralValue[];
    /** How to read a string value: as text (default), a date (YYYY-MM-DD) or a dateTime (ISO 8601). */
    valueType?: 'text' | 'date' | 'dateTime' | undefined;
}

const scalar = z.union([z.string().max(4_000), z.number(), z.boolean(), z.null()]);

export const fieldFilterSchema = z.object({
    field: z.string().describe('Field API name or relationship path, e.g. "Industry" or "Account.Name".'),
    operator: z.enum(FILTER_OPERATORS).describe('Comparison. LIKE takes the value as typed with its own % and _ escaped; STARTS_WITH and CONTAINS match text.'),
    value: z.union([scalar, z.array(scalar).min(1).max(1_000)]).describe('Value to compare with; a list for IN / NOT IN. Strings are escaped, e.g. "O\'Brien".'),
    valueType: z
        .enum(['text', 'date', 'dateTime'])
        .optional()
        .describe('Read a string value as a date ("2024-01-31") or dateTime ("2024-01-31T10:00:00Z") instead of text. Default text.')
});

function scalarOf(filter: FieldFilter, path: string): LiteralValue | Literal {
    if (Array.isArray(filter.value)) {
        throw new InputError(`${filter.operator} takes one value, not a list`, path);
    }
    const value = filter.value as LiteralValue;
    if (filter.valueType === 'date' || filter.valueType === 'dateTime') {
        if (typeof value !== 'string') {
            throw new InputError(`a ${filter.valueType} value must be a string`, path);
        }
        return filter.valueType === 'date' ? dateLiteral(value, path) : dateTimeLiteral(value, path);
    }
    return value;
}

function textOf(filter: FieldFilter, path: string): string {
    if (typeof filter.value !== 'string') {
        throw new InputError(`${filter.operator} needs a text value`, path);
    }
    return filter.value;
}

/** One filter as a SOQL condition. */
export function filterCondition(filter: FieldFilter, path = 'filter'): Condition {
    const field = filter.field;
    switch (filter.operator) {
        case 'IN':
        case 'NOT IN': {
            const values = Array.isArray(filter.value) ? (filter.value as LiteralValue[]) : [filter.value as LiteralValue];
            return inList(field, values, filter.operator === 'NOT IN', `${path}.value`);
        }
        case 'LIKE':
            return like(field, textOf(filter, `${path}.value`), 'exact', `${path}.value`);
        case 'STARTS_WITH':
            return like(field, textOf(filter, `${path}.value`), 'startsWith', `${path}.value`);
        case 'CONTAINS':
            return like(field, textOf(filter, `${path}.value`), 'contains', `${path}.value`);
        default: {
            const value = scalarOf(filter, `${path}.value`);
            if (value === null && (filter.operator === '=' || filter.operator === '!=')) {
                return isNull(field, filter.operator === '!=');
            }
            return compare(field, filter.operator, value, `${path}.field`);
        }
    }
}

/** All filters ANDed into one WHERE body. */
export function buildWhere(filters: readonly FieldFilter[], path = 'where'): Condition {
    const condition = and(...filters.map((f, i) => filterCondition(f, `${path}[${i}]`)));
    if (!condition) {
        throw new InputError('needs at least one filter', path);
    }
    return condition;
}
