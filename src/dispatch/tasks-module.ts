/**
 * @google-cloud/tasks 6 ships its CommonJS build under a `"type": "module"` package.json, so TypeScript (node16
 * resolution) takes its declarations for ESM and refuses a plain import from this CommonJS project, although
 * Node's `require` condition loads the CommonJS build fine. The types are imported with an explicit
 * resolution mode and the module is required; everything else imports from here.
 */
import type * as TasksModule from '@google-cloud/tasks' with { 'resolution-mode': 'require' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tasks = require('@google-cloud/tasks') as typeof TasksModule;

export const CloudTasksClient = tasks.CloudTasksClient;
export type CloudTasksClient = TasksModule.CloudTasksClient;
export type { protos } from '@google-cloud/tasks' with { 'resolution-mode': 'require' };
