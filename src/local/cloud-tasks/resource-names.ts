import { randomInt } from 'node:crypto';
import { invalidArgument } from './errors';

/** Cloud Tasks' own rules for the parts of a name. */
const PROJECT = '[A-Za-z0-9.:-]+';
const LOCATION = '[A-Za-z0-9-]+';
const QUEUE_ID = '[A-Za-z0-9-]{1,100}';
const TASK_ID = '[A-Za-z0-9_-]{1,500}';

const LOCATION_NAME = new RegExp(`^projects/${PROJECT}/locations/${LOCATION}$`);
const QUEUE_NAME = new RegExp(`^(projects/${PROJECT}/locations/${LOCATION})/queues/(${QUEUE_ID})$`);
const TASK_NAME = new RegExp(`^(projects/${PROJECT}/locations/${LOCATION}/queues/${QUEUE_ID})/tasks/(${TASK_ID})$`);

export function checkLocationName(name: string): string {
  if (!LOCATION_NAME.test(name))
    throw invalidArgument(
      `Invalid resource field value in the request: parent ${JSON.stringify(name)} is not projects/PROJECT_ID/locations/LOCATION_ID`,
    );
  return name;
}

export function parseQueueName(name: string): { readonly parent: string; readonly queueId: string } {
  const match = QUEUE_NAME.exec(name);
  if (!match)
    throw invalidArgument(
      `Invalid resource field value in the request: ${JSON.stringify(name)} is not projects/PROJECT_ID/locations/LOCATION_ID/queues/QUEUE_ID`,
    );
  return { parent: match[1] as string, queueId: match[2] as string };
}

export function parseTaskName(name: string): { readonly queueName: string; readonly taskId: string } {
  const match = TASK_NAME.exec(name);
  if (!match)
    throw invalidArgument(
      `Invalid resource field value in the request: ${JSON.stringify(name)} is not projects/PROJECT_ID/locations/LOCATION_ID/queues/QUEUE_ID/tasks/TASK_ID`,
    );
  return { queueName: match[1] as string, taskId: match[2] as string };
}

/** Cloud Tasks names unnamed tasks with a long decimal number; random, so never sequential. */
export function generatedTaskId(): string {
  let id = String(randomInt(1, 10));
  for (let index = 0; index < 18; index += 1) id += String(randomInt(0, 10));
  return id;
}

/** The last segment of a resource name (the X-CloudTasks-QueueName and -TaskName headers carry only that). */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
