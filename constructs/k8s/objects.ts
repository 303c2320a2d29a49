/**
 * Typed Kubernetes objects the library emits. Each interface covers the fields the library sets, with
 * the upstream spelling (Kubernetes API, Karpenter v1 CRDs, Istio security v1, prometheus-operator
 * monitoring v1); tests validate every emitted object against the upstream schema of its kind and
 * version (kubernetes-models, @kubernetes-models/*, or the CRD shipped with the chart).
 */

/** `metadata` of a namespaced or cluster-scoped object. */
export interface ObjectMeta {
  readonly name: string;
  /**
   * @default - cluster-scoped (or the provider's default namespace)
   */
  readonly namespace?: string;
  /**
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Any Kubernetes object: `apiVersion`, `kind`, `metadata`, and the kind's own fields. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
}

/** Resource quantities by resource name (`cpu`, `memory`, `nvidia.com/gpu`, `requests.cpu` ...). */
export type ResourceList = Readonly<Record<string, string>>;

export interface Namespace extends KubernetesObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Namespace';
}

export interface ResourceQuota extends KubernetesObject {
  readonly apiVersion: 'v1';
  readonly kind: 'ResourceQuota';
  readonly spec: { readonly hard: ResourceList };
}

export interface LimitRangeItem {
  readonly type: 'Container' | 'Pod' | 'PersistentVolumeClaim';
  /**
   * @default - none
   */
  readonly default?: ResourceList;
  /**
   * @default - none
   */
  readonly defaultRequest?: ResourceList;
  /**
   * @default - none
   */
  readonly max?: ResourceList;
}

export interface LimitRange extends KubernetesObject {
  readonly apiVersion: 'v1';
  readonly kind: 'LimitRange';
  readonly spec: { readonly limits: readonly LimitRangeItem[] };
}

export interface PriorityClass extends KubernetesObject {
  readonly apiVersion: 'scheduling.k8s.io/v1';
  readonly kind: 'PriorityClass';
  readonly value: number;
  /**
   * @default false
   */
  readonly globalDefault?: boolean;
  /**
   * @default 'PreemptLowerPriority'
   */
  readonly preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  /**
   * @default - none
   */
  readonly description?: string;
}

export interface Taint {
  readonly key: string;
  /**
   * @default - none
   */
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  /**
   * @default - none (Exists, DoesNotExist)
   */
  readonly values?: readonly string[];
}

/** Karpenter `NodePool` (karpenter.sh/v1, Karpenter 1.14). */
export interface NodePool extends KubernetesObject {
  readonly apiVersion: 'karpenter.sh/v1';
  readonly kind: 'NodePool';
  readonly spec: {
    readonly template: {
      readonly metadata?: { readonly labels?: Readonly<Record<string, string>> };
      readonly spec: {
        readonly nodeClassRef: { readonly group: 'karpenter.k8s.aws'; readonly kind: 'EC2NodeClass'; readonly name: string };
        readonly requirements: readonly NodeSelectorRequirement[];
        /**
         * @default []
         */
        readonly taints?: readonly Taint[];
        /**
         * Go duration, or `Never`.
         * @default '720h'
         */
        readonly expireAfter?: string;
      };
    };
    readonly disruption: {
      readonly consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
      /** Go duration, or `Never`. */
      readonly consolidateAfter: string;
    };
    /**
     * @default - unlimited
     */
    readonly limits?: ResourceList;
    /**
     * @default - 0
     */
    readonly weight?: number;
  };
}

/** Karpenter `EC2NodeClass` (karpenter.k8s.aws/v1). */
export interface EC2NodeClass extends KubernetesObject {
  readonly apiVersion: 'karpenter.k8s.aws/v1';
  readonly kind: 'EC2NodeClass';
  readonly spec: {
    readonly amiSelectorTerms: readonly { readonly alias: string }[];
    /** IAM role name of the nodes (Karpenter manages the instance profile). */
    readonly role: string;
    readonly subnetSelectorTerms: readonly { readonly id: string }[];
    readonly securityGroupSelectorTerms: readonly { readonly id: string }[];
    readonly metadataOptions: {
      readonly httpEndpoint: 'enabled' | 'disabled';
      readonly httpTokens: 'required' | 'optional';
      readonly httpPutResponseHopLimit: number;
    };
    readonly blockDeviceMappings: readonly {
      readonly deviceName: string;
      readonly ebs: { readonly volumeSize: string; readonly volumeType: 'gp3'; readonly encrypted: boolean; readonly kmsKeyID?: string; readonly deleteOnTermination: boolean };
    }[];
    /**
     * @default {}
     */
    readonly tags?: Readonly<Record<string, string>>;
  };
}

