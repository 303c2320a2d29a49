// Synthesizes the example team's stacks: `npm run synth` (or `cdktf synth`) writes cdktf.out/.
import { App } from 'cdktf';
import { isUserError } from '@ott-platform/infra';
import { InferenceServiceStack } from './src/inference-service-stack';

try {
  const app = new App();
  new InferenceServiceStack(app, 'gpu-inference-dev', {
    environment: 'dev',
    region: 'eu-west-1',
    vpcCidr: '10.60.0.0/16',
    servingPort: 8080,
  });
  app.synth();
} catch (err) {
  // A bad prop (say, a public CIDR) is a PlatformValidationError naming the construct path: print it alone.
  if (!isUserError(err)) throw err;
  console.error(`error: ${err.message}`);
  process.exitCode = 1;
}
