/**
 * Typed Kubernetes objects of the serving workloads: KServe `InferenceService` (serving.kserve.io/v1beta1,
 * KServe v0.20.0, the CRD the platform layer's `kserve-crd` chart installs) and the built-in kinds the
 * vLLM servers and batch jobs use. Each interface covers the fields the library sets, with the upstream
 * spelling; tests validate every emitted object against the upstream schema (the KServe CRD fixture,
 * kubernetes-models 4.x for built-ins).
 */
import type { KubernetesObject, ResourceList } from '../k8s/objects';

/** Container resources: requests and limits. */
export interface ResourceRequirements {
  readonly requests: ResourceList;
  readonly limits: ResourceList;
}

/** A pod toleration. */
export interface Toleration {
  readonly key: string;
  readonly operator: 'Equal' | 'Exists';
  /**
   * @default - none (operator Exists)
   */
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Where a pod may run: node selector and tolerations. */
export interface PodPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  /**
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * @default []
   */
  readonly args?: readonly string[];
  /**
   * @default []
   */
  readonly env?: readonly EnvVar[];
  /**
   * @default []
   */
  readonly ports?: readonly { readonly name: string; readonly containerPort: number; readonly protocol: 'TCP' }[];
  readonly resources: ResourceRequirements;
  /**
   * @default - none
   */
  readonly readinessProbe?: { readonly httpGet: { readonly path: string; readonly port: number }; readonly initialDelaySeconds: number; readonly periodSeconds: number };
  /**
   * @default - none
   */
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}

export interface PodSpec extends PodPlacement {
  readonly serviceAccountName: string;
  readonly priorityClassName: string;
  readonly containers: readonly Container[];
  /**
   * @default 'Always'
   */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /**
   * @default []
   */
  readonly volumes?: readonly { readonly name: string; readonly emptyDir: { readonly medium?: 'Memory'; readonly sizeLimit?: string } }[];
}

export interface PodTemplate {
  readonly metadata: { readonly labels: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: PodSpec;
}

export type { ServiceAccount } from '../k8s/objects';

export interface Deployment extends KubernetesObject {
  readonly apiVersion: 'apps/v1';
  readonly kind: 'Deployment';
  readonly spec: {
    readonly replicas: number;
    readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
    readonly template: PodTemplate;
  };
}

export interface Service extends KubernetesObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly spec: {
    readonly type: 'ClusterIP';
    readonly selector: Readonly<Record<string, string>>;
    readonly ports: readonly { readonly name: string; readonly port: number; readonly targetPort: number; readonly protocol: 'TCP' }[];
  };
}

export interface JobSpec {
  readonly parallelism: number;
  readonly completions: number;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  readonly ttlSecondsAfterFinished: number;
  readonly template: PodTemplate;
}

export interface CronJob extends KubernetesObject {
  readonly apiVersion: 'batch/v1';
  readonly kind: 'CronJob';
  readonly spec: {
    readonly schedule: string;
    readonly concurrencyPolicy: 'Forbid' | 'Allow' | 'Replace';
    readonly successfulJobsHistoryLimit: number;
    readonly failedJobsHistoryLimit: number;
    readonly jobTemplate: { readonly metadata: { readonly labels: Readonly<Record<string, string>> }; readonly spec: JobSpec };
  };
}

/** KServe `modelFormat` of a predictor model. */
export interface ModelFormat {
  readonly name: string;
  /**
   * @default - any version the runtime supports
   */
  readonly version?: string;
}

/** KServe v1beta1 predictor (the fields the library sets). */
export interface PredictorSpec extends PodPlacement {
  readonly serviceAccountName: string;
  readonly priorityClassName: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** HPA metric (Standard mode accepts cpu and memory only). */
  readonly scaleMetric: 'cpu' | 'memory';
  /** Target utilization, percent (1-100). */
  readonly scaleTarget: number;
  readonly model: PredictorModel;
}

/** KServe storage spec: a path in the storage that `parameters` (type, bucket, region ...) describe. */
export interface ModelStorage {
  readonly path: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** The model of a KServe predictor: format, runtime, where its artifacts are (one of storageUri / storage), resources. */
export interface PredictorModel {
  readonly modelFormat: ModelFormat;
  readonly runtime: string;
  /**
   * `s3://<bucket>/<prefix>`.
   * @default - none: `storage` says where the artifacts are
   */
  readonly storageUri?: string;
  /**
   * Storage spec (used when the bucket's region must be stated).
   * @default - none: `storageUri` says where the artifacts are
   */
  readonly storage?: ModelStorage;
  readonly resources: ResourceRequirements;
}

/** The predictor of a KServe canary: merged over the stable predictor by KServe, so only what differs. */
export interface CanaryPredictor {
  /** Version name: the canary's Deployment and Service are `{isvc}-{name}-predictor`. */
  readonly name: string;
  /** Fixed replicas (a canary does not autoscale), at most the stable predictor's minReplicas. */
  readonly minReplicas: number;
  /** The candidate's model; `name` is the container's (the CRD requires it in a canary). */
  readonly model: PredictorModel & { readonly name: string };
}

/** One entry of `spec.canary` (KServe v0.20.0, Standard mode only). */
export interface CanarySpec {
  /** Share KServe itself routes to the canary (0 here: the mesh routes, see rollout.ts). */
  readonly trafficPercent: number;
  readonly predictor: CanaryPredictor;
}

/** KServe `InferenceService` (serving.kserve.io/v1beta1, KServe v0.20.0). */
export interface InferenceService extends KubernetesObject {
  readonly apiVersion: 'serving.kserve.io/v1beta1';
  readonly kind: 'InferenceService';
  readonly spec: {
    readonly predictor: PredictorSpec;
    /**
     * Candidate versions deployed beside the stable predictor.
     * @default - none
     */
    readonly canary?: readonly CanarySpec[];
  };
}

// The Istio VirtualService type is the k8s domain's (one type for the ingress routes and the rollout split).
export type { HttpRouteDestination, VirtualService } from '../k8s/objects';
