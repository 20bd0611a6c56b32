// V8 compiles a call as the whole target of an assignment, an update or a
// for-in/of head (`f() = 1`, `--f()`, `for (f() in o)`) and throws a
// ReferenceError only when that code runs; acorn, following the
// specification, refuses it. Text that V8 compiles must be text we can
// confine and analyse, so our acorn parsers take it too. A call inside a
// destructuring pattern stays an error, as in V8.

type Node = { type: string };

/** The acorn methods overridden here (they are not in acorn's types). */
interface AcornAssignmentChecks {
  toAssignable(node: Node | null, isBinding: boolean, refDestructuringErrors: unknown): unknown;
  checkLValSimple(expr: Node, bindingType?: number, checkClashes?: unknown): unknown;
}

type AcornClass = new (...args: any[]) => AcornAssignmentChecks;

/** acorn's BIND_NONE: the target of an assignment, not a declaration. */
const BIND_NONE = 0;

export const withCallAssignmentTargets = <Base extends AcornClass>(AcornParser: Base) =>
  class extends AcornParser {
    /** How many destructuring patterns are being converted: a call inside one stays an error. */
    #patternDepth = 0;

    override toAssignable(node: Node | null, isBinding: boolean, refDestructuringErrors: unknown): unknown {
      if (node?.type === 'CallExpression' && !isBinding && this.#patternDepth === 0) return node;
      this.#patternDepth += 1;
      try {
        return super.toAssignable(node, isBinding, refDestructuringErrors);
      } finally {
        this.#patternDepth -= 1;
      }
    }

    override checkLValSimple(expr: Node, bindingType = BIND_NONE, checkClashes?: unknown): unknown {
      if (expr.type === 'CallExpression' && bindingType === BIND_NONE) return undefined;
      return super.checkLValSimple(expr, bindingType, checkClashes);
    }
  };
