// Field tables for the k8s.io/api core/v1 messages of the kinds the sandbox serves (Namespace,
// ConfigMap, Secret, ServiceAccount, Service, Endpoints, Event, PersistentVolumeClaim,
// PersistentVolume, Node, Pod, Binding). Syntax: see schema-meta.ts. Fields left out of a table
// (exotic volume plugins, alpha fields) are skipped by the decoder, never an error.

const POD_SPEC =
  '1 volumes []Volume; 2 containers []Container; 3 restartPolicy s; 4 terminationGracePeriodSeconds i64?; ' +
  '5 activeDeadlineSeconds i64?; 6 dnsPolicy s; 7 nodeSelector {}s; 8 serviceAccountName s; 9 serviceAccount s; ' +
  '10 nodeName s; 11 hostNetwork b; 12 hostPID b; 13 hostIPC b; 14 securityContext PodSecurityContext; ' +
  '15 imagePullSecrets []LocalObjectReference; 16 hostname s; 17 subdomain s; 18 affinity Affinity; 19 schedulerName s; ' +
  '20 initContainers []Container; 21 automountServiceAccountToken b?; 22 tolerations []Toleration; 23 hostAliases []HostAlias; ' +
  '24 priorityClassName s; 25 priority i32?; 26 dnsConfig PodDNSConfig; 27 shareProcessNamespace b?; ' +
  '28 readinessGates []PodReadinessGate; 29 runtimeClassName s?; 30 enableServiceLinks b?; 31 preemptionPolicy s?; ' +
  '32 overhead {}Quantity; 33 topologySpreadConstraints []TopologySpreadConstraint; 34 ephemeralContainers []EphemeralContainer; ' +
  '35 setHostnameAsFQDN b?; 36 os PodOS; 37 hostUsers b?; 38 schedulingGates []PodSchedulingGate; ' +
  '39 resourceClaims []PodResourceClaim; 40 resources ResourceRequirements';

const CONTAINER =
  '1 name s; 2 image s; 3 command []s; 4 args []s; 5 workingDir s; 6 ports []ContainerPort; 7 env []EnvVar; ' +
  '8 resources ResourceRequirements; 9 volumeMounts []VolumeMount; 10 livenessProbe Probe; 11 readinessProbe Probe; ' +
  '12 lifecycle Lifecycle; 13 terminationMessagePath s; 14 imagePullPolicy s; 15 securityContext SecurityContext; ' +
  '16 stdin b; 17 stdinOnce b; 18 tty b; 19 envFrom []EnvFromSource; 20 terminationMessagePolicy s; ' +
  '21 volumeDevices []VolumeDevice; 22 startupProbe Probe; 23 resizePolicy []ContainerResizePolicy; 24 restartPolicy s?';

