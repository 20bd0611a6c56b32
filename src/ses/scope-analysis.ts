// Finds the free variable references of a parsed script: every identifier
// that names no declaration of the program itself and so, in a compartment,
// must resolve against that compartment's global object.
//
// Why this exists: compartments confine code by resolving its free names
// against their own global object. Doing that with `with` scopes (as the
// original does) makes every global read a slow dynamic lookup (about 100 ns
// on V8). Knowing the free names statically lets the evaluator rewrite them
// into ordinary property accesses (about 1 ns) instead.
//
// The walk covers every ESTree node type of ES2024 scripts. It runs in two
// phases: first every scope is built with its declarations and every
// identifier reference is recorded with the scope it occurs in; then each
// reference is resolved up the scope chain. Doing resolution last makes
// hoisting (var, functions, let/const/class before their declaration) right
// without tracking declaration order.

import { isInternalName } from './internal-names.js';

/** A node of an ESTree syntax tree, as acorn produces it. */
export interface EsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: any;
}

/** How a free reference is used, which decides how it is rewritten. */
export type ReferenceKind = 'read' | 'write';

/** What the walk finds in a program. */
export interface ScriptAnalysis {
  /** Free references, in source order. */
  free: FreeReference[];
  /** `import(...)` expressions. */
  importExpressions: EsNode[];
  /** Calls whose callee is the plain name `eval` (direct-eval-looking calls). */
  evalCalls: EsNode[];
  /**
   * The non-optional calls of a free `eval`: direct evals if `eval` is the
   * realm's eval when they run. Their callee is not in `free`.
   */
  directEvalCalls: DirectEvalCall[];
  /** Every `this`, with the function (or class member) whose `this` it is; null at top level. */
  thisExpressions: ThisReference[];
  /** Whether the program declares a binding named `globalThis` anywhere. */
  bindsGlobalThis: boolean;
  /** References that resolve to a declaration of the program's top level (for modules: imports among them). */
  topLevelReferences: FreeReference[];
  /** Whether `await` appears outside every function (a module's top-level await). */
  hasTopLevelAwait: boolean;
  /** The names declared at the program's top level (imports included, for a module). */
  topLevelNames: ReadonlySet<string>;
  /** The `import.meta` expressions. */
  importMetas: EsNode[];
  /** References to the enclosing names (see AnalysisOptions), in source order. */
  enclosingReferences: FreeReference[];
  /** Every identifier, bound or referenced, whose name has the internal prefix (internal-names.ts). */
  internalIdentifiers: EsNode[];
  /** The start offsets of the expression statements: a rewrite there must not begin with `(` (see confine-script.ts). */
  statementStarts: ReadonlySet<number>;
  /**
   * Declarations of `eval` or `arguments`: an early error in strict code,
   * which all code analysed here is (meriyah lets some destructuring
   * patterns through, such as `var { eval, a: {} } = o`).
   */
  strictModeBindings: EsNode[];
}

/** Where a name that a direct eval can see is bound. */
export type BindingPlace = 'local' | 'top' | 'enclosing';

export interface VisibleBinding {
  name: string;
  /** 'top': the program's top level (a module's imports among them); 'enclosing': see AnalysisOptions. */
  place: BindingPlace;
}

export interface AnalysisOptions {
  /** Names the surrounding code provides at the program's top level, which are therefore not free (for instance `arguments`). */
  implicitNames?: readonly string[];
  /**
   * For the source of a direct eval: the names bound around the call. They
   * live in a scope around the program's, so that the program's own
   * declarations shadow them; references to them are enclosingReferences.
   */
  enclosingNames?: readonly string[];
}

export interface DirectEvalCall {
  node: EsNode;
  /** Every name bound where the call is (the innermost binding of each): direct-eval code sees them. */
  visible: VisibleBinding[];
}

export interface ThisReference {
  node: EsNode;
  owner: EsNode | null;
}

export interface FreeReference {
  /** The Identifier node. */
  node: EsNode;
  name: string;
  kind: ReferenceKind;
  /**
   * Set when the identifier is a shorthand property (`{ x }` or the pattern
   * `({ x } = o)`): rewriting it must also spell out the key.
   */
  shorthandKey: boolean;
  /** Set when the identifier is called (`x()`, `x?.()`, a tag `` x`` ``): a rewrite into a property read must not pass the object as `this`. */
  isCallee?: boolean;
}

