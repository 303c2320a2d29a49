import type { z } from 'zod';

/**
 * A zod refinement from one of the library's `*Problem()` rule functions: the schema and the construct call
 * the same function, so a rule has one wording in one place (ARCHITECTURE.md "one rule, one function").
 */
export function rule<T>(problem: (v: T) => string | undefined) {
  return (v: T, ctx: z.RefinementCtx) => {
    const message = problem(v);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}