/** Istio `PeerAuthentication` (security.istio.io/v1). */
export interface PeerAuthentication extends KubernetesObject {
  readonly apiVersion: 'security.istio.io/v1';
  readonly kind: 'PeerAuthentication';
  readonly spec: { readonly mtls: { readonly mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' } };
}

/** prometheus-operator `ServiceMonitor` (monitoring.coreos.com/v1). */
export interface ServiceMonitor extends KubernetesObject {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'ServiceMonitor';
  readonly spec: {
    readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
    readonly namespaceSelector?: { readonly matchNames: readonly string[] };
    readonly endpoints: readonly { readonly port: string; readonly interval?: string; readonly path?: string }[];
  };
}

/** `v1` ServiceAccount. */
export interface ServiceAccount extends KubernetesObject {
  readonly apiVersion: 'v1';
  readonly kind: 'ServiceAccount';
  /**
   * @default true
   */
  readonly automountServiceAccountToken?: boolean;
}

/** `LabelSelector` with labels only. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** A probe: HTTP GET on a path, or the gRPC health protocol on a port. */
export type ProbeHandler =
  | { readonly httpGet: { readonly path: string; readonly port: number } }
  | { readonly grpc: { readonly port: number } };

export type Probe = ProbeHandler & {
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly timeoutSeconds: number;
};

/** The container fields the library sets (upstream `core/v1` Container spelling). */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly { readonly name: string; readonly containerPort: number; readonly protocol: 'TCP' }[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly resources: { readonly requests: ResourceList; readonly limits: ResourceList };
  readonly readinessProbe: Probe;
  readonly livenessProbe: Probe;
  readonly startupProbe: Probe;
  readonly securityContext: {
    readonly runAsNonRoot: boolean;
    readonly allowPrivilegeEscalation: boolean;
    readonly readOnlyRootFilesystem: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
  };
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string }[];
}

/** `apps/v1` Deployment. */
export interface Deployment extends KubernetesObject {
  readonly apiVersion: 'apps/v1';
  readonly kind: 'Deployment';
  readonly spec: {
    readonly selector: LabelSelector;
    readonly template: {
      readonly metadata: { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> };
      readonly spec: {
        readonly serviceAccountName: string;
        readonly priorityClassName: string;
        readonly automountServiceAccountToken: boolean;
        readonly nodeSelector: Readonly<Record<string, string>>;
        readonly securityContext: {
          readonly runAsNonRoot: boolean;
          readonly runAsUser: number;
          readonly runAsGroup: number;
          readonly fsGroup: number;
          readonly seccompProfile: { readonly type: 'RuntimeDefault' };
        };
        readonly topologySpreadConstraints: readonly {
          readonly maxSkew: number;
          readonly topologyKey: string;
          readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
          readonly labelSelector: LabelSelector;
        }[];
        readonly containers: readonly Container[];
        readonly volumes: readonly { readonly name: string; readonly emptyDir: { readonly sizeLimit: string } }[];
      };
    };
  };
}

/** `v1` Service (ClusterIP). */
export interface Service extends KubernetesObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly spec: {
    readonly type: 'ClusterIP';
    readonly selector: Readonly<Record<string, string>>;
    readonly ports: readonly { readonly name: string; readonly port: number; readonly targetPort: number; readonly protocol: 'TCP'; readonly appProtocol: string }[];
  };
}

/** `autoscaling/v2` HorizontalPodAutoscaler on resource utilization. */
export interface HorizontalPodAutoscaler extends KubernetesObject {
  readonly apiVersion: 'autoscaling/v2';
  readonly kind: 'HorizontalPodAutoscaler';
  readonly spec: {
    readonly scaleTargetRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly metrics: readonly HpaMetric[];
  };
}

/** One HPA metric: a resource's utilization, or a per-pod custom metric served by a metrics adapter. */
export type HpaMetric =
  | {
    readonly type: 'Resource';
    readonly resource: { readonly name: 'cpu' | 'memory'; readonly target: { readonly type: 'Utilization'; readonly averageUtilization: number } };
  }
  | {
    readonly type: 'Pods';
    readonly pods: { readonly metric: { readonly name: string }; readonly target: { readonly type: 'AverageValue'; readonly averageValue: string } };
  };

/** `autoscaling.k8s.io/v1` VerticalPodAutoscaler (the VPA CRD), per-container resource policies. */
export interface VerticalPodAutoscaler extends KubernetesObject {
  readonly apiVersion: 'autoscaling.k8s.io/v1';
  readonly kind: 'VerticalPodAutoscaler';
  readonly spec: {
    readonly targetRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
    readonly updatePolicy: { readonly updateMode: 'Off' | 'Initial' | 'Recreate' | 'InPlaceOrRecreate' };
    readonly resourcePolicy: {
      readonly containerPolicies: readonly {
        readonly containerName: string;
        /**
         * @default 'Auto'
         */
        readonly mode?: 'Auto' | 'Off';
        /**
         * @default - cpu and memory
         */
        readonly controlledResources?: readonly ('cpu' | 'memory')[];
        /**
         * @default 'RequestsAndLimits'
         */
        readonly controlledValues?: 'RequestsAndLimits' | 'RequestsOnly';
        /**
         * @default - no floor
         */
        readonly minAllowed?: ResourceList;
        /**
         * @default - no ceiling
         */
        readonly maxAllowed?: ResourceList;
      }[];
    };
  };
}

