/**
 * YAML text → a validated PipelineDefinition, or every problem at once, each naming the file, the line and
 * the field path. Parsing, decoding and validation are pure; reading files is the catalog's job.
 */
import * as E from 'fp-ts/lib/Either';
import { LineCounter, parseDocument } from 'yaml';
import type { LoadIssue } from '../errors';
import { PipelineCodec } from './pipeline-codec';
import { normalizePipeline } from './pipeline';
import type { PipelineDefinition } from './pipeline';
import { reportErrors } from './report-errors';
import { validatePipeline } from './validate-pipeline';
import type { ValidationEnv } from './validate-pipeline';
import { lineOf } from './yaml-positions';

export function parsePipeline(
  text: string,
  file: string,
  env: ValidationEnv,
): E.Either<readonly LoadIssue[], PipelineDefinition> {
  const counter = new LineCounter();
  // uniqueKeys: a duplicated key is a syntax error rather than a silent override.
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return E.left(
      doc.errors.map((e) => ({
        code: 'YAML_SYNTAX',
        file,
        path: [],
        line: counter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  const decoded = PipelineCodec.decode(doc.toJS({ maxAliasCount: 100 }));
  if (E.isLeft(decoded)) {
    return E.left(
      reportErrors(decoded.left).map((i) => ({
        code: 'INVALID_FIELD',
        file,
        path: i.path,
        line: lineOf(doc, counter, i.path),
        message: i.message,
      })),
    );
  }
  const issues = validatePipeline(decoded.right, env);
  if (issues.length > 0) return E.left(issues.map((i) => ({ ...i, file, line: lineOf(doc, counter, i.path) })));
  return E.right(normalizePipeline(decoded.right, file));
}
