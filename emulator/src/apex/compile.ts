/**
 * The emulated Apex compiler: parses classes and triggers with @apexdevtools/apex-parser (an ANTLR grammar of Apex
 * that aims to match the platform compiler) and reports syntax errors with line and column as Salesforce's
 * CompileClassResult / DeployMessage do (1-based). It also extracts what the coverage estimate (coverage.ts) needs:
 * per method or trigger body, the lines that hold a statement and the names it calls, creates and mentions.
 *
 * Simplification: only syntax is checked, plus what the deploy route checks itself (trigger objects, deleted
 * classes still referenced). Types, variables and method signatures are not resolved, so code that parses but
 * would not compile in Salesforce ("Variable does not exist") is accepted here.
 */
import {
    ApexErrorListener,
    ApexParseTreeWalker,
    ApexParserBaseListener,
    ApexParserFactory,
    ClassBodyDeclarationContext,
    TypeDeclarationContext,
    type ClassDeclarationContext,
    type ConstructorDeclarationContext,
    type CreatorContext,
    type DotMethodCallContext,
    type FieldDeclarationContext,
    type IdContext,
    type MethodCallContext,
    type MethodDeclarationContext,
    type ModifierContext,
    type StatementContext,
    type TriggerUnitContext
} from '@apexdevtools/apex-parser';

export interface CompileProblem {
    line: number;
    column: number;
    problem: string;
}

/** A method, constructor or trigger body: the unit of the coverage estimate. */
export interface ApexMember {
    /** Qualified class name in lower case (`nangochangenotifier.delivery`), or the trigger's name. */
    owner: string;
    /** Lower-case method name; `<init>` for constructors, `<trigger>` for a trigger body. */
    name: string;
    /** The name as declared. */
    declared: string;
    isTest: boolean;
    /** Lines where a statement starts (System.debug calls excluded, as Salesforce does not count them). */
    lines: Set<number>;
    /** Lower-case names of the methods it calls. */
    calls: Set<string>;
    /** Lower-case simple names of the classes it instantiates. */
    creates: Set<string>;
    /** Lower-case identifiers it mentions (class references such as Settings.WEBHOOK_URL). */
    refs: Set<string>;
    /** Whether it writes records (insert/update/delete/undelete/upsert/merge, or Database.insert…), which fires triggers. */
    dml: boolean;
}

export interface ApexClassInfo {
    /** Qualified, lower case. */
    name: string;
    /** Simple name as declared. */
    simpleName: string;
    isTest: boolean;
    /** Interfaces it implements, lower case, as written (`queueable`, `database.allowscallouts`). */
    implementsList: string[];
    /** Lines of field declarations with an initializer (run when the class is first used). */
    fieldLines: Set<number>;
}

export interface ApexUnit {
    kind: 'class' | 'trigger';
    /** Declared name (class or trigger). */
    name: string;
    /** Triggers: the object and the events (`after insert`…). */
    object?: string;
    events?: string[];
    errors: CompileProblem[];
    classes: ApexClassInfo[];
    members: ApexMember[];
}

class Collector extends ApexErrorListener {
    readonly problems: CompileProblem[] = [];
    apexSyntaxError(line: number, column: number, msg: string): void {
        this.problems.push({ line, column: column + 1, problem: salesforceWording(msg) });
    }
}

/** ANTLR's messages in the words Salesforce's compiler uses for the same mistakes ("Unexpected token 'x'."). */
function salesforceWording(msg: string): string {
    const token = /^(?:mismatched|extraneous) input '(.*?)' expecting/s.exec(msg);
    if (token) return `Unexpected token '${token[1]}'.`;
    const missing = /^missing (.+?) at '(.*)'$/s.exec(msg);
    if (missing) return `Missing ${missing[1]?.startsWith("'") ? missing[1] : `'${missing[1]}'`} at '${missing[2]}'`;
    const viable = /^no viable alternative at input '(.*)'$/s.exec(msg);
    if (viable) {
        const words = (viable[1] ?? '').split(/\s+/);
        return `Unexpected token '${words[words.length - 1] ?? ''}'.`;
    }
    const lexer = /^token recognition error at: '(.*)'$/s.exec(msg);
    if (lexer) return `Invalid character '${lexer[1]}'.`;
    return msg;
}

function modifiersOf(ctx: { parentCtx?: unknown }): ModifierContext[] {
    // a member's modifiers sit on its ClassBodyDeclaration (member → memberDeclaration → classBodyDeclaration);
    // a top-level class's on its TypeDeclaration
    let node = ctx.parentCtx as { parentCtx?: unknown } | undefined;
    for (let i = 0; i < 3 && node; i++) {
        if (node instanceof ClassBodyDeclarationContext || node instanceof TypeDeclarationContext) return node.modifier_list();
        node = node.parentCtx as { parentCtx?: unknown } | undefined;
    }
    return [];
}

const isTestModifier = (m: ModifierContext): boolean => m.TESTMETHOD() !== null || m.annotation()?.id()?.getText().toLowerCase() === 'istest';

const DML_METHODS = new Set(['insert', 'update', 'delete', 'undelete', 'upsert', 'merge']);

class Extractor extends ApexParserBaseListener {
    readonly classes: ApexClassInfo[] = [];
    readonly members: ApexMember[] = [];
    private readonly classStack: ApexClassInfo[] = [];
    private member: ApexMember | undefined;
    private testClass = false;
    trigger: { name: string; object: string; events: string[] } | undefined;