interface Scope {
  parent: Scope | undefined;
  names: Set<string>;
  /** The function or class member that gives `this` its value here (null at top level). */
  thisOwner: EsNode | null;
  /** Whether this scope is inside a function (where `await` is not the module's). */
  inFunction: boolean;
}

interface PendingReference extends FreeReference {
  scope: Scope;
}

const newScope = (
  parent: Scope | undefined,
  thisOwner: EsNode | null = parent ? parent.thisOwner : null,
  inFunction: boolean = parent ? parent.inFunction : false,
): Scope => ({
  parent,
  names: new Set(),
  thisOwner,
  inFunction,
});

const declaringScope = (scope: Scope | undefined, name: string): Scope | undefined => {
  for (let s = scope; s !== undefined; s = s.parent) {
    if (s.names.has(name)) return s;
  }
  return undefined;
};

/** The innermost binding of every name visible from `scope`, with where it is bound. */
const bindingsVisibleFrom = (scope: Scope, programScope: Scope, enclosingScope: Scope | undefined): VisibleBinding[] => {
  const seen = new Set<string>();
  const visible: VisibleBinding[] = [];
  // Code in a class field initializer or static block may not name an outer `arguments`.
  let argumentsHidden = false;
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
    const place: BindingPlace = s === programScope ? 'top' : s === enclosingScope ? 'enclosing' : 'local';
    for (const name of s.names) {
      if (seen.has(name) || (argumentsHidden && name === 'arguments')) continue;
      seen.add(name);
      visible.push({ name, place });
    }
    const owner: EsNode | null = s.thisOwner;
    if (owner !== null && (owner.type === 'PropertyDefinition' || owner.type === 'StaticBlock') && s.parent?.thisOwner !== owner) {
      argumentsHidden = true;
    }
  }
  return visible;
};

