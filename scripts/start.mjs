// `npm start`: lint the samples and show the findings. Findings are the point of
// the demo, so exit codes 0 and 1 both end it successfully; a usage or I/O error
// (exit 2) or a crash still fails it.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['dist/cli.js', 'lint', 'samples', ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) throw result.error;
if (result.status === 0 || result.status === 1) {
  console.log('\nThat was `topo lint samples`. Try `node dist/cli.js explain missing-dlq`, or `--format sarif|json|junit|github`.');
  process.exit(0);
}
process.exit(result.status ?? 2);
