// The names that rewritten compartment code uses for what the evaluator and
// the module loader hand it. All share one prefix (with a zero-width joiner,
// as the original's module transform spells them), and no program may use
// an identifier with that prefix: scope-analysis.ts finds them and the
// rewriters refuse such a program, so that every internal name in rewritten
// code is one the rewriter wrote (verify-generated-code.ts checks it again).

export const INTERNAL_PREFIX = '$h\u200d_';

/** The compartment's global object (when the program binds `globalThis` itself). */
export const GLOBAL_BINDING = `${INTERNAL_PREFIX}global`;
/** Where assignments to names the global object lacks go. */
export const UNBOUND_BINDING = `${INTERNAL_PREFIX}unbound`;
/** The direct-eval kit (make-evaluator.ts). */
export const DIRECT_EVAL_BINDING = `${INTERNAL_PREFIX}eval`;
/** In the code of a direct eval: the accessors of the names bound around the call. */
export const SCOPE_BINDING = `${INTERNAL_PREFIX}scope`;
/** The parameter of the setters handed to a direct eval. */
export const VALUE_BINDING = `${INTERNAL_PREFIX}value`;

// The module functor's parameters and locals (module-transform.ts).
export const NAMESPACES_BINDING = `${INTERNAL_PREFIX}namespaces`;
export const BINDING_VIEWS_BINDING = `${INTERNAL_PREFIX}views`;
export const SET_READERS_BINDING = `${INTERNAL_PREFIX}setReaders`;
export const IMPORT_META_BINDING = `${INTERNAL_PREFIX}meta`;
export const DYNAMIC_IMPORT_BINDING = `${INTERNAL_PREFIX}dynamicImport`;
export const DEFAULT_BINDING = `${INTERNAL_PREFIX}default`;
export const importNamespaceBinding = (index: number): string => `${INTERNAL_PREFIX}import${index}`;
export const importViewBinding = (index: number): string => `${INTERNAL_PREFIX}view${index}`;

export const isInternalName = (name: string): boolean => name.startsWith(INTERNAL_PREFIX);