/** A NetworkPolicy peer: pods of one namespace matching labels (`namespaceSelector` + `podSelector`). */
export interface NetworkPolicyPeer {
  readonly namespaceSelector: LabelSelector;
  /**
   * @default - every pod of the selected namespaces
   */
  readonly podSelector?: LabelSelector;
}

/** `networking.k8s.io/v1` NetworkPolicy (ingress rules only). */
export interface NetworkPolicy extends KubernetesObject {
  readonly apiVersion: 'networking.k8s.io/v1';
  readonly kind: 'NetworkPolicy';
  readonly spec: {
    /** `{}` selects every pod of the namespace. */
    readonly podSelector: LabelSelector | Readonly<Record<string, never>>;
    readonly policyTypes: readonly 'Ingress'[];
    /**
     * @default [] (deny all ingress to the selected pods)
     */
    readonly ingress?: readonly {
      readonly from: readonly NetworkPolicyPeer[];
      readonly ports: readonly { readonly protocol: 'TCP'; readonly port: number }[];
    }[];
  };
}

/** Istio `Gateway` (networking.istio.io/v1): servers the ingress gateway listens with. */
export interface IstioGateway extends KubernetesObject {
  readonly apiVersion: 'networking.istio.io/v1';
  readonly kind: 'Gateway';
  readonly spec: {
    readonly selector: Readonly<Record<string, string>>;
    readonly servers: readonly { readonly port: { readonly number: number; readonly name: string; readonly protocol: 'HTTP' | 'HTTPS' | 'HTTP2' }; readonly hosts: readonly string[] }[];
  };
}

/** A destination of an Istio HTTP route, weighted when the route splits traffic. */
export interface HttpRouteDestination {
  readonly destination: {
    readonly host: string;
    /**
     * @default - the host's only port
     */
    readonly port?: { readonly number: number };
  };
  /**
   * Share of the route's requests, 0-100 (the weights of one route add up to 100).
   * @default - all requests (a single destination)
   */
  readonly weight?: number;
}

/**
 * Istio `VirtualService` (networking.istio.io/v1, Istio 1.30): HTTP routes, bound to gateways (the client API's
 * path routes) or, without `gateways`, to in-mesh callers of `hosts` (a rollout's weighted split).
 */
export interface VirtualService extends KubernetesObject {
  readonly apiVersion: 'networking.istio.io/v1';
  readonly kind: 'VirtualService';
  readonly spec: {
    readonly hosts: readonly string[];
    /**
     * @default - the mesh (in-mesh callers)
     */
    readonly gateways?: readonly string[];
    readonly http: readonly {
      readonly name: string;
      /**
       * @default - every request
       */
      readonly match?: readonly { readonly uri: { readonly prefix: string } }[];
      readonly route: readonly HttpRouteDestination[];
      /**
       * @default - no timeout
       */
      readonly timeout?: string;
    }[];
  };
}

/** Istio `EnvoyFilter` (networking.istio.io/v1alpha3): config patches applied to selected proxies. */
export interface EnvoyFilter extends KubernetesObject {
  readonly apiVersion: 'networking.istio.io/v1alpha3';
  readonly kind: 'EnvoyFilter';
  readonly spec: {
    readonly workloadSelector: { readonly labels: Readonly<Record<string, string>> };
    readonly configPatches: readonly {
      readonly applyTo: 'HTTP_FILTER' | 'HTTP_ROUTE';
      readonly match: Readonly<Record<string, unknown>>;
      readonly patch: { readonly operation: 'INSERT_BEFORE' | 'MERGE'; readonly value: Readonly<Record<string, unknown>> };
    }[];
  };
}

/** prometheus-operator `PodMonitor` (monitoring.coreos.com/v1). */
export interface PodMonitor extends KubernetesObject {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'PodMonitor';
  readonly spec: {
    readonly selector: { readonly matchExpressions: readonly { readonly key: string; readonly operator: 'Exists' | 'In'; readonly values?: readonly string[] }[] };
    readonly namespaceSelector: { readonly matchNames: readonly string[] };
    readonly podMetricsEndpoints: readonly { readonly port: string; readonly path: string; readonly interval: string }[];
  };
}

/** `policy/v1` PodDisruptionBudget. */
export interface PodDisruptionBudget extends KubernetesObject {
  readonly apiVersion: 'policy/v1';
  readonly kind: 'PodDisruptionBudget';
  readonly spec: { readonly selector: LabelSelector; readonly maxUnavailable: number };
}

/** Istio `AuthorizationPolicy` (security.istio.io/v1): ALLOW rules on source principals. */
export interface AuthorizationPolicy extends KubernetesObject {
  readonly apiVersion: 'security.istio.io/v1';
  readonly kind: 'AuthorizationPolicy';
  /** An empty spec (`{}`) in a namespace denies every request no other ALLOW policy admits. */
  readonly spec: {
    readonly selector: LabelSelector;
    readonly action: 'ALLOW' | 'DENY';
    readonly rules: readonly { readonly from: readonly { readonly source: { readonly principals: readonly string[] } }[] }[];
  } | Readonly<Record<string, never>>;
}
