// Scope analysis for policy generation: which identifiers of a module name
// one of its own bindings and which are free (and so reach the global
// object), with every binding's references and how it was declared.
//
// Unlike src/ses/scope-analysis.ts (which only needs the free names, to
// rewrite them), policy analysis follows values through bindings
// (`const g = globalThis; g.fetch`), so it needs, per binding, its
// declaration and its references, and per node, its parent.
//
// Two phases make hoisting right without tracking declaration order: the
// walk records declarations into scopes and references with the scope they
// occur in; resolution then looks each reference up the scope chain.

/** A node of an ESTree tree (as meriyah or acorn produce it). */
export interface EsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: any;
}

export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'catch' | 'import' | 'wrapper';

export interface Binding {
  name: string;
  kind: BindingKind;
  /**
   * What introduced it: the VariableDeclarator, the import specifier, or
   * undefined (parameters, functions, classes, catch, the CJS wrapper).
   */
  declarator: EsNode | undefined;
  /** How many declarations name it (`var a; var a` is two). */
  declarations: number;
  /** Assignments, updates and for-in/of targets, after its declaration. */
  writes: number;
  references: Reference[];
}

export interface Reference {
  /** The Identifier node. */
  node: EsNode;
  /** undefined: a free name. */
  binding: Binding | undefined;
  write: boolean;
}

export interface ScopeAnalysis {
  /** Every identifier reference, bound or free, in source order. */
  references: Reference[];
  /** The binding a declaring Identifier node (in a pattern or import) introduces. */
  bindingOfDeclaration(id: EsNode): Binding | undefined;
  /** The CommonJS wrapper's bindings (`require`, `module`, ...), for a script analysed as CommonJS. */
  wrapperBindings: ReadonlyMap<string, Binding>;
  /** The `import(...)` expressions. */
  importExpressions: EsNode[];
}

/** The parameters Node's CommonJS wrapper gives every module. */
export const commonJsWrapperNames = ['exports', 'require', 'module', '__filename', '__dirname'] as const;

const PARENT = Symbol('parent');
const DECLARED = Symbol('declared binding');

/** The node's parent in the tree (set by analyzeScopes). */
export const parentOf = (node: EsNode): EsNode | undefined => node[PARENT as any];

interface Scope {
  parent: Scope | undefined;
  /** The nearest function (or program) scope: where `var` goes. */
  functionScope: Scope;
  names: Map<string, Binding>;
}

interface PendingReference extends Reference {
  scope: Scope;
}

const newScope = (parent: Scope | undefined, isFunction: boolean): Scope => {
  const scope = { parent, names: new Map() } as Scope;
  scope.functionScope = isFunction || parent === undefined ? scope : parent.functionScope;
  return scope;
};

/**
 * Analyses a parsed Program. `commonJs`: the program is a CommonJS module
 * body (its top level is the wrapper function's body, with the wrapper's
 * parameters and `arguments` bound); otherwise it is an ES module or script.
 */