    private newMember(owner: string, declared: string, isTest: boolean): ApexMember {
        const name = declared.startsWith('<') ? declared : declared.toLowerCase();
        const m: ApexMember = { owner, name, declared, isTest, lines: new Set(), calls: new Set(), creates: new Set(), refs: new Set(), dml: false };
        this.members.push(m);
        return m;
    }

    enterClassDeclaration = (ctx: ClassDeclarationContext): void => {
        const simpleName = ctx.id().getText();
        const outer = this.classStack[this.classStack.length - 1];
        const isTest = modifiersOf(ctx).some(isTestModifier) || (outer?.isTest ?? false);
        if (!outer) this.testClass = isTest;
        const info: ApexClassInfo = {
            name: (outer ? `${outer.name}.${simpleName}` : simpleName).toLowerCase(),
            simpleName,
            isTest,
            implementsList: ctx.typeList() ? ctx.typeList().getText().toLowerCase().split(',') : [],
            fieldLines: new Set()
        };
        this.classes.push(info);
        this.classStack.push(info);
    };

    exitClassDeclaration = (): void => {
        this.classStack.pop();
    };

    enterMethodDeclaration = (ctx: MethodDeclarationContext): void => {
        const owner = this.classStack[this.classStack.length - 1];
        this.member = this.newMember(owner?.name ?? '', ctx.id().getText(), modifiersOf(ctx).some(isTestModifier));
    };

    exitMethodDeclaration = (): void => {
        this.member = undefined;
    };

    enterConstructorDeclaration = (_ctx: ConstructorDeclarationContext): void => {
        const owner = this.classStack[this.classStack.length - 1];
        this.member = this.newMember(owner?.name ?? '', '<init>', false);
    };

    exitConstructorDeclaration = (): void => {
        this.member = undefined;
    };

    enterTriggerUnit = (ctx: TriggerUnitContext): void => {
        const ids = ctx.id_list().map((id) => id.getText());
        this.trigger = {
            name: ids[0] ?? '',
            object: ids[1] ?? '',
            events: ctx.triggerCase_list().map((c) => c.getText().replace(/^(before|after)/i, '$1 ').toLowerCase())
        };
        this.member = this.newMember((ids[0] ?? '').toLowerCase(), '<trigger>', false);
    };

    enterFieldDeclaration = (ctx: FieldDeclarationContext): void => {
        const owner = this.classStack[this.classStack.length - 1];
        if (owner && ctx.variableDeclarators().variableDeclarator_list().some((d) => d.expression() !== null)) owner.fieldLines.add(ctx.start.line);
    };

    enterStatement = (ctx: StatementContext): void => {
        if (!this.member || ctx.block() !== null) return;
        if (/^system\.debug\(/i.test(ctx.getText())) return;
        this.member.lines.add(ctx.start.line);
        if (ctx.insertStatement() || ctx.updateStatement() || ctx.deleteStatement() || ctx.undeleteStatement() || ctx.upsertStatement() || ctx.mergeStatement()) this.member.dml = true;
    };

    enterMethodCall = (ctx: MethodCallContext): void => {
        const id = ctx.id();
        if (this.member && id) this.member.calls.add(id.getText().toLowerCase());
    };

    enterDotMethodCall = (ctx: DotMethodCallContext): void => {
        if (!this.member) return;
        const name = ctx.anyId().getText().toLowerCase();
        this.member.calls.add(name);
        if (DML_METHODS.has(name) && /^database\./i.test((ctx.parentCtx as { getText(): string } | undefined)?.getText() ?? '')) this.member.dml = true;
    };

    enterCreator = (ctx: CreatorContext): void => {
        if (!this.member) return;
        const parts = ctx.createdName().idCreatedNamePair_list().map((p) => p.anyId().getText().toLowerCase());
        const last = parts[parts.length - 1];
        if (last) this.member.creates.add(last);
    };

    enterId = (ctx: IdContext): void => {
        if (this.member) this.member.refs.add(ctx.getText().toLowerCase());
    };

    get isTestClass(): boolean {
        return this.testClass;
    }
}

/** Parses one class or trigger; `errors` is empty when it parses. */
export function compileApex(kind: 'class' | 'trigger', source: string): ApexUnit {
    const collector = new Collector();
    const { parser } = ApexParserFactory.createLexerAndParser(source, collector);
    const tree = kind === 'class' ? parser.compilationUnit() : parser.triggerUnit();
    const unit: ApexUnit = { kind, name: '', errors: collector.problems, classes: [], members: [] };
    if (collector.problems.length > 0) return unit;
    const extractor = new Extractor();
    ApexParseTreeWalker.DEFAULT.walk(extractor, tree);
    unit.classes = extractor.classes;
    unit.members = extractor.members;
    if (kind === 'trigger' && extractor.trigger) {
        unit.name = extractor.trigger.name;
        unit.object = extractor.trigger.object;
        unit.events = extractor.trigger.events;
    } else {
        unit.name = extractor.classes[0]?.simpleName ?? '';
        if (!unit.name) unit.errors.push({ line: 1, column: 1, problem: 'Expecting a class, interface or enum declaration' });
    }
    return unit;
}

/** Whether a parsed class is a test class (@isTest on its top-level declaration). */
export function isTestUnit(unit: ApexUnit): boolean {
    return unit.kind === 'class' && (unit.classes[0]?.isTest ?? false);
}
