// The output formats of `topo lint`.

import type { LintReport } from '../report';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';

/** A report's text: whole, or in pieces made as they are written (see `writeOutput`). */
export type Formatter = (report: LintReport, color: boolean) => string | Iterable<string>;

export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
};
