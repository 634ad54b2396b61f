import type { Request } from 'express';
import type { Catalog } from '../engine/catalog';
import type { DuckDbEngine, EngineSession } from '../engine/duckdb-engine';
import type { JobRegistry } from '../engine/jobs';
import type { InsertIdWindow } from '../engine/insert-rows';

/** What the route modules share: the engine (through which the catalog is reached) and the job table. */
export interface EndpointContext {
  readonly engine: DuckDbEngine;
  readonly jobs: JobRegistry;
  readonly insertIds: InsertIdWindow;
  readonly catalog: (session: EngineSession) => Catalog;
  readonly acceptsToken: (token: string) => boolean;
}

/** The {projectId} path segment; routers are mounted under /bigquery/v2/projects/:projectId with mergeParams. */
export function projectIdOf(req: Request): string {
  return (req.params as Record<string, string>).projectId!;
}
