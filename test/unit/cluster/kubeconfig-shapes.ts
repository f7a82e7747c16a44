// Kubeconfigs in the shapes real tools write, for the fast kubeconfig parser's differential tests:
// hand-written copies of what kubectl, aws, gcloud, az, kind and minikube write (credentials replaced).

const CA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM1ekNDQWMrZ0F3SUJBZ0lCQVRBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwdGFXNXAKYTNWaVpVTkJNQjRYRFRJME1ERXhNREV3TURBd01Gb1hEVE0wTURFd09ERXdNREF3TUZvd0ZURVRNQkVHQTFVRQpBeE1LYldsdWFXdDFZbVZEUVRDQ0FTSXdEUVlKS29aSWh2Y05BUUVCQlFBRGdnRVBBRENDQVFvQ2dnRUJBTHh4Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';

/** minikube's extension block, as it writes it under a cluster and a context. */
const minikubeExtension = (name: string): string => `    extensions:
    - extension:
        last-update: Mon, 01 Jan 2024 10:00:00 UTC
        provider: minikube.sigs.k8s.io
        version: v1.32.0
      name: ${name}
`;

/** A kubeconfig as kubectl (client-go) writes it: keys sorted, sequences at their key's indentation. */
function kubectlWrites(
  server: string,
  cluster: string,
  user: string,
  context: string,
  userBody: string,
  namespace?: string,
): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: ${server}
  name: ${cluster}
contexts:
- context:
    cluster: ${cluster}
${namespace ? `    namespace: ${namespace}\n` : ''}    user: ${user}
  name: ${context}
current-context: ${context}
kind: Config
preferences: {}
users:
- name: ${user}
  user:
${userBody}`;
}

export const SHAPES: Record<string, string> = {
  'kubectl config view --raw (token, namespace)': kubectlWrites(
    'https://10.0.0.1:6443',
    'prod',
    'viewer',
    'viewer@prod',
    `    token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl
`,
    'shop',
  ),
  'aws eks update-kubeconfig (exec with args and env)': kubectlWrites(
    'https://0A1B2C3D4E5F.gr7.us-west-2.eks.amazonaws.com',
    'arn:aws:eks:us-west-2:123456789012:cluster/shop',
    'arn:aws:eks:us-west-2:123456789012:cluster/shop',
    'arn:aws:eks:us-west-2:123456789012:cluster/shop',
    `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-west-2
      - eks
      - get-token
      - --cluster-name
      - shop
      - --output
      - json
      command: aws
      env:
      - name: AWS_PROFILE
        value: prod-readonly
      interactiveMode: IfAvailable
      provideClusterInfo: false
`,
  ),
  'gcloud container clusters get-credentials (gke-gcloud-auth-plugin)': kubectlWrites(
    'https://34.68.1.2',
    'gke_my-project_us-central1-a_shop',
    'gke_my-project_us-central1-a_shop',
    'gke_my-project_us-central1-a_shop',
    `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
      provideClusterInfo: true
`,
  ),
  'gcloud legacy auth-provider config map': kubectlWrites(
    'https://35.1.2.3',
    'gke_p_zone_c',
    'gke_p_zone_c',
    'gke_p_zone_c',
    `    auth-provider:
      config:
        access-token: ya29.a0AfH6SMB-token
        cmd-args: config config-helper --format=json
        cmd-path: /usr/lib/google-cloud-sdk/bin/gcloud
        expiry: "2024-01-10T11:00:00Z"
        expiry-key: '{.credential.token_expiry}'
        token-key: '{.credential.access_token}'
      name: gcp
`,
  ),
  'az aks get-credentials (azure auth-provider, quoted strings)': kubectlWrites(
    'https://shop-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443',
    'shop',
    'clusterUser_rg_shop',
    'shop',
    `    auth-provider:
      config:
        apiserver-id: 6dae42f8-4368-4678-94ff-3960e28e3630
        client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a
        config-mode: '1'
        environment: AzurePublicCloud
        tenant-id: 72f988bf-86f1-41af-91ab-2d7cd011db47
      name: azure
`,
  ),
  'az aks with kubelogin exec (env: null)': kubectlWrites(
    'https://shop-dns.hcp.westeurope.azmk8s.io:443',
    'shop',
    'clusterUser_rg_shop',
    'shop',
    `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --environment
      - AzurePublicCloud
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --login
      - devicecode
      command: kubelogin
      env: null
      provideClusterInfo: false
`,
  ),
  'kind (client certificate)': kubectlWrites(
    'https://127.0.0.1:39237',
    'kind-kind',
    'kind-kind',
    'kind-kind',
    `    client-certificate-data: ${CA}
    client-key-data: ${CA}
`,
  ),
  'minikube (files, extensions with a date)': `apiVersion: v1
clusters:
- cluster:
    certificate-authority: /home/user/.minikube/ca.crt
${minikubeExtension('cluster_info')}    server: https://192.168.49.2:8443
  name: minikube
contexts:
- context:
    cluster: minikube
${minikubeExtension('context_info')}    namespace: default
    user: minikube
  name: minikube
current-context: minikube
kind: Config
preferences: {}
users:
- name: minikube
  user:
    client-certificate: /home/user/.minikube/profiles/minikube/client.crt
    client-key: /home/user/.minikube/profiles/minikube/client.key
`,
  'hand-edited: comments, indented sequences, quotes, blank lines, booleans': `# written by hand
apiVersion: "v1"
kind: 'Config'

clusters:
  # the lab
  - name: lab
    cluster:
      server: 'https://lab.example:6443/k8s/clusters/c-m-abc'
      insecure-skip-tls-verify: true
      tls-server-name: lab.internal
      proxy-url: http://proxy.example:3128
  - name: it's
    cluster:
      server: 'https://it''s.example'   
users:
  - name: me
    user:
      username: admin
      password: "p@ss w0rd!"
      as: someone
      as-groups:
        - system:authenticated
        - viewers
      exec: ~
contexts:
# a comment at the start of a line
  - name: lab
    context:
      cluster: lab
      user: me
  - name: other
    context:
      cluster: lab
      user: me
      namespace: ""
current-context: lab
preferences: {}
extensions: []
`,
};
