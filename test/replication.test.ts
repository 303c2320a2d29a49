import { loadEdited, synthEnvironments } from './cluster-helpers';

describe('explore', () => {
  test('phase 3', () => {
    const s = synthEnvironments([loadEdited('production', (raw) => { raw.phase = 3; })]);
    console.log(s.stacks.join('\n'));
    const j = s.stack('production-us-east-1-replication');
    require('fs').writeFileSync('/tmp/h6/p3-repl.json', JSON.stringify(j, null, 1));
    require('fs').writeFileSync('/tmp/h6/p3-data.json', JSON.stringify(s.stack('production-eu-west-1-data'), null, 1));
    require('fs').writeFileSync('/tmp/h6/outdir', s.outdir);
  });
});
