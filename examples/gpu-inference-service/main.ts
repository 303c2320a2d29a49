// Synthesizes the example team's stacks: `npm run synth` (or `cdktf synth`) writes cdktf.out/.
import { App } from 'cdktf';
import { isUserError } from '@ott-platform/infra';
import { InferenceServiceStack } from './src/inference-service-stack';

try {
  const app = new App();
  new InferenceServiceStack(app, 'gpu-inference-dev', {
    environment: 'dev',
    region: 'eu-west-1',
    servingPort: 8080,
    // The platform's dev-eu-west-1 network, cluster and data stack outputs (values as published by the
    // platform team; terraform_remote_state or SSM parameters work the same way).
    platform: {
      vpcCidr: '10.10.0.0/16',
      network: {
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        privateSubnetIds: ['subnet-0a1b2c3d4e5f60721', 'subnet-0a1b2c3d4e5f60722', 'subnet-0a1b2c3d4e5f60723'],
        isolatedSubnetIds: ['subnet-0a1b2c3d4e5f60731', 'subnet-0a1b2c3d4e5f60732', 'subnet-0a1b2c3d4e5f60733'],
      },
      cluster: {
        clusterName: 'dev-eu-west-1',
        kubernetesVersion: '1.35',
        clusterSecurityGroupId: 'sg-0a1b2c3d4e5f60741',
        privateSubnetIds: ['subnet-0a1b2c3d4e5f60721', 'subnet-0a1b2c3d4e5f60722', 'subnet-0a1b2c3d4e5f60723'],
        nodeRoleArn: 'arn:aws:iam::123456789012:role/dev-eu-west-1-eks-node',
        nodeVolumeKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      },
      kafka: {
        clusterArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/dev-eu-west-1-realtime/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-3',
        brokers: 3,
        securityGroupId: 'sg-0a1b2c3d4e5f60751',
      },
    },
  });
  app.synth();
} catch (err) {
  // A bad prop (say, a public CIDR) is a PlatformValidationError naming the construct path: print it alone.
  if (!isUserError(err)) throw err;
  console.error(`error: ${err.message}`);
  process.exitCode = 1;
}
