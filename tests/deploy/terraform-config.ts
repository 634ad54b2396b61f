import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// Loaded untyped: the package's declarations pull the DOM library into the whole program, which changes the
// types of fetch for the service's own code.
const { parse } = createRequire(__filename)('@cdktf/hcl2json') as {
  parse(file: string, hcl: string): Promise<unknown>;
};

export const TERRAFORM_DIR = join(__dirname, '..', '..', 'deploy', 'terraform');

type Block = Record<string, unknown>;
export interface Terraform {
  /** resource type → name → the block's attributes (hcl2json wraps every block in a one-element list). */
  readonly resources: Readonly<Record<string, Readonly<Record<string, Block>>>>;
  readonly locals: Block;
  readonly variables: Readonly<Record<string, Block>>;
  readonly outputs: Readonly<Record<string, Block>>;
}

const single = (value: unknown): Block => (Array.isArray(value) ? (value[0] as Block) : (value as Block));

/** Every `.tf` file of deploy/terraform parsed with HashiCorp's own HCL parser (compiled to WASM) and merged. */
export async function loadTerraform(): Promise<Terraform> {
  const resources: Record<string, Record<string, Block>> = {};
  const locals: Block = {};
  const variables: Record<string, Block> = {};
  const outputs: Record<string, Block> = {};
  for (const file of readdirSync(TERRAFORM_DIR)
    .filter((f) => f.endsWith('.tf'))
    .sort()) {
    const parsed = (await parse(file, readFileSync(join(TERRAFORM_DIR, file), 'utf8'))) as Record<string, unknown>;
    for (const [type, byName] of Object.entries((parsed.resource ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const [name, body] of Object.entries(byName)) (resources[type] ??= {})[name] = single(body);
    }
    for (const block of (parsed.locals ?? []) as Block[]) Object.assign(locals, block);
    for (const [name, body] of Object.entries((parsed.variable ?? {}) as Record<string, unknown>))
      variables[name] = single(body);
    for (const [name, body] of Object.entries((parsed.output ?? {}) as Record<string, unknown>))
      outputs[name] = single(body);
  }
  return { resources, locals, variables, outputs };
}

/** The one resource of a type; fails with the types present when it is missing. */
export function theResource(tf: Terraform, type: string, name: string): Block {
  const found = tf.resources[type]?.[name];
  if (!found)
    throw new Error(`deploy/terraform declares no ${type}.${name} (types: ${Object.keys(tf.resources).join(', ')})`);
  return found;
}

export const nested = (block: Block, ...path: string[]): Block => path.reduce((b, key) => single(b[key]), block);

export const seconds = (duration: unknown): number => {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(String(duration));
  if (!match) throw new Error(`not a duration in seconds: ${String(duration)}`);
  return Number(match[1]);
};
