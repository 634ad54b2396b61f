import type { Node } from 'sql-parser-cst';
import type { Emitter } from './emitter';
import { refuse } from './untranslatable';

type FuncCall = Extract<Node, { type: 'func_call' }>;

/** One function call, decoded from the parse tree into what the per-function translations need. */
export interface Call {
  /** Upper-case function name. */
  readonly name: string;
  readonly args: readonly Node[];
  readonly distinct: boolean;
  readonly nullHandling?: 'IGNORE NULLS' | 'RESPECT NULLS';
  readonly orderBy?: Node;
  readonly limit?: Node;
  /** ` OVER (...)` already emitted, or ''. */
  readonly over: string;
  readonly e: Emitter;
}

export type FunctionTranslation = (call: Call) => string;

export function decodeCall(node: FuncCall, e: Emitter, emitOver: (over: Node) => string): Call {
  if (node.name.type !== 'identifier') {
    // SAFE.FN(), NET.HOST(), KEYS.NEW_KEYSET(): prefixed functions have their own semantics.
    return refuse(`prefixed function ${describeName(node.name as Node)}`);
  }
  if (node.filter) return refuse('aggregate FILTER clause');
  const fnArgs = node.args?.expr;
  if (fnArgs?.having) return refuse('HAVING MIN/MAX inside an aggregate');
  const nullHandling = fnArgs?.nullHandlingKw?.map((kw) => kw.name).join(' ') as Call['nullHandling'];
  return {
    name: node.name.name.toUpperCase(),
    args: fnArgs?.args.items ?? [],
    distinct: Boolean(fnArgs?.distinctKw),
    nullHandling,
    orderBy: fnArgs?.orderBy,
    limit: fnArgs?.limit,
    over: node.over ? ` ${emitOver(node.over)}` : '',
    e,
  };
}

function describeName(name: Node): string {
  if (name.type === 'member_expr' && name.object.type === 'identifier' && name.property.type === 'identifier') {
    return `${name.object.name}.${name.property.name}`.toUpperCase();
  }
  return '';
}

/** The emitted arguments of a call that takes none of DISTINCT / ORDER BY / LIMIT / NULLS handling / OVER. */
export function scalarArgs(call: Call, arity?: { min: number; max?: number }): string[] {
  if (call.distinct || call.orderBy || call.limit || call.nullHandling || call.over) {
    return refuse(`${call.name} with aggregate or window modifiers`);
  }
  if (arity && (call.args.length < arity.min || call.args.length > (arity.max ?? arity.min))) {
    return refuse(`${call.name} with ${call.args.length} arguments`);
  }
  return call.args.map((arg) => call.e.emit(arg));
}

/** The upper-case name of a date-part argument (`DAY`, `MONTH`, …) given as a bare word. */
export function datePartArg(call: Call, index: number): string {
  const arg = call.args[index];
  if (arg?.type === 'identifier') return arg.name.toUpperCase();
  if (arg?.type === 'func_call' && arg.name.type === 'identifier') return `${arg.name.name.toUpperCase()}(...)`;
  return refuse(`${call.name} date part`, `${call.name} needs a date part as its argument ${index + 1}`);
}

/** A string literal argument (formats, JSON paths): translating them needs their value at translation time. */
export function stringLiteralArg(call: Call, index: number): string {
  const arg = call.args[index];
  if (arg?.type !== 'string_literal') return refuse(`${call.name} with a non-literal argument ${index + 1}`);
  return arg.value;
}

/** Same function, same arguments, in DuckDB (optionally under another name). */
export function sameScalar(duckName: string, arity?: { min: number; max?: number }): FunctionTranslation {
  return (call) => `${duckName}(${scalarArgs(call, arity).join(', ')})`;
}
