/**
 * Fills the placeholders of a webhook URL's path and query, each value URL-encoded (encodeURIComponent), so
 * a value like `evil.com/x#`, `@169.254.169.254` or CRLF stays one opaque component. The result is sent as
 * the request target verbatim (no URL normalization). Pure.
 */
import * as E from 'fp-ts/lib/Either';
import type { VariableIssue } from '../../errors';
import type { Variables } from '../../variables/values';
import { valueAsText } from '../../variables/values';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function renderWebhookPath(
  pathTemplate: string,
  variables: Variables,
): E.Either<readonly VariableIssue[], string> {
  const issues: VariableIssue[] = [];
  const path = pathTemplate.replace(PLACEHOLDER, (match, name: string) => {
    const variable = variables.get(name);
    if (!variable) {
      issues.push({ code: 'UNKNOWN_PLACEHOLDER', name, message: `unknown placeholder {${name}}` });
      return match;
    }
    return encodeURIComponent(valueAsText(variable.value));
  });
  return issues.length > 0 ? E.left(issues) : E.right(path);
}
