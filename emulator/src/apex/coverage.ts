/**
 * The emulated Apex test run. Salesforce runs the test methods and counts, per class and trigger, the executable
 * lines they ran ("Code Coverage", Apex Developer Guide; System.debug calls and test classes are not counted). The
 * emulator cannot run Apex, so it estimates: a method is covered when a test method reaches it through calls, and
 * every statement line of a covered method counts as covered.
 *
 * Simplifications (over-approximations, said here so that nobody mistakes the estimate for a run):
 * - calls are matched by method name only, whatever the receiver or the argument types;
 * - `new X(…)` reaches X's constructors; System.enqueueJob reaches `execute` of every class implementing
 *   Queueable, Database.executeBatch the start/execute/finish of every Batchable;
 * - any DML statement (insert, update, delete, undelete, upsert, merge, Database.insert…) in reached code fires
 *   every trigger of the org (the objects of generic SObject records cannot be known without running the code);
 * - field initializers of a class count as covered once the class is mentioned by reached code;
 * - a test method fails only when a test asked so (ApexState.failingTests): its reach is then not counted.
 */
import type { ApexMember, ApexUnit } from './compile.js';

export interface UnitCoverage {
    name: string;
    kind: 'class' | 'trigger';
    /** Executable lines. */
    locations: number;
    notCovered: number[];
}

export interface TestRun {
    successes: Array<{ className: string; methodName: string }>;
    failures: Array<{ className: string; methodName: string; message: string; line: number }>;
    /** Every class and trigger that is not a test class, by lower-case name. */
    coverage: Map<string, UnitCoverage>;
}

const simple = (qualified: string): string => qualified.slice(qualified.lastIndexOf('.') + 1);

export function runTests(units: ApexUnit[], testClasses: string[], failing: Map<string, string>): TestRun {
    const members = units.flatMap((u) => u.members);
    const classes = units.flatMap((u) => u.classes);
    const byName = new Map<string, ApexMember[]>();
    for (const m of members) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
    const implementing = (iface: string): Set<string> => new Set(classes.filter((c) => c.implementsList.some((i) => simple(i) === iface)).map((c) => c.name));
    const queueables = implementing('queueable');
    const batchables = new Set(classes.filter((c) => c.implementsList.some((i) => /^(database\.)?batchable(<.*>)?$/.test(i))).map((c) => c.name));
    const triggers = members.filter((m) => m.name === '<trigger>');

    const run: TestRun = { successes: [], failures: [], coverage: new Map() };
    const reached = new Set<ApexMember>();
    const mentioned = new Set<string>();
    const wanted = new Set(testClasses.map((t) => t.toLowerCase()));
    const starts = members.filter((m) => m.isTest && wanted.has(m.owner.split('.')[0] ?? ''));
    for (const start of starts) {
        const className = units.find((u) => u.classes.some((c) => c.name === start.owner))?.name ?? start.owner;
        const failure = [...failing.entries()].find(([key]) => key.toLowerCase() === `${className}.${start.name}`.toLowerCase());
        if (failure) {
            run.failures.push({ className, methodName: start.declared, message: failure[1], line: start.lines.size > 0 ? Math.min(...start.lines) : 1 });
            continue;
        }
        run.successes.push({ className, methodName: start.declared });
        const queue: ApexMember[] = [start];
        while (queue.length > 0) {
            const m = queue.pop() as ApexMember;
            if (reached.has(m)) continue;
            reached.add(m);
            mentioned.add(m.owner);
            for (const r of m.refs) mentioned.add(r);
            const next: ApexMember[] = [];
            for (const call of m.calls) next.push(...(byName.get(call) ?? []).filter((x) => x.name !== '<trigger>' && x.name !== '<init>'));
            for (const created of m.creates) next.push(...members.filter((x) => x.name === '<init>' && simple(x.owner) === created));
            if (m.calls.has('enqueuejob')) next.push(...members.filter((x) => x.name === 'execute' && queueables.has(x.owner)));
            if (m.calls.has('executebatch')) next.push(...members.filter((x) => ['start', 'execute', 'finish'].includes(x.name) && batchables.has(x.owner)));
            if (m.dml) next.push(...triggers);
            queue.push(...next.filter((x) => !reached.has(x)));
        }
    }

    for (const unit of units) {
        if (unit.classes[0]?.isTest) continue;
        const key = unit.name.toLowerCase();
        const lines = new Map<number, boolean>();
        const own = unit.members;
        for (const m of own) for (const line of m.lines) lines.set(line, (lines.get(line) ?? false) || reached.has(m));
        for (const c of unit.classes) {
            const used = mentioned.has(c.name) || mentioned.has(c.simpleName.toLowerCase());
            for (const line of c.fieldLines) lines.set(line, (lines.get(line) ?? false) || used);
        }
        run.coverage.set(key, {
            name: unit.name,
            kind: unit.kind,
            locations: lines.size,
            notCovered: [...lines.entries()].filter(([, covered]) => !covered).map(([line]) => line).sort((a, b) => a - b)
        });
    }
    return run;
}

/** Percentage of a unit's lines covered, 100 for a unit without executable lines. */
export function percentCovered(c: UnitCoverage): number {
    return c.locations === 0 ? 100 : ((c.locations - c.notCovered.length) / c.locations) * 100;
}
