// The output formats of `topo lint`.

import type { LintReport } from '../report';
import { formatJson } from './json';
import { formatStylish } from './stylish';

export type Formatter = (report: LintReport, color: boolean) => string;

export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  stylish: formatStylish,
  json: formatJson,
};
