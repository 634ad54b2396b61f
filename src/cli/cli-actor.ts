import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Actor } from '../app/service-context';

/**
 * The operator running the command, as the events' actor (`cli:{user}`), with one correlation id for every
 * event of this invocation. userInfo() throws for a uid without a passwd entry (some containers): then $USER.
 */
export function cliActor(): Actor {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
  return { actor: `cli:${user}`, correlationId: `cli-${randomUUID()}` };
}