export const CORE_MESSAGES: Record<string, string> = {
  Namespace: '1 metadata ObjectMeta; 2 spec NamespaceSpec; 3 status NamespaceStatus',
  NamespaceSpec: '1 finalizers []s',
  NamespaceStatus: '1 phase s; 2 conditions []NamespaceCondition',
  NamespaceCondition: '1 type s; 2 status s; 4 lastTransitionTime Time; 5 reason s; 6 message s',

  ConfigMap: '1 metadata ObjectMeta; 2 data {}s; 3 binaryData {}bytes; 4 immutable b?',
  Secret: '1 metadata ObjectMeta; 2 data {}bytes; 3 type s; 4 stringData {}s; 5 immutable b?',
  ServiceAccount:
    '1 metadata ObjectMeta; 2 secrets []ObjectReference; 3 imagePullSecrets []LocalObjectReference; 4 automountServiceAccountToken b?',
  Binding: '1 metadata ObjectMeta; 2 target ObjectReference',

  Service: '1 metadata ObjectMeta; 2 spec ServiceSpec; 3 status ServiceStatus',
  ServiceSpec:
    '1 ports []ServicePort; 2 selector {}s; 3 clusterIP s; 4 type s; 5 externalIPs []s; 7 sessionAffinity s; ' +
    '8 loadBalancerIP s; 9 loadBalancerSourceRanges []s; 10 externalName s; 11 externalTrafficPolicy s; ' +
    '12 healthCheckNodePort i32; 13 publishNotReadyAddresses b; 14 sessionAffinityConfig SessionAffinityConfig; ' +
    '17 ipFamilyPolicy s?; 18 clusterIPs []s; 19 ipFamilies []s; 20 allocateLoadBalancerNodePorts b?; ' +
    '21 loadBalancerClass s?; 22 internalTrafficPolicy s?; 23 trafficDistribution s?',
  ServicePort: '1 name s; 2 protocol s; 3 port i32?; 4 targetPort IntOrString; 5 nodePort i32; 6 appProtocol s?',
  SessionAffinityConfig: '1 clientIP ClientIPConfig',
  ClientIPConfig: '1 timeoutSeconds i32?',
  ServiceStatus: '1 loadBalancer LoadBalancerStatus; 2 conditions []Condition',
  LoadBalancerStatus: '1 ingress []LoadBalancerIngress',
  LoadBalancerIngress: '1 ip s; 2 hostname s; 3 ipMode s?; 4 ports []PortStatus',
  PortStatus: '1 port i32; 2 protocol s; 3 error s?',

  Endpoints: '1 metadata ObjectMeta; 2 subsets []EndpointSubset',
  EndpointSubset: '1 addresses []EndpointAddress; 2 notReadyAddresses []EndpointAddress; 3 ports []CoreEndpointPort',
  EndpointAddress: '1 ip s; 2 targetRef ObjectReference; 3 hostname s; 4 nodeName s?',
  CoreEndpointPort: '1 name s; 2 port i32; 3 protocol s; 4 appProtocol s?',

  Event:
    '1 metadata ObjectMeta; 2 involvedObject ObjectReference; 3 reason s; 4 message s; 5 source EventSource; ' +
    '6 firstTimestamp Time; 7 lastTimestamp Time; 8 count i32; 9 type s; 10 eventTime MicroTime; 11 series CoreEventSeries; ' +
    '12 action s; 13 related ObjectReference; 14 reportingComponent s; 15 reportingInstance s',
  EventSource: '1 component s; 2 host s',
  CoreEventSeries: '1 count i32; 2 lastObservedTime MicroTime',

  PersistentVolumeClaim: '1 metadata ObjectMeta; 2 spec PersistentVolumeClaimSpec; 3 status PersistentVolumeClaimStatus',
  PersistentVolumeClaimSpec:
    '1 accessModes []s; 2 resources VolumeResourceRequirements; 3 volumeName s; 4 selector LabelSelector; ' +
    '5 storageClassName s?; 6 volumeMode s?; 7 dataSource TypedLocalObjectReference; 8 dataSourceRef TypedObjectReference; ' +
    '9 volumeAttributesClassName s?',
  VolumeResourceRequirements: '1 limits {}Quantity; 2 requests {}Quantity',
  PersistentVolumeClaimStatus:
    '1 phase s; 2 accessModes []s; 3 capacity {}Quantity; 4 conditions []PersistentVolumeClaimCondition; ' +
    '5 allocatedResources {}Quantity; 7 allocatedResourceStatuses {}s; 8 currentVolumeAttributesClassName s?',
  PersistentVolumeClaimCondition:
    '1 type s; 2 status s; 3 lastProbeTime Time; 4 lastTransitionTime Time; 5 reason s; 6 message s',
  PersistentVolumeClaimTemplate: '1 metadata ObjectMeta; 2 spec PersistentVolumeClaimSpec',

  PersistentVolume: '1 metadata ObjectMeta; 2 spec PersistentVolumeSpec; 3 status PersistentVolumeStatus',
  PersistentVolumeSpec:
    '1 capacity {}Quantity; 2 * PersistentVolumeSource; 3 accessModes []s; 4 claimRef ObjectReference; ' +
    '5 persistentVolumeReclaimPolicy s; 6 storageClassName s; 7 mountOptions []s; 8 volumeMode s?; ' +
    '9 nodeAffinity VolumeNodeAffinity; 10 volumeAttributesClassName s?',
  PersistentVolumeSource: '3 hostPath HostPathVolumeSource; 5 nfs NFSVolumeSource; 20 local LocalVolumeSource; 22 csi CSIPersistentVolumeSource',
  LocalVolumeSource: '1 path s; 2 fsType s?',
  CSIPersistentVolumeSource: '1 driver s; 2 volumeHandle s; 3 readOnly b; 4 fsType s; 5 volumeAttributes {}s',
  VolumeNodeAffinity: '1 required NodeSelector',
  PersistentVolumeStatus: '1 phase s; 2 message s; 3 reason s; 4 lastPhaseTransitionTime Time',

  Node: '1 metadata ObjectMeta; 2 spec NodeSpec; 3 status NodeStatus',
  NodeSpec: '1 podCIDR s; 2 externalID s; 3 providerID s; 4 unschedulable b; 5 taints []Taint; 7 podCIDRs []s',
  Taint: '1 key s; 2 value s; 3 effect s; 4 timeAdded Time',
  NodeStatus:
    '1 capacity {}Quantity; 2 allocatable {}Quantity; 3 phase s; 4 conditions []NodeCondition; 5 addresses []NodeAddress; ' +
    '6 daemonEndpoints NodeDaemonEndpoints; 7 nodeInfo NodeSystemInfo; 8 images []ContainerImage; 9 volumesInUse []s',
  NodeCondition: '1 type s; 2 status s; 3 lastHeartbeatTime Time; 4 lastTransitionTime Time; 5 reason s; 6 message s',
  NodeAddress: '1 type s; 2 address s',
  NodeDaemonEndpoints: '1 kubeletEndpoint DaemonEndpoint',
  DaemonEndpoint: '1 Port i32',
  NodeSystemInfo:
    '1 machineID s; 2 systemUUID s; 3 bootID s; 4 kernelVersion s; 5 osImage s; 6 containerRuntimeVersion s; ' +
    '7 kubeletVersion s; 8 kubeProxyVersion s; 9 operatingSystem s; 10 architecture s',
  ContainerImage: '1 names []s; 2 sizeBytes i64',

  Pod: '1 metadata ObjectMeta; 2 spec PodSpec; 3 status PodStatus',
  PodTemplateSpec: '1 metadata ObjectMeta; 2 spec PodSpec',
  PodSpec: POD_SPEC,
  Container: CONTAINER,
  EphemeralContainer: '1 * Container; 2 targetContainerName s',
  ContainerPort: '1 name s; 2 hostPort i32; 3 containerPort i32?; 4 protocol s; 5 hostIP s',
  EnvVar: '1 name s; 2 value s; 3 valueFrom EnvVarSource',
  EnvVarSource:
    '1 fieldRef ObjectFieldSelector; 2 resourceFieldRef ResourceFieldSelector; 3 configMapKeyRef KeySelector; 4 secretKeyRef KeySelector',
  ObjectFieldSelector: '1 apiVersion s; 2 fieldPath s',
  ResourceFieldSelector: '1 containerName s; 2 resource s; 3 divisor Quantity',
  KeySelector: '1 * LocalObjectReference; 2 key s; 3 optional b?',
  EnvFromSource: '1 prefix s; 2 configMapRef OptionalRef; 3 secretRef OptionalRef',
  OptionalRef: '1 * LocalObjectReference; 2 optional b?',
  ResourceRequirements: '1 limits {}Quantity; 2 requests {}Quantity; 3 claims []ResourceClaim',
  ResourceClaim: '1 name s; 2 request s',
  VolumeMount: '1 name s; 2 readOnly b; 3 mountPath s; 4 subPath s; 5 mountPropagation s?; 6 subPathExpr s; 7 recursiveReadOnly s?',
  VolumeDevice: '1 name s; 2 devicePath s',
  ContainerResizePolicy: '1 resourceName s; 2 restartPolicy s',
  Probe:
    '1 * ProbeHandler; 2 initialDelaySeconds i32; 3 timeoutSeconds i32; 4 periodSeconds i32; 5 successThreshold i32; ' +
    '6 failureThreshold i32; 7 terminationGracePeriodSeconds i64?',
  ProbeHandler: '1 exec ExecAction; 2 httpGet HTTPGetAction; 3 tcpSocket TCPSocketAction; 4 grpc GRPCAction',
  ExecAction: '1 command []s',
  HTTPGetAction: '1 path s; 2 port IntOrString; 3 host s; 4 scheme s; 5 httpHeaders []HTTPHeader',
  HTTPHeader: '1 name s; 2 value s',
  TCPSocketAction: '1 port IntOrString; 2 host s',
  GRPCAction: '1 port i32; 2 service s?',
  Lifecycle: '1 postStart LifecycleHandler; 2 preStop LifecycleHandler; 3 stopSignal s?',
  LifecycleHandler: '1 exec ExecAction; 2 httpGet HTTPGetAction; 3 tcpSocket TCPSocketAction; 4 sleep SleepAction',
  SleepAction: '1 seconds i64',
  SecurityContext:
    '1 capabilities Capabilities; 2 privileged b?; 3 seLinuxOptions SELinuxOptions; 4 runAsUser i64?; 5 runAsNonRoot b?; ' +
    '6 readOnlyRootFilesystem b?; 7 allowPrivilegeEscalation b?; 8 runAsGroup i64?; 9 procMount s?; ' +
    '10 windowsOptions WindowsSecurityContextOptions; 11 seccompProfile SeccompProfile; 12 appArmorProfile AppArmorProfile',
  Capabilities: '1 add []s; 2 drop []s',
  SELinuxOptions: '1 user s; 2 role s; 3 type s; 4 level s',
  WindowsSecurityContextOptions: '1 gmsaCredentialSpecName s?; 2 gmsaCredentialSpec s?; 3 runAsUserName s?; 4 hostProcess b?',
  SeccompProfile: '1 type s; 2 localhostProfile s?',
  AppArmorProfile: '1 type s; 2 localhostProfile s?',
  PodSecurityContext:
    '1 seLinuxOptions SELinuxOptions; 2 runAsUser i64?; 3 runAsNonRoot b?; 4 supplementalGroups []i64; 5 fsGroup i64?; ' +
    '6 runAsGroup i64?; 7 sysctls []Sysctl; 8 windowsOptions WindowsSecurityContextOptions; 9 fsGroupChangePolicy s?; ' +
    '10 seccompProfile SeccompProfile; 11 appArmorProfile AppArmorProfile; 12 supplementalGroupsPolicy s?; 13 seLinuxChangePolicy s?',
  Sysctl: '1 name s; 2 value s',
  Affinity: '1 nodeAffinity NodeAffinity; 2 podAffinity PodAffinity; 3 podAntiAffinity PodAffinity',
  NodeAffinity: '1 requiredDuringSchedulingIgnoredDuringExecution NodeSelector; 2 preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm',
  NodeSelector: '1 nodeSelectorTerms []NodeSelectorTerm',
  NodeSelectorTerm: '1 matchExpressions []NodeSelectorRequirement; 2 matchFields []NodeSelectorRequirement',
  NodeSelectorRequirement: '1 key s; 2 operator s; 3 values []s',
  PreferredSchedulingTerm: '1 weight i32; 2 preference NodeSelectorTerm',
  PodAffinity: '1 requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm; 2 preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm',
  PodAffinityTerm:
    '1 labelSelector LabelSelector; 2 namespaces []s; 3 topologyKey s; 4 namespaceSelector LabelSelector; 5 matchLabelKeys []s; 6 mismatchLabelKeys []s',
  WeightedPodAffinityTerm: '1 weight i32; 2 podAffinityTerm PodAffinityTerm',
  Toleration: '1 key s; 2 operator s; 3 value s; 4 effect s; 5 tolerationSeconds i64?',
  HostAlias: '1 ip s; 2 hostnames []s',
  PodDNSConfig: '1 nameservers []s; 2 searches []s; 3 options []PodDNSConfigOption',
  PodDNSConfigOption: '1 name s; 2 value s?',
  PodReadinessGate: '1 conditionType s',
  TopologySpreadConstraint:
    '1 maxSkew i32; 2 topologyKey s; 3 whenUnsatisfiable s; 4 labelSelector LabelSelector; 5 minDomains i32?; ' +
    '6 nodeAffinityPolicy s?; 7 nodeTaintsPolicy s?; 8 matchLabelKeys []s',
  PodOS: '1 name s',
  PodSchedulingGate: '1 name s',
  PodResourceClaim: '1 name s; 3 resourceClaimName s?; 4 resourceClaimTemplateName s?',

  Volume: '1 name s; 2 * VolumeSource',
  VolumeSource:
    '1 hostPath HostPathVolumeSource; 2 emptyDir EmptyDirVolumeSource; 6 secret SecretVolumeSource; 7 nfs NFSVolumeSource; ' +
    '10 persistentVolumeClaim PersistentVolumeClaimVolumeSource; 16 downwardAPI DownwardAPIVolumeSource; ' +
    '19 configMap ConfigMapVolumeSource; 26 projected ProjectedVolumeSource; 28 csi CSIVolumeSource; ' +
    '29 ephemeral EphemeralVolumeSource; 30 image ImageVolumeSource',
  HostPathVolumeSource: '1 path s; 2 type s?',
  EmptyDirVolumeSource: '1 medium s; 2 sizeLimit Quantity',
  SecretVolumeSource: '1 secretName s; 2 items []KeyToPath; 3 defaultMode i32?; 4 optional b?',
  NFSVolumeSource: '1 server s; 2 path s; 3 readOnly b',
  PersistentVolumeClaimVolumeSource: '1 claimName s; 2 readOnly b',
  DownwardAPIVolumeSource: '1 items []DownwardAPIVolumeFile; 2 defaultMode i32?',
  DownwardAPIVolumeFile: '1 path s; 2 fieldRef ObjectFieldSelector; 3 resourceFieldRef ResourceFieldSelector; 4 mode i32?',
  ConfigMapVolumeSource: '1 * LocalObjectReference; 2 items []KeyToPath; 3 defaultMode i32?; 4 optional b?',
  KeyToPath: '1 key s; 2 path s; 3 mode i32?',
  ProjectedVolumeSource: '1 sources []VolumeProjection; 2 defaultMode i32?',
  VolumeProjection:
    '1 secret ProjectionSource; 2 downwardAPI DownwardAPIProjection; 3 configMap ProjectionSource; 4 serviceAccountToken ServiceAccountTokenProjection',
  ProjectionSource: '1 * LocalObjectReference; 2 items []KeyToPath; 4 optional b?',
  DownwardAPIProjection: '1 items []DownwardAPIVolumeFile',
  ServiceAccountTokenProjection: '1 audience s; 2 expirationSeconds i64?; 3 path s',
  CSIVolumeSource: '1 driver s; 2 readOnly b?; 3 fsType s?; 4 volumeAttributes {}s; 5 nodePublishSecretRef LocalObjectReference',
  EphemeralVolumeSource: '1 volumeClaimTemplate PersistentVolumeClaimTemplate',
  ImageVolumeSource: '1 reference s; 2 pullPolicy s',

  PodStatus:
    '1 phase s; 2 conditions []PodCondition; 3 message s; 4 reason s; 5 hostIP s; 6 podIP s; 7 startTime Time; ' +
    '8 containerStatuses []ContainerStatus; 9 qosClass s; 10 initContainerStatuses []ContainerStatus; 11 nominatedNodeName s; ' +
    '12 podIPs []PodIP; 13 ephemeralContainerStatuses []ContainerStatus; 16 hostIPs []PodIP',
  PodCondition: '1 type s; 2 status s; 3 lastProbeTime Time; 4 lastTransitionTime Time; 5 reason s; 6 message s; 7 observedGeneration i64',
  PodIP: '1 ip s',
  ContainerStatus:
    '1 name s; 2 state ContainerState; 3 lastState ContainerState; 4 ready b?; 5 restartCount i32?; 6 image s; 7 imageID s; ' +
    '8 containerID s; 9 started b?; 10 allocatedResources {}Quantity; 11 resources ResourceRequirements',
  ContainerState: '1 waiting ContainerStateWaiting; 2 running ContainerStateRunning; 3 terminated ContainerStateTerminated',
  ContainerStateWaiting: '1 reason s; 2 message s',
  ContainerStateRunning: '1 startedAt Time',
  ContainerStateTerminated:
    '1 exitCode i32?; 2 signal i32; 3 reason s; 4 message s; 5 startedAt Time; 6 finishedAt Time; 7 containerID s',
};
