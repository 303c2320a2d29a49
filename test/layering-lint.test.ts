import { lintAs } from './helpers/eslint';

// The one-way flow of ARCHITECTURE.md, enforced by eslint.config.cjs: each back edge below is a lint error,
// so `npm test` (which runs `npm run lint`) fails on it. Import cycles: test/import-graph.test.ts.
const backEdges: [string, string, string][] = [
  ['catalog/example.ts', "import { bronzeTableOf } from '../constructs/analytics/lakehouse';\nexport const x = bronzeTableOf;\n", 'catalog imports a value from constructs/'],
  ['catalog/example.ts', "import { loadEnvironment } from '../environments/load';\nexport const x = loadEnvironment;\n", 'catalog imports environments/'],
  ['constructs/core/example.ts', "import { runSynth } from '../../cli/synth';\nexport const x = runSynth;\n", 'constructs imports an entry point'],
  ['constructs/core/example.ts', "import { SERVICES } from '../../catalog/services';\nexport const x = SERVICES;\n", 'constructs imports the app catalog'],
  ['tools/example.ts', "import { LAYERS } from '../stacks/naming';\nexport const x = LAYERS;\n", 'tools imports stacks/'],
  ['tools/policy/example.ts', "import { synthesizeEnvironments } from '../../stacks/app';\nexport const x = synthesizeEnvironments;\n", 'tools imports stacks/ from a subfolder'],
  ['tools/example.ts', "import { Network } from '../constructs/network/network';\nexport const x = Network;\n", 'tools imports construct-building code'],
  ['tools/example.ts', "import { synth } from '../cli/synth';\nexport const x = synth;\n", 'tools imports an entry point'],
  ['stacks/example.ts', "import { readSynth } from '../tools/tfjson';\nexport const x = readSynth;\n", 'stacks imports tools/'],
  ['environments/example.ts', "import { synth } from '../cli/synth';\nexport const x = synth;\n", 'environments imports an entry point'],
];

test.each(backEdges)('%s: a back edge fails lint (%#)', async (file, code) => {
  expect(await lintAs(file, code)).toEqual([expect.stringMatching(/^1:(@typescript-eslint\/)?no-restricted-imports$/)]);
});

const allowed: [string, string][] = [
  ['catalog/example.ts', "import type { GpuModel } from '../constructs/cluster/gpu-catalog';\nexport type X = GpuModel;\n"],
  ['catalog/example.ts', "import { PlatformValidationError } from '../constructs/core/errors';\nimport { SERVICES } from './services';\nexport const x = [PlatformValidationError, SERVICES];\n"],
  ['tools/example.ts', "import { INSTANCE_TYPES } from '../constructs/cluster/gpu-catalog';\nimport { NODE_LABELS } from '../constructs/cluster/labels';\nexport const x = [INSTANCE_TYPES, NODE_LABELS];\n"],
  ['tools/example.ts', "import { parseYamlConfig } from '../environments/yaml-config';\nexport const x = parseYamlConfig;\n"],
  ['cli/example.ts', "import { synthesizeEnvironments } from '../stacks/app';\nimport { readSynth } from '../tools/tfjson';\nexport const x = [synthesizeEnvironments, readSynth];\n"],
  ['stacks/example.ts', "import { Network } from '../constructs/network/network';\nimport { SERVICES } from '../catalog/services';\nexport const x = [Network, SERVICES];\n"],
];

test.each(allowed)('%s: an import along the flow passes (%#)', async (file, code) => {
  expect(await lintAs(file, code)).toEqual([]);
});
