// Preloaded into a benchmarked CLI run (node --require) when GNU time is not available
// (macOS, Windows): prints the process's peak resident set size on stderr at exit, in the
// line bench/lib/coldCli.ts asks GNU time for.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\ntopo-bench-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
