// Every place a module asks for another: `require(...)` (through the
// CommonJS wrapper's `require`, its aliases, or a `createRequire(...)`
// result), `import` and `export ... from` declarations, and `import(...)`.

import { parentOf, type Binding, type EsNode, type ScopeAnalysis } from './scope-analysis.js';
import { followValue, literalString } from './value-paths.js';

export type ModuleRequestForm =
  /** `require(...)`; `node` is the CallExpression */
  | 'require'
  /** `import ... from`; `node` is the ImportDeclaration */
  | 'import'
  /** `export ... from`; `node` is the ExportNamedDeclaration or ExportAllDeclaration */
  | 'export'
  /** `import(...)`; `node` is the ImportExpression */
  | 'import()';

export interface ModuleRequest {
  form: ModuleRequestForm;
  /** The specifier when it is a literal string; undefined when computed. */
  specifier: string | undefined;
  node: EsNode;
}

/** `createRequire(...)` or `x.createRequire(...)`. */
const isCreateRequireCall = (node: EsNode | null | undefined): boolean => {
  if (!node || node.type !== 'CallExpression') return false;
  const { callee } = node;
  if (callee.type === 'Identifier') return callee.name === 'createRequire';
  return callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 'createRequire';
};

/** The bindings that hold a require function. */
const requireBindings = (scopes: ScopeAnalysis): Binding[] => {
  const found = new Set<Binding>();
  const wrapperRequire = scopes.wrapperBindings.get('require');
  if (wrapperRequire !== undefined) found.add(wrapperRequire);
  for (const ref of scopes.references) {
    const { binding } = ref;
    if (binding === undefined || found.has(binding)) continue;
    const { declarator } = binding;
    if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' && isCreateRequireCall(declarator.init)) {
      found.add(binding);
    }
  }
  return [...found];
};

/** The call whose callee is `callee` (looking through `require?.(...)`'s chain). */
const callOf = (callee: EsNode): EsNode | undefined => {
  let node = callee;
  let parent = parentOf(node);
  while (parent !== undefined && (parent.type === 'ChainExpression' || parent.type === 'ParenthesizedExpression')) {
    node = parent;
    parent = parentOf(node);
  }
  return parent?.type === 'CallExpression' && parent.callee === node ? parent : undefined;
};

/** The module requests of a program, in no particular order. */
export const findModuleRequests = (program: EsNode, scopes: ScopeAnalysis): ModuleRequest[] => {
  const requests: ModuleRequest[] = [];
  const calls = new Set<EsNode>();
  for (const binding of requireBindings(scopes)) {
    for (const ref of binding.references) {
      if (ref.write) continue;
      // Follow `require` itself, so that `const r = require; r('fs')` counts.
      followValue(ref.node, [], scopes, (use) => {
        if (use.kind !== 'call' || use.path.length !== 0) return;
        const call = callOf(use.node);
        if (call !== undefined) calls.add(call);
      });
    }
  }
  // `createRequire(url)('x')`, calling the made function at once.
  for (const ref of scopes.references) {
    const above = parentOf(ref.node);
    const callee = above?.type === 'MemberExpression' && above.object === ref.node ? above : ref.node;
    const call = parentOf(callee);
    if (call === undefined || !isCreateRequireCall(call) || call.callee !== callee) continue;
    const outer = callOf(call);
    if (outer !== undefined) calls.add(outer);
  }
  for (const call of calls) {
    requests.push({ form: 'require', specifier: literalString(call.arguments[0]), node: call });
  }
  for (const statement of program.body as EsNode[]) {
    if (statement.type === 'ImportDeclaration') {
      requests.push({ form: 'import', specifier: statement.source.value, node: statement });
    } else if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
      requests.push({ form: 'export', specifier: statement.source.value, node: statement });
    }
  }
  for (const expression of scopes.importExpressions) {
    requests.push({ form: 'import()', specifier: literalString(expression.source), node: expression });
  }
  return requests;
};
