// Synthesizes the example team's stacks: `npm run synth` (or `cdktf synth`) writes cdktf.out/.
import { App } from 'cdktf';
import { InferenceServiceStack } from './src/inference-service-stack';

const app = new App();
new InferenceServiceStack(app, 'gpu-inference-dev', {
  environment: 'dev',
  region: 'eu-west-1',
  vpcCidr: '10.60.0.0/16',
  servingPort: 8080,
});
app.synth();