export const analyzeScopes = (program: EsNode, commonJs: boolean): ScopeAnalysis => {
  const pending: PendingReference[] = [];
  const importExpressions: EsNode[] = [];
  const top = newScope(undefined, true);
  const wrapperBindings = new Map<string, Binding>();
  // Sloppy CommonJS hoists block-level functions to the function (Annex B).
  const functionsHoist = commonJs;

  const declare = (scope: Scope, id: EsNode, kind: BindingKind, declarator: EsNode | undefined): void => {
    const name: string = id.name;
    let binding = scope.names.get(name);
    if (binding === undefined) {
      binding = { name, kind, declarator, declarations: 0, writes: 0, references: [] };
      scope.names.set(name, binding);
    }
    binding.declarations += 1;
    id[DECLARED as any] = binding;
  };

  if (commonJs) {
    for (const name of [...commonJsWrapperNames, 'arguments']) {
      const binding: Binding = { name, kind: 'wrapper', declarator: undefined, declarations: 1, writes: 0, references: [] };
      top.names.set(name, binding);
      wrapperBindings.set(name, binding);
    }
  }

  const reference = (id: EsNode, scope: Scope, write: boolean): void => {
    pending.push({ node: id, binding: undefined, write, scope });
  };

  const link = (child: unknown, parent: EsNode): child is EsNode => {
    if (child === null || typeof child !== 'object') return false;
    (child as EsNode)[PARENT as any] = parent;
    return true;
  };

  /** Declares the names of a binding pattern; its defaults and computed keys are expressions of `scope`. */
  const declarePattern = (pattern: EsNode, parent: EsNode, target: Scope, kind: BindingKind, declarator: EsNode | undefined, scope: Scope): void => {
    if (!link(pattern, parent)) return;
    switch (pattern.type) {
      case 'Identifier':
        declare(target, pattern, kind, declarator);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          link(property, pattern);
          if (property.type === 'RestElement') {
            declarePattern(property.argument, property, target, kind, declarator, scope);
          } else {
            if (property.computed) visit(property.key, property, scope);
            declarePattern(property.value, property, target, kind, declarator, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) declarePattern(element, pattern, target, kind, declarator, scope);
        return;
      case 'RestElement':
        declarePattern(pattern.argument, pattern, target, kind, declarator, scope);
        return;
      case 'AssignmentPattern':
        declarePattern(pattern.left, pattern, target, kind, declarator, scope);
        visit(pattern.right, pattern, scope);
        return;
      default:
        // Not a binding pattern (cannot happen in a valid tree): walk it as an expression.
        visitChildren(pattern, scope);
    }
  };

  /** An assignment target (`x = ...`, `[a, b.c] = ...`, `for (x of ...)`): names in it are written. */
  const visitTarget = (target: EsNode, parent: EsNode, scope: Scope): void => {
    if (!link(target, parent)) return;
    switch (target.type) {
      case 'Identifier':
        reference(target, scope, true);
        return;
      case 'ObjectPattern':
        for (const property of target.properties) {
          link(property, target);
          if (property.type === 'RestElement') {
            visitTarget(property.argument, property, scope);
          } else {
            if (property.computed) visit(property.key, property, scope);
            visitTarget(property.value, property, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of target.elements) if (element) visitTarget(element, target, scope);
        return;
      case 'RestElement':
        visitTarget(target.argument, target, scope);
        return;
      case 'AssignmentPattern':
        visitTarget(target.left, target, scope);
        visit(target.right, target, scope);
        return;
      case 'ParenthesizedExpression':
        visitTarget(target.expression, target, scope);
        return;
      default:
        // A member expression (or a call, which V8 accepts as a target in sloppy code).
        visitExpression(target, parent, scope);
    }
  };

  const visitFunction = (fn: EsNode, scope: Scope): void => {
    const inner = newScope(scope, true);
    // A function expression's own name is visible inside it only.
    if (fn.type === 'FunctionExpression' && fn.id) {
      link(fn.id, fn);
      declare(inner, fn.id, 'function', undefined);
    }
    for (const param of fn.params) declarePattern(param, fn, inner, 'param', undefined, inner);
    const { body } = fn;
    if (!link(body, fn)) return;
    if (body.type === 'BlockStatement') {
      // The body shares the parameters' scope (a `let` redeclaring one is an early error).
      for (const statement of body.body) visit(statement, body, inner);
    } else {
      visit(body, fn, inner);
    }
  };

  const visitClass = (cls: EsNode, scope: Scope): void => {
    let inner = scope;
    if (cls.id) {
      link(cls.id, cls);
      if (cls.type === 'ClassDeclaration') {
        declare(scope, cls.id, 'class', undefined);
      } else {
        inner = newScope(scope, false);
        declare(inner, cls.id, 'class', undefined);
      }
    }
    visit(cls.superClass, cls, inner);
    visit(cls.body, cls, inner);
  };

  const visitVariableDeclaration = (declaration: EsNode, scope: Scope): void => {
    const kind: BindingKind = declaration.kind === 'var' ? 'var' : declaration.kind === 'const' ? 'const' : 'let';
    const target = kind === 'var' ? scope.functionScope : scope;
    for (const declarator of declaration.declarations) {
      link(declarator, declaration);
      declarePattern(declarator.id, declarator, target, kind, declarator, scope);
      visit(declarator.init, declarator, scope);
    }
  };

  const visitChildren = (node: EsNode, scope: Scope): void => {
    for (const key in node) {
      if (key === 'loc' || key === 'range') continue;
      const child = node[key];
      if (child === null || typeof child !== 'object') continue;
      if (Array.isArray(child)) {
        for (const item of child) visit(item, node, scope);
      } else if (typeof child.type === 'string') {
        visit(child, node, scope);
      }
    }
  };

  const visit = (node: EsNode | null | undefined, parent: EsNode, scope: Scope): void => {
    if (!link(node, parent)) return;
    visitExpression(node, parent, scope);
  };

  const visitExpression = (node: EsNode, parent: EsNode, scope: Scope): void => {
    switch (node.type) {
      case 'Identifier':
        reference(node, scope, false);
        return;
      case 'VariableDeclaration':
        visitVariableDeclaration(node, scope);
        return;
      case 'FunctionDeclaration':
        if (node.id) {
          link(node.id, node);
          declare(functionsHoist ? scope.functionScope : scope, node.id, 'function', undefined);
        }
        visitFunction(node, scope);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        visitFunction(node, scope);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        visitClass(node, scope);
        return;
      case 'BlockStatement':
      case 'StaticBlock': {
        const inner = newScope(scope, node.type === 'StaticBlock');
        for (const statement of node.body) visit(statement, node, inner);
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const inner = newScope(scope, false);
        if (node.type === 'ForStatement') {
          visit(node.init, node, inner);
          visit(node.test, node, inner);
          visit(node.update, node, inner);
        } else {
          if (node.left.type === 'VariableDeclaration') visit(node.left, node, inner);
          else visitTarget(node.left, node, inner);
          visit(node.right, node, inner);
        }
        visit(node.body, node, inner);
        return;
      }
      case 'SwitchStatement': {
        visit(node.discriminant, node, scope);
        const inner = newScope(scope, false);
        for (const switchCase of node.cases) visit(switchCase, node, inner);
        return;
      }
      case 'CatchClause': {
        const inner = newScope(scope, false);
        if (node.param) declarePattern(node.param, node, inner, 'catch', undefined, inner);
        visit(node.body, node, inner);
        return;
      }
      case 'AssignmentExpression':
        visitTarget(node.left, node, scope);
        visit(node.right, node, scope);
        return;
      case 'UpdateExpression':
        visitTarget(node.argument, node, scope);
        return;
      case 'MemberExpression':
        visit(node.object, node, scope);
        if (node.computed) visit(node.property, node, scope);
        else link(node.property, node);
        return;
      case 'Property':
      case 'PropertyDefinition':
      case 'MethodDefinition':
      case 'AccessorProperty':
        if (node.computed) visit(node.key, node, scope);
        else link(node.key, node);
        visit(node.value, node, scope);
        return;
      case 'LabeledStatement':
        link(node.label, node);
        visit(node.body, node, scope);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'PrivateIdentifier':
      case 'Literal':
      case 'TemplateElement':
        return;
      case 'ImportDeclaration':
        for (const specifier of node.specifiers) {
          link(specifier, node);
          link(specifier.local, specifier);
          declare(top, specifier.local, 'import', specifier);
        }
        link(node.source, node);
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) {
          visit(node.declaration, node, scope);
        } else {
          for (const specifier of node.specifiers) {
            link(specifier, node);
            // `export { x }` reads the local x; `export { x } from 'm'` names no local.
            if (node.source === null && specifier.local.type === 'Identifier') visit(specifier.local, specifier, scope);
            else link(specifier.local, specifier);
            link(specifier.exported, specifier);
          }
        }
        link(node.source, node);
        return;
      case 'ExportAllDeclaration':
        link(node.source, node);
        link(node.exported, node);
        return;
      case 'ExportDefaultDeclaration':
        visit(node.declaration, node, scope);
        return;
      case 'ImportExpression':
        importExpressions.push(node);
        visitChildren(node, scope);
        return;
      default:
        visitChildren(node, scope);
    }
  };

  link(program, undefined as unknown as EsNode);
  for (const statement of program.body) visit(statement, program, top);

  const references: Reference[] = [];
  for (const ref of pending) {
    const name: string = ref.node.name;
    let binding: Binding | undefined;
    for (let scope: Scope | undefined = ref.scope; scope !== undefined; scope = scope.parent) {
      binding = scope.names.get(name);
      if (binding !== undefined) break;
    }
    const resolved: Reference = { node: ref.node, binding, write: ref.write };
    if (binding !== undefined) {
      binding.references.push(resolved);
      if (ref.write) binding.writes += 1;
    }
    references.push(resolved);
  }

  return {
    references,
    bindingOfDeclaration: (id) => id[DECLARED as any],
    wrapperBindings,
    importExpressions,
  };
};