/** Analyses `program` (an ESTree Program of a script or module). */
export const analyzeScript = (program: EsNode, options: AnalysisOptions = {}): ScriptAnalysis => {
  const { implicitNames = [], enclosingNames } = options;
  const references: PendingReference[] = [];
  const importExpressions: EsNode[] = [];
  const evalCalls: EsNode[] = [];
  const pendingDirectEvals: { node: EsNode; scope: Scope }[] = [];
  const thisExpressions: ThisReference[] = [];
  let hasTopLevelAwait = false;
  const importMetas: EsNode[] = [];
  const scopes: Scope[] = [];
  const makeScope = (parent: Scope | undefined, thisOwner?: EsNode | null, inFunction?: boolean): Scope => {
    const scope = newScope(parent, thisOwner, inFunction);
    scopes.push(scope);
    return scope;
  };
  const internalIdentifiers: EsNode[] = [];
  const statementStarts = new Set<number>();
  // Not in `scopes`: an enclosing `globalThis` is not one the program binds.
  const enclosingScope = enclosingNames ? newScope(undefined) : undefined;
  for (const name of enclosingNames ?? []) enclosingScope!.names.add(name);
  const programScope = makeScope(enclosingScope);
  for (const name of implicitNames) programScope.names.add(name);

  /** Notes an identifier with the internal prefix ('$' first: a cheap test for the common case). */
  const noteIdentifier = (node: EsNode): void => {
    if (node.name.charCodeAt(0) === 36 && isInternalName(node.name)) internalIdentifiers.push(node);
  };
  const strictModeBindings: EsNode[] = [];
  /** Declares the name of an Identifier node in `scope`. */
  const bind = (scope: Scope, node: EsNode): void => {
    noteIdentifier(node);
    if (node.name === 'eval' || node.name === 'arguments') strictModeBindings.push(node);
    scope.names.add(node.name);
  };
  const reference = (node: EsNode, scope: Scope, kind: ReferenceKind, shorthandKey = false, isCallee = false): void => {
    noteIdentifier(node);
    references.push({ node, name: node.name, kind, shorthandKey, isCallee, scope });
  };
  /** Visits a callee or tag, marking it when it is a plain name. */
  const visitCallee = (callee: EsNode, scope: Scope): void => {
    if (callee.type === 'Identifier') reference(callee, scope, 'read', false, true);
    else visit(callee, scope);
  };

  // --- declarations ---------------------------------------------------

  /** Binds the names of a declaration pattern; visits its defaults and computed keys. */
  const declarePattern = (pattern: EsNode, declScope: Scope, exprScope: Scope): void => {
    switch (pattern.type) {
      case 'Identifier':
        bind(declScope, pattern);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') {
            declarePattern(property.argument, declScope, exprScope);
          } else {
            if (property.computed) visit(property.key, exprScope);
            declarePattern(property.value, declScope, exprScope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) {
          if (element) declarePattern(element, declScope, exprScope);
        }
        return;
      case 'RestElement':
        declarePattern(pattern.argument, declScope, exprScope);
        return;
      case 'AssignmentPattern':
        declarePattern(pattern.left, declScope, exprScope);
        visit(pattern.right, exprScope);
        return;
      default:
        throw SyntaxError(`Unexpected ${pattern.type} in a declaration pattern`);
    }
  };

  /** The target of an assignment, for-in/of head or update: writes, not declarations. */
  const visitAssignmentTarget = (target: EsNode, scope: Scope, shorthandKey = false): void => {
    switch (target.type) {
      case 'Identifier':
        reference(target, scope, 'write', shorthandKey);
        return;
      case 'ObjectPattern':
        for (const property of target.properties) {
          if (property.type === 'RestElement') {
            visitAssignmentTarget(property.argument, scope);
          } else {
            if (property.computed) visit(property.key, scope);
            visitAssignmentTarget(property.value, scope, property.shorthand);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of target.elements) {
          if (element) visitAssignmentTarget(element, scope);
        }
        return;
      case 'RestElement':
        visitAssignmentTarget(target.argument, scope);
        return;
      case 'AssignmentPattern':
        visitAssignmentTarget(target.left, scope, shorthandKey);
        visit(target.right, scope);
        return;
      case 'ParenthesizedExpression':
        visitAssignmentTarget(target.expression, scope);
        return;
      default:
        // A member expression (or a call, which fails at run time): an ordinary expression.
        visit(target, scope);
    }
  };

  /** var declarations and var-scoped functions go to the nearest function or program scope. */
  const visitVariableDeclaration = (node: EsNode, scope: Scope, varScope: Scope): void => {
    const declScope = node.kind === 'var' ? varScope : scope;
    for (const declarator of node.declarations) {
      declarePattern(declarator.id, declScope, scope);
      if (declarator.init) visit(declarator.init, scope);
    }
  };

  const visitFunction = (node: EsNode, outer: Scope, bindNameInside: boolean): void => {
    // Function expressions see their own name; arrows have no `arguments`.
    let scope = outer;
    if (bindNameInside && node.id) {
      scope = makeScope(outer);
      bind(scope, node.id);
    }
    const isArrow = node.type === 'ArrowFunctionExpression';
    const paramScope = makeScope(scope, isArrow ? scope.thisOwner : node, true);
    if (!isArrow) paramScope.names.add('arguments');
    for (const param of node.params) declarePattern(param, paramScope, paramScope);
    if (node.expression) {
      visit(node.body, paramScope);
      return;
    }
    const bodyScope = makeScope(paramScope);
    visitStatements(node.body.body, bodyScope, bodyScope);
  };

  const visitClass = (node: EsNode, outer: Scope): void => {
    const classScope = makeScope(outer);
    if (node.id) bind(classScope, node.id);
    if (node.superClass) visit(node.superClass, classScope);
    for (const member of node.body.body) {
      if (member.type === 'StaticBlock') {
        const blockScope = makeScope(classScope, member, true);
        visitStatements(member.body, blockScope, blockScope);
        continue;
      }
      if (member.computed) visit(member.key, classScope);
      if (member.value) {
        if (member.type === 'MethodDefinition') visitFunction(member.value, classScope, false);
        else visit(member.value, makeScope(classScope, member, true)); // a field initializer
      }
    }
  };

  /** Declares the block-scoped names of a statement list, then visits it. */
  const visitStatements = (statements: EsNode[], scope: Scope, varScope: Scope): void => {
    for (const statement of statements) {
      if (statement.type === 'FunctionDeclaration') bind(scope, statement.id);
      else if (statement.type === 'ClassDeclaration') bind(scope, statement.id);
      else if (statement.type === 'ImportDeclaration') {
        for (const specifier of statement.specifiers) bind(scope, specifier.local);
      } else if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration;
        const isHoisted = declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration';
        if (isHoisted && declaration.id) bind(scope, declaration.id);
      }
    }
    for (const statement of statements) visitStatement(statement, scope, varScope);
  };

  // --- statements -----------------------------------------------------

  const visitStatement = (node: EsNode, scope: Scope, varScope: Scope): void => {
    switch (node.type) {
      case 'VariableDeclaration':
        visitVariableDeclaration(node, scope, varScope);
        return;
      case 'FunctionDeclaration':
        visitFunction(node, scope, false);
        return;
      case 'ClassDeclaration':
        visitClass(node, scope);
        return;
      case 'BlockStatement': {
        visitStatements(node.body, makeScope(scope), varScope);
        return;
      }
      case 'ExpressionStatement':
        statementStarts.add(node.start);
        visit(node.expression, scope);
        return;
      case 'IfStatement':
        visit(node.test, scope);
        visitStatement(node.consequent, scope, varScope);
        if (node.alternate) visitStatement(node.alternate, scope, varScope);
        return;
      case 'LabeledStatement':
        visitStatement(node.body, scope, varScope);
        return;
      case 'WhileStatement':
        visit(node.test, scope);
        visitStatement(node.body, scope, varScope);
        return;
      case 'DoWhileStatement':
        visitStatement(node.body, scope, varScope);
        visit(node.test, scope);
        return;
      case 'ForStatement': {
        const headScope = makeScope(scope);
        if (node.init) {
          if (node.init.type === 'VariableDeclaration') visitVariableDeclaration(node.init, headScope, varScope);
          else visit(node.init, headScope);
        }
        if (node.test) visit(node.test, headScope);
        if (node.update) visit(node.update, headScope);
        visitStatement(node.body, headScope, varScope);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        if (node.await && !scope.inFunction) hasTopLevelAwait = true;
        const headScope = makeScope(scope);
        if (node.left.type === 'VariableDeclaration') visitVariableDeclaration(node.left, headScope, varScope);
        else visitAssignmentTarget(node.left, headScope);
        visit(node.right, headScope);
        visitStatement(node.body, headScope, varScope);
        return;
      }
      case 'SwitchStatement': {
        visit(node.discriminant, scope);
        const casesScope = makeScope(scope);
        const all = node.cases.flatMap((c: EsNode) => c.consequent);
        for (const statement of all) {
          if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
            bind(casesScope, statement.id);
          }
        }
        for (const switchCase of node.cases) {
          if (switchCase.test) visit(switchCase.test, casesScope);
          for (const statement of switchCase.consequent) visitStatement(statement, casesScope, varScope);
        }
        return;
      }
      case 'TryStatement':
        visitStatement(node.block, scope, varScope);
        if (node.handler) {
          const catchScope = makeScope(scope);
          if (node.handler.param) declarePattern(node.handler.param, catchScope, catchScope);
          visitStatement(node.handler.body, catchScope, varScope);
        }
        if (node.finalizer) visitStatement(node.finalizer, scope, varScope);
        return;
      case 'ReturnStatement':
      case 'ThrowStatement':
        if (node.argument) visit(node.argument, scope);
        return;
      case 'WithStatement':
        // Rejected by strict mode when compiled; its names are still references.
        visit(node.object, scope);
        visitStatement(node.body, scope, varScope);
        return;
      // Module declarations (modules only: a script never has them).
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        return;
      case 'ExportNamedDeclaration':
        // The specifiers of `export { x }` name bindings: module-transform.ts reads them.
        if (node.declaration) visitStatement(node.declaration, scope, varScope);
        return;
      case 'ExportDefaultDeclaration': {
        const { declaration } = node;
        if (declaration.type === 'FunctionDeclaration') visitFunction(declaration, scope, false);
        else if (declaration.type === 'ClassDeclaration') visitClass(declaration, scope);
        else visit(declaration, scope);
        return;
      }
      case 'EmptyStatement':
      case 'DebuggerStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      default:
        throw SyntaxError(`Unsupported statement ${node.type}`);
    }
  };

  // --- expressions ----------------------------------------------------

  const visit = (node: EsNode, scope: Scope): void => {
    switch (node.type) {
      case 'Identifier':
        reference(node, scope, 'read');
        return;
      case 'ThisExpression':
        thisExpressions.push({ node, owner: scope.thisOwner });
        return;
      case 'MetaProperty':
        if (node.meta.name === 'import') importMetas.push(node);
        return;
      case 'Literal':
      case 'Super':
      case 'PrivateIdentifier':
      case 'TemplateElement':
        return;
      case 'MemberExpression':
        visit(node.object, scope);
        if (node.computed) visit(node.property, scope);
        return;
      case 'AssignmentExpression':
        visitAssignmentTarget(node.left, scope);
        visit(node.right, scope);
        return;
      case 'UpdateExpression':
        visitAssignmentTarget(node.argument, scope);
        return;
      case 'ObjectExpression':
        for (const property of node.properties) {
          if (property.type === 'SpreadElement') {
            visit(property.argument, scope);
          } else if (property.shorthand) {
            reference(property.value, scope, 'read', true);
          } else {
            if (property.computed) visit(property.key, scope);
            if (property.kind !== 'init' || property.method) visitFunction(property.value, scope, false);
            else visit(property.value, scope);
          }
        }
        return;
      case 'FunctionExpression':
        visitFunction(node, scope, true);
        return;
      case 'ArrowFunctionExpression':
        visitFunction(node, scope, false);
        return;
      case 'ClassExpression':
        visitClass(node, scope);
        return;
      case 'ArrayExpression':
        for (const element of node.elements) if (element) visit(element, scope);
        return;
      case 'AwaitExpression':
        if (!scope.inFunction) hasTopLevelAwait = true;
        visit(node.argument, scope);
        return;
      case 'SpreadElement':
      case 'UnaryExpression':
        visit(node.argument, scope);
        return;
      case 'YieldExpression':
        if (node.argument) visit(node.argument, scope);
        return;
      case 'BinaryExpression':
      case 'LogicalExpression':
        visit(node.left, scope);
        visit(node.right, scope);
        return;
      case 'ConditionalExpression':
        visit(node.test, scope);
        visit(node.consequent, scope);
        visit(node.alternate, scope);
        return;
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === 'eval') {
          evalCalls.push(node);
          // V8 makes a call whose first argument is spread an indirect eval.
          if (!node.optional && node.arguments[0]?.type !== 'SpreadElement') {
            pendingDirectEvals.push({ node, scope });
            for (const argument of node.arguments) visit(argument, scope);
            return;
          }
        }
        visitCallee(node.callee, scope);
        for (const argument of node.arguments) visit(argument, scope);
        return;
      case 'NewExpression':
        visit(node.callee, scope);
        for (const argument of node.arguments) visit(argument, scope);
        return;
      case 'SequenceExpression':
        for (const expression of node.expressions) visit(expression, scope);
        return;
      case 'TemplateLiteral':
        for (const expression of node.expressions) visit(expression, scope);
        return;
      case 'TaggedTemplateExpression':
        visitCallee(node.tag, scope);
        visit(node.quasi, scope);
        return;
      case 'ChainExpression':
      case 'ParenthesizedExpression':
        visit(node.expression, scope);
        return;
      case 'ImportExpression':
        importExpressions.push(node);
        visit(node.source, scope);
        if (node.options) visit(node.options, scope);
        return;
      default:
        throw SyntaxError(`Unsupported expression ${node.type}`);
    }
  };

  visitStatements(program.body, programScope, programScope);

  const free: FreeReference[] = [];
  const topLevelReferences: FreeReference[] = [];
  const enclosingReferences: FreeReference[] = [];
  for (const { scope, ...ref } of references) {
    const declaredIn = declaringScope(scope, ref.name);
    if (declaredIn === undefined) free.push(ref);
    else if (declaredIn === programScope) topLevelReferences.push(ref);
    else if (declaredIn === enclosingScope) enclosingReferences.push(ref);
  }
  const directEvalCalls: DirectEvalCall[] = [];
  for (const { node, scope } of pendingDirectEvals) {
    // A locally bound `eval` is an ordinary function call (strict mode forbids it anyway).
    if (declaringScope(scope, 'eval') !== undefined) free.push({ node: node.callee, name: 'eval', kind: 'read', shorthandKey: false, isCallee: true });
    else directEvalCalls.push({ node, visible: bindingsVisibleFrom(scope, programScope, enclosingScope) });
  }
  free.sort((a, b) => a.node.start - b.node.start);
  const bindsGlobalThis = scopes.some(scope => scope.names.has('globalThis'));
  return {
    free,
    importExpressions,
    evalCalls,
    directEvalCalls,
    thisExpressions,
    bindsGlobalThis,
    topLevelReferences,
    hasTopLevelAwait,
    topLevelNames: programScope.names,
    importMetas,
    enclosingReferences,
    internalIdentifiers,
    statementStarts,
    strictModeBindings,
  };
};
